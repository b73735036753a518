import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  BadRequestError,
  createDevRevError,
  DevRevAbortError,
  DevRevConnectionError,
  DevRevError,
  DevRevKitError,
  DevRevResponseError,
  DevRevTimeoutError,
  InternalServerError,
  isErrorOfType,
  NotFoundError,
  TooManyRequestsError,
} from "../src/index.ts";

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

describe("DevRevError", () => {
  it("can be built directly, e.g. to stand in for the API in a test", () => {
    const error = new NotFoundError({
      body: { type: "not_found", message: "No such rev org.", detail: "REV-1" },
      headers: { "x-request-id": "r-1" },
      operation: "POST /rev-orgs.update",
    });
    expect(error).toMatchObject({
      name: "NotFoundError",
      status: 404,
      type: "not_found",
      serverMessage: "No such rev org.",
      detail: "REV-1",
      requestId: "r-1",
      operation: "POST /rev-orgs.update",
    });
    expect(error.message).toBe("POST /rev-orgs.update failed with 404 not_found: No such rev org. (REV-1)");
  });

  it("does not repeat a detail equal to the message, and clips huge server text", () => {
    const same = new BadRequestError({ body: { type: "parse_error", message: "m", detail: "m" } });
    expect(same.message).toBe("DevRev API request failed with 400 parse_error: m");
    const huge = new BadRequestError({ body: { type: "x".repeat(1000), message: "y".repeat(10_000) } });
    expect(huge.message.length).toBeLessThan(700);
    expect(huge.message).toContain(`${"x".repeat(100)}…: `);
    expect(huge.message.endsWith(`${"y".repeat(500)}…`)).toBe(true);
    expect(huge.type).toHaveLength(1000);
  });

  it("ignores an operation that is not a string", () => {
    const error = new BadRequestError({ operation: 42 as never });
    expect(error.operation).toBeUndefined();
    expect(error.message).toBe("DevRev API request failed with 400 bad_request");
  });

  it("keeps only strings in serverMessage, detail and referenceId", () => {
    const error = new InternalServerError({
      body: { type: "internal_error", message: 1, detail: {}, reference_id: 2 } as never,
    });
    expect(error).toMatchObject({ serverMessage: undefined, detail: undefined, referenceId: undefined });
  });

  it("toJSON lists every field, with credential headers redacted", () => {
    const error = createDevRevError({
      status: 429,
      body: '{"type":"too_many_requests","retry_after":1}',
      // A CORS flag prints as it is, though its name ends in `credentials`.
      headers: { "x-request-id": "r", "set-cookie": "s=1", "Access-Control-Allow-Credentials": "true" },
      operation: "GET /rev-orgs.list",
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "TooManyRequestsError",
      message: "GET /rev-orgs.list failed with 429 too_many_requests",
      operation: "GET /rev-orgs.list",
      status: 429,
      type: "too_many_requests",
      retryAfterMs: 1000,
      requestId: "r",
      headers: {
        "access-control-allow-credentials": "true",
        "set-cookie": "[REDACTED]",
        "x-request-id": "r",
      },
      body: { type: "too_many_requests", retry_after: 1 },
    });
  });
});

describe("DevRevResponseError", () => {
  it.each([
    [
      { reason: "invalid_json", rawBody: "<html>\n  <b>oops</b>\n</html>" },
      "GET /rev-orgs.list returned 200 with a body that is not valid JSON: <html> <b>oops</b> </html>",
    ],
    [
      { reason: "invalid_json", rawBody: "" },
      "GET /rev-orgs.list returned 200 with a body that is not valid JSON: (empty body)",
    ],
    [
      { reason: "schema_mismatch", path: "/rev_org/display_name", detail: "must be string" },
      "GET /rev-orgs.list returned 200 with a body that does not match the API spec at /rev_org/display_name (must be string)",
    ],
    [
      { reason: "schema_mismatch" },
      "GET /rev-orgs.list returned 200 with a body that does not match the API spec",
    ],
    [
      { reason: "unexpected_status", rawBody: "x".repeat(300) },
      `GET /rev-orgs.list failed with 200 and a response that is not a DevRev error: ${"x".repeat(120)}…`,
    ],
  ] as const)("%o", (fields, message) => {
    const error = new DevRevResponseError({ status: 200, operation: "GET /rev-orgs.list", ...fields });
    expect(error.message).toBe(message);
    expect(error.reason).toBe(fields.reason);
  });

  it("keeps at most 1 KB of UTF-8, never splitting a character", () => {
    for (const char of ["a", "é", "€", "😀", "\uD800"]) {
      const error = new DevRevResponseError({
        status: 502,
        reason: "unexpected_status",
        rawBody: char.repeat(2000),
      });
      const bytes = new TextEncoder().encode(error.rawBody).length;
      expect(bytes).toBeLessThanOrEqual(1024);
      expect(bytes).toBeGreaterThan(1020);
      expect(error.rawBody).toBe(char.repeat(error.rawBody.length / char.length));
    }
    const short = "😀".repeat(100);
    expect(new DevRevResponseError({ status: 502, reason: "invalid_json", rawBody: short }).rawBody).toBe(
      short,
    );
  });

  it("defaults to no body and no operation, and toJSON says why", () => {
    const error = new DevRevResponseError({
      status: 200,
      reason: "schema_mismatch",
      path: "/id",
      rawBody: 5 as never,
    });
    expect(error.rawBody).toBe("");
    expect(error.toJSON()).toMatchObject({
      name: "DevRevResponseError",
      status: 200,
      reason: "schema_mismatch",
      path: "/id",
    });
    expect(error.message).toBe(
      "DevRev API request returned 200 with a body that does not match the API spec at /id",
    );
  });
});

