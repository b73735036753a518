import { inspect } from "node:util";
import { validateResponseBody } from "@devrev-kit/types/validators";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createDevRevError,
  DevRevError,
  DevRevResponseError,
  getRetryDecision,
  isBadRequestError,
  isConflictError,
  isDevRevError,
  isDevRevKitError,
  isErrorOfType,
  isForbiddenError,
  isInternalServerError,
  isNotFoundError,
  isResponseError,
  isServiceUnavailableError,
  isTooManyRequestsError,
  isUnauthenticatedError,
  parseRetryAfter,
  toDevRevError,
} from "../src/index.ts";
import { badRequestBodies, declaredStatuses, statusBodies } from "./support/spec-bodies.ts";

const statusGuards: Record<number, (value: unknown) => boolean> = {
  400: isBadRequestError,
  401: isUnauthenticatedError,
  403: isForbiddenError,
  404: isNotFoundError,
  409: isConflictError,
  429: isTooManyRequestsError,
  500: isInternalServerError,
  503: isServiceUnavailableError,
};

const knownTypes = [...badRequestBodies, ...statusBodies.map(({ body }) => body)].map((body) => body.type);

const status = fc.oneof(
  fc.constantFrom(...declaredStatuses),
  fc.integer({ min: 400, max: 599 }),
  fc.integer({ min: -100, max: 1100 }),
  fc.double(),
  fc.anything(),
);

const retryAfterValue = fc.oneof(
  fc.string(),
  fc.nat().map(String),
  fc.integer().map(String),
  fc.double().map(String),
  fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
  fc.stringMatching(/^ *\d{1,400}(\.\d{1,20})? *$/),
);

const headerName = fc.oneof(
  fc.constantFrom(
    "retry-after",
    "Retry-After",
    "x-request-id",
    "request-id",
    "__proto__",
    "constructor",
    "set-cookie",
  ),
  fc.string(),
);

const headers = fc.oneof(
  fc.dictionary(headerName, fc.oneof(retryAfterValue, fc.array(fc.string()), fc.integer())),
  fc.array(fc.tuple(headerName, retryAfterValue)),
  fc.anything(),
);

/** A JSON object shaped like an error body: a known, foreign, odd or missing `type`, and random fields. */
const errorLikeObject = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...knownTypes), fc.string(), fc.jsonValue()),
    message: fc.oneof(fc.string(), fc.jsonValue()),
    detail: fc.oneof(fc.string(), fc.jsonValue()),
    retry_after: fc.oneof(fc.double(), fc.integer(), retryAfterValue, fc.jsonValue()),
    reference_id: fc.oneof(fc.string(), fc.jsonValue()),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

/** Bodies as they come off the wire: text (JSON or not), or JSON someone already parsed. */
const jsonBody = fc.oneof(
  errorLikeObject.map((value) => JSON.stringify(value)),
  errorLikeObject,
  fc.json(),
  fc.jsonValue(),
  fc.string(),
  fc.constantFrom("", " ", "null", "[]", "{", "{}", "<html>502</html>", '{"type":'),
);

const anyBody = fc.oneof(jsonBody, fc.anything(), fc.uint8Array());

function checkWellFormed(error: unknown, input: { status: unknown }): void {
  expect(isDevRevKitError(error)).toBe(true);
  expect(error instanceof DevRevError || error instanceof DevRevResponseError).toBe(true);
  expect(isDevRevError(error)).not.toBe(isResponseError(error));
  const e = error as DevRevError | DevRevResponseError;
  expect(typeof e.message).toBe("string");
  expect(e.message.length).toBeGreaterThan(0);
  expect(Number.isInteger(e.status) && e.status >= 0 && e.status <= 999).toBe(true);
  if (e.retryAfterMs !== undefined) {
    expect(Number.isFinite(e.retryAfterMs)).toBe(true);
    expect(e.retryAfterMs).toBeGreaterThanOrEqual(0);
  }
  const declared = typeof input.status === "number" && declaredStatuses.includes(input.status);
  if (declared) {
    // Declared statuses always get their class, whatever the body.
    for (const [code, guard] of Object.entries(statusGuards))
      expect(guard(e)).toBe(Number(code) === input.status);
  }
  if (e instanceof DevRevError) {
    expect(e.status >= 400 && e.status <= 599).toBe(true);
    expect(typeof e.type).toBe("string");
    expect(e.type.length).toBeGreaterThan(0);
    expect(typeof e.body).toBe("object");
    expect(e.body.type).toBe(e.type);
    // A body the spec's own validator accepts for its status is always narrowed to its type.
    if (declared && validateResponseBody("POST /rev-orgs.update", e.status, e.body).valid) {
      expect(isErrorOfType(e, e.type as never)).toBe(true);
    }
  } else {
    expect(new TextEncoder().encode(e.rawBody).length).toBeLessThanOrEqual(1024);
  }
  const decision = getRetryDecision(e, { idempotent: true });
  expect(typeof decision.retry).toBe("boolean");
  // Printing never throws.
  inspect(e);
  JSON.stringify(e);
}

