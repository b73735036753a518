// Every fault a network or a DevRev gateway can produce, against each of the client's eight operations, over
// real loopback HTTP to the fixtures mock server. Each case checks what the server saw (attempts, and for
// revOrgs.create how many orgs exist), how long the call took, and what the caller got.

import type { DevRevClientOptions } from "@devrev-kit/client";
import {
  isAbortError,
  isConnectionError,
  isDevRevKitError,
  isInternalServerError,
  isResponseError,
  isTimeoutError,
  isTooManyRequestsError,
} from "@devrev-kit/errors";
import { validateResponseBody } from "@devrev-kit/types/validators";
import { afterAll, describe, type ExpectStatic, test } from "vitest";
import { type Harness, type Settled, settle, startHarness } from "../src/harness.ts";
import { createLeakWatch } from "../src/leak-watch.ts";
import { OPERATIONS, type OperationCase, orgsNamed } from "../src/operations.ts";
import { TOKEN } from "../src/secret.ts";

const watch = createLeakWatch();

// Backoff when the server names no wait: 500 ms shortened by up to a quarter (the client's default).
const BACKOFF = { min: 375, max: 500 };
// Timers never fire early by more than a millisecond; a shared 2-core machine can make anything late.
const EARLY_MS = 5;
const SLACK_MS = 3_000;

interface Outcome {
  readonly result: Settled;
  readonly attempts: number;
  /** Rev organizations with the call's display name (only meaningful for revOrgs.create). */
  readonly orgs: number;
  readonly h: Harness;
  readonly op: OperationCase;
}

type CallOptions = { signal?: AbortSignal; deadlineMs?: number };

interface FaultCase {
  readonly name: string;
  readonly client?: DevRevClientOptions;
  /** Injects the fault(s); may return per-call options. */
  arrange(h: Harness, op: OperationCase): CallOptions | undefined | Promise<CallOptions | undefined>;
  check(outcome: Outcome, expect: ExpectStatic): void;
}

/** The call succeeded after exactly one retry, which waited `wait` (a number or a range of ms). */
function recovered(
  { result, attempts, orgs, h, op }: Outcome,
  expect: ExpectStatic,
  retry: { error?: string; status?: number; wait: number | { min: number; max: number }; seen?: number },
): void {
  expect(result.ok, result.ok ? "" : String(result.error)).toBe(true);
  // Both attempts reached the server, unless the first never left the client.
  expect(attempts).toBe(retry.seen ?? 2);
  expect(h.retries).toHaveLength(1);
  const line = h.retries[0];
  if (retry.status !== undefined) expect(line?.status).toBe(retry.status);
  if (retry.error !== undefined) expect(line?.error).toBe(retry.error);
  const { min, max } = typeof retry.wait === "number" ? { min: retry.wait, max: retry.wait } : retry.wait;
  expect(line?.retryInMs).toBeGreaterThanOrEqual(min);
  expect(line?.retryInMs).toBeLessThanOrEqual(max);
  expect(result.ms).toBeGreaterThanOrEqual(min - EARLY_MS);
  expect(result.ms).toBeLessThan(max + SLACK_MS);
  if (result.ok && op.name !== "revOrgs.create") {
    expect(validateResponseBody(op.key, op.successStatus, result.value)).toEqual({ valid: true });
  }
  if (op.name === "revOrgs.create") expect(orgs).toBe(1);
}

/** The call failed after `attempts` attempts with the error `is` accepts. */
function failed(
  { result, attempts }: Outcome,
  expect: ExpectStatic,
  expected: { attempts: number; is: (error: unknown) => boolean; within?: number },
): unknown {
  expect(result.ok).toBe(false);
  const error = result.ok ? undefined : result.error;
  expect(isDevRevKitError(error), String(error)).toBe(true);
  expect(expected.is(error), String(error)).toBe(true);
  expect(attempts).toBe(expected.attempts);
  if (expected.within !== undefined) expect(result.ms).toBeLessThan(expected.within);
  return error;
}

