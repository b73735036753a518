// The contract suite: the same tests for every target. Each test sends real requests through
// @devrev-kit/client; every request and response is recorded (the client's `fetch` option) and judged
// against the spec after the test, and the final test asserts that all of them were as the spec says and
// that all eight operations were exercised.

import { createDevRevClient, type DevRevClient, type RequestOptions } from "@devrev-kit/client";
import {
  type DevRevError,
  isBadRequestError,
  isConflictError,
  isDevRevError,
  isForbiddenError,
  isInternalServerError,
  isNotFoundError,
  isServiceUnavailableError,
  isTooManyRequestsError,
  isUnauthenticatedError,
} from "@devrev-kit/errors";
import type { RevOrg, RevOrgsListQuery } from "@devrev-kit/types";
import { declaredStatuses, type OperationKey, operationKeys } from "@devrev-kit/types/validators";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCheckCounter } from "./checks.ts";
import { decodeQuery } from "./query.ts";
import {
  bodyProblems,
  createRecorder,
  type Exchange,
  type Recorder,
  requestProblems,
  responseProblems,
} from "./recorder.ts";
import { specOperations } from "./spec.ts";
import type { ContractTarget, TargetSession } from "./targets.ts";

const listParameters = (
  specOperations().find((op) => op.key === "GET /rev-orgs.list")?.parameters ?? []
).filter((param) => param["in"] === "query");

type Call = (client: DevRevClient, options: RequestOptions) => Promise<unknown>;

/** What each error status must come back as. */
const ERROR_GUARDS: Record<number, (error: unknown) => boolean> = {
  400: isBadRequestError,
  401: isUnauthenticatedError,
  403: isForbiddenError,
  404: isNotFoundError,
  409: isConflictError,
  429: isTooManyRequestsError,
  500: isInternalServerError,
  503: isServiceUnavailableError,
};

