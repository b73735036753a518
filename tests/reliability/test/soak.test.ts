// A bounded soak: many mixed operations through one client into the mock server, with random 429s and 503s,
// then an audit of the server's state against what the client reported. `SOAK_FULL=1` runs the full size.

import { getEventListeners } from "node:events";
import { createDevRevClient, type DevRevClient, type DevRevLogger } from "@devrev-kit/client";
import { isDevRevKitError, isServiceUnavailableError, isTooManyRequestsError } from "@devrev-kit/errors";
import { createMockState, type InjectedFault, type MockServer, startMockServer } from "@devrev-kit/fixtures";
import { expect, test } from "vitest";
import { settledHeapBytes } from "../src/heap.ts";
import { arrange, OPERATIONS, type OperationCase } from "../src/operations.ts";
import { createRandom, pick } from "../src/random.ts";
import { TOKEN } from "../src/secret.ts";

const FULL = process.env["SOAK_FULL"] === "1";
const OPS = FULL ? 20_000 : 2_000;
const IN_FLIGHT = 64;
const SEED = Number(process.env["SOAK_SEED"] ?? 11);
const TIME_LIMIT_MS = FULL ? 60_000 : 30_000;
/**
 * Retained heap growth allowed across the whole soak, once the server's data is dropped: 8 MiB, i.e. under
 * 420 bytes per call at the full size, so a leak of one small object per call or retry would show.
 */
const HEAP_BOUND_BYTES = 8 * 1024 * 1024;

const byName = (name: string): OperationCase => {
  const op = OPERATIONS.find((candidate) => candidate.name === name);
  if (op === undefined) throw new Error(`no operation ${name}`);
  return op;
};
const MIX = [
  [byName("revOrgs.create"), 30],
  [byName("revOrgs.update"), 10],
  [byName("revOrgs.list"), 10],
  [byName("revOrgs.listPost"), 10],
  [byName("revUsers.update"), 10],
  [byName("revUsers.link"), 10],
  [byName("revUsers.associations.add"), 10],
  [byName("accounts.update"), 10],
] as const;

type FaultKind = "none" | "503" | "429 header" | "429 exhausting";
const FAULTS: ReadonlyArray<readonly [FaultKind, number]> = [
  ["none", 82],
  ["503", 8],
  ["429 header", 8],
  // Three in a row outlast maxRetries 2: the call fails, and must leave nothing behind.
  ["429 exhausting", 2],
];

interface CallRecord {
  op: OperationCase;
  /** For creates: the display name, unique to this call. */
  tag: string;
  ok: boolean;
  error?: unknown;
  createdId?: string | undefined;
}

interface Log {
  lines: number;
  retries: number;
  leaked: string[];
}

/** Counts the client's log lines and retries, and keeps any line holding the token. */
function createCountingLogger(log: Log): DevRevLogger {
  const line = (message: string, record: object) => {
    log.lines++;
    const text = `${message} ${JSON.stringify(record)}`;
    if (text.includes(TOKEN)) log.leaked.push(text);
    if ("retryInMs" in record) log.retries++;
  };
  return { info: line, warn: line, error: line };
}

/**
 * Runs the soak and audits the state; returns only numbers, so nothing it allocated is reachable when the
 * heap is measured afterwards.
 */
