import { describe, expect, it } from "vitest";
import {
  BadRequestError,
  createDevRevError,
  DevRevAbortError,
  DevRevConnectionError,
  DevRevError,
  DevRevResponseError,
  DevRevTimeoutError,
  getRetryDecision,
  InternalServerError,
  NotFoundError,
  parseRetryAfter,
  ServiceUnavailableError,
  TooManyRequestsError,
} from "../src/index.ts";

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-10-01T12:00:00Z");

  it.each([
    ["0", 0],
    ["120", 120_000],
    [" 3 ", 3000],
    ["1.5", 1500],
    ["0.0001", 1],
    ["9".repeat(400), Number.MAX_SAFE_INTEGER],
  ])("delay-seconds %j is %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([
    ["Wed, 01 Oct 2025 12:00:30 GMT", 30_000],
    ["Wed, 01 Oct 2025 12:00:30 UTC", 30_000],
    ["Wed, 01 Oct 2025 12:00:30 +0000", 30_000],
    ["Wed, 01 Oct 2025 12:00:30 -0000", 30_000],
    ["Wednesday, 01-Oct-25 12:01:00 GMT", 60_000],
    ["Wed Oct  1 12:00:05 2025", 5000],
    ["Wed, 01 Oct 2025 11:00:00 GMT", 0],
    ["Thu, 01 Jan 1970 00:00:00 GMT", 0],
  ])("HTTP date %j is %i ms from now", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([
    undefined,
    null,
    "",
    "   ",
    "-5",
    "+5",
    "5s",
    "1e3",
    ".5",
    "5.",
    "0x10",
    "Infinity",
    "NaN",
    "2025-10-01T12:00:30Z",
    "Someday, 99 Foo 2025",
    // Date.parse reads these as dates long past, which would make a wait of 0 (no backoff at all).
    "abc 1",
    "Wed 1",
    "Retry later, 1",
    "Wed, 01 Oct 2025",
    "Wed, 01 Oct 2025 12:00:30",
    "Wed, 01 Oct 2025 12:00:30 +0200",
    // The form of a date, but not a date.
    "Wed, 99 Oct 2025 12:00:30 GMT",
    `Wed, 01 Oct 2025 12:00:30 GMT${" ".repeat(10)}x${"y".repeat(60)}`,
    42 as unknown as string,
  ])("%j is undefined", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it("uses the current time by default, and when given a time that is not a number", () => {
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    for (const result of [parseRetryAfter(inAMinute), parseRetryAfter(inAMinute, Number.NaN)]) {
      expect(result).toBeGreaterThan(55_000);
      expect(result).toBeLessThanOrEqual(60_000);
    }
  });
});

describe("retryAfterMs on errors", () => {
  it.each([
    ["body only", { retry_after: 5 }, undefined, 5000],
    ["header only", {}, "3", 3000],
    ["both: the body is longer", { retry_after: 5 }, "3", 5000],
    ["both: the header is longer", { retry_after: 1 }, "3", 3000],
    ["body as numeric text", { retry_after: "4" }, undefined, 4000],
    ["negative body, header used", { retry_after: -1 }, "2", 2000],
    ["NaN body", { retry_after: Number.NaN }, undefined, undefined],
    ["body of another type", { retry_after: true }, undefined, undefined],
    ["unparsable header", {}, "soon", undefined],
    ["huge body", { retry_after: 1e308 }, undefined, Number.MAX_SAFE_INTEGER],
    ["Infinity from JSON 1e400", "1e400", undefined, Number.MAX_SAFE_INTEGER],
  ])("%s", (_, fields, header, expected) => {
    const body =
      typeof fields === "string"
        ? `{"type":"too_many_requests","retry_after":${fields}}`
        : { type: "too_many_requests", ...fields };
    const headers = header === undefined ? {} : { "retry-after": header };
    const error = createDevRevError({ status: 429, body, headers }) as TooManyRequestsError;
    expect(error.retryAfterMs).toBe(expected);
  });

  it("DevRevResponseError reads Retry-After too", () => {
    const error = createDevRevError({ status: 502, body: "<html>", headers: { "retry-after": "9" } });
    expect((error as DevRevResponseError).retryAfterMs).toBe(9000);
  });
});