const CASES: readonly FaultCase[] = [
  {
    name: "429 with retry_after only in the body",
    arrange: (h, op) =>
      void h.server.inject({ operation: op.key, status: 429, retryAfter: 1, retryAfterHeader: null }),
    check: (o, expect) => recovered(o, expect, { status: 429, wait: 1_000 }),
  },
  {
    name: "429 with Retry-After only in the header",
    arrange: (h, op) => void h.server.inject({ operation: op.key, status: 429, retryAfterHeader: "1.2" }),
    check: (o, expect) => recovered(o, expect, { status: 429, wait: 1_200 }),
  },
  {
    name: "429 with both, the body's larger: the body wins",
    arrange: (h, op) =>
      void h.server.inject({ operation: op.key, status: 429, retryAfter: 1, retryAfterHeader: "0.2" }),
    check: (o, expect) => recovered(o, expect, { status: 429, wait: 1_000 }),
  },
  {
    name: "429 with both, the header's larger: the header wins",
    arrange: (h, op) =>
      void h.server.inject({ operation: op.key, status: 429, retryAfter: 0, retryAfterHeader: "1.3" }),
    check: (o, expect) => recovered(o, expect, { status: 429, wait: 1_300 }),
  },
  {
    name: "429 asking for more than maxRetryAfterMs: fails at once, retryAfterMs set",
    client: { maxRetryAfterMs: 500 },
    arrange: (h, op) => void h.server.inject({ operation: op.key, status: 429, retryAfter: 30 }),
    check: (o, expect) => {
      const error = failed(o, expect, { attempts: 1, is: isTooManyRequestsError, within: 1_000 });
      expect(isTooManyRequestsError(error) && error.retryAfterMs).toBe(30_000);
      expect(o.h.retries).toEqual([]);
      if (o.op.name === "revOrgs.create") expect(o.orgs).toBe(0);
    },
  },
  {
    name: "503 without a wait: backoff, then success",
    arrange: (h, op) => void h.server.inject({ operation: op.key, status: 503 }),
    check: (o, expect) => recovered(o, expect, { status: 503, wait: BACKOFF }),
  },
  {
    name: "500 with a reference_id: retried only where repeating is harmless",
    arrange: (h, op) => void h.server.inject({ operation: op.key, status: 500 }),
    check: (o, expect) => {
      if (o.op.idempotent) return recovered(o, expect, { status: 500, wait: BACKOFF });
      const error = failed(o, expect, { attempts: 1, is: isInternalServerError, within: 1_000 });
      if (!isInternalServerError(error)) return;
      expect(error.status).toBe(500);
      expect(error.referenceId).toMatch(/\S/);
      expect(error.referenceId).toBe((error.body as { reference_id?: unknown }).reference_id);
      expect(error.operation).toBe(o.op.key);
      expect(o.orgs).toBe(0);
    },
  },
  {
    name: "502 with an HTML body from a proxy: retried only where repeating is harmless",
    arrange: (h, op) => void h.server.inject({ operation: op.key, status: 502, malformedBody: "non-json" }),
    check: (o, expect) => {
      if (o.op.idempotent) return recovered(o, expect, { status: 502, wait: BACKOFF });
      const error = failed(o, expect, { attempts: 1, is: isResponseError, within: 1_000 });
      if (!isResponseError(error)) return;
      expect(error.status).toBe(502);
      expect(error.reason).toBe("unexpected_status");
      expect(error.rawBody).toContain("Bad Gateway");
      expect(o.orgs).toBe(0);
    },
  },
  {
    name: "connection refused (the request never left): retried, even a create",
    arrange: async (h) => {
      await h.restartOnFirstRetry();
      return undefined;
    },
    check: (o, expect) => recovered(o, expect, { error: "DevRevConnectionError", wait: BACKOFF, seen: 1 }),
  },
  {
    name: "connection reset after the request was sent, before it was processed",
    arrange: (h, op) => void h.server.inject({ operation: op.key, reset: true }),
    check: (o, expect) => {
      if (o.op.idempotent) return recovered(o, expect, { error: "DevRevConnectionError", wait: BACKOFF });
      const error = failed(o, expect, { attempts: 1, is: isConnectionError, within: 1_000 });
      expect(isConnectionError(error) && error.requestSent).toBe(true);
      expect(o.orgs).toBe(0);
    },
  },
  {
    name: "connection reset after the request was processed, before any response byte",
    arrange: (h, op) => void h.server.inject({ operation: op.key, reset: "after-processing" }),
    check: (o, expect) => {
      if (o.op.idempotent) return recovered(o, expect, { error: "DevRevConnectionError", wait: BACKOFF });
      const error = failed(o, expect, { attempts: 1, is: isConnectionError, within: 1_000 });
      expect(isConnectionError(error) && error.requestSent).toBe(true);
      // The org was made, and the client did not make a second one.
      expect(o.orgs).toBe(1);
    },
  },
  {
    name: "connection reset mid-body, after the request was processed",
    arrange: (h, op) => void h.server.inject({ operation: op.key, reset: "mid-body" }),
    check: (o, expect) => {
      if (o.op.idempotent) return recovered(o, expect, { wait: BACKOFF });
      failed(o, expect, { attempts: 1, is: isDevRevKitError, within: 1_000 });
      expect(o.orgs).toBe(1);
    },
  },
  {
    name: "a response that stalls mid-body past timeoutMs",
    client: { timeoutMs: 400 },
    arrange: (h, op) => void h.server.inject({ operation: op.key, stallMidBodyMs: 10_000 }),
    check: (o, expect) => {
      if (o.op.idempotent) return recovered(o, expect, { error: "DevRevTimeoutError", wait: BACKOFF });
      const error = failed(o, expect, { attempts: 1, is: isTimeoutError, within: 400 + SLACK_MS });
      expect(isTimeoutError(error) && error.timeoutMs).toBe(400);
      expect(o.result.ms).toBeGreaterThanOrEqual(400 - EARLY_MS);
      expect(o.orgs).toBe(1);
    },
  },
  {
    name: "a truncated JSON body (complete by Content-Length)",
    arrange: (h, op) => void h.server.inject({ operation: op.key, malformedBody: "truncated" }),
    check: (o, expect) => {
      const error = failed(o, expect, { attempts: 1, is: isResponseError, within: 1_000 });
      if (!isResponseError(error)) return;
      expect(error.status).toBe(o.op.successStatus);
      expect(error.reason).toBe("invalid_json");
      expect(error.operation).toBe(o.op.key);
      if (o.op.name === "revOrgs.create") expect(o.orgs).toBe(1);
    },
  },
  {
    name: "an empty success body",
    arrange: (h, op) => void h.server.inject({ operation: op.key, malformedBody: "empty" }),
    check: (o, expect) => {
      const error = failed(o, expect, { attempts: 1, is: isResponseError, within: 1_000 });
      if (!isResponseError(error)) return;
      expect(error.status).toBe(o.op.successStatus);
      expect(error.reason).toBe("invalid_json");
      expect(error.message).toMatch(/empty/);
      if (o.op.name === "revOrgs.create") expect(o.orgs).toBe(1);
    },
  },
  {
    name: "the caller aborts during the backoff wait",
    arrange: (h, op) => {
      h.server.inject({ operation: op.key, status: 503, retryAfterHeader: "5" });
      const controller = new AbortController();
      h.onRetry = () => setTimeout(() => controller.abort(new Error("caller gave up")), 100);
      return { signal: controller.signal };
    },
    check: (o, expect) => {
      const error = failed(o, expect, { attempts: 1, is: isAbortError, within: 100 + SLACK_MS });
      expect(o.h.retries.map((line) => line.retryInMs)).toEqual([5_000]);
      expect(o.result.ms).toBeGreaterThanOrEqual(100 - EARLY_MS);
      expect((error as Error).cause).toEqual(new Error("caller gave up"));
      if (o.op.name === "revOrgs.create") expect(o.orgs).toBe(0);
    },
  },
  {
    name: "the deadline expires during the second attempt",
    arrange: (h, op) => {
      h.server.inject({ operation: op.key, status: 503, retryAfterHeader: "0.2" });
      h.server.inject({ operation: op.key, delayMs: 10_000 });
      return { deadlineMs: 900 };
    },
    check: (o, expect) => {
      const error = failed(o, expect, { attempts: 2, is: isTimeoutError, within: 900 + SLACK_MS });
      expect(isTimeoutError(error) && error.timeoutMs).toBe(900);
      expect(o.result.ms).toBeGreaterThanOrEqual(900 - EARLY_MS);
      expect(o.h.retries.map((line) => line.retryInMs)).toEqual([200]);
      // The slow second attempt was processed; the client did not send a third.
      if (o.op.name === "revOrgs.create") expect(o.orgs).toBe(1);
    },
  },
];

describe.each(CASES)("$name", (fault) => {
  test.concurrent.for(OPERATIONS)("$name", async (op, { expect }) => {
    const h = await startHarness(watch, { client: fault.client });
    try {
      const tag = `Fault ${fault.name} ${op.name}`;
      const options = await fault.arrange(h, op);
      const result = await settle(() => op.call(h.client, h.ids, tag, options));
      if (!result.ok) watch.seen(result.error);
      const outcome: Outcome = {
        result,
        attempts: h.state.requestCountFor(op.key),
        orgs: orgsNamed(h.state, tag),
        h,
        op,
      };
      fault.check(outcome, expect);
      if (!result.ok) expect((result.error as { operation?: unknown }).operation).toBe(op.key);
    } finally {
      await h.close();
    }
  });
});

afterAll(() => {
  // Checked here as well as in token.test.ts, so a leak is reported by the file whose fault caused it.
  if (watch.size === 0) throw new Error("the leak watch collected nothing: the logger was not wired");
  const leaks = watch.leaks(TOKEN);
  if (leaks.length > 0) throw new Error(`the token leaked into ${leaks.length} texts, e.g. ${leaks[0]}`);
});