async function soak(server: MockServer, client: DevRevClient, log: Log, signal: AbortSignal) {
  const { state } = server;
  const random = createRandom(SEED);
  const ids = arrange(state);
  const records: CallRecord[] = [];
  const faults: Array<{ kind: FaultKind; handle: InjectedFault }> = [];
  const inject = (kind: FaultKind, op: OperationCase) => {
    const wait = (random() * 0.05).toFixed(3);
    if (kind === "503") return server.inject({ operation: op.key, status: 503, retryAfterHeader: wait });
    if (kind === "429 header")
      return server.inject({ operation: op.key, status: 429, retryAfterHeader: wait });
    return server.inject({ operation: op.key, status: 429, retryAfter: 0, times: 3 });
  };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < OPS; i = next++) {
      const op = pick(random, MIX);
      const kind = pick(random, FAULTS);
      if (kind !== "none") faults.push({ kind, handle: inject(kind, op) });
      const record: CallRecord = { op, tag: `soak ${op.name} ${i}`, ok: false };
      try {
        const result = await op.call(client, ids, record.tag, { signal });
        record.ok = true;
        if (op.name === "revOrgs.create")
          record.createdId = (result as { rev_org?: { id?: string } }).rev_org?.id;
      } catch (error) {
        record.error = error;
      }
      records.push(record);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const durationMs = performance.now() - started;
  state.clearFaults();

  // Every call settled, with a result or a devrev-kit error of the kind injected.
  expect(records).toHaveLength(OPS);
  const failures = records.filter((record) => !record.ok);
  for (const { error } of failures) {
    expect(isDevRevKitError(error), String(error)).toBe(true);
    expect(isTooManyRequestsError(error) || isServiceUnavailableError(error), String(error)).toBe(true);
  }

  // Each attempt reached the server once: the first of every call, plus one per logged retry.
  expect(state.requestCount).toBe(OPS + log.retries);

  // Every create reported as done exists exactly once, under the ID reported; no failed one left an org.
  const orgsByName = new Map<string, string[]>();
  for (const { display_name: name = "", id } of state.revOrgs()) {
    orgsByName.set(name, [...(orgsByName.get(name) ?? []), id]);
  }
  const creates = records.filter((record) => record.op.name === "revOrgs.create");
  for (const record of creates) {
    const found = orgsByName.get(record.tag) ?? [];
    if (record.ok) expect(found, record.tag).toEqual([record.createdId]);
    else expect(found, record.tag).toEqual([]);
  }
  const created = creates.filter((record) => record.ok).length;
  // The orgs are the created ones plus the one arranged, nothing else.
  expect(state.revOrgs()).toHaveLength(created + 1);

  const triggered = (kind?: FaultKind) =>
    faults
      .filter((fault) => kind === undefined || fault.kind === kind)
      .reduce((sum, { handle }) => sum + handle.triggered, 0);
  return {
    durationMs: Math.round(durationMs),
    opsPerSecond: Math.round(OPS / (durationMs / 1000)),
    injectedFaults: triggered(),
    injectedByKind: {
      "503": triggered("503"),
      "429": triggered("429 header"),
      "429 x3": triggered("429 exhausting"),
    },
    retries: log.retries,
    failedCalls: failures.length,
    createsSucceeded: created,
    createsFailed: creates.length - created,
  };
}

test(`${OPS} mixed operations at ${IN_FLIGHT} in flight with random 429/503s: nothing lost, nothing doubled`, async () => {
  const server = await startMockServer({ state: createMockState({ token: TOKEN, seed: SEED }) });
  const log: Log = { lines: 0, retries: 0, leaked: [] };
  const client = createDevRevClient({
    token: TOKEN,
    baseUrl: server.url,
    logger: createCountingLogger(log),
    timeoutMs: 10_000,
  });
  // One long-lived signal for every call: the client must not leave a listener on it per call or retry.
  const shared = new AbortController();
  try {
    // Warm up (JIT, sockets), then start from clean data so the heap baseline holds no soak objects.
    const warm = arrange(server.state);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => OPERATIONS[i % 8]?.call(client, warm, `warm ${i}`)),
    );
    server.state.reset();
    log.retries = 0;
    const timersBefore = activeTimers();
    const heapBefore = await settledHeapBytes();

    const figures = await soak(server, client, log, shared.signal);

    // Dropping the server's data leaves what the client, the sockets and the server itself hold on to.
    server.state.reset();
    const heapAfter = await settledHeapBytes();
    const growth = heapAfter - heapBefore;
    console.log(
      `soak: ${JSON.stringify({
        mode: FULL ? "full (SOAK_FULL=1)" : "reduced (SOAK_FULL=1 for the full run)",
        seed: SEED,
        ops: OPS,
        inFlight: IN_FLIGHT,
        ...figures,
        logLines: log.lines,
        heapBeforeMiB: +(heapBefore / 2 ** 20).toFixed(1),
        heapAfterMiB: +(heapAfter / 2 ** 20).toFixed(1),
        heapGrowthMiB: +(growth / 2 ** 20).toFixed(2),
        heapBoundMiB: HEAP_BOUND_BYTES / 2 ** 20,
      })}`,
    );

    expect(getEventListeners(shared.signal, "abort")).toHaveLength(0);
    // No attempt timer or backoff wait outlived its call.
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
    expect(log.leaked).toEqual([]);
    expect(figures.injectedFaults).toBeGreaterThan(OPS / 20);
    expect(figures.failedCalls).toBeGreaterThan(0);
    expect(figures.durationMs).toBeLessThan(TIME_LIMIT_MS);
    expect(growth).toBeLessThan(HEAP_BOUND_BYTES);
  } finally {
    await server.close();
  }
}, 120_000);

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
}
