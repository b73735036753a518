// devrev.raw's `{ data, error, response }`: what middleware sees, what the caller gets, however the response
// came about (the server, a middleware's own response, a custom fetch).
import { getEventListeners } from "node:events";
import { isAbortError, isResponseError } from "@devrev-kit/errors";
import { describe, expect, test } from "vitest";
import type { ResponseValidator } from "../src/options.ts";
import { responseValidator } from "../src/validation.ts";
import { rejection, testClient } from "./support/client.ts";
import { useTestServer } from "./support/test-server.ts";

const server = useTestServer();

const html = "<html><body>502 Bad Gateway</body></html>";

/** Insists that a list page's `rev_orgs` is an array: enough to see a check applied. */
const strict: ResponseValidator = (_operation, _status, body) =>
  Array.isArray((body as { rev_orgs?: unknown }).rev_orgs)
    ? undefined
    : [{ path: "/rev_orgs", message: "must be array" }];

describe("middleware", () => {
  test("sees a raw call's undeclared 502 as sent, as a resource method's, before the call rejects", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    const seen: Array<[number, string]> = [];
    client.raw.use({
      onResponse: async ({ response }) => void seen.push([response.status, await response.clone().text()]),
    });
    for (const call of [() => client.revOrgs.list(), () => client.raw.GET("/rev-orgs.list", {})]) {
      server.reply({ status: 502, body: html });
      const error = await rejection(call());
      expect(isResponseError(error) && [error.reason, error.rawBody]).toEqual(["unexpected_status", html]);
    }
    expect(seen).toEqual([
      [502, html],
      [502, html],
    ]);
  });

  test("sees the parseAs the caller asked for, though the client reads a JSON body itself", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    const seen: string[] = [];
    const sameOptions: boolean[] = [];
    let requestOptions: object | undefined;
    const global = {
      onRequest: ({ options }: { options: { parseAs: string } }) => {
        requestOptions = options;
        seen.push(options.parseAs);
      },
      onResponse: ({ options }: { options: object }) => void sameOptions.push(options === requestOptions),
    };
    client.raw.use(global);
    server.reply({ status: 200, body: { rev_orgs: [] } });
    await client.raw.GET("/rev-orgs.list", {});
    await client.raw.GET("/rev-orgs.list", { parseAs: "json" });
    await client.raw.GET("/rev-orgs.list", { parseAs: "text" });
    await client.revOrgs.list();
    // A call's own middleware too, and the one it is given the same options object as the others.
    const perCall: string[] = [];
    const own = {
      onRequest: ({ options }: { options: { parseAs: string } }) => void perCall.push(options.parseAs),
    };
    await client.raw.GET("/rev-orgs.list", { middleware: [own] });
    expect(seen).toEqual(["json", "json", "text", "json", "json"]);
    expect(perCall).toEqual(["json"]);
    expect(sameOptions).toEqual([true, true, true, true, true]);
    // eject takes the object given to use.
    client.raw.eject(global);
    await client.raw.GET("/rev-orgs.list", {});
    expect(seen).toHaveLength(5);
  });

  test("hooks run as methods of the middleware given, looked up on each call as openapi-fetch does", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    class Counter {
      requests = 0;
      responses = 0;
      onRequest() {
        this.requests++;
      }
    }
    const counter = new Counter();
    client.raw.use(counter);
    server.reply({ status: 200, body: { rev_orgs: [] } });
    await client.raw.GET("/rev-orgs.list", {});
    Object.assign(counter, {
      onResponse(this: Counter) {
        this.responses++;
      },
    });
    await client.raw.GET("/rev-orgs.list", {});
    expect([counter.requests, counter.responses]).toEqual([2, 1]);
  });

  test("a hook that is not a function is skipped, as openapi-fetch skips it", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    const logResponses = false;
    let requests = 0;
    const middleware = {
      onRequest: () => void requests++,
      // A hook switched off by a flag: `false`, not `undefined`.
      onResponse: (logResponses && (() => undefined)) as unknown as undefined,
    };
    client.raw.use(middleware as unknown as Parameters<typeof client.raw.use>[0]);
    server.reply({ status: 200, body: { rev_orgs: [] } });
    const { data } = await client.raw.GET("/rev-orgs.list", {});
    expect(data).toEqual({ rev_orgs: [] });
    await client.revOrgs.list();
    expect(requests).toBe(2);
  });

  test("a per-call middleware entry openapi-fetch ignores does not make the call reject", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    server.reply({ status: 200, body: { rev_orgs: [] } });
    const off = "off" as unknown as { onRequest: () => undefined };
    const { data } = await client.raw.GET("/rev-orgs.list", { middleware: [off] });
    expect(data).toEqual({ rev_orgs: [] });
  });

  test("sees the headers as sent: nothing is added to a chunked reply", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    const seen: Array<string | null> = [];
    client.raw.use({ onResponse: ({ response }) => void seen.push(response.headers.get("content-length")) });
    server.reply({ status: 200, body: { rev_orgs: [] }, chunked: true });
    const { response } = await client.raw.GET("/rev-orgs.list", {});
    expect([...seen, response.headers.get("content-length")]).toEqual([null, null]);
  });

  test("a response it puts in place is held to the same rules: errors typed or rejected, no empty success", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    let replacement = () => new Response("", { status: 502 });
    client.raw.use({ onResponse: () => replacement() });
    server.reply({ status: 200, body: { rev_orgs: [] } });
    const replies = [
      () => new Response("", { status: 502 }),
      () => new Response(html, { status: 502, headers: { "content-type": "text/html" } }),
      () => new Response(null, { status: 502, headers: { "content-length": "0" } }),
      () => new Response(null, { status: 204 }),
    ];
    for (const reply of replies) {
      replacement = reply;
      expect(isResponseError(await rejection(client.raw.GET("/rev-orgs.list", {})))).toBe(true);
    }
    replacement = () => new Response("", { status: 503 });
    expect((await client.raw.GET("/rev-orgs.list", {})).error).toEqual({ type: "service_unavailable" });
  });

  test("re-wrapping the response does not turn the caller's abort into a cut-off body", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    client.raw.use({ onResponse: ({ response }) => new Response(response.body, response) });
    server.reply({ status: 200, body: { pad: "x".repeat(100) }, stallAfterBytes: 5, stallMs: 3_000 });
    const error = await rejection(client.raw.GET("/rev-orgs.list", { signal: AbortSignal.timeout(150) }));
    expect(isAbortError(error)).toBe(true);
  });
});