/** `devrev-kit-contract-20261125T055321Z-x7k2`: findable by prefix, unique per run. */
export function runPrefix(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `devrev-kit-contract-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

/** An ID of the same kind and shape as `id` that names nothing. */
export function unknownLike(id: string, suffix: string): string {
  const slash = id.lastIndexOf("/");
  if (slash !== -1) return `${id.slice(0, slash + 1)}DevRevKitMissing${suffix}`;
  const dash = id.indexOf("-");
  return `${dash === -1 ? id : id.slice(0, dash)}-DevRevKitMissing${suffix}`;
}

interface Verdict {
  exchange: Exchange;
  problems: string[];
}

export function defineContractSuite(target: ContractTarget): void {
  describe(`contract against ${target.name}`, () => {
    const checks = createCheckCounter();
    const verdicts: Verdict[] = [];
    const created: RevOrg[] = [];
    const prefix = runPrefix();
    const suffix = prefix.slice(-4);
    const name = (n: number) => `${prefix}-${n}`;
    let session: TargetSession;
    let recorder: Recorder;
    let client: DevRevClient;
    let judged = 0;

    /** Options that make Prism answer with `status`; other targets produce the status for real. */
    const forcing = (status: number): RequestOptions =>
      target.answersPreferCode ? { headers: { Prefer: `code=${status}` } } : {};

    const clientWith = (token: string) =>
      createDevRevClient({
        baseUrl: session.baseUrl,
        token,
        fetch: recorder.fetch,
        maxRetries: target.maxRetries,
        timeoutMs: 30_000,
      });

    const firstOrg = (): RevOrg => {
      const org = created[0];
      if (!org) throw new Error("needs the Rev organization the create test makes; that test failed");
      return org;
    };

    const noteCreated = (org: RevOrg) => {
      created.push(org);
      if (target.name === "live")
        console.log(`[contract live] created Rev organization ${org.id} "${org.display_name}"`);
    };

    /** The last response to `operation` had `status`, and `body` (what the client returned) is valid for it. */
    const expectResponse = (operation: OperationKey, status: number, body: unknown) => {
      expect(recorder.last(operation).status, `${operation} status`).toBe(status);
      expect(bodyProblems(operation, status, body, checks), `${operation} ${status} body`).toEqual([]);
    };

    /** `call` fails with the DevRevError of `status`, whose body is valid for that status. */
    const expectError = async (operation: OperationKey, status: number, call: () => Promise<unknown>) => {
      const outcome = await call().then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if (!("error" in outcome)) {
        throw new Error(
          `${operation}: expected a ${status} error, got success ${JSON.stringify(outcome.value)}`,
        );
      }
      const error = outcome.error;
      if (!isDevRevError(error)) throw error;
      const failure = error as DevRevError;
      expect(failure.status, `${operation} status (${failure.message})`).toBe(status);
      expect(ERROR_GUARDS[status]?.(failure), `${operation}: the error class of a ${status}`).toBe(true);
      expect(failure.operation).toBe(operation);
      expect(
        bodyProblems(operation, status, failure.body, checks),
        `${operation} ${status} error body`,
      ).toEqual([]);
      checks.count("error status and class");
      return failure;
    };

    beforeAll(async () => {
      session = await target.start();
      recorder = createRecorder(session.baseUrl);
      client = clientWith(session.token);
    });

    beforeEach((context) => {
      recorder.setLabel(context.task.name);
    });

    // Every request a test sent, and every response it got, is judged right after the test.
    afterEach(() => {
      const fresh = recorder.exchanges.slice(judged);
      judged = recorder.exchanges.length;
      const problems: string[] = [];
      for (const exchange of fresh) {
        const verdict: Verdict = { exchange, problems: [] };
        const request = requestProblems(exchange, checks);
        if (exchange.expectInvalid) {
          if (request.length === 0) verdict.problems.push("sent as invalid, but the spec accepts it");
          if (exchange.status !== 400)
            verdict.problems.push(`an invalid request got ${exchange.status}, not 400`);
        } else {
          verdict.problems.push(...request);
          if (exchange.violations !== undefined)
            verdict.problems.push(`Prism reports: ${exchange.violations}`);
        }
        verdict.problems.push(...responseProblems(exchange, checks));
        checks.count("recorded exchange judged");
        verdicts.push(verdict);
        for (const problem of verdict.problems) {
          problems.push(
            `${exchange.method} ${exchange.path}${exchange.search ? `?${exchange.search}` : ""}: ${problem}`,
          );
        }
      }
      expect(problems, `requests or responses outside the spec\n${session?.diagnostics() ?? ""}`).toEqual([]);
    });

    afterAll(async () => {
      const lines = [
        `[contract ${target.name}] ${recorder?.exchanges.length ?? 0} requests, ${checks.total} checks:`,
        checks.summary(),
      ];
      if (target.name === "live" && created.length > 0) {
        lines.push(
          `[contract live] created ${created.length} Rev organizations (DevRev has no delete for them in this API subset; find them by the prefix ${prefix}):`,
          ...created.map((org) => `  ${org.id}  ${org.display_name}`),
        );
      }
      console.log(lines.join("\n"));
      await session?.close();
    });

    // --- Success paths ----------------------------------------------------------------------------

    it("POST /rev-orgs.create → 201", async () => {
      const body = await client.revOrgs.create({
        account: session.accountId,
        display_name: name(1),
        external_ref: name(1),
        description: "Created by the devrev-kit contract tests.",
        environment: "test",
      });
      expectResponse("POST /rev-orgs.create", 201, body);
      noteCreated(body.rev_org);
      if (target.stateful) {
        expect(body.rev_org.display_name).toBe(name(1));
        expect(body.rev_org.external_ref).toBe(name(1));
      }
    });

    it("POST /rev-orgs.update → 200", async () => {
      const org = firstOrg();
      const description = `Updated by the devrev-kit contract tests (${prefix}).`;
      const body = await client.revOrgs.update({ id: org.id, description });
      expectResponse("POST /rev-orgs.update", 200, body);
      if (target.stateful) {
        expect(body.rev_org.id).toBe(org.id);
        expect(body.rev_org.description).toBe(description);
      }
    });

    it("GET /rev-orgs.list → 200, with filters in the query", async () => {
      const body = await client.revOrgs.list({
        account: [session.accountId],
        external_ref: [name(1)],
        display_name: [name(1)],
        "created_date.after": new Date(Date.now() - 86_400_000).toISOString(),
        sort_by: ["created_date:asc"],
        mode: "after",
        limit: 10,
      });
      expectResponse("GET /rev-orgs.list", 200, body);
      if (target.stateful) expect(body.rev_orgs.map((org) => org.external_ref)).toEqual([name(1)]);
    });

    it("GET /rev-orgs.list → 200, with every query parameter the spec declares but the cursor", async () => {
      const org = firstOrg();
      const day = 86_400_000;
      const query: RevOrgsListQuery = {
        account: [session.accountId],
        created_by: [org.created_by?.id ?? "DEVU-1"],
        "created_date.after": new Date(Date.now() - day).toISOString(),
        "created_date.before": new Date(Date.now() + day).toISOString(),
        "modified_date.after": new Date(Date.now() - day).toISOString(),
        "modified_date.before": new Date(Date.now() + day).toISOString(),
        // An item with a comma must stay one item (mock and Prism only: not sent to the live API). It is a
        // name, since an ID has no comma, and the mock, like DevRev, refuses an ID filter that is no ID.
        display_name: target.leaveExistingObjectsAlone
          ? [name(1), "Acme Robotics (EMEA)"]
          : [name(1), "Acme Robotics (EMEA)", "Acme, Inc."],
        external_ref: [name(1)],
        limit: 5,
        mode: "after",
        sort_by: ["display_name:asc", "created_date:desc"],
      };
      // Tags and custom fields depend on the organization's own schema: not sent to the live API.
      if (!target.leaveExistingObjectsAlone) {
        query.tags = ["TAG-12345"];
        query.custom_field_filter = ["tnt__tier:gold,silver", "tnt__region:emea"];
        query.custom_fields = { tnt__tier: "gold" };
      }
      const body = await client.revOrgs.list(query);
      expectResponse("GET /rev-orgs.list", 200, body);
      const sent = decodeQuery(recorder.last("GET /rev-orgs.list").search, listParameters);
      expect(sent.problems).toEqual([]);
      expect(sent.query["account"]).toEqual(query.account);
      expect(sent.query["display_name"]).toEqual(query.display_name);
      expect(sent.query["custom_field_filter"]).toEqual(query.custom_field_filter);
      const unsent = listParameters
        .map((param) => String(param["name"]))
        .filter((param) => param !== "cursor" && !(param in sent.query));
      expect(unsent).toEqual(
        target.leaveExistingObjectsAlone ? ["custom_field_filter", "custom_fields", "tags"] : [],
      );
    });

    it("POST /rev-orgs.list → 200, with filters in the body", async () => {
      const body = await client.revOrgs.listPost({
        account: [session.accountId],
        external_ref: [name(1)],
        created_date: { after: new Date(Date.now() - 86_400_000).toISOString() },
        sort_by: ["created_date:asc"],
        limit: 10,
      });
      expectResponse("POST /rev-orgs.list", 200, body);
      if (target.stateful) expect(body.rev_orgs.map((org) => org.external_ref)).toEqual([name(1)]);
    });

    it("POST /rev-users.update → 200", async () => {
      // On live, only the ID: the Rev user is not the suite's own, so nothing about it changes.
      const body = await client.revUsers.update(
        target.leaveExistingObjectsAlone
          ? { id: session.revUserId }
          : { id: session.revUserId, display_name: name(1), phone_numbers: ["+14155550123"] },
      );
      expectResponse("POST /rev-users.update", 200, body);
      if (target.stateful) expect([body.rev_user.id, body.rev_user.display_id]).toContain(session.revUserId);
    });

    it("POST /rev-users.link → 200", async () => {
      const org = firstOrg();
      const body = await client.revUsers.link({ id: session.revUserId, rev_org: org.id });
      expectResponse("POST /rev-users.link", 200, body);
      if (target.stateful) expect(body.rev_user.rev_org?.id).toBe(org.id);
    });

    it("POST /rev-users.associations.add → 201", async () => {
      const body = await client.revUsers.associations.add({
        rev_user_id: session.revUserId,
        associations: [{ associated_to: firstOrg().id }],
      });
      expectResponse("POST /rev-users.associations.add", 201, body);
    });

    it("POST /accounts.update → 200", async () => {
      const body = await client.accounts.update(
        target.leaveExistingObjectsAlone
          ? { id: session.accountId }
          : { id: session.accountId, description: `Updated by ${prefix}.`, tier: null },
      );
      expectResponse("POST /accounts.update", 200, body);
      if (target.stateful) expect([body.account.id, body.account.display_id]).toContain(session.accountId);
    });

    // --- Error paths ------------------------------------------------------------------------------

    // Valid requests for every operation, to send with a bad token.
    const validCalls = (): Record<OperationKey, Call> => ({
      "POST /rev-orgs.create": (c, o) =>
        c.revOrgs.create(
          { account: session.accountId, display_name: `${prefix}-never`, environment: "test" },
          o,
        ),
      "POST /rev-orgs.update": (c, o) => c.revOrgs.update({ id: firstOrg().id, description: "never" }, o),
      "GET /rev-orgs.list": (c, o) => c.revOrgs.list({ limit: 1 }, o),
      "POST /rev-orgs.list": (c, o) => c.revOrgs.listPost({ limit: 1 }, o),
      "POST /rev-users.update": (c, o) => c.revUsers.update({ id: session.revUserId }, o),
      "POST /rev-users.link": (c, o) => c.revUsers.link({ id: session.revUserId, rev_org: firstOrg().id }, o),
      "POST /rev-users.associations.add": (c, o) =>
        c.revUsers.associations.add({ rev_user_id: session.revUserId, associations: [] }, o),
      "POST /accounts.update": (c, o) => c.accounts.update({ id: session.accountId }, o),
    });

    it.each(operationKeys)("%s → 401 with a bad token", async (operation) => {
      const badClient = clientWith("devrev-kit-contract-not-a-valid-token");
      const call = validCalls()[operation];
      const error = await expectError(operation, 401, () => call(badClient, forcing(401)));
      expect(JSON.stringify(error)).not.toContain("devrev-kit-contract-not-a-valid-token");
    });

    // Requests the spec rejects, one per operation (the types are bypassed on purpose).
    const invalidCalls = (): Record<OperationKey, Call> => ({
      "POST /rev-orgs.create": (c, o) =>
        c.revOrgs.create({ account: session.accountId, display_name: 42 } as never, o),
      "POST /rev-orgs.update": (c, o) => c.revOrgs.update({ description: "no id" } as never, o),
      "GET /rev-orgs.list": (c, o) => c.revOrgs.list({ limit: "many" } as never, o),
      "POST /rev-orgs.list": (c, o) => c.revOrgs.listPost({ limit: "many" } as never, o),
      // No `id`, so that even a server that took the rest could change no real user or account.
      "POST /rev-users.update": (c, o) => c.revUsers.update({ phone_numbers: "+14155550123" } as never, o),
      "POST /rev-users.link": (c, o) => c.revUsers.link({ id: 42, rev_org: firstOrg().id } as never, o),
      "POST /rev-users.associations.add": (c, o) =>
        c.revUsers.associations.add({ rev_user_id: session.revUserId } as never, o),
      "POST /accounts.update": (c, o) => c.accounts.update({ tier: 5 } as never, o),
    });

    it.each(operationKeys)("%s → 400 for a body or query the spec rejects", async (operation) => {
      const call = invalidCalls()[operation];
      // No Prefer header: Prism must find the problem itself.
      await recorder.expectInvalid(() => expectError(operation, 400, () => call(client, {})));
    });

    // Requests naming an object that does not exist, for the operations that declare a 404.
    const unknownIdCalls = (): Partial<Record<OperationKey, Call>> => ({
      "POST /rev-orgs.update": (c, o) =>
        c.revOrgs.update({ id: unknownLike(firstOrg().id, suffix), description: "never" }, o),
      "POST /rev-users.update": (c, o) =>
        c.revUsers.update({ id: unknownLike(session.revUserId, suffix) }, o),
      "POST /rev-users.link": (c, o) =>
        c.revUsers.link({ id: unknownLike(session.revUserId, suffix), rev_org: firstOrg().id }, o),
      "POST /rev-users.associations.add": (c, o) =>
        c.revUsers.associations.add(
          {
            rev_user_id: unknownLike(session.revUserId, suffix),
            associations: [{ associated_to: firstOrg().id }],
          },
          o,
        ),
      "POST /accounts.update": (c, o) => c.accounts.update({ id: unknownLike(session.accountId, suffix) }, o),
    });
    const withUnknownId = Object.keys(unknownIdCalls()) as OperationKey[];

    it("every operation that names one object by ID declares a 404", () => {
      for (const operation of withUnknownId) expect(declaredStatuses(operation)).toContain(404);
    });

    it.each(withUnknownId)("%s → 404 for an unknown ID", async (operation) => {
      const call = unknownIdCalls()[operation];
      if (!call) throw new Error(`no call for ${operation}`);
      await expectError(operation, 404, () => call(client, forcing(404)));
    });

    // --- Pagination (targets that keep state) -----------------------------------------------------

    if (target.stateful) {
      it("pages through three Rev organizations one page at a time, on GET and on POST", async () => {
        firstOrg();
        for (const n of [2, 3]) {
          const body = await client.revOrgs.create({
            account: session.accountId,
            display_name: name(n),
            external_ref: name(n),
            environment: "test",
          });
          expectResponse("POST /rev-orgs.create", 201, body);
          noteCreated(body.rev_org);
        }
        const refs = [name(1), name(2), name(3)];
        const expected = created
          .slice(0, 3)
          .map((org) => org.id)
          .sort();
        if (target.name === "live") await waitUntilListed(client, refs, 3);

        const sent = (from: number, operation: OperationKey) =>
          recorder.exchanges.slice(from).filter((exchange) => exchange.operation === operation).length;
        let from = recorder.exchanges.length;
        const getPages = [];
        for await (const page of client.revOrgs.pages({ external_ref: refs, limit: 1 })) {
          getPages.push(page);
          if (getPages.length > 10) break;
        }
        expect(sent(from, "GET /rev-orgs.list"), "one request per page").toBe(getPages.length);
        from = recorder.exchanges.length;
        const postPages = [];
        for await (const page of client.revOrgs.pagesPost({ external_ref: refs, limit: 1 })) {
          postPages.push(page);
          if (postPages.length > 10) break;
        }
        expect(sent(from, "POST /rev-orgs.list"), "one request per page").toBe(postPages.length);
        for (const pages of [getPages, postPages]) {
          expect(pages.length).toBeGreaterThanOrEqual(3);
          expect(pages.length).toBeLessThanOrEqual(4); // three of one, and at most an empty last one
          expect(pages.flatMap((page) => page.rev_orgs.map((org) => org.id)).sort()).toEqual(expected);
          for (const page of pages.slice(0, -1)) expect(page.next_cursor).toEqual(expect.any(String));
        }
      }, 90_000);
    }

    // --- Prism: every declared status, and schema-generated responses -----------------------------

    if (target.answersPreferCode) {
      const pairs = operationKeys.flatMap((operation) =>
        declaredStatuses(operation)
          .filter((status) => status >= 400)
          .map((status) => [operation, status] as const),
      );
      it.each(pairs)(
        "%s → %i on request: the client raises the matching error",
        async (operation, status) => {
          await expectError(operation, status, () => validCalls()[operation](client, forcing(status)));
        },
      );

      it.each(operationKeys)("%s → success with a response generated from the schema", async (operation) => {
        const [success] = declaredStatuses(operation).filter((status) => status < 300);
        const body = await validCalls()[operation](client, { headers: { Prefer: "dynamic=true" } });
        expectResponse(operation, success ?? 200, body);
      });

      it("GET /rev-orgs.list accepts the cursor of a page", async () => {
        const first = await client.revOrgs.list({ limit: 1 });
        expect(first.next_cursor).toEqual(expect.any(String));
        const second = await client.revOrgs.list({ limit: 1, cursor: first.next_cursor });
        expectResponse("GET /rev-orgs.list", 200, second);
        expect(recorder.last("GET /rev-orgs.list").search).toContain("cursor=");
      });
    }

    // --- The second direction ---------------------------------------------------------------------

    it("every request sent matched the spec, every response matched its status, and all eight operations ran", () => {
      expect(verdicts.length).toBe(recorder.exchanges.length);
      expect(verdicts.length).toBeGreaterThan(0);
      expect(verdicts.filter((v) => v.problems.length > 0).map((v) => v.exchange.label)).toEqual([]);
      const exercised = new Set(
        verdicts.filter((v) => v.exchange.status !== undefined).map((v) => v.exchange.operation),
      );
      expect([...operationKeys].filter((key) => !exercised.has(key))).toEqual([]);
      const succeeded = new Set(
        verdicts.filter((v) => (v.exchange.status ?? 0) < 300).map((v) => v.exchange.operation),
      );
      expect(
        [...operationKeys].filter((key) => !succeeded.has(key)),
        "operations without a success",
      ).toEqual([]);
      expect(verdicts.some((v) => v.exchange.expectInvalid)).toBe(true);
    });
  });
}

/** Live listings may lag a create by a moment: wait (bounded) until all of `refs` are listed. */
async function waitUntilListed(client: DevRevClient, refs: string[], count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await client.revOrgs.listPost({ external_ref: refs, limit: 10 });
    if (page.rev_orgs.length >= count || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
