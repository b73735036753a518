import { expect, test } from "vitest";
import { defaultHooks } from "../src/internal/create-client.ts";
import type { DevRevLogger, DevRevLogLevel } from "../src/options.ts";
import { rejection, TOKEN, testClient } from "./support/client.ts";
import { useTestServer } from "./support/test-server.ts";

const server = useTestServer();

interface Line {
  level: string;
  message: string;
  record: Record<string, unknown>;
}

function recordingLogger(): { logger: DevRevLogger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (message: string, record: object) =>
    lines.push({ level, message, record: record as Record<string, unknown> });
  return { logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") }, lines };
}

test("off by default: a client without a logger logs nothing, and one at level off neither", async () => {
  server.reply({ status: 200, body: { ok: true } });
  const { logger, lines } = recordingLogger();
  await testClient(server.url, { logger, logLevel: "off" }).client.revOrgs.update({ id: "REV-1" });
  expect(lines).toEqual([]);
});

test("one line per response with operation, status, attempt and duration", async () => {
  server.reply({ status: 200, body: { ok: true }, delayMs: 20 });
  const { logger, lines } = recordingLogger();
  await testClient(server.url, { logger }).client.revOrgs.update({ id: "REV-1" });
  expect(lines).toEqual([
    {
      level: "info",
      message: "POST /rev-orgs.update 200",
      record: { operation: "POST /rev-orgs.update", status: 200, attempt: 1, durationMs: expect.any(Number) },
    },
  ]);
  expect(lines[0]?.record["durationMs"]).toBeGreaterThanOrEqual(15);
});

test("retries are warned about, the final failure is an error line", async () => {
  server.reply({ status: 503, body: { type: "service_unavailable", message: "busy" } });
  const { logger, lines } = recordingLogger();
  await rejection(testClient(server.url, { logger, maxRetries: 1 }).client.revOrgs.update({ id: "REV-1" }));
  expect(lines.map((l) => [l.level, l.record["attempt"], l.record["status"]])).toEqual([
    ["warn", 1, 503],
    ["error", 2, 503],
  ]);
  expect(lines[0]?.record["retryInMs"]).toBeTypeOf("number");
});

test.each([
  ["an HTML 200 from a captive portal", { status: 200, body: "<html>sign in</html>" }, 200],
  ["an empty 200", { status: 200, body: "" }, 200],
  ["a 200 whose JSON is an array", { status: 200, body: "[]" }, 200],
  ["an unfollowed 300", { status: 300, body: "choose" }, 300],
])(
  "a call that fails after its response arrived (%s) writes one error line",
  async (_what, reply, status) => {
    server.reply(reply);
    const { logger, lines } = recordingLogger();
    await rejection(testClient(server.url, { logger }).client.revOrgs.update({ id: "REV-1" }));
    expect(lines.map((l) => [l.level, l.record["status"]])).toEqual([
      ["info", status],
      ["error", status],
    ]);
    expect(lines[1]?.record).toMatchObject({ attempt: 1, error: "DevRevResponseError" });
  },
);

test("an abort during the wait before a retry writes one error line, as does devrev.raw's unusable body", async () => {
  server.reply({ status: 503, body: { type: "service_unavailable" }, headers: { "retry-after": "5" } });
  const { logger, lines } = recordingLogger();
  // The real wait, 5 s as asked, so that the abort lands in it.
  const { client } = testClient(server.url, { logger }, { sleep: defaultHooks.sleep });
  const controller = new AbortController();
  const call = rejection(client.revOrgs.update({ id: "REV-1" }, { signal: controller.signal }));
  await expect.poll(() => lines.length).toBe(1);
  controller.abort();
  await call;
  expect(lines.map((l) => [l.level, l.record["error"]])).toEqual([
    ["warn", "ServiceUnavailableError"],
    ["error", "DevRevAbortError"],
  ]);

  lines.length = 0;
  server.reply({ status: 200, body: "<html>sign in</html>" });
  await rejection(client.raw.POST("/rev-orgs.update", { body: { id: "REV-1" } }));
  expect(lines.map((l) => [l.level, l.record["status"], l.record["error"]])).toEqual([
    ["info", 200, undefined],
    ["error", 200, "DevRevResponseError"],
  ]);

  // An HTTP error devrev.raw hands back as `error` is logged once, by the transport.
  lines.length = 0;
  server.reply({ status: 404, body: { type: "not_found" } });
  await client.raw.POST("/rev-orgs.update", { body: { id: "REV-1" } });
  expect(lines.map((l) => [l.level, l.record["status"]])).toEqual([["error", 404]]);
});

test("listAll writes one error line for a failure it finds itself, and for a refused per-call option", async () => {
  const { logger, lines } = recordingLogger();
  const { client } = testClient(server.url, { logger });
  const drain = async (iterable: AsyncIterable<unknown>) => {
    for await (const _ of iterable) {
      // consume
    }
  };
  const levels = () => lines.map((l) => [l.level, l.record["error"] ?? l.record["status"]]);

  server.reply({ status: 200, body: { next_cursor: "p1" } }); // a page without rev_orgs
  await rejection(drain(client.revOrgs.listAll()));
  expect(levels()).toEqual([
    ["info", 200],
    ["error", "DevRevResponseError"],
  ]);

  lines.length = 0;
  server.reply({ status: 200, body: { rev_orgs: [], next_cursor: "again" } }); // the same cursor again
  await rejection(drain(client.revOrgs.pages({ cursor: "again" })));
  expect(levels()).toEqual([
    ["info", 200],
    ["error", "DevRevResponseError"],
  ]);

  lines.length = 0;
  server.reply({ status: 200, body: { rev_orgs: [{ id: "REV-1" }, { id: "REV-2" }] } });
  const controller = new AbortController();
  await rejection(
    (async () => {
      for await (const _ of client.revOrgs.listAll({}, { signal: controller.signal })) controller.abort();
    })(),
  );
  expect(levels()).toEqual([
    ["info", 200],
    ["error", "DevRevAbortError"],
  ]);

  lines.length = 0;
  await rejection(client.revOrgs.update({ id: "REV-1" }, { timeoutMs: -1 }));
  expect(levels()).toEqual([["error", "DevRevConfigError"]]);
  expect(server.requests).toHaveLength(3);
});

test.each<[DevRevLogLevel, string[]]>([
  ["debug", ["debug", "warn", "debug", "info"]],
  ["info", ["warn", "info"]],
  ["warn", ["warn"]],
  ["error", []],
])("level %s passes %j", async (logLevel, levels) => {
  server.reply(
    { status: 429, body: { type: "too_many_requests", message: "slow" } },
    { status: 200, body: { ok: true } },
  );
  const { logger, lines } = recordingLogger();
  await testClient(server.url, { logger, logLevel }).client.revOrgs.update({ id: "REV-1" });
  expect(lines.map((l) => l.level)).toEqual(levels);
});

test("the token appears in no log line, whatever happens", async () => {
  server.reply({ status: 401, body: { type: "unauthenticated", message: `token ${TOKEN} is bad` } });
  const { logger, lines } = recordingLogger();
  const { client } = testClient(server.url, { logger, logLevel: "debug" });
  await rejection(client.revOrgs.update({ id: "REV-1" }));
  server.reply({ kind: "reset" });
  await rejection(client.revOrgs.list());
  server.reply({ status: 200, body: { ok: true } });
  await client.revOrgs.update({ id: "REV-1" });
  expect(lines.length).toBeGreaterThanOrEqual(6);
  expect(JSON.stringify(lines)).not.toContain(TOKEN);
  expect(JSON.stringify(lines)).not.toContain("Bearer");
});

test("console works as a logger", async () => {
  server.reply({ status: 200, body: { ok: true } });
  const calls: unknown[][] = [];
  const fakeConsole = { ...console, info: (...args: unknown[]) => calls.push(args) };
  await testClient(server.url, { logger: fakeConsole }).client.revOrgs.update({ id: "REV-1" });
  expect(calls).toHaveLength(1);
});

test("a logger that throws changes nothing: the call still resolves, its attempt timer cleared", async () => {
  server.reply({ status: 200, body: { rev_org: { id: "REV-1" } } });
  const throwing = () => {
    throw new Error("log sink closed");
  };
  const logger = { debug: throwing, info: throwing, warn: throwing, error: throwing };
  // The attempt's timer is the one set for this call's timeout (an odd number, so nothing else sets it).
  const timeoutMs = 12_345;
  const attemptTimers: unknown[] = [];
  const cleared = new Set<unknown>();
  const { setTimeout: realSet, clearTimeout: realClear } = globalThis;
  globalThis.setTimeout = ((handler: () => void, ms?: number) => {
    const timer = realSet(handler, ms);
    if (ms === timeoutMs) attemptTimers.push(timer);
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer: Parameters<typeof clearTimeout>[0]) => {
    cleared.add(timer);
    realClear(timer);
  }) as typeof clearTimeout;
  try {
    const { client } = testClient(server.url, { logger, logLevel: "debug", timeoutMs });
    await expect(client.revOrgs.create({ account: "ACC-1", display_name: "Acme" })).resolves.toEqual({
      rev_org: { id: "REV-1" },
    });
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  }
  expect(server.requests).toHaveLength(1);
  expect(attemptTimers).toHaveLength(1);
  expect(cleared.has(attemptTimers[0])).toBe(true);
});

test("an async logger that rejects changes nothing either: no unhandled rejection", async () => {
  server.reply({ status: 200, body: { ok: true } });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    const rejecting = async () => {
      throw new Error("log collector unreachable");
    };
    const logger = { debug: rejecting, info: rejecting, warn: rejecting, error: rejecting };
    const { client } = testClient(server.url, { logger, logLevel: "debug" });
    await expect(client.revOrgs.update({ id: "REV-1" })).resolves.toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
  expect(unhandled).toEqual([]);
});
