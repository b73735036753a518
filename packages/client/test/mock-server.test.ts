// The client against @devrev-kit/fixtures' mock DevRev server: an independent implementation of the spec
// that validates every request it gets and every response it sends.
import {
  isAbortError,
  isConnectionError,
  isErrorOfType,
  isNotFoundError,
  isResponseError,
  isTooManyRequestsError,
} from "@devrev-kit/errors";
import { type MockServer, startMockServer } from "@devrev-kit/fixtures";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { responseValidator } from "../src/validation.ts";
import { rejection, testClient } from "./support/client.ts";

const TOKEN = "mock-token-0123456789";
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ token: TOKEN, seed: 7 });
});
afterAll(() => mock.close());
beforeEach(() => mock.state.reset());

function client(options: Parameters<typeof testClient>[1] = {}) {
  return testClient(mock.url, { token: TOKEN, validateResponses: responseValidator, ...options });
}

function firstAccount(): string {
  const account = mock.state.accounts()[0];
  if (!account) throw new Error("the mock has no seeded account");
  return account.id;
}

describe("every operation, validated both ways", () => {
  test("create, update, list (GET and POST), users and accounts", async () => {
    const { client: devrev } = client();
    const account = firstAccount();
    const { rev_org } = await devrev.revOrgs.create({ account, display_name: "Acme" });
    const { rev_org: updated } = await devrev.revOrgs.update({ id: rev_org.id, description: "Anvils" });
    expect(updated.description).toBe("Anvils");

    const viaGet = await devrev.revOrgs.list({ account: [account], limit: 10 });
    const viaPost = await devrev.revOrgs.listPost({ account: [account], limit: 10 });
    expect(viaGet.rev_orgs.map((o) => o.id)).toEqual([rev_org.id]);
    expect(viaPost.rev_orgs.map((o) => o.id)).toEqual([rev_org.id]);

    const user = mock.state.revUsers()[0];
    if (!user) throw new Error("the mock has no seeded rev user");
    const { rev_user } = await devrev.revUsers.update({ id: user.id, display_name: "Road Runner" });
    expect(rev_user.display_name).toBe("Road Runner");
    await devrev.revUsers.link({ id: user.id, rev_org: rev_org.id });
    await expect(
      devrev.revUsers.associations.add({
        rev_user_id: user.id,
        associations: [{ associated_to: rev_org.id }],
      }),
    ).resolves.toEqual({});
    const { account: acc } = await devrev.accounts.update({ id: account, display_name: "Acme Holdings" });
    expect(acc.display_name).toBe("Acme Holdings");
    expect(mock.state.requests.map((r) => r.status).filter((s) => s === undefined || s >= 400)).toEqual([]);
  });

  test("the GET query's comma-joined arrays and dotted dates filter as the spec means", async () => {
    const { client: devrev } = client();
    const [a, b] = mock.state.accounts();
    if (!a || !b) throw new Error("the mock has fewer than two accounts");
    for (const [account, name] of [
      [a.id, "A1"],
      [b.id, "B1"],
      [a.id, "A2"],
    ] as const) {
      await devrev.revOrgs.create({ account, display_name: name });
    }
    const both = await devrev.revOrgs.list({ account: [a.id, b.id] });
    expect(both.rev_orgs.map((o) => o.display_name).sort()).toEqual(["A1", "A2", "B1"]);
    const future = await devrev.revOrgs.list({ "created_date.after": "2999-01-01T00:00:00Z" });
    expect(future.rev_orgs).toEqual([]);
    const names = await devrev.revOrgs.list({ display_name: ["A1", "B1"], sort_by: ["display_name:desc"] });
    expect(names.rev_orgs.map((o) => o.display_name)).toEqual(["B1", "A1"]);
  });
});

describe("pagination over the mock's cursors", () => {
  test("listAll and listAllPost see every org exactly once, page by page", async () => {
    const account = firstAccount();
    for (let i = 0; i < 23; i++) mock.state.addRevOrg({ display_name: `Org ${i}`, account: { id: account } });
    const { client: devrev } = client();
    const viaGet: string[] = [];
    for await (const org of devrev.revOrgs.listAll({ limit: 4 })) viaGet.push(org.id);
    const viaPost: string[] = [];
    for await (const org of devrev.revOrgs.listAllPost({ limit: 5 })) viaPost.push(org.id);
    expect(viaGet).toHaveLength(23);
    expect(new Set(viaGet).size).toBe(23);
    expect(viaPost).toEqual(viaGet);
    expect(mock.state.requestCountFor("GET /rev-orgs.list")).toBe(6);
    expect(mock.state.requestCountFor("POST /rev-orgs.list")).toBe(5);
  });

  test('mode "before" walks backwards: from the end, or from a cursor, each org once, nearest first', async () => {
    const account = firstAccount();
    for (let i = 0; i < 23; i++) mock.state.addRevOrg({ display_name: `Org ${i}`, account: { id: account } });
    const { client: devrev } = client();
    const forwards: string[] = [];
    for await (const org of devrev.revOrgs.listAll({ limit: 4 })) forwards.push(org.id);
    const backwards: string[] = [];
    for await (const org of devrev.revOrgs.listAll({ limit: 4, mode: "before" })) backwards.push(org.id);
    expect(backwards).toEqual(forwards.toReversed());
    const viaPost: string[] = [];
    for await (const org of devrev.revOrgs.listAllPost({ limit: 5, mode: "before" })) viaPost.push(org.id);
    expect(viaPost).toEqual(backwards);

    // From the second page's prev_cursor: the orgs before that page, nearest first, then the walk stops.
    const first = await devrev.revOrgs.list({ limit: 10 });
    const { prev_cursor } = await devrev.revOrgs.list({ limit: 10, cursor: first.next_cursor });
    const before: string[] = [];
    for await (const org of devrev.revOrgs.listAll({ limit: 3, mode: "before", cursor: prev_cursor })) {
      before.push(org.id);
    }
    expect(before).toEqual(forwards.slice(0, 10).toReversed());
    const pages: number[] = [];
    for await (const page of devrev.revOrgs.pages({ limit: 4, mode: "before" }))
      pages.push(page.rev_orgs.length);
    expect(pages).toEqual([4, 4, 4, 4, 4, 3]);
  });
});

