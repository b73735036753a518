// Credentials never reach what the client produces, also on devrev.raw's paths and through middleware: a server
// or proxy that echoes them, a runtime error that quotes them, a path that carries one in its query.
import { inspect } from "node:util";
import { isDevRevKitError, toDevRevError } from "@devrev-kit/errors";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DevRevConfigError } from "../src/config-error.ts";
import { rejection, TOKEN, testClient } from "./support/client.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

/** Everything an error prints or serializes, its raw body included. */
function printed(error: unknown): string {
  const e = error as Error & { rawBody?: unknown };
  return [String(e), e.stack, JSON.stringify(e), inspect(e, { depth: 10 }), JSON.stringify(e.rawBody)].join(
    "\n",
  );
}

describe("devrev.raw cuts the token out of what a server echoes, as the resource methods do", () => {
  test("an undeclared 502 from a proxy, echoing the Authorization header", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    server.reply({ status: 502, body: `<html>upstream rejected Authorization: Bearer ${TOKEN}</html>` });
    const error = await rejection(client.raw.GET("/rev-orgs.list", {}));
    expect(isDevRevKitError(error)).toBe(true);
    expect(printed(error)).not.toContain(TOKEN);
    expect(printed(error)).toContain("upstream rejected Authorization: [REDACTED]");
  });

  test("a 200 that is not JSON, echoing the token", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    server.reply({ status: 200, body: `debug proxy: got token ${TOKEN}` });
    const error = await rejection(client.raw.GET("/rev-orgs.list", {}));
    expect(isDevRevKitError(error)).toBe(true);
    expect(printed(error)).not.toContain(TOKEN);
  });

  test("a 401 echoing the token: neither `error` nor the error toDevRevError makes of it holds it", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    server.reply({ status: 401, body: { type: "unauthenticated", message: `token ${TOKEN} expired` } });
    const { error, response } = await client.raw.GET("/rev-orgs.list", {});
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(JSON.stringify(error)).toContain("token [REDACTED] expired");
    // As the errors README throws it.
    expect(printed(toDevRevError(response, error, "GET /rev-orgs.list"))).not.toContain(TOKEN);
  });
});

describe("errors from outside devrev-kit do not quote credentials", () => {
  test("a per-request baseUrl with a user and password is refused before any Request is built", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    const base = server.url.replace("http://", "http://svc:s3cretPassw0rd-XYZ@");
    const error = await rejection(client.raw.GET("/rev-orgs.list", { baseUrl: base }));
    expect(error).toBeInstanceOf(DevRevConfigError);
    expect(printed(error)).not.toContain("s3cretPassw0rd");
    expect(server.requests).toHaveLength(0);
  });

  // A secret read from a file with a newline in it, set by a middleware: the runtime refuses the header value
  // and quotes it in its message.
  const badSecret = "tok-FROM-VAULT-0123456789\nabcdef";

  test.each([
    ["a resource method", "X-Api-Key"],
    ["devrev.raw", "Authorization"],
  ])("%s whose middleware sets an invalid %s", async (via, header) => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    client.raw.use({
      onRequest: ({ request }) => {
        request.headers.set(header, header === "Authorization" ? `Bearer ${badSecret}` : badSecret);
        return request;
      },
    });
    const error = await rejection(
      via === "devrev.raw" ? client.raw.GET("/rev-orgs.list", {}) : client.revOrgs.list(),
    );
    expect(isDevRevKitError(error)).toBe(true);
    expect(printed(error)).not.toContain("tok-FROM-VAULT");
    expect((error as Error).message).toMatch(/"\[REDACTED\]" is an invalid header value/);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });
});

test("a devrev.raw path with a query of its own is logged without it", async () => {
  const lines: string[] = [];
  const write = (message: string, record: unknown) => void lines.push(message, JSON.stringify(record));
  const logger = { debug: write, info: write, warn: write, error: write };
  const { client } = testClient(server.url, { maxRetries: 0, logger, logLevel: "debug" });
  server.reply({ status: 404, body: { type: "not_found" } });
  const secret = "sk_live_0123456789abcdef";
  const { error } = await client.raw.GET(`/rev-orgs.list?access_token=${secret}` as "/rev-orgs.list", {});
  expect(error).toMatchObject({ type: "not_found" });
  expect(lines.join("\n")).not.toContain(secret);
  expect(lines).toContain("GET /rev-orgs.list 404");
});
