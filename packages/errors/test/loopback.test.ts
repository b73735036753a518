// Real responses from a real loopback HTTP server, read with fetch, turned into errors the way a raw
// openapi-fetch user would: `toDevRevError(response, await response.text(), operation, request)`.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BadRequestError,
  DevRevConnectionError,
  DevRevResponseError,
  getRetryDecision,
  isErrorOfType,
  TooManyRequestsError,
  toDevRevError,
} from "../src/index.ts";

const token = "dvrv-loopback-token-0123456789";

const routes: Record<string, { status: number; headers: Record<string, string>; body: string }> = {
  "/invalid-field": {
    status: 400,
    headers: { "content-type": "application/json", "x-request-id": "req-400" },
    body: JSON.stringify({
      type: "invalid_field",
      field_name: "display_name",
      message: "display_name is invalid",
    }),
  },
  "/gateway-429": { status: 429, headers: { "retry-after": "4" }, body: "" },
  "/proxy-502": {
    status: 502,
    headers: { "content-type": "text/html" },
    body: `<html><body><h1>502 Bad Gateway</h1>${"<!-- padding -->".repeat(500)}</body></html>`,
  },
};

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const route = routes[request.url ?? ""];
    if (route === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(route.status, route.headers).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function call(path: string) {
  const request = new Request(`${baseUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  const response = await fetch(request);
  return toDevRevError(response, await response.text(), `POST ${path}`, request);
}

describe("toDevRevError on real responses", () => {
  it("a DevRev 400 becomes a BadRequestError with its subtype, fields and request id", async () => {
    const error = await call("/invalid-field");
    expect(error).toBeInstanceOf(BadRequestError);
    expect(isErrorOfType(error, "invalid_field") && error.body.field_name).toBe("display_name");
    expect(error).toMatchObject({ status: 400, requestId: "req-400", operation: "POST /invalid-field" });
    expect(error.request?.headers["authorization"]).toBe("Bearer [REDACTED]");
  });

  it("a gateway's empty 429 is a TooManyRequestsError that says how long to wait", async () => {
    const error = await call("/gateway-429");
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(getRetryDecision(error, { idempotent: false })).toEqual({ retry: true, minDelayMs: 4000 });
  });

  it("a proxy's HTML 502 is a DevRevResponseError keeping 1 KB of the page", async () => {
    const error = (await call("/proxy-502")) as DevRevResponseError;
    expect(error).toBeInstanceOf(DevRevResponseError);
    expect(error.rawBody.startsWith("<html><body><h1>502 Bad Gateway</h1>")).toBe(true);
    expect(error.rawBody).toHaveLength(1024);
    expect(error.headers.get("content-type")).toBe("text/html");
    expect(getRetryDecision(error, { idempotent: true }).retry).toBe(true);
  });
});

describe("a refused connection", () => {
  it("wraps into a DevRevConnectionError whose message names the underlying failure", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    const request = new Request(url, { headers: { authorization: token } });
    const cause = await fetch(request).then(
      () => undefined,
      (error: unknown) => error,
    );
    const error = new DevRevConnectionError({
      requestSent: false,
      cause,
      request,
      operation: "GET /rev-orgs.list",
    });
    expect(error.message).toMatch(
      /before the request was sent \(TypeError: fetch failed <- Error \[ECONNREFUSED\]/,
    );
    expect(JSON.stringify(error)).not.toContain(token);
    expect(getRetryDecision(error, { idempotent: false })).toEqual({ retry: true, minDelayMs: undefined });
  });
});
