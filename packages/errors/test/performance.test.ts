// Huge and hostile inputs are handled in linear time. Each case gets a generous bound (20 s, on a
// shared 2-core machine) that a linear pass meets easily and a quadratic one (a backtracking regex, a
// repeated string copy) could not come near: at these sizes quadratic work would take hours.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createDevRevError, DevRevAbortError, type DevRevError, parseRetryAfter } from "../src/index.ts";

const MB = 1024 * 1024;
const BOUND_MS = 20_000;
const request = { headers: { authorization: "Bearer dvrv-secret-token-0123456789" } };

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

const wideJson = JSON.stringify(
  Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`k${index}`, index])),
);

// 4,000 session cookies (each one a secret to look for) against 1,000,000 body strings: searching each
// string for each secret in turn costs about 20 ns a pair here, some 80 s at this size; one pass of a
// single pattern per string takes well under a second.
const manyCookies = Array.from(
  { length: 4000 },
  (_, index) => `sess${index}=value-${(index * 7919).toString(36)}-k9`,
);
const manyStrings = JSON.stringify({
  type: "bad_request",
  items: Array.from({ length: 1_000_000 }, (_, index) => `item number ${index} with some more text`),
});

const cases: [string, () => unknown][] = [
  [
    "an 8 MB HTML page from a proxy (502)",
    () => createDevRevError({ status: 502, body: `<html>${"x ".repeat(4 * MB)}` }),
  ],
  [
    "an 8 MB HTML page on a declared status (429)",
    () => createDevRevError({ status: 429, body: "<p>".repeat(3 * MB) }),
  ],
  ["8 MB of whitespace", () => createDevRevError({ status: 400, body: " ".repeat(8 * MB) })],
  [
    "an 8 MB JSON array (never parsed)",
    () => createDevRevError({ status: 400, body: `[${"1,".repeat(4 * MB)}1]` }),
  ],
  [
    "a JSON body with an 8 MB message, request attached",
    () =>
      createDevRevError({
        status: 400,
        body: JSON.stringify({ type: "bad_request", message: "m ".repeat(4 * MB) }),
        request,
      }),
  ],
  [
    "a JSON body with 100,000 keys, request attached",
    () => createDevRevError({ status: 409, body: wideJson, request }),
  ],
  ["JSON nested 200,000 deep, as text", () => createDevRevError({ status: 400, body: deepJson(200_000) })],
  [
    "JSON nested 200,000 deep, as text, request attached",
    () => createDevRevError({ status: 400, body: deepJson(200_000), request }),
  ],
  [
    "JSON nested 200,000 deep, printed",
    () => {
      const error = createDevRevError({ status: 400, body: deepJson(200_000) });
      return [JSON.stringify(error), inspect(error)];
    },
  ],
  [
    "4 MB of digits and a letter in Retry-After",
    () => createDevRevError({ status: 429, body: "", headers: { "retry-after": `${"1".repeat(4 * MB)}x` } }),
  ],
  ["4 MB of digits with dots in Retry-After", () => parseRetryAfter(`${"1.".repeat(2 * MB)}`)],
  ["a 4 MB date-like Retry-After", () => parseRetryAfter(`Wed, ${"01 ".repeat(1.3 * MB)}`)],
  [
    "a 4 MB unclosed brace body (JSON.parse fails)",
    () =>
      createDevRevError({ status: 500, body: `{"type":"internal_error","message":"${"a".repeat(4 * MB)}` }),
  ],
  [
    "a 2 MB raw body echoing the token everywhere",
    () => createDevRevError({ status: 502, body: "dvrv-secret-token-0123456789 ".repeat(70_000), request }),
  ],
  [
    "4,000 session cookies and a 40 MB body of 1,000,000 strings",
    () =>
      createDevRevError({
        status: 400,
        body: manyStrings,
        request: { headers: { cookie: manyCookies.join("; ") } },
      }),
  ],
  [
    "a cause referring 200,000 times to one class with 2,000 methods, request attached",
    () => {
      class Big {}
      for (let index = 0; index < 2000; index++)
        Object.assign(Big.prototype, { [`method${index}`]: () => undefined });
      // Reading the class once per reference would list 400 million keys.
      const cause = Object.assign(new Error("failed"), { handlers: new Array(200_000).fill(Big) });
      return new DevRevAbortError({ request, cause });
    },
  ],
  [
    "a cause of 990 errors of one class whose prototype has 120,000 methods, request attached",
    () => {
      class Big extends Error {}
      for (let index = 0; index < 120_000; index++)
        Object.assign(Big.prototype, { [`method${index}`]: () => undefined });
      // Listing the class's prototype once per error (for its getters) lists 119 million keys.
      const errors = Array.from({ length: 990 }, () => new Big("failed"));
      return new DevRevAbortError({ request, cause: new AggregateError(errors, "all failed") });
    },
  ],
];

describe("huge and hostile input", () => {
  it.each(cases)("%s", (_, run) => {
    expect(timed(run)).toBeLessThan(BOUND_MS);
  });

  it("cuts every one of many cookies out of the body in that one pass", () => {
    const echo = JSON.stringify({
      type: "bad_request",
      seen: manyCookies.map((cookie) => cookie.split("=")[1]),
    });
    const error = createDevRevError({
      status: 400,
      body: echo,
      request: { headers: { cookie: manyCookies.join("; ") } },
    });
    expect((error as DevRevError).body).toEqual({
      type: "bad_request",
      seen: manyCookies.map(() => "[REDACTED]"),
    });
  });

  it("judges code many failing functions share once, not once per function that leads to it", () => {
    // One class with 100,000 clean statics, reached from 450 functions that each fail (a WeakMap) after it: a
    // function judged code under one that fails is not remembered, and is read again for the next.
    const shared = function Shared() {};
    for (let index = 0; index < 100_000; index++) Object.assign(shared, { [`k${index}`]: index });
    const failing = Array.from({ length: 450 }, () =>
      Object.assign(function Hook() {}, { shared, cache: new WeakMap() }),
    );
    const once = timed(
      () => new DevRevAbortError({ request, cause: Object.assign(new Error("x"), { shared }) }),
    );
    const many = timed(
      () => new DevRevAbortError({ request, cause: Object.assign(new Error("x"), { failing }) }),
    );
    expect(many).toBeLessThan(10 * once + 1000);
  });

  it("still classifies the deep body and keeps what it can", () => {
    const error = createDevRevError({ status: 400, body: deepJson(200_000) }) as DevRevError;
    expect(error.type).toBe("bad_request");
    expect(JSON.parse(JSON.stringify(error)).body).toBe("[not serializable as JSON]");
  });
});