describe("a request or response a middleware put in place", () => {
  const replacingRequests = (client: ReturnType<typeof testClient>["client"]) =>
    client.raw.use({ onRequest: ({ request }) => new Request(request, { headers: request.headers }) });

  test("a replaced request's response is checked as the call's own: validation, HTML, aborts", async () => {
    const { client } = testClient(server.url, { validateResponses: strict, maxRetries: 0 });
    replacingRequests(client);
    server.reply({ status: 200, body: { rev_orgs: "not an array" } });
    const invalid = await rejection(client.raw.GET("/rev-orgs.list", {}));
    expect(isResponseError(invalid) && invalid.reason).toBe("schema_mismatch");
    server.reply({ status: 200, body: "<html>hi</html>", chunked: true });
    const page = await rejection(client.raw.GET("/rev-orgs.list", {}));
    expect(isResponseError(page) && page.reason).toBe("invalid_json");
    server.reply({ status: 200, body: { rev_orgs: [] }, stallAfterBytes: 3, stallMs: 3_000 });
    const aborted = await rejection(client.raw.GET("/rev-orgs.list", { signal: AbortSignal.timeout(100) }));
    expect(isAbortError(aborted)).toBe(true);
  });

  test("a replaced request's body is read as the caller asked: bytes stay bytes", async () => {
    const bytes = [0x89, 0x50, 0x4e, 0x47, 0xff, 0x00, 0x80, 0xc3];
    const { client } = testClient(server.url, {
      maxRetries: 0,
      fetch: async () => new Response(new Uint8Array(bytes), { status: 200 }),
    });
    replacingRequests(client);
    const { data } = await client.raw.GET("/rev-orgs.list", { parseAs: "arrayBuffer" });
    expect([...new Uint8Array(data as ArrayBuffer)]).toEqual(bytes);
  });

  test("HTML a middleware re-wraps or supplies is a DevRevResponseError, not a SyntaxError", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    let supply = false;
    client.raw.use({
      onRequest: () => (supply ? new Response("<html>hi</html>", { status: 200 }) : undefined),
      onResponse: ({ response }) => new Response(response.body, response),
    });
    server.reply({ status: 200, body: "<html>hi</html>", chunked: true });
    for (const supplied of [false, true]) {
      supply = supplied;
      const error = await rejection(client.raw.GET("/rev-orgs.list", {}));
      expect(isResponseError(error) && error.reason).toBe("invalid_json");
    }
  });

  test("a success a middleware supplies is held to the same checks", async () => {
    const { client } = testClient(server.url, { validateResponses: strict, maxRetries: 0 });
    let body: unknown = [1, 2];
    client.raw.use({ onRequest: () => Response.json(body) });
    for (const supplied of [[1, 2], null, { rev_orgs: "not an array" }]) {
      body = supplied;
      expect(isResponseError(await rejection(client.raw.GET("/rev-orgs.list", {})))).toBe(true);
    }
  });

  test("a bad success body reaches onResponse, and an onError fallback for network failures cannot hide it", async () => {
    const { client } = testClient(server.url, { validateResponses: strict, maxRetries: 0 });
    const seen: number[] = [];
    client.raw.use({
      onResponse: ({ response }) => void seen.push(response.status),
      onError: () => Response.json({ rev_orgs: [] }),
    });
    server.reply({ status: 200, body: { rev_orgs: "not an array" } });
    const error = await rejection(client.raw.GET("/rev-orgs.list", {}));
    expect(isResponseError(error) && error.reason).toBe("schema_mismatch");
    expect(seen).toEqual([200]);
  });
});

