import {
  isConnectionError,
  isDevRevError,
  isResponseError,
  isTimeoutError,
  isTooManyRequestsError,
} from "@devrev-kit/errors";
import { describe, expect, test } from "vitest";
import type { DevRevClient } from "../src/client.ts";
import { backoffDelay } from "../src/internal/backoff.ts";
import { rejection, testClient } from "./support/client.ts";
import { type Reply, refusedUrl, useTestServer } from "./support/test-server.ts";

const server = useTestServer();

const create = (c: DevRevClient) => c.revOrgs.create({ account: "ACC-1", display_name: "Acme" });
const update = (c: DevRevClient) => c.revOrgs.update({ id: "REV-1" });
const listGet = (c: DevRevClient) => c.revOrgs.list({ limit: 1 });

const errorBody = (status: number) => ({
  type:
    { 429: "too_many_requests", 500: "internal_error", 503: "service_unavailable" }[status] ?? "bad_request",
  message: `status ${status}`,
});

describe("which failures are retried (maxRetries 2: up to 3 attempts)", () => {
  const table: Array<{
    failure: string;
    reply: Reply;
    op: string;
    call: (c: DevRevClient) => Promise<unknown>;
    attempts: number;
  }> = [
    // The server did not process the request: retried for every operation.
    { failure: "429", reply: { status: 429, body: errorBody(429) }, op: "create", call: create, attempts: 3 },
    { failure: "503", reply: { status: 503, body: errorBody(503) }, op: "create", call: create, attempts: 3 },
    { failure: "429", reply: { status: 429, body: errorBody(429) }, op: "update", call: update, attempts: 3 },
    {
      failure: "503 from a proxy, HTML",
      reply: { status: 503, body: "<html>down</html>" },
      op: "update",
      call: update,
      attempts: 3,
    },
    // The server may have acted: only operations safe to repeat.
    { failure: "500", reply: { status: 500, body: errorBody(500) }, op: "create", call: create, attempts: 1 },
    {
      failure: "502 HTML",
      reply: { status: 502, body: "<html>bad gateway</html>" },
      op: "create",
      call: create,
      attempts: 1,
    },
    {
      failure: "504",
      reply: { status: 504, body: "gateway timeout" },
      op: "create",
      call: create,
      attempts: 1,
    },
    { failure: "500", reply: { status: 500, body: errorBody(500) }, op: "update", call: update, attempts: 3 },
    {
      failure: "502 HTML",
      reply: { status: 502, body: "<html>bad gateway</html>" },
      op: "update",
      call: update,
      attempts: 3,
    },
    {
      failure: "504",
      reply: { status: 504, body: "gateway timeout" },
      op: "list (GET)",
      call: listGet,
      attempts: 3,
    },
    { failure: "a reset connection", reply: { kind: "reset" }, op: "create", call: create, attempts: 1 },
    { failure: "a reset connection", reply: { kind: "reset" }, op: "update", call: update, attempts: 3 },
    // Retrying changes nothing.
    ...[400, 401, 403, 404, 409].map((status) => ({
      failure: String(status),
      reply: { status, body: { type: "bad_request", message: "no" } },
      op: "update",
      call: update,
      attempts: 1,
    })),
  ];

  test.each(table)("$failure on $op: $attempts attempt(s)", async ({ reply, call, attempts }) => {
    server.reply(reply);
    const { client } = testClient(server.url);
    const error = await rejection(call(client));
    expect(server.requests).toHaveLength(attempts);
    expect(isDevRevError(error) || isResponseError(error) || isConnectionError(error)).toBe(true);
  });

  test("a refused connection is retried even for create: the request never left", async () => {
    const url = await refusedUrl();
    let calls = 0;
    const { client } = testClient(url, {
      fetch: (r) => {
        calls++;
        return fetch(r);
      },
    });
    const error = await rejection(create(client));
    expect(isConnectionError(error) && error.requestSent === false).toBe(true);
    expect(calls).toBe(3);
  });

  test("an attempt that times out is retried for update, not for create", async () => {
    server.reply({ kind: "hang" });
    const { client: a } = testClient(server.url, { timeoutMs: 100 });
    expect(isTimeoutError(await rejection(update(a)))).toBe(true);
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    const { client: b } = testClient(server.url, { timeoutMs: 100 });
    expect(isTimeoutError(await rejection(create(b)))).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  test.each([
    {
      what: "cut mid-body",
      reply: { kind: "truncate", status: 200, body: JSON.stringify({ pad: "x".repeat(500) }) } as Reply,
    },
    {
      what: "stalled past the timeout",
      reply: { status: 200, body: { pad: "x".repeat(500) }, stallAfterBytes: 10, stallMs: 5_000 } as Reply,
    },
  ])("a success body $what is retried for update, not for create", async ({ reply }) => {
    server.reply(reply, { status: 200, body: { ok: true } });
    const { client } = testClient(server.url, { timeoutMs: 200 });
    await expect(update(client)).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);

    server.requests.length = 0;
    server.reply(reply, { status: 200, body: { ok: true } });
    await rejection(create(testClient(server.url, { timeoutMs: 200 }).client));
    expect(server.requests).toHaveLength(1);
  });

  test("success after failures resolves with the final body; every attempt sends the same body", async () => {
    server.reply(
      { status: 503, body: errorBody(503) },
      { kind: "reset" },
      { status: 200, body: { rev_org: { id: "REV-1" } } },
    );
    const { client } = testClient(server.url);
    await expect(client.revOrgs.update({ id: "REV-1", display_name: "Acme" })).resolves.toEqual({
      rev_org: { id: "REV-1" },
    });
    expect(server.requests.map((r) => r.body)).toEqual(Array(3).fill('{"id":"REV-1","display_name":"Acme"}'));
  });

  test.each([
    { where: "client", options: { maxRetries: 0 }, call: {}, attempts: 1 },
    { where: "client", options: { maxRetries: 4 }, call: {}, attempts: 5 },
    { where: "call", options: {}, call: { maxRetries: 1 }, attempts: 2 },
    { where: "call (over the client's)", options: { maxRetries: 4 }, call: { maxRetries: 0 }, attempts: 1 },
  ])("maxRetries set on the $where: $attempts attempt(s)", async ({ options, call, attempts }) => {
    server.reply({ status: 503, body: errorBody(503) });
    const { client } = testClient(server.url, options);
    await rejection(client.revOrgs.update({ id: "REV-1" }, call));
    expect(server.requests).toHaveLength(attempts);
  });
});

describe("how long it waits", () => {
  test("exponential backoff: 0.5 s doubling, capped at 8 s, jitter takes off at most a quarter", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(backoffDelay(1, 0.999)).toBeGreaterThanOrEqual(375);
    expect(backoffDelay(5, 0.999)).toBeGreaterThanOrEqual(6000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(3, Math.random());
      expect(delay).toBeGreaterThanOrEqual(1500);
      expect(delay).toBeLessThanOrEqual(2000);
    }
  });

  test("without a server delay the client backs off with jitter", async () => {
    server.reply({ status: 503, body: errorBody(503) });
    const { client, sleeps } = testClient(server.url, { maxRetries: 3 }, { random: () => 0.5 });
    await rejection(update(client));
    expect(sleeps).toEqual([438, 875, 1750]);
  });

  test.each([
    {
      source: "Retry-After seconds",
      reply: { status: 429, headers: { "retry-after": "3" }, body: errorBody(429) },
      wait: 3000,
    },
    {
      source: "retry_after in the body",
      reply: { status: 429, body: { ...errorBody(429), retry_after: 2 } },
      wait: 2000,
    },
    {
      source: "both (the longer wins)",
      reply: { status: 503, headers: { "retry-after": "1" }, body: { ...errorBody(503), retry_after: 4 } },
      wait: 4000,
    },
    {
      source: "Retry-After 0",
      reply: { status: 429, headers: { "retry-after": "0" }, body: errorBody(429) },
      wait: 0,
    },
  ])("the server's wait is used as given: $source", async ({ reply, wait }) => {
    server.reply(reply, { status: 200, body: { ok: true } });
    const { client, sleeps } = testClient(server.url);
    await expect(update(client)).resolves.toEqual({ ok: true });
    expect(sleeps).toEqual([wait]);
  });

  test("a server wait longer than maxRetryAfterMs is not sat out: the error is thrown with retryAfterMs", async () => {
    server.reply({ status: 429, headers: { "retry-after": "120" }, body: errorBody(429) });
    const { client, sleeps } = testClient(server.url, { maxRetryAfterMs: 60_000 });
    const started = performance.now();
    const error = await rejection(update(client));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(isTooManyRequestsError(error)).toBe(true);
    expect(isTooManyRequestsError(error) && error.retryAfterMs).toBe(120_000);
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  test("maxRetryAfterMs 0 never waits for a server-requested delay", async () => {
    server.reply({ status: 429, headers: { "retry-after": "1" }, body: errorBody(429) });
    const { client, sleeps } = testClient(server.url, { maxRetryAfterMs: 0 });
    await rejection(update(client));
    expect(sleeps).toEqual([]);
  });

  test("real waits: the second attempt arrives after the server's Retry-After", async () => {
    server.reply(
      { status: 429, headers: { "retry-after": "1" }, body: errorBody(429) },
      { status: 200, body: {} },
    );
    const { createClientWith, defaultHooks } = await import("../src/internal/create-client.ts");
    const client = createClientWith({ token: "t0123456789", baseUrl: server.url }, defaultHooks);
    await update(client);
    expect(server.request(1).at - server.request(0).at).toBeGreaterThanOrEqual(990);
  });
});
