// Edge cases an adversarial review of the typed operation surface found (2026-12-06), kept as regression
// tests: non-string cursors, a global fetch that ignores the signal, and per-page deadlines in pagination.
import { isResponseError, isTimeoutError } from "@devrev-kit/errors";
import { afterEach, describe, expect, test } from "vitest";
import { createDevRevClient } from "../src/index.ts";
import { rejection, testClient } from "./support/client.ts";
import { useTestServer } from "./support/test-server.ts";

const server = useTestServer();

/** Settles with what `promise` settled with, or with "still pending" after `ms`, so a hang fails instead of hanging. */
function within(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([
    promise.then(
      (value) => ({ resolved: value }),
      (error: unknown) => error,
    ),
    new Promise((resolve) => setTimeout(() => resolve("still pending"), ms)),
  ]);
}

describe("pagination: a cursor that is not a string", () => {
  // README (Pagination): "a server that hands back the cursor it was given ... is reported (as a
  // DevRevResponseError at /next_cursor ...) instead of being followed forever". The check compares cursors
  // with ===, so a cursor that is an object or array (a buggy server or proxy; nothing checks the type without
  // validateResponses) is never "the same" and the same page is fetched and yielded forever. Over GET, `{}` and
  // `[]` are not even sent (the serializer drops empty objects and arrays): the first page is asked for again.
  test.each([
    ["GET", "pages", {}],
    ["GET", "pages", []],
    ["GET", "pages", { offset: 5 }],
    ["POST", "pagesPost", {}],
  ] as const)(
    "%s %s with next_cursor %j handed back every time: reported, not followed forever",
    async (_m, pages, cursor) => {
      server.reply({ status: 200, body: { rev_orgs: [{ id: "REV-1" }], next_cursor: cursor } });
      const { client } = testClient(server.url);
      let seen = 0;
      const error = await rejection(
        (async () => {
          for await (const _page of client.revOrgs[pages]()) {
            if (++seen > 20) return; // looping: resolves, so rejection() fails the test
          }
        })(),
      );
      expect(isResponseError(error) && error.path).toBe("/next_cursor");
      expect(seen).toBeLessThanOrEqual(2);
    },
  );
});

describe("a global fetch that ignores the signal (an interceptor or test stub installed on globalThis)", () => {
  // README Guarantees: "No wait, attempt or retry outlives the caller's abort or the deadline"; options table:
  // timeoutMs is the "Limit of one attempt, until the response body has been read"; and fetch's default is
  // "globalThis.fetch per request" so that "interceptors installed later still apply". The same signal-deaf
  // function passed as the `fetch` option is bounded (untilAborted), but installed on globalThis it is not:
  // neither the head nor the body of the response is raced against the attempt's signal.
  const original = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = original;
  });

  test("a response head that never comes still times out at timeoutMs", async () => {
    globalThis.fetch = (() => new Promise<Response>(() => {})) as typeof fetch;
    const devrev = createDevRevClient({ token: "t", baseUrl: "https://api.example.com", timeoutMs: 100 });
    const outcome = await within(devrev.revOrgs.update({ id: "REV-1" }, { maxRetries: 0 }), 2_000);
    expect(isTimeoutError(outcome)).toBe(true);
  });

  test("a body that stalls still ends at timeoutMs (and at the caller's abort)", async () => {
    const stalled = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"rev_org":'));
          },
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      );
    globalThis.fetch = (async () => stalled()) as typeof fetch;
    const devrev = createDevRevClient({ token: "t", baseUrl: "https://api.example.com", maxRetries: 0 });
    const outcome = await within(
      devrev.revOrgs.update({ id: "REV-1" }, { timeoutMs: 100, signal: AbortSignal.timeout(300) }),
      2_000,
    );
    expect(outcome).not.toBe("still pending");
    expect(isTimeoutError(outcome)).toBe(true);
  });
});

describe("per-call deadlineMs on listAll", () => {
  // README, Pagination: per-call options apply to each page's request, so a deadline bounds each page, not the
  // loop (the caller's own work between pages is not the client's to cut short); the signal stops the loop.
  test("bounds each page's request: a listing longer than the deadline completes when each page is quicker", async () => {
    let page = 0;
    server.reply(() => ({
      status: 200,
      delayMs: 60,
      body: { rev_orgs: [{ id: `REV-${page}` }], ...(page < 5 ? { next_cursor: `c${++page}` } : {}) },
    }));
    const { client } = testClient(server.url);
    const started = performance.now();
    const ids: string[] = [];
    for await (const org of client.revOrgs.listAll({}, { deadlineMs: 200 })) ids.push(org.id);
    expect(ids).toEqual(["REV-0", "REV-1", "REV-2", "REV-3", "REV-4", "REV-5"]);
    expect(performance.now() - started).toBeGreaterThan(300);
  });

  test("a page slower than the deadline fails with a timeout error", async () => {
    server.reply({ status: 200, delayMs: 300, body: { rev_orgs: [] } });
    const { client } = testClient(server.url);
    const error = await rejection(
      (async () => {
        for await (const _org of client.revOrgs.listAll({}, { deadlineMs: 100 })) {
          // never reached
        }
      })(),
    );
    expect(isTimeoutError(error)).toBe(true);
  });
});
