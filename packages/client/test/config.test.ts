import { isDevRevKitError } from "@devrev-kit/errors";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  createDevRevClient,
  type DevRevClientOptions,
  DevRevConfigError,
  isDevRevConfigError,
} from "../src/index.ts";
import { isLoopback } from "../src/internal/config.ts";
import { rejection, TOKEN } from "./support/client.ts";
import { useTestServer } from "./support/test-server.ts";

const server = useTestServer();
beforeEach(() => {
  server.reply({ status: 200, body: { ok: true } });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** The config error `create` throws; fails the test if it throws anything else or nothing. */
function configError(create: () => unknown): DevRevConfigError {
  try {
    create();
  } catch (error) {
    expect(isDevRevConfigError(error)).toBe(true);
    expect(isDevRevKitError(error)).toBe(true);
    expect(error).toBeInstanceOf(DevRevConfigError);
    expect((error as Error).name).toBe("DevRevConfigError");
    return error as DevRevConfigError;
  }
  throw new Error("expected a DevRevConfigError");
}

describe("the token", () => {
  test("is required, and the error says how to provide one", () => {
    vi.stubEnv("DEVREV_TOKEN", "");
    const error = configError(() => createDevRevClient({ baseUrl: server.url }));
    expect(error.message).toMatch(/DEVREV_TOKEN/);
    expect(error.message).toMatch(/token/);
  });

  test("defaults to DEVREV_TOKEN from the environment", async () => {
    vi.stubEnv("DEVREV_TOKEN", "env-token-abcdefgh");
    const devrev = createDevRevClient({ baseUrl: server.url });
    await devrev.revOrgs.update({ id: "REV-1" });
    expect(server.request(0).headers["authorization"]).toBe("Bearer env-token-abcdefgh");
  });

  test("an explicit token wins over the environment", async () => {
    vi.stubEnv("DEVREV_TOKEN", "env-token-abcdefgh");
    const devrev = createDevRevClient({ baseUrl: server.url, token: TOKEN });
    await devrev.revOrgs.update({ id: "REV-1" });
    expect(server.request(0).headers["authorization"]).toBe(`Bearer ${TOKEN}`);
  });

  test.each([
    ["a trailing newline", `${TOKEN}\n`],
    ["a CR/LF header injection", `${TOKEN}\r\nX-Evil: 1`],
    ["a space inside", "abc def-0123456789"],
    ["a leading tab", `\t${TOKEN}`],
    ["a NUL", `${TOKEN}\u0000`],
    ["a non-ASCII character", `${TOKEN}é`],
    ["a Bearer prefix", `Bearer ${TOKEN}`],
  ])("with %s is rejected without echoing it", (_what, token) => {
    const error = configError(() => createDevRevClient({ token, baseUrl: server.url }));
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(0);
  });

  test("is not left in RegExp's legacy statics, which any script can read, once checked", () => {
    const token = "dvrv-pat-legacy-statics-0123456789";
    const statics = RegExp as unknown as Record<string, unknown>;
    const left = () =>
      ["input", "lastMatch", "leftContext", "rightContext"].map((name) => String(statics[name]));
    createDevRevClient({ token, fetch: async () => new Response("{}") });
    expect(left().join("\n")).not.toContain(token);
    // Also when it is refused, where nothing else runs after the check.
    expect(() => createDevRevClient({ token: `Bearer ${token}` })).toThrow(/must not start with "Bearer "/);
    expect(left().join("\n")).not.toContain(token);
  });

  test("of the wrong type is rejected", () => {
    configError(() => createDevRevClient({ token: 42 as unknown as string }));
  });
});

describe("plain http", () => {
  test.each([
    "http://api.devrev.ai",
    "http://10.0.0.5:8080",
    "http://example.com/devrev",
    "http://127.example.com",
    "http://api.localhost",
  ])("to a remote host (%s) is refused unless allowInsecureHttp", (baseUrl) => {
    const error = configError(() => createDevRevClient({ token: TOKEN, baseUrl }));
    expect(error.message).toMatch(/allowInsecureHttp/);
    expect(() => createDevRevClient({ token: TOKEN, baseUrl, allowInsecureHttp: true })).not.toThrow();
  });

  test.each([
    "http://localhost:3000",
    "http://127.0.0.1:8080",
    "http://127.1.2.3",
    "http://[::1]:4010",
    "https://api.devrev.ai",
    "https://example.com/proxy/",
  ])("%s is allowed", (baseUrl) => {
    expect(() => createDevRevClient({ token: TOKEN, baseUrl })).not.toThrow();
  });

  test("loopback detection works on hostnames as URL writes them", () => {
    expect(["localhost", "127.0.0.1", "[::1]"].every(isLoopback)).toBe(true);
    expect(
      ["localhost.example.com", "a.localhost", "127.0.0.1.nip.io", "[::2]", "0.0.0.0"].some(isLoopback),
    ).toBe(false);
  });
});

describe("header values", () => {
  test("undefined is skipped and null left out, as openapi-fetch merges them, not sent as text", async () => {
    const headers = { "X-Kept": "yes", "X-Undefined": undefined, "X-Null": null } as never;
    const devrev = createDevRevClient({ token: TOKEN, baseUrl: server.url, headers });
    await devrev.revOrgs.update({ id: "REV-1" });
    const sent = server.request(0).headers;
    expect(sent["x-kept"]).toBe("yes");
    expect(sent["x-undefined"]).toBeUndefined();
    expect(sent["x-null"]).toBeUndefined();
  });
});

describe("headers as a Headers object", () => {
  test("are sent like the same headers in an object, and still may not set Authorization", async () => {
    const devrev = createDevRevClient({
      token: TOKEN,
      baseUrl: server.url,
      headers: new Headers({ "X-Team": "core" }),
    });
    await devrev.revOrgs.update({ id: "REV-1" });
    expect(server.request(0).headers["x-team"]).toBe("core");
    const error = configError(() =>
      createDevRevClient({ token: TOKEN, headers: new Headers({ authorization: "Bearer other" }) }),
    );
    expect(error.message).toMatch(/pass `token` instead/);
  });
});

describe("other options", () => {
  const table: Array<[string, DevRevClientOptions, RegExp]> = [
    ["a relative baseUrl", { baseUrl: "/api" }, /absolute URL/],
    ["an ftp baseUrl", { baseUrl: "ftp://api.devrev.ai" }, /https/],
    ["a baseUrl with a query", { baseUrl: "https://api.devrev.ai/?x=1" }, /query/],
    ["a baseUrl ending in a bare ?", { baseUrl: "https://api.devrev.ai/v1?" }, /query/],
    ["a baseUrl ending in a bare #", { baseUrl: "https://api.devrev.ai/v1#" }, /fragment/],
    ["headers as an array of pairs", { headers: [["X-A", "1"]] as never }, /object mapping header names/],
    ["headers as a Map", { headers: new Map([["X-A", "1"]]) as never }, /object mapping header names/],
    ["a baseUrl with credentials", { baseUrl: "https://u:p@api.devrev.ai" }, /credentials/],
    ["a negative maxRetries", { maxRetries: -1 }, /maxRetries/],
    ["a fractional maxRetries", { maxRetries: 1.5 }, /maxRetries/],
    ["a zero timeoutMs", { timeoutMs: 0 }, /timeoutMs/],
    ["a NaN deadlineMs", { deadlineMs: Number.NaN }, /deadlineMs/],
    ["a negative maxRetryAfterMs", { maxRetryAfterMs: -5 }, /maxRetryAfterMs/],
    ["an unknown logLevel", { logLevel: "verbose" as "info" }, /logLevel/],
    ["a userAgent with a newline", { userAgent: "app\r\nX-Evil: 1" }, /userAgent/],
    ["an Authorization header", { headers: { authorization: "Bearer other" } }, /token/],
    ["a header value with a newline", { headers: { "X-A": "a\nb" } }, /newlines/],
    ["a fetch that is not a function", { fetch: "fetch" as unknown as typeof fetch }, /fetch/],
    ["validateResponses: true", { validateResponses: true as never }, /@devrev-kit\/client\/validation/],
  ];
  test.each(table)("%s is rejected with a message that says what to fix", (_what, options, message) => {
    const error = configError(() => createDevRevClient({ token: TOKEN, ...options }));
    expect(error.message).toMatch(message);
  });

  test.each([
    ["timeoutMs", { timeoutMs: -1 }],
    ["maxRetries", { maxRetries: 0.5 }],
    ["deadlineMs", { deadlineMs: 0 }],
    ["signal", { signal: "stop" as unknown as AbortSignal }],
    ["headers", { headers: { "bad name": "x" } }],
  ])("a bad per-call %s rejects before sending", async (_what, options) => {
    const devrev = createDevRevClient({ token: TOKEN, baseUrl: server.url });
    const error = await rejection(devrev.revOrgs.update({ id: "REV-1" }, options));
    expect(isDevRevConfigError(error)).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  test("defaults: the client targets https://api.devrev.ai", async () => {
    const seen: string[] = [];
    const devrev = createDevRevClient({
      token: TOKEN,
      fetch: async (request) => {
        seen.push(request.url);
        return Response.json({ ok: true });
      },
    });
    await devrev.revOrgs.update({ id: "REV-1" });
    expect(seen).toEqual(["https://api.devrev.ai/rev-orgs.update"]);
  });

  test("the global fetch is looked up per request, so interceptors installed later apply", async () => {
    const devrev = createDevRevClient({ token: TOKEN });
    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(Response.json({ intercepted: true }));
    try {
      await expect(devrev.revOrgs.update({ id: "REV-1" })).resolves.toEqual({ intercepted: true });
      expect(spy).toHaveBeenCalledOnce();
    } finally {
      spy.mockRestore();
    }
  });
});