describe("reading as the caller asked", () => {
  test("parseAs text is the caller's to judge: an empty body is '', however it is framed; a stream is null", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    for (const reply of [
      { status: 200, body: "", chunked: true },
      { status: 200, body: "" },
      { status: 204 },
    ]) {
      server.reply(reply);
      const result = await client.raw.POST("/rev-orgs.update", { body: { id: "REV-1" }, parseAs: "text" });
      expect(result.data).toBe("");
    }
    server.reply({ status: 204 });
    const stream = await client.raw.POST("/rev-orgs.update", { body: { id: "REV-1" }, parseAs: "stream" });
    expect(stream.data).toBeNull();
  });

  test("HEAD has no body to check", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    server.reply({ status: 200, body: "" });
    const result = await client.raw.HEAD("/rev-orgs.list" as never, {} as never);
    expect([result.data, result.response.status]).toEqual([undefined, 200]);
  });

  test("a JSON body cut off or stalled is retried like a resource method's, within the attempt's timer", async () => {
    const { client } = testClient(server.url, { maxRetries: 1, timeoutMs: 200 });
    server.reply(
      { status: 200, body: { rev_orgs: [] }, stallAfterBytes: 3, stallMs: 2_000 },
      { status: 200, body: { rev_orgs: [] } },
    );
    expect((await client.raw.GET("/rev-orgs.list", {})).data).toEqual({ rev_orgs: [] });
    expect(server.requests).toHaveLength(2);
  });
});

describe("operations", () => {
  test("request('get') and GET are the same operation, validated alike", async () => {
    const seen: string[] = [];
    const validate: ResponseValidator = (operation) => {
      seen.push(operation);
      return undefined;
    };
    const { client } = testClient(server.url, { maxRetries: 0, validateResponses: validate });
    server.reply({ status: 200, body: { rev_orgs: [] } });
    await client.raw.GET("/rev-orgs.list", {});
    await client.raw.request("get", "/rev-orgs.list", {});
    expect(seen).toEqual(["GET /rev-orgs.list", "GET /rev-orgs.list"]);
  });

  test("a path the spec does not list is not checked against one it merely ends with", async () => {
    const { client } = testClient(server.url, { maxRetries: 0, validateResponses: responseValidator });
    server.reply({ status: 200, body: { job_id: "J-1" } });
    const result = await client.raw.POST("/internal/rev-orgs.update" as never, { body: {} } as never);
    expect((result as { data: unknown }).data).toEqual({ job_id: "J-1" });
  });

  test("retries a 503 with a JSON body, and hands over the server's typed body when it stays", async () => {
    const { client } = testClient(server.url, { maxRetries: 2 });
    server.reply(
      { status: 503, body: { type: "service_unavailable" } },
      { status: 200, body: { rev_orgs: [] } },
    );
    expect((await client.raw.GET("/rev-orgs.list", {})).data).toEqual({ rev_orgs: [] });
    expect(server.requests).toHaveLength(2);
    const { client: once } = testClient(server.url, { maxRetries: 0 });
    server.reply({ status: 503, body: { type: "service_unavailable", message: "m" } });
    const failed = await once.raw.POST("/rev-orgs.update", { body: { id: "REV-1" } });
    expect(failed.error).toEqual({ type: "service_unavailable", message: "m" });
  });
});

