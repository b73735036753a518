// The reply bodies the benchmark server sends, built once from the fixtures' spec-valid builders and checked
// against the generated validators, so every client parses the same realistic JSON.

import { createBuilders } from "@devrev-kit/fixtures";
import type { RevOrg } from "@devrev-kit/types";
import { validateResponseBody } from "@devrev-kit/types/validators";

export const TOKEN = "bench-token-0123456789abcdef";
/** Rev orgs per page of the paged list, the most `rev-orgs.list` allows. */
export const PAGE_SIZE = 100;

/** The reply to every `POST /rev-orgs.create`: about 1.5 KB, like a real org with a few tags. */
export function createReply(): { text: string; id: string } {
  const builders = createBuilders({ seed: 7 });
  const rev_org = builders.buildRevOrg({
    description:
      "North Systems, a customer since 2023: renewals in Q3, three workspaces, support in EMEA, " +
      "a named success manager, quarterly business reviews and a migration off the legacy ticketing tool.",
    tags: [builders.buildTag(), builders.buildTag(), builders.buildTag()],
  });
  const body = { rev_org };
  assertValid("POST /rev-orgs.create", 201, body);
  return { text: JSON.stringify(body), id: rev_org.id };
}

/** Org `index` of the paged list: one built org with its IDs renumbered, so every org is distinct. */
export function listedOrgId(index: number): string {
  return `don:identity:dvrv-us-1:devo/0:revo/B${index.toString(36).padStart(8, "0")}`;
}

/**
 * A page writer for `GET /rev-orgs.list?limit=100&cursor=<offset>` over `total` orgs. Pages are written from
 * a template instead of a store, so the server stays cheap and the client's heap is what the run measures.
 */
export function createPageWriter(total: number): (offset: number, limit: number) => string {
  const template: RevOrg = createBuilders({ seed: 11 }).buildRevOrg();
  const parts = JSON.stringify({ ...template, id: "@@ID@@", display_id: "@@DISPLAY@@" }).split(
    /"@@ID@@"|"@@DISPLAY@@"/,
  );
  const [head, middle, tail] = parts as [string, string, string];
  const orgJson = (index: number) => {
    const id = listedOrgId(index);
    return `${head}"${id}"${middle}"REV-${id.slice(-9)}"${tail}`;
  };
  const write = (offset: number, limit: number) => {
    const end = Math.min(total, offset + limit);
    const orgs: string[] = [];
    for (let index = offset; index < end; index++) orgs.push(orgJson(index));
    const next = end < total ? `,"next_cursor":"${end}"` : "";
    return `{"rev_orgs":[${orgs.join(",")}]${next}}`;
  };
  assertValid("GET /rev-orgs.list", 200, JSON.parse(write(0, PAGE_SIZE)));
  return write;
}

function assertValid(
  operation: "POST /rev-orgs.create" | "GET /rev-orgs.list",
  status: number,
  body: unknown,
) {
  const result = validateResponseBody(operation, status, body);
  if (!result.valid) {
    const issue = result.issues[0];
    throw new Error(`bench: the ${operation} reply is not spec-valid: ${issue?.path} ${issue?.message}`);
  }
}
