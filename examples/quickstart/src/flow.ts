// The flow itself: what a DevRev integration typically does, one call per step, each result checked.
// It runs unchanged against the mock server and against DevRev; only the 429 step needs the mock.

import { performance } from "node:perf_hooks";
import type { DevRevClient } from "@devrev-kit/client";
import { type DevRevError, isBadRequestError, isErrorOfType, isNotFoundError } from "@devrev-kit/errors";
import type { MockServer } from "@devrev-kit/fixtures";
import { check, StepFailed, sameId, shortId, type Transcript } from "./transcript.ts";

export interface FlowInput {
  devrev: DevRevClient;
  /** An existing account: the new rev org goes under it, and its websites and tier are changed. */
  accountId: string;
  /** An existing rev user: updated, linked to the new rev org and associated with the account. */
  revUserId: string;
  /** An existing tag to put on the new rev org. */
  tagId: string;
  /** The in-process mock server, when the flow runs against it (needed to inject the 429). */
  mock?: MockServer | undefined;
}

export async function runFlow(input: FlowInput, out: Transcript): Promise<void> {
  const { devrev, accountId, revUserId, tagId, mock } = input;
  // Unique per run, so running the quickstart twice never collides on external_ref (a 409).
  const runId = Date.now().toString(36);

  out.step(`Create a rev org under account ${accountId}`);
  const { rev_org: created } = await devrev.revOrgs.create({
    account: accountId,
    display_name: `Quickstart Robotics ${runId}`,
    external_ref: `devrev-kit-quickstart-${runId}`,
    description: "Created by the devrev-kit quickstart.",
  });
  check(sameId(created.account, accountId), `the new rev org is not under ${accountId}`);
  out.result(`created ${shortId(created)} "${created.display_name}" (account ${shortId(created.account)})`);

  out.step(`Update ${shortId(created)}: tag ${tagId}, tier "enterprise"`);
  const { rev_org: updated } = await devrev.revOrgs.update({
    id: created.id,
    tags: [{ id: tagId }],
    tier: "enterprise",
  });
  const tags = updated.tags ?? [];
  check(
    tags.some(({ tag }) => sameId(tag, tagId)),
    `the updated rev org does not carry tag ${tagId}`,
  );
  out.result(`tags: ${tags.map(({ tag }) => tag.name).join(", ")}`);
  // DevRev accepts `tier` on rev-orgs.update but its rev-org object has no tier field to echo it.
  out.result(`tier "enterprise" accepted (DevRev's rev-org object does not return the tier)`);

  out.step(`List the rev orgs of account ${accountId}, 2 per page, following every page with for await`);
  const listed: string[] = [];
  let pages = 0;
  for await (const page of devrev.revOrgs.pages({ account: [accountId], limit: 2 })) {
    pages++;
    for (const org of page.rev_orgs) {
      check(
        sameId(org.account, accountId),
        `${shortId(org)} is not under ${accountId}: the filter was ignored`,
      );
      listed.push(shortId(org));
    }
    out.result(`page ${pages}: ${page.rev_orgs.map((org) => shortId(org)).join(", ") || "(empty)"}`);
  }
  check(listed.includes(shortId(created)), `${shortId(created)} is missing from the list`);
  check(new Set(listed).size === listed.length, "a rev org was listed twice");
  out.result(
    `${listed.length} rev orgs on ${pages} page${pages === 1 ? "" : "s"}, ${shortId(created)} among them`,
  );

  out.step(`Update rev user ${revUserId}: description`);
  const description = `Onboarded by the devrev-kit quickstart (${runId}).`;
  const { rev_user: user } = await devrev.revUsers.update({ id: revUserId, description });
  check(user.description === description, "the description did not change");
  out.result(`${shortId(user)} "${user.display_name}": "${user.description}"`);

  out.step(`Link ${shortId(user)} to ${shortId(created)}`);
  const { rev_user: linked } = await devrev.revUsers.link({ id: user.id, rev_org: created.id });
  check(sameId(linked.rev_org, created.id), `the rev user's rev_org is not ${shortId(created)}`);
  out.result(`${shortId(linked)} now belongs to ${shortId(linked.rev_org)}`);

  out.step(`Associate ${shortId(user)} with account ${accountId}`);
  const added = await devrev.revUsers.associations.add({
    rev_user_id: user.id,
    associations: [{ associated_to: accountId }],
  });
  check(Object.keys(added).length === 0, "rev-users.associations.add answered with something other than {}");
  if (mock) {
    const associations = mock.state.associationsOf(user.id);
    check(
      associations.some((id) => sameId(mock.state.getAccount(id), accountId)),
      "the mock did not record the association",
    );
    out.result(`done; the mock now lists ${associations.length} associations for ${shortId(user)}`);
  } else {
    out.result("done (DevRev answers with an empty object)");
  }

  out.step(`Update account ${accountId}: set its websites, clear its tier (tier: null)`);
  const site = `quickstart-${runId}.example`;
  const websites = [`https://${site}`];
  const { account } = await devrev.accounts.update({
    id: accountId,
    websites: { set: websites },
    tier: null,
  });
  check(account.websites?.some((website) => website.includes(site)) === true, "the websites did not change");
  check(account.tier === undefined, `the tier is still "${account.tier}"`);
  out.result(`websites: ${account.websites?.join(", ")}; tier: (none)`);

  if (mock) {
    out.step("Get rate-limited: the mock answers the next rev-orgs.list with 429 and retry_after 1 s");
    mock.inject({ operation: "GET /rev-orgs.list", status: 429, retryAfter: 1 });
    const before = mock.state.requestCountFor("GET /rev-orgs.list");
    const started = performance.now();
    const page = await devrev.revOrgs.list({ account: [accountId], limit: 1 });
    const waitedMs = performance.now() - started;
    const attempts = mock.state.requestCountFor("GET /rev-orgs.list") - before;
    check(attempts === 2, `expected a 429 then a retry, saw ${attempts} requests`);
    check(waitedMs >= 1000, `the client retried after ${Math.round(waitedMs)} ms, before the 1 s asked for`);
    out.result(
      `measured: the call took ${(waitedMs / 1000).toFixed(2)} s (429, wait, retry) and returned ${page.rev_orgs.length} rev org`,
    );
  } else {
    out.step("Get rate-limited: skipped live (the quickstart injects the 429 only into its own mock server)");
  }

  out.step(`Provoke a 400: rename ${shortId(created)} to ""`);
  try {
    await devrev.revOrgs.update({ id: created.id, display_name: "" });
    throw new StepFailed("the empty name was accepted; expected a 400");
  } catch (error) {
    if (!isBadRequestError(error)) throw error;
    out.result(describeError(error));
    // isErrorOfType narrows the body to that type's fields: an invalid_field error names the field.
    if (isErrorOfType(error, "invalid_field")) out.result(`field to fix: ${error.body.field_name}`);
  }

  const missing = "REV-quickstart404";
  out.step(`Provoke a 404: update rev org ${missing}, which does not exist`);
  try {
    await devrev.revOrgs.update({ id: missing, description: "Never written." });
    throw new StepFailed(`${missing} was found; expected a 404`);
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
    out.result(describeError(error));
  }
}

/** The error's status, type and message, and every other field of its body. */
function describeError(error: DevRevError): string {
  const { type, message, ...fields } = error.body;
  check(type === error.type, "the error's type differs from its body's");
  const extra = Object.entries(fields).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return [
    `${error.name} ${error.status} ${type}: ${message ?? "(no message)"}`,
    ...(extra.length > 0 ? [`body fields: ${extra.join(", ")}`] : []),
    ...(error.requestId ? [`request id: ${error.requestId}`] : []),
  ].join("\n   ");
}