describe("faults", () => {
  test("429 with retry_after is waited out for the time the server asked, then succeeds", async () => {
    mock.inject({ operation: "rev-orgs.create", status: 429, retryAfter: 2, times: 2 });
    const { client: devrev, sleeps } = client();
    await devrev.revOrgs.create({ account: firstAccount(), display_name: "Acme" });
    expect(sleeps).toEqual([2000, 2000]);
    expect(mock.state.requestCountFor("rev-orgs.create")).toBe(3);
    expect(mock.state.revOrgs()).toHaveLength(1);
  });

  test("429s beyond maxRetries surface as TooManyRequestsError with retryAfterMs", async () => {
    mock.inject({
      operation: "rev-orgs.update",
      status: 429,
      retryAfter: 1,
      times: Number.POSITIVE_INFINITY,
    });
    const { client: devrev } = client({ maxRetries: 1 });
    const error = await rejection(devrev.revOrgs.update({ id: "REV-x" }));
    expect(isTooManyRequestsError(error) && error.retryAfterMs).toBe(1000);
    expect(mock.state.requestCountFor("rev-orgs.update")).toBe(2);
  });

  test("a 500 on create is not retried: the org may exist", async () => {
    mock.inject({ operation: "rev-orgs.create", status: 500 });
    const { client: devrev } = client();
    await rejection(devrev.revOrgs.create({ account: firstAccount(), display_name: "Acme" }));
    expect(mock.state.requestCountFor("rev-orgs.create")).toBe(1);
  });

  test("a connection dropped before any response byte is retried for update, not for create", async () => {
    mock.inject({ reset: true, times: 1 });
    const { client: devrev } = client();
    const org = mock.state.addRevOrg({ display_name: "Before" });
    await devrev.revOrgs.update({ id: org.id, display_name: "After" });
    expect(mock.state.requestCountFor("rev-orgs.update")).toBe(2);

    mock.inject({ reset: true, times: 1 });
    const error = await rejection(devrev.revOrgs.create({ account: firstAccount(), display_name: "X" }));
    expect(isConnectionError(error)).toBe(true);
    expect(mock.state.requestCountFor("rev-orgs.create")).toBe(1);
  });

  test.each(["truncated", "non-json", "empty"] as const)(
    "a %s success body is a DevRevResponseError",
    async (malformedBody) => {
      mock.inject({ operation: "accounts.update", malformedBody });
      const { client: devrev } = client();
      const error = await rejection(devrev.accounts.update({ id: firstAccount(), display_name: "X" }));
      expect(isResponseError(error)).toBe(true);
    },
  );

  test("a response cut mid-body", async () => {
    mock.inject({ operation: "rev-users.update", reset: "mid-body" });
    const user = mock.state.revUsers()[0];
    if (!user) throw new Error("no seeded user");
    const { client: devrev } = client({ maxRetries: 0 });
    const error = await rejection(devrev.revUsers.update({ id: user.id, display_name: "Z" }));
    expect(isResponseError(error) && error.reason).toBe("invalid_json");
  });

  test("a slow response past the timeout, and an abort", async () => {
    mock.inject({ operation: "rev-orgs.list", delayMs: 2_000, times: 3 });
    const { client: devrev } = client({ timeoutMs: 100, maxRetries: 0 });
    expect((await rejection(devrev.revOrgs.list())) as Error).toHaveProperty("name", "DevRevTimeoutError");
    const error = await rejection(
      devrev.revOrgs.list({}, { signal: AbortSignal.timeout(50), timeoutMs: 5_000 }),
    );
    expect(isAbortError(error)).toBe(true);
  });

  test("the mock's validation errors arrive typed", async () => {
    const { client: devrev } = client();
    const notFound = await rejection(
      devrev.revOrgs.update({ id: "don:identity:dvrv-us-1:devo/0:revo/nope" }),
    );
    expect(isNotFoundError(notFound) || isErrorOfType(notFound, "invalid_id")).toBe(true);
    const missing = await rejection(devrev.revOrgs.create({ account: firstAccount(), display_name: "" }));
    expect(isErrorOfType(missing, "invalid_field") || isErrorOfType(missing, "missing_required_field")).toBe(
      true,
    );
  });

  test("a wrong token is a 401 whose error does not contain the token", async () => {
    const { client: devrev } = testClient(mock.url, { token: "wrong-token-0123456789" });
    const error = await rejection(devrev.revOrgs.list());
    expect((error as Error).name).toBe("UnauthenticatedError");
    expect(JSON.stringify(error)).not.toContain("wrong-token-0123456789");
  });
});