describe("createDevRevError on arbitrary input", () => {
  it("never throws and always yields a well-formed, classified error", () => {
    fc.assert(
      fc.property(
        fc.record({ status, headers, body: anyBody, operation: fc.option(fc.string(), { nil: undefined }) }),
        (input) => {
          const error = createDevRevError(input as never);
          checkWellFormed(error, input);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("keeps any non-empty string type as sent, and classifies by status alone", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...declaredStatuses),
        fc.string({ minLength: 1 }),
        fc.boolean(),
        (code, type, asText) => {
          const body = { type, message: "m" };
          const error = createDevRevError({
            status: code,
            body: asText ? JSON.stringify(body) : body,
          }) as DevRevError;
          expect(error.type).toBe(type);
          expect(statusGuards[code]?.(error)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("with JSON bodies, toJSON round-trips through JSON", () => {
    fc.assert(
      fc.property(fc.constantFrom(...declaredStatuses, 418, 502), jsonBody, (code, body) => {
        const error = createDevRevError({ status: code, body });
        expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: error.name, status: code });
      }),
      { numRuns: 1000 },
    );
  });

  it("toDevRevError agrees with createDevRevError, even for things that are not responses", () => {
    fc.assert(
      fc.property(fc.anything(), anyBody, (response, body) => {
        const error = toDevRevError(response as never, body, "GET /x");
        expect(isDevRevKitError(error)).toBe(true);
        expect(error.operation).toBe("GET /x");
      }),
      { numRuns: 500 },
    );
  });
});

describe("retry-after on arbitrary input", () => {
  it("parseRetryAfter is never negative, NaN or infinite", () => {
    fc.assert(
      fc.property(
        fc.oneof(retryAfterValue, fc.anything()),
        fc.oneof(fc.double(), fc.integer()),
        (value, now) => {
          const ms = parseRetryAfter(value as string, now);
          if (ms !== undefined) {
            expect(Number.isFinite(ms)).toBe(true);
            expect(ms).toBeGreaterThanOrEqual(0);
            expect(ms).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("an error's retryAfterMs is the larger of body and header, never negative or NaN", () => {
    fc.assert(
      fc.property(
        fc.option(retryAfterValue),
        fc.oneof(fc.double(), fc.integer(), fc.string()),
        (header, field) => {
          const error = createDevRevError({
            status: 429,
            headers: header === null ? {} : { "retry-after": header },
            body: { type: "too_many_requests", retry_after: field },
          }) as DevRevError;
          const fromHeader = parseRetryAfter(header);
          const ms = error.retryAfterMs;
          if (ms !== undefined) {
            expect(Number.isFinite(ms) && ms >= 0).toBe(true);
            // The header's value (computed a moment later) can only be a few ms smaller than what the error saw.
            if (fromHeader !== undefined) expect(ms).toBeGreaterThanOrEqual(fromHeader - 50);
          } else {
            expect(fromHeader).toBeUndefined();
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("prototype pollution", () => {
  const dangerousKey = fc.constantFrom("__proto__", "constructor", "prototype", "toString", "type");
  const dangerousJson = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.jsonValue({ maxDepth: 1 }),
      fc.dictionary(fc.oneof(dangerousKey, fc.string()), tie("value"), { maxKeys: 4 }),
      fc.array(tie("value"), { maxLength: 3 }),
    ),
  })).value;

  it("no body, header or request key changes Object.prototype or the error body's prototype", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(
        dangerousJson,
        fc.constantFrom(...declaredStatuses, 422, 502),
        fc.boolean(),
        (value, code, withRequest) => {
          // JSON.parse makes `__proto__` an own key, exactly as a server's body would arrive.
          const text = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"nested":${JSON.stringify(value)}}`;
          const request = withRequest
            ? {
                headers: { authorization: "Bearer token-token-token", __proto__: "x" },
                url: "https://h/?__proto__=1",
              }
            : undefined;
          for (const body of [text, JSON.parse(text)]) {
            const error = createDevRevError({
              status: code,
              body,
              headers: JSON.parse('{"__proto__":"1","x-request-id":"r"}'),
              request,
            });
            expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
            if (error instanceof DevRevError) {
              expect(Object.getPrototypeOf(error.body)).toBe(Object.prototype);
              expect((error.body as Record<string, unknown>)["polluted"]).toBeUndefined();
            }
            const printed = JSON.parse(JSON.stringify(error));
            expect(Object.getPrototypeOf(printed.headers)).toBe(Object.prototype);
            expect(printed.headers.polluted).toBeUndefined();
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });
});

describe("credentials never leak, whatever the server sends back", () => {
  it("holds for random tokens echoed anywhere", () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_.~+/=-]{12,40}$/);
    fc.assert(
      fc.property(
        token,
        fc.constantFrom(...declaredStatuses, 422, 502, 200),
        fc.constantFrom("message", "detail", "field_name", "key", "nested", "header", "raw"),
        fc.string(),
        (secret, code, where, noise) => {
          const request = {
            method: "POST",
            url: "https://api.devrev.ai/x",
            headers: { authorization: `Bearer ${secret}` },
          };
          const echo = `${noise}${secret}${noise}${secret}`;
          const body =
            where === "raw"
              ? `<html>${echo}</html>`
              : JSON.stringify({
                  type: "invalid_field",
                  ...(where === "key"
                    ? { [echo]: 1 }
                    : where === "nested"
                      ? { a: [{ b: echo }] }
                      : { [where]: echo }),
                });
          const error = createDevRevError({
            status: code,
            body,
            request,
            headers: where === "header" ? { "x-echo": echo } : {},
          });
          for (const text of [
            error.message,
            String(error.stack),
            JSON.stringify(error),
            inspect(error, { depth: 10 }),
          ]) {
            expect(text.includes(secret)).toBe(false);
          }
          expect(request.headers.authorization).toBe(`Bearer ${secret}`);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