test("a frozen response from a custom fetch keeps its url", async () => {
  const freezing = async (request: Request) => Object.freeze(await fetch(request));
  const { client } = testClient(server.url, { fetch: freezing, maxRetries: 0 });
  server.reply({ status: 200, body: { rev_orgs: [] } });
  const { response } = await client.raw.GET("/rev-orgs.list", {});
  expect(response.url).toBe(`${server.url}/rev-orgs.list`);
});

describe("every way of reading a raw body", () => {
  test("blob and arrayBuffer reads cut off or aborted are devrev-kit errors, and stop at the abort", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    server.reply({ kind: "truncate", body: "x".repeat(10_000) });
    const cut = await rejection(client.raw.GET("/rev-orgs.list", { parseAs: "arrayBuffer" }));
    expect(isResponseError(cut)).toBe(true);
    server.reply({ status: 200, body: { pad: "x".repeat(500) }, stallAfterBytes: 5, stallMs: 2_000 });
    const signal = AbortSignal.timeout(150);
    expect(isAbortError(await rejection(client.raw.GET("/rev-orgs.list", { parseAs: "blob", signal })))).toBe(
      true,
    );
    // A custom fetch that ignores the signal: the read still ends at the abort.
    const deaf = (request: Request) =>
      fetch(request.url, { method: request.method, headers: request.headers });
    const { client: deafClient } = testClient(server.url, { fetch: deaf, maxRetries: 0 });
    server.reply({ status: 200, body: { pad: "x".repeat(500) }, stallAfterBytes: 5, stallMs: 2_000 });
    const started = performance.now();
    const late = deafClient.raw.GET("/rev-orgs.list", { parseAs: "blob", signal: AbortSignal.timeout(150) });
    expect(isAbortError(await rejection(late))).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test("a replaced request's JSON body is still read within the attempt: a stall times out and is retried", async () => {
    const { client } = testClient(server.url, { maxRetries: 1, timeoutMs: 200 });
    client.raw.use({ onRequest: ({ request }) => new Request(request, { headers: request.headers }) });
    server.reply(
      { status: 200, body: { rev_orgs: [] }, stallAfterBytes: 3, stallMs: 2_000 },
      { status: 200, body: { rev_orgs: [] } },
    );
    expect((await client.raw.GET("/rev-orgs.list", {})).data).toEqual({ rev_orgs: [] });
    expect(server.requests).toHaveLength(2);
    server.requests.length = 0;
    server.reply(
      { kind: "truncate", body: JSON.stringify({ pad: "x".repeat(5000) }) },
      { status: 200, body: { rev_orgs: [] } },
    );
    expect((await client.raw.GET("/rev-orgs.list", {})).data).toEqual({ rev_orgs: [] });
    expect(server.requests).toHaveLength(2);
  });

  test("a middleware that parses the body itself gets a devrev-kit error for HTML", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    client.raw.use({ onResponse: async ({ response }) => Response.json(await response.json()) });
    server.reply({ status: 200, body: "<html>hi</html>" });
    const error = await rejection(client.raw.GET("/rev-orgs.list", {}));
    expect(isResponseError(error) && error.reason).toBe("invalid_json");
  });

  test("without AbortSignal.any, blob and arrayBuffer reads release the caller's signal too", async () => {
    const any = AbortSignal.any;
    Reflect.deleteProperty(AbortSignal, "any");
    try {
      server.reply({ status: 200, body: { rev_orgs: [] } });
      const { client } = testClient(server.url, { fetch: (request) => fetch(request) });
      const controller = new AbortController();
      for (const parseAs of ["arrayBuffer", "blob"] as const) {
        for (let i = 0; i < 5; i++)
          await client.raw.GET("/rev-orgs.list", { signal: controller.signal, parseAs });
      }
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    } finally {
      AbortSignal.any = any;
    }
  });
});
