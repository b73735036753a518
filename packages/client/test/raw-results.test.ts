// devrev.raw's `{ data, error, response }`: what middleware sees, what the caller gets, however the response
// came about (the server, a middleware's own response, a custom fetch).
import { isAbortError, isResponseError } from "@devrev-kit/errors";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { ResponseValidator } from "../src/options.ts";
import { responseValidator } from "../src/validation.ts";
import { rejection, testClient } from "./support/client.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const html = "<html><body>502 Bad Gateway</body></html>";

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

  test("sees the caller's parseAs", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    const parseAs: string[] = [];
    client.raw.use({ onRequest: ({ options }) => void parseAs.push(options.parseAs) });
    server.reply({ status: 200, body: { rev_orgs: [] } });
    await client.raw.GET("/rev-orgs.list", {});
    await client.raw.GET("/rev-orgs.list", { parseAs: "text" });
    expect(parseAs).toEqual(["json", "text"]);
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

describe("reading as the caller asked", () => {
  test("parseAs text is the caller's to judge: an empty 200 is '', a 204 has no data", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    server.reply({ status: 200, body: "", chunked: true });
    expect((await client.raw.GET("/rev-orgs.list", { parseAs: "text" })).data).toBe("");
    server.reply({ status: 204 });
    const noContent = await client.raw.POST("/rev-orgs.update", { body: { id: "REV-1" }, parseAs: "text" });
    expect([noContent.data, noContent.response.status]).toEqual([undefined, 204]);
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