describe("getRetryDecision", () => {
  const withDelay = { headers: { "retry-after": "2" } };
  const cases: [string, unknown, { idempotent: boolean; retry: boolean; minDelayMs?: number }[]][] = [
    [
      "429",
      new TooManyRequestsError(withDelay),
      [
        { idempotent: false, retry: true, minDelayMs: 2000 },
        { idempotent: true, retry: true, minDelayMs: 2000 },
      ],
    ],
    [
      "503",
      new ServiceUnavailableError(),
      [
        { idempotent: false, retry: true },
        { idempotent: true, retry: true },
      ],
    ],
    [
      "500",
      new InternalServerError(withDelay),
      [
        { idempotent: false, retry: false },
        { idempotent: true, retry: true, minDelayMs: 2000 },
      ],
    ],
    [
      "502 with JSON",
      new DevRevError({ status: 502, body: { type: "bad_gateway" } }),
      [
        { idempotent: false, retry: false },
        { idempotent: true, retry: true },
      ],
    ],
    [
      "502 from a proxy",
      new DevRevResponseError({ status: 502, reason: "unexpected_status", rawBody: "<html>" }),
      [
        { idempotent: false, retry: false },
        { idempotent: true, retry: true },
      ],
    ],
    [
      "504 from a proxy",
      new DevRevResponseError({ status: 504, reason: "unexpected_status" }),
      [{ idempotent: true, retry: true }],
    ],
    [
      "503 from a proxy",
      new DevRevResponseError({ status: 503, reason: "unexpected_status" }),
      [{ idempotent: false, retry: true }],
    ],
    [
      "200 with invalid JSON",
      new DevRevResponseError({ status: 200, reason: "invalid_json" }),
      [{ idempotent: true, retry: false }],
    ],
    ["400", new BadRequestError(), [{ idempotent: true, retry: false }]],
    ["404", new NotFoundError(), [{ idempotent: true, retry: false }]],
    ["422", new DevRevError({ status: 422 }), [{ idempotent: true, retry: false }]],
    [
      "timeout",
      new DevRevTimeoutError({ timeoutMs: 10 }),
      [
        { idempotent: false, retry: false },
        { idempotent: true, retry: true },
      ],
    ],
    [
      "connection failure after sending",
      new DevRevConnectionError({ requestSent: true }),
      [
        { idempotent: false, retry: false },
        { idempotent: true, retry: true },
      ],
    ],
    [
      "connection failure before sending",
      new DevRevConnectionError({ requestSent: false }),
      [
        { idempotent: false, retry: true },
        { idempotent: true, retry: true },
      ],
    ],
    ["abort", new DevRevAbortError(), [{ idempotent: true, retry: false }]],
    ["a plain Error", new Error("x"), [{ idempotent: true, retry: false }]],
    ["a string", "429", [{ idempotent: true, retry: false }]],
    ["null", null, [{ idempotent: true, retry: false }]],
  ];

  describe.each(cases)("%s", (_, error, expectations) => {
    it.each(expectations)("idempotent=$idempotent → retry=$retry", ({ idempotent, retry, minDelayMs }) => {
      expect(getRetryDecision(error, { idempotent })).toEqual({ retry, minDelayMs });
    });
  });

  it("never reports a delay it would not honour, nor a bad one from a foreign object", () => {
    const brand = Symbol.for("@devrev-kit/errors.kinds");
    const foreign = { [brand]: ["TooManyRequestsError", "DevRevError"], status: 429, retryAfterMs: -5 };
    expect(getRetryDecision(foreign, { idempotent: false })).toEqual({ retry: true, minDelayMs: undefined });
    const nan = { ...foreign, retryAfterMs: Number.NaN };
    expect(getRetryDecision(nan, { idempotent: false })).toEqual({ retry: true, minDelayMs: undefined });
  });

  it("never throws, even on an object whose fields throw", () => {
    const brand = Symbol.for("@devrev-kit/errors.kinds");
    const hostile = {
      [brand]: ["DevRevError"],
      get status(): number {
        throw new Error("boom");
      },
    };
    expect(getRetryDecision(hostile, { idempotent: true })).toEqual({ retry: false, minDelayMs: undefined });
    expect(getRetryDecision(new InternalServerError(), {} as never)).toEqual({
      retry: false,
      minDelayMs: undefined,
    });
  });
});
