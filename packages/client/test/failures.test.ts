import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import {
  isAbortError,
  isConnectionError,
  isDevRevKitError,
  isNotFoundError,
  isResponseError,
  isServiceUnavailableError,
  isTimeoutError,
} from "@devrev-kit/errors";
import { describe, expect, test } from "vitest";
import { DevRevConfigError } from "../src/config-error.ts";
import { rejection, TOKEN, testClient } from "./support/client.ts";
import { type Reply, refusedUrl, useTestServer } from "./support/test-server.ts";

const server = useTestServer();

/** Nothing but devrev-kit errors, never carrying the token in what they print. */
function expectKitError(error: unknown): void {
  expect(isDevRevKitError(error)).toBe(true);
  const printed = `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)}`;
  expect(printed).not.toContain(TOKEN);
}

describe("nothing but @devrev-kit/errors escapes", () => {
  const table: Array<{ what: string; reply: Reply; is: (e: unknown) => boolean; detail?: RegExp }> = [
    { what: "a reset connection", reply: { kind: "reset" }, is: isConnectionError },
    {
      what: "a 200 that is not JSON",
      reply: { status: 200, body: "<html>hi</html>" },
      is: isResponseError,
      detail: /not valid JSON/,
    },
    { what: "an empty 200", reply: { status: 200, body: "" }, is: isResponseError, detail: /empty/ },
    {
      what: "a 201 whose JSON is not an object",
      reply: { status: 201, body: "[1,2]" },
      is: isResponseError,
      detail: /not a JSON object/,
    },
    { what: "a 200 of JSON null", reply: { status: 200, body: "null" }, is: isResponseError },
    {
      what: "a truncated 200 body",
      reply: { kind: "truncate", status: 200, body: JSON.stringify({ rev_org: { id: "x".repeat(2000) } }) },
      is: isResponseError,
      detail: /ended before/,
    },
    {
      what: "a truncated 404 body",
      reply: {
        kind: "truncate",
        status: 404,
        body: JSON.stringify({ type: "not_found", message: "m".repeat(2000) }),
      },
      is: isResponseError,
    },
    {
      what: "an HTML 502 from a proxy",
      reply: { status: 502, body: "<html><body>Bad Gateway</body></html>" },
      is: isResponseError,
    },
    {
      what: "an HTML 503 from a proxy",
      reply: { status: 503, body: "<html>busy</html>" },
      is: isServiceUnavailableError,
    },
    {
      what: "a 404 with a DevRev body",
      reply: { status: 404, body: { type: "not_found", message: "nope" } },
      is: isNotFoundError,
    },
    { what: "a 404 whose body is not JSON", reply: { status: 404, body: "not found" }, is: isNotFoundError },
    { what: "a 204 with no body", reply: { status: 204 }, is: isResponseError },
  ];

  test.each(table)("$what", async ({ reply, is, detail }) => {
    server.reply(reply);
    const { client } = testClient(server.url, { maxRetries: 0 });
    const error = await rejection(client.revOrgs.create({ account: "ACC-1", display_name: "Acme" }));
    expectKitError(error);
    expect(is(error)).toBe(true);
    if (detail) expect((error as Error).message).toMatch(detail);
    expect((error as { operation?: string }).operation).toBe("POST /rev-orgs.create");
  });

  test("devrev.raw: an empty success body is an error, not data: undefined", async () => {
    const body = { rev_user_id: "REVU-1", associations: [] };
    const { client } = testClient(server.url, { maxRetries: 0 });
    for (const reply of [{ status: 200, body: "" }, { status: 204 }] as Reply[]) {
      server.reply(reply);
      const error = await rejection(client.raw.POST("/rev-users.associations.add", { body }));
      expectKitError(error);
      expect(isResponseError(error)).toBe(true);
      expect((error as Error).message).toMatch(/empty where JSON was expected/);
    }
    // Streamed, with no Content-Length: openapi-fetch reads it, and would find nothing.
    const streamed = async () =>
      new Response(new ReadableStream({ start: (controller) => controller.close() }), { status: 201 });
    const { client: custom } = testClient(server.url, { fetch: streamed, maxRetries: 0 });
    const error = await rejection(custom.raw.POST("/rev-users.associations.add", { body }));
    expect(isResponseError(error)).toBe(true);
    expect((error as Error).message).toMatch(/empty where JSON was expected/);
  });

  test("devrev.raw: an HTTP error's `error` is a truthy object with a `type`, as the types say, whatever the body", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    const html = "<html><body>503 Service Temporarily Unavailable</body></html>";
    const seen: string[] = [];
    client.raw.use({ onResponse: async ({ response }) => void seen.push(await response.clone().text()) });
    const errorFor = async (reply: Reply) => {
      server.reply(reply);
      const result = await client.raw.GET("/rev-orgs.list", {});
      expect(result.data).toBeUndefined();
      return result.error;
    };
    expect(await errorFor({ status: 503, body: "" })).toEqual({ type: "service_unavailable" });
    expect(await errorFor({ status: 503, body: html, headers: { "content-type": "text/html" } })).toEqual({
      type: "service_unavailable",
    });
    // Middleware still sees the body as sent.
    expect(seen.at(-1)).toBe(html);
    // DevRev's own 404 for an unknown route names no type: it gets the status's.
    expect(await errorFor({ status: 404, body: { message: "route not found" } })).toEqual({
      message: "route not found",
      type: "not_found",
    });
    const typed = { type: "not_found", message: "No Rev organization has the given ID." };
    expect(await errorFor({ status: 404, body: typed })).toEqual(typed);
    // JSON that is not an object is not a DevRev error body: the fallback, as on the error resource methods throw.
    expect(await errorFor({ status: 400, body: [{ type: "invalid_field" }] })).toEqual({
      type: "bad_request",
    });
    // A status the spec does not declare, with a JSON object: as sent.
    expect(await errorFor({ status: 418, body: { type: "teapot" } })).toEqual({ type: "teapot" });
  });

  test("devrev.raw: a status the spec does not declare, without JSON, rejects as the resource methods throw", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    const html = "<html><body>502 Bad Gateway</body></html>";
    for (const body of ["", html]) {
      server.reply({ status: 502, body });
      const thrown = await rejection(client.revOrgs.list());
      const rejected = await rejection(client.raw.GET("/rev-orgs.list", {}));
      for (const error of [thrown, rejected]) {
        expect(isResponseError(error) && [error.reason, error.status, error.rawBody]).toEqual([
          "unexpected_status",
          502,
          body,
        ]);
        expectKitError(error);
      }
    }
  });

  test("devrev.raw sends a per-request fetch through the client's retries, timeouts and checks", async () => {
    const { client, sleeps } = testClient(server.url, { timeoutMs: 150, maxRetries: 1 });
    const seen: Request[] = [];
    const own = (request: Request) => {
      seen.push(request);
      return fetch(request);
    };
    server.reply({ status: 503, body: {} }, { status: 200, body: { rev_orgs: [] } });
    const { data } = await client.raw.GET("/rev-orgs.list", { fetch: own });
    expect(data).toEqual({ rev_orgs: [] });
    // Both attempts went through it, each with a signal of its own; the wait between them was the client's.
    expect([seen.length, server.requests.length, sleeps.length]).toEqual([2, 2, 1]);
    expect(seen[0]?.signal).not.toBe(seen[1]?.signal);
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    // A fetch that never answers and ignores the signal still ends at the client's timeout, as a typed error.
    const given: AbortSignal[] = [];
    const never = (request: Request) => {
      given.push(request.signal);
      return new Promise<Response>(() => {});
    };
    const started = performance.now();
    const late = await rejection(client.raw.GET("/rev-orgs.list", { fetch: never }));
    expect(isTimeoutError(late)).toBe(true);
    expect(given.map((signal) => signal.aborted)).toEqual([true, true]);
    expect(performance.now() - started).toBeLessThan(3_000);
    // An HTTP error comes back as `error`, typed, as with the client's own fetch.
    server.reply({ status: 404, body: { type: "not_found", message: "no such org" } });
    const failed = await client.raw.GET("/rev-orgs.list", { fetch: own });
    expect(failed.error).toMatchObject({ type: "not_found" });
    const wrong = await rejection(client.raw.request("get", "/rev-orgs.list", { fetch: "fetch" as never }));
    expect(wrong).toBeInstanceOf(DevRevConfigError);
    expect((wrong as Error).message).toBe("fetch must be a function");
  });

  // devrev.raw's successful bodies are read by openapi-fetch, after the transport: still only our errors.
  test.each([
    {
      what: "a 200 that is not JSON",
      reply: { status: 200, body: "<html>hi</html>" } as Reply,
      is: isResponseError,
      detail: /not valid JSON/,
    },
    {
      what: "a 200 cut off mid-body",
      reply: {
        kind: "truncate",
        status: 200,
        body: JSON.stringify({ rev_orgs: ["x".repeat(4000)] }),
      } as Reply,
      is: isResponseError,
      detail: /ended before/,
    },
    {
      what: "a caller's abort while the body arrives",
      reply: { status: 200, body: { pad: "x".repeat(100) }, stallAfterBytes: 5, stallMs: 3_000 } as Reply,
      is: isAbortError,
      abortAfterMs: 150,
    },
  ])("devrev.raw: $what", async ({ reply, is, detail, abortAfterMs }) => {
    server.reply(reply);
    const { client } = testClient(server.url, { maxRetries: 0 });
    const signal = abortAfterMs === undefined ? undefined : AbortSignal.timeout(abortAfterMs);
    const error = await rejection(client.raw.GET("/rev-orgs.list", signal ? { signal } : {}));
    expectKitError(error);
    expect(is(error)).toBe(true);
    if (detail) expect((error as Error).message).toMatch(detail);
    expect((error as { operation?: string }).operation).toBe("GET /rev-orgs.list");
  });

  test("a refused connection", async () => {
    const { client } = testClient(await refusedUrl(), { maxRetries: 0 });
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    expectKitError(error);
    expect(isConnectionError(error) && !error.requestSent).toBe(true);
  });

  test("a custom fetch that throws a plain TypeError", async () => {
    const { client } = testClient(server.url, {
      maxRetries: 0,
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    expectKitError(error);
    expect(isConnectionError(error)).toBe(true);
  });

  test("a middleware that throws", async () => {
    const { client } = testClient(server.url);
    client.raw.use({
      onRequest() {
        throw new RangeError("middleware broke");
      },
    });
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    expectKitError(error);
    expect((error as Error).cause).toBeInstanceOf(RangeError);
    expect(server.requests).toHaveLength(0);
  });

  test("per-call headers with a newline fail before sending", async () => {
    const { client } = testClient(server.url);
    const error = await rejection(
      client.revOrgs.update({ id: "REV-1" }, { headers: { "X-A": "a\r\nX-Injected: 1" } }),
    );
    expectKitError(error);
    expect(server.requests).toHaveLength(0);
  });

  test("the token a server echoes back is cut out of the error", async () => {
    server.reply({ status: 401, body: { type: "unauthenticated", message: `bad token ${TOKEN}` } });
    const { client } = testClient(server.url);
    expectKitError(await rejection(client.revOrgs.update({ id: "REV-1" })));
  });

  test("a 200 that echoes the token as its text keeps no piece of it, in the cause either", async () => {
    // A debugging proxy answering with what it received: JSON.parse's message quotes the body's first ten
    // characters, a piece of the token the error's scrubbing could not recognise.
    server.reply({ status: 200, body: `${TOKEN} (from Authorization)` });
    const { client } = testClient(server.url);
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    expectKitError(error);
    const printed = `${JSON.stringify(error)} ${inspect(error, { depth: 5 })}`;
    expect(printed).not.toContain(TOKEN.slice(0, 10));
    expect(isResponseError(error) && error.rawBody).toBe("[REDACTED] (from Authorization)");
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  test("an unfollowed 3xx keeps its body in the error", async () => {
    server.reply({ status: 300, body: "Multiple choices: /v1 or /v2" });
    const { client } = testClient(server.url);
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    expect(isResponseError(error) && error.reason).toBe("unexpected_status");
    expect(isResponseError(error) && error.rawBody).toBe("Multiple choices: /v1 or /v2");
    expect((error as Error).message).toContain("Multiple choices");
  });
});

describe("timeouts", () => {
  test("an attempt that gets no response within timeoutMs", async () => {
    server.reply({ kind: "hang" });
    const { client } = testClient(server.url, { timeoutMs: 150, maxRetries: 0 });
    const started = performance.now();
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    const elapsed = performance.now() - started;
    expectKitError(error);
    expect(isTimeoutError(error) && error.timeoutMs).toBe(150);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(3_000);
  });

  test("the timeout covers reading the body, not just the head", async () => {
    server.reply({
      status: 200,
      body: { rev_org: { id: "REV-1", pad: "x".repeat(100) } },
      stallAfterBytes: 10,
      stallMs: 10_000,
    });
    const { client } = testClient(server.url, { maxRetries: 0 });
    const started = performance.now();
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }, { timeoutMs: 200 }));
    expect(isTimeoutError(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  test("a per-call timeoutMs overrides the client's", async () => {
    server.reply({ status: 200, body: { ok: true }, delayMs: 300 });
    const { client } = testClient(server.url, { timeoutMs: 100, maxRetries: 0 });
    await expect(client.revOrgs.update({ id: "REV-1" }, { timeoutMs: 5_000 })).resolves.toEqual({ ok: true });
  });

  test("a slow but timely response succeeds and leaves no timer behind", async () => {
    server.reply({ status: 200, body: { ok: true }, delayMs: 50 });
    const { client } = testClient(server.url, { timeoutMs: 2_000 });
    await expect(client.revOrgs.update({ id: "REV-1" })).resolves.toEqual({ ok: true });
  });
});

describe("the overall deadline", () => {
  test("stops retrying when the deadline passes, and never runs past it", async () => {
    server.reply({ kind: "hang" });
    const { createClientWith, defaultHooks } = await import("../src/internal/create-client.ts");
    const client = createClientWith(
      { token: TOKEN, baseUrl: server.url, timeoutMs: 200, deadlineMs: 500, maxRetries: 10 },
      { ...defaultHooks, initialRetryDelayMs: 10 },
    );
    const started = performance.now();
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    const elapsed = performance.now() - started;
    expectKitError(error);
    expect(isTimeoutError(error)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(480);
    expect(elapsed).toBeLessThan(3_000);
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  test("a wait that would end after the deadline is not started: the real error comes at once", async () => {
    server.reply({
      status: 503,
      headers: { "retry-after": "30" },
      body: { type: "service_unavailable", message: "later" },
    });
    const { client, sleeps } = testClient(server.url, { deadlineMs: 2_000 });
    const started = performance.now();
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    expect(isServiceUnavailableError(error)).toBe(true);
    expect(sleeps).toEqual([]);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  test("a per-call deadline", async () => {
    server.reply({ kind: "hang" });
    const { client } = testClient(server.url);
    const error = await rejection(client.revOrgs.list({}, { deadlineMs: 150 }));
    expect(isTimeoutError(error) && error.timeoutMs).toBe(150);
  });
});

describe("aborting", () => {
  test("a signal aborted before the call: nothing is sent", async () => {
    const { client } = testClient(server.url);
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }, { signal: AbortSignal.abort() }));
    expectKitError(error);
    expect(isAbortError(error)).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  test("aborting while the request is in flight rejects at once", async () => {
    server.reply({ kind: "hang" });
    const { client } = testClient(server.url);
    const controller = new AbortController();
    const pending = client.revOrgs.update({ id: "REV-1" }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user went away")), 100);
    const started = performance.now();
    const error = await rejection(pending);
    expect(isAbortError(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error("user went away"));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(1);
  });

  test("aborting during the wait before a retry rejects at once and sends nothing more", async () => {
    server.reply({
      status: 429,
      headers: { "retry-after": "30" },
      body: { type: "too_many_requests", message: "slow" },
    });
    const { createClientWith, defaultHooks } = await import("../src/internal/create-client.ts");
    const client = createClientWith({ token: TOKEN, baseUrl: server.url }, defaultHooks);
    const controller = new AbortController();
    const pending = client.revOrgs.update({ id: "REV-1" }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const error = await rejection(pending);
    expect(isAbortError(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(1);
  });

  test("aborting while the body is being read", async () => {
    server.reply({ status: 200, body: { pad: "x".repeat(100) }, stallAfterBytes: 5, stallMs: 3_000 });
    const { client } = testClient(server.url);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }, { signal: controller.signal }));
    expect(isAbortError(error)).toBe(true);
  });

  test.each([
    { how: "a resource method", raw: false, replace: false, customFetch: false },
    {
      how: "a resource method behind a middleware that replaces the request",
      raw: false,
      replace: true,
      customFetch: false,
    },
    { how: "the raw client", raw: true, replace: false, customFetch: false },
    {
      how: "the raw client behind a middleware that replaces the request",
      raw: true,
      replace: true,
      customFetch: false,
    },
    { how: "a resource method with a custom fetch", raw: false, replace: false, customFetch: true },
    { how: "the raw client with a custom fetch", raw: true, replace: false, customFetch: true },
  ])("the caller's abort reaches the request through $how", async ({ raw, replace, customFetch }) => {
    server.reply({ kind: "hang" });
    const { client } = testClient(server.url, customFetch ? { fetch: (request) => fetch(request) } : {});
    if (replace)
      client.raw.use({ onRequest: ({ request }) => new Request(request, { headers: request.headers }) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const call = raw
      ? client.raw.POST("/rev-orgs.update", { body: { id: "REV-1" }, signal: controller.signal })
      : client.revOrgs.update({ id: "REV-1" }, { signal: controller.signal });
    const error = await rejection(call);
    expect(isAbortError(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  test("a custom fetch that ignores signals still times out and aborts", async () => {
    const never = () => new Promise<Response>(() => {});
    const { client } = testClient(server.url, { fetch: never, timeoutMs: 100, maxRetries: 0 });
    expect(isTimeoutError(await rejection(client.revOrgs.update({ id: "REV-1" })))).toBe(true);
    const error = await rejection(
      client.revOrgs.list({}, { signal: AbortSignal.timeout(50), timeoutMs: 10_000 }),
    );
    expect(isAbortError(error)).toBe(true);
  });

  test("a custom fetch that ignores signals while the body arrives still times out and aborts", async () => {
    // The fetch drops the request's signal, so nothing aborts the body stream itself.
    const deaf = (request: Request) =>
      fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        duplex: "half",
      } as RequestInit);
    const stalled: Reply = {
      status: 200,
      body: { pad: "x".repeat(500) },
      stallAfterBytes: 10,
      stallMs: 5_000,
    };
    server.reply(stalled);
    const { client } = testClient(server.url, { fetch: deaf, timeoutMs: 150, maxRetries: 0 });
    let started = performance.now();
    expect(isTimeoutError(await rejection(client.revOrgs.update({ id: "REV-1" })))).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
    started = performance.now();
    const signal = AbortSignal.timeout(100);
    const aborted = await rejection(client.revOrgs.list({}, { signal, timeoutMs: 10_000 }));
    expect(isAbortError(aborted)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test("devrev.raw with a custom fetch that ignores signals still stops reading the body at the caller's abort", async () => {
    const deaf = (request: Request) =>
      fetch(request.url, { method: request.method, headers: request.headers });
    server.reply({ status: 200, body: { pad: "x".repeat(500) }, stallAfterBytes: 10, stallMs: 5_000 });
    const { client } = testClient(server.url, { fetch: deaf, maxRetries: 0 });
    const started = performance.now();
    const error = await rejection(client.raw.GET("/rev-orgs.list", { signal: AbortSignal.timeout(150) }));
    expect(isAbortError(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test("devrev.raw with a custom fetch whose responses are frozen still works, and still guards the body", async () => {
    const freezing = async (request: Request) => Object.freeze(await fetch(request));
    const { client } = testClient(server.url, { fetch: freezing, maxRetries: 0 });
    server.reply({ status: 200, body: { rev_orgs: [] } });
    await expect(client.raw.GET("/rev-orgs.list", {})).resolves.toMatchObject({ data: { rev_orgs: [] } });
    server.reply({ status: 200, body: "<html>" });
    const error = await rejection(client.raw.GET("/rev-orgs.list", {}));
    expectKitError(error);
    expect(isResponseError(error)).toBe(true);
  });

  test("a custom fetch gets requests that carry the attempt's timeout", async () => {
    server.reply({ kind: "hang" });
    const seen: AbortSignal[] = [];
    const { client } = testClient(server.url, {
      timeoutMs: 100,
      maxRetries: 1,
      fetch: (request) => {
        seen.push(request.signal);
        return fetch(request);
      },
    });
    expect(isTimeoutError(await rejection(client.revOrgs.update({ id: "REV-1" })))).toBe(true);
    expect(seen).toHaveLength(2);
    expect(seen.every((signal) => signal.aborted)).toBe(true);
  });

  test("a long-lived signal does not collect listeners call after call", async () => {
    server.reply(
      { status: 200, body: { ok: true } },
      { status: 503, body: {} },
      { status: 200, body: { ok: true } },
    );
    const { client } = testClient(server.url);
    const controller = new AbortController();
    for (let i = 0; i < 30; i++) await client.revOrgs.update({ id: "REV-1" }, { signal: controller.signal });
    expect(server.requests).toHaveLength(31);
    expect(getEventListeners(controller.signal, "abort").length).toBeLessThanOrEqual(1);
  });

  test("nor without AbortSignal.any (Safari before 17.4), where the client joins signals by hand", async () => {
    const any = AbortSignal.any;
    Reflect.deleteProperty(AbortSignal, "any");
    try {
      server.reply({ status: 503, body: {} }, { status: 200, body: { ok: true } });
      const { client } = testClient(server.url);
      const controller = new AbortController();
      for (let i = 0; i < 30; i++)
        await client.revOrgs.update({ id: "REV-1" }, { signal: controller.signal });
      expect(server.requests).toHaveLength(31);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      // devrev.raw too, whose body openapi-fetch reads after the attempt. With a custom fetch, so that the
      // caller's signal reaches only our join: openapi-fetch's own Request, built with the caller's signal,
      // has undici listen on it until the Request is garbage-collected, with or without AbortSignal.any.
      server.reply({ status: 200, body: { rev_orgs: [] } });
      const { client: custom } = testClient(server.url, { fetch: (request) => fetch(request) });
      for (let i = 0; i < 10; i++) await custom.raw.GET("/rev-orgs.list", { signal: controller.signal });
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      // Still joined while a call is in flight: aborting it rejects at once.
      server.reply({ kind: "hang" });
      const pending = rejection(client.revOrgs.update({ id: "REV-1" }, { signal: controller.signal }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      expect(isAbortError(await pending)).toBe(true);
    } finally {
      AbortSignal.any = any;
    }
  });
});