describe("errors that are not HTTP responses", () => {
  it("DevRevConnectionError says whether the request went out, and what failed underneath", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const cause = new TypeError("fetch failed", { cause: refused });
    const before = new DevRevConnectionError({
      requestSent: false,
      cause,
      operation: "POST /rev-users.link",
    });
    expect(before.message).toBe(
      "POST /rev-users.link failed: connection error before the request was sent " +
        "(TypeError: fetch failed <- Error [ECONNREFUSED]: connect ECONNREFUSED 127.0.0.1:9)",
    );
    expect(before.cause).toBe(cause);
    expect(before.requestSent).toBe(false);
    expect(before.toJSON()).toMatchObject({
      requestSent: false,
      cause: expect.stringContaining("ECONNREFUSED"),
    });
    const after = new DevRevConnectionError({ requestSent: true });
    expect(after.message).toBe("DevRev API request failed: connection error after the request was sent");
    expect("cause" in after).toBe(false);
  });

  it("DevRevTimeoutError and DevRevAbortError", () => {
    const timeout = new DevRevTimeoutError({ timeoutMs: 30_000, operation: "GET /rev-orgs.list" });
    expect(timeout.message).toBe("GET /rev-orgs.list timed out after 30000 ms");
    expect(timeout.toJSON()).toMatchObject({ name: "DevRevTimeoutError", timeoutMs: 30_000 });
    const reason = new DOMException("stop", "AbortError");
    const abort = new DevRevAbortError({ cause: reason });
    expect(abort.message).toBe("DevRev API request was aborted by the caller");
    expect(abort.cause).toBe(reason);
    expect(abort.toJSON()["cause"]).toBe("AbortError: stop");
  });

  it("summarises any cause chain in one line, whatever it holds", () => {
    const cases: [unknown, string | undefined][] = [
      ["plain text", "plain text"],
      [42, "42"],
      [{ message: "no name" }, "Error: no name"],
      [{ name: "Weird" }, "[object Object]"],
      [null, undefined],
      [
        new Error("a", {
          cause: new Error("b", { cause: new Error("c", { cause: new Error("d", { cause: "e" }) }) }),
        }),
        "Error: a <- Error: b <- Error: c <- Error: d",
      ],
      [
        {
          get message(): string {
            throw new Error("boom");
          },
        },
        "[unreadable cause]",
      ],
      [new Error("x".repeat(2000)), `Error: ${"x".repeat(493)}…`],
    ];
    for (const [cause, summary] of cases) {
      expect(new DevRevAbortError({ cause }).toJSON()["cause"]).toBe(summary);
    }
  });
});

describe("printing", () => {
  it("util.inspect shows the stack and the set fields, not the raw cause", () => {
    const cause = Object.assign(new Error("socket hang up"), {
      request: { headers: { authorization: "x" } },
    });
    const text = inspect(new DevRevConnectionError({ requestSent: true, cause, operation: "GET /x" }));
    expect(text).toMatch(
      /^DevRevConnectionError: GET \/x failed: connection error after the request was sent/,
    );
    expect(text).toContain("    at ");
    expect(text).toContain("requestSent: true");
    expect(text).toContain("cause: 'Error: socket hang up'");
    expect(text).not.toContain("authorization");
    expect(text).not.toContain("request:");
  });

  it("is short when nested beyond the inspect depth, and works without Node's inspect", () => {
    const error = new BadRequestError({ body: { type: "invalid_id", field_name: "id" } });
    expect(inspect({ b: error }, { depth: 0 })).toContain(
      "[BadRequestError: DevRev API request failed with 400 invalid_id]",
    );
    const custom = (error as unknown as Record<symbol, (depth: number, options: unknown) => string>)[
      inspectCustom
    ];
    const text = custom?.call(error, 2, {});
    expect(text).toContain('"type": "invalid_id"');
    expect(text?.startsWith("BadRequestError: DevRev API request failed with 400 invalid_id\n")).toBe(true);
    const stackless = new DevRevAbortError();
    Object.defineProperty(stackless, "stack", { value: undefined });
    expect(custom?.call(stackless, 2, {})).toBe(
      "DevRevAbortError: DevRev API request was aborted by the caller {}",
    );
  });

  it("the base class works alone", () => {
    const error = new DevRevKitError("something devrev-kit-ish", { operation: "op" });
    expect(error.name).toBe("DevRevKitError");
    expect(error.toJSON()).toEqual({
      name: "DevRevKitError",
      message: "something devrev-kit-ish",
      operation: "op",
      request: undefined,
      cause: undefined,
    });
  });
});

describe("subclass defaults", () => {
  it("each status class can be built with nothing and still names its fallback type", () => {
    const error = new TooManyRequestsError();
    expect(error).toMatchObject({
      status: 429,
      type: "too_many_requests",
      body: { type: "too_many_requests" },
    });
    expect(isErrorOfType(error, "too_many_requests")).toBe(true);
    expect(new DevRevError({ status: 418 }).type).toBe("unknown");
    expect(new DevRevError({ status: Number.NaN }).status).toBe(0);
  });
});
