// `pnpm bench`: raw fetch, bare openapi-fetch and @devrev-kit/client side by side on one loopback server
// (in a worker thread), then import time, codegen time and pagination heap, each against the targets in
// bench/budgets.json. Not a test: timings depend on the machine; docs/performance.md records a run.
//
//   pnpm bench                 everything (about a minute and a half on 2 cores)
//   pnpm bench --quick         fewer calls and spawns, to check the harness
//   pnpm bench --only http     one part: http, import, codegen, pagination, budgets
import { rmSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  bytes,
  judgeClientBundle,
  judgeClientGoal,
  judgeTypeCost,
  judgeValidationBundle,
  readBudgets,
} from "./budgets/budgets.ts";
import { measureBundle } from "./budgets/bundle-size.ts";
import { compareTypeCost } from "./budgets/type-cost.ts";
import { CONTENDERS, type ContenderName, createContenders } from "./contenders.ts";
import { runConcurrent, runSequential } from "./http-runs.ts";
import { installFromTarballs } from "./installed-layout.ts";
import { createReply, TOKEN } from "./server/bodies.ts";
import type { ServerCounts } from "./server/protocol.ts";
import { startBenchServer } from "./server/start-server.ts";
import { runNode } from "./spawn-node.ts";
import { median, slope, summarize } from "./stats.ts";

const PARTS = ["http", "import", "codegen", "pagination", "budgets"] as const;
const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, only: { type: "string", multiple: true } },
});
const parts = new Set(values.only ?? PARTS);
for (const part of parts) {
  if (!PARTS.includes(part as (typeof PARTS)[number])) throw new Error(`--only takes ${PARTS.join(", ")}`);
}
const quick = values.quick;
const plan = {
  sequential: { calls: quick ? 600 : 5_000, rounds: quick ? 6 : 50, warmup: quick ? 100 : 500 },
  concurrent: { inFlight: 64, callsPerRound: quick ? 640 : 1_280, rounds: quick ? 2 : 20, warmup: 640 },
  importSpawns: quick ? 5 : 21,
  codegenRuns: quick ? 1 : 3,
  pagination: { total: quick ? 20_000 : 100_000, every: quick ? 2_000 : 5_000 },
};

const benchDirectory = fileURLToPath(new URL("../", import.meta.url));
const rootDirectory = fileURLToPath(new URL("../../", import.meta.url));
const { targets } = readBudgets();
const misses: string[] = [];

function verdict(ok: boolean, line: string): void {
  console.log(`  ${ok ? "PASS" : "MISS"}  ${line}`);
  if (!ok) misses.push(line);
}

/**
 * The median over rounds of a's figure divided by b's in the same round. The clients of one round run back
 * to back, so a slow spell on a shared machine weighs on both sides of each ratio instead of on one client.
 */
function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((value, round) => value / (b[round] ?? Number.NaN)));
}

const us = (value: number) => `${value.toFixed(0).padStart(6)} µs`;
const ratio = (value: number) => `${value.toFixed(3)}×`;

function checkCounts(counts: ServerCounts, expected: number, what: string): void {
  for (const name of CONTENDERS) {
    const seen = counts.create[name] ?? 0;
    if (seen !== expected)
      throw new Error(`${what}: the server saw ${seen} creates from ${name}, expected ${expected}`);
  }
  if (counts.rejected !== 0) throw new Error(`${what}: the server rejected ${counts.rejected} requests`);
  console.log(
    `  server saw ${expected.toLocaleString("en-US")} correct creates from each client, none rejected`,
  );
}

console.log(
  `devrev-kit bench: ${new Date().toISOString()}, Node ${process.version}, ${process.platform}/${process.arch}, ` +
    `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}${quick ? " (quick)" : ""}`,
);

if (parts.has("http")) {
  const server = await startBenchServer({ listTotal: 0 });
  const contenders = createContenders(server.url, createReply().id);
  try {
    const { calls, rounds, warmup } = plan.sequential;
    console.log(
      `\nSequential: POST /rev-orgs.create, ~1.5 KB reply, ${calls.toLocaleString("en-US")} calls per client ` +
        `in ${rounds} interleaved rounds (+${warmup} warm-up)`,
    );
    const sequential = await runSequential(contenders, plan.sequential);
    checkCounts(await server.takeCounts(), warmup + Math.ceil(calls / rounds) * rounds, "sequential");
    const roundsOf = (name: ContenderName) => sequential.get(name) ?? [];
    for (const name of CONTENDERS) {
      const s = summarize(roundsOf(name).flat());
      console.log(`  ${name.padEnd(20)} median ${us(s.median)}  p90 ${us(s.p90)}  p99 ${us(s.p99)}`);
    }
    const sequentialRatio = (a: ContenderName, b: ContenderName) =>
      pairedRatio(roundsOf(a).map(median), roundsOf(b).map(median));
    console.log(`  openapi-fetch / raw fetch: ${ratio(sequentialRatio("openapi-fetch", "raw fetch"))}`);
    const vsBare = sequentialRatio("@devrev-kit/client", "openapi-fetch");
    const vsRaw = sequentialRatio("@devrev-kit/client", "raw fetch");
    verdict(
      vsBare <= targets.sequentialVsOpenapiFetch,
      `per call vs bare openapi-fetch: ${ratio(vsBare)} (target ≤ ${targets.sequentialVsOpenapiFetch}×)`,
    );
    verdict(
      vsRaw <= targets.sequentialVsFetch,
      `per call vs raw fetch: ${ratio(vsRaw)} (target ≤ ${targets.sequentialVsFetch}×)`,
    );

    const { inFlight, callsPerRound, rounds: concurrentRounds } = plan.concurrent;
    console.log(
      `\nConcurrent: ${inFlight} in flight, ${callsPerRound.toLocaleString("en-US")} calls per client per round, ` +
        `${concurrentRounds} interleaved rounds`,
    );
    const concurrent = await runConcurrent(contenders, plan.concurrent);
    checkCounts(
      await server.takeCounts(),
      plan.concurrent.warmup + callsPerRound * concurrentRounds,
      "concurrent",
    );
    for (const name of CONTENDERS) {
      const result = concurrent.get(name);
      const latency = summarize(result?.latencies ?? []);
      console.log(
        `  ${name.padEnd(20)} ${median(result?.throughput ?? [])
          .toFixed(0)
          .padStart(6)} req/s (median round)  ` +
          `latency median ${us(latency.median)}  p90 ${us(latency.p90)}  p99 ${us(latency.p99)}`,
      );
    }
    const throughputRatio = (a: ContenderName, b: ContenderName) =>
      pairedRatio(concurrent.get(a)?.throughput ?? [], concurrent.get(b)?.throughput ?? []);
    console.log(`  openapi-fetch / raw fetch: ${ratio(throughputRatio("openapi-fetch", "raw fetch"))}`);
    const oursVsRaw = throughputRatio("@devrev-kit/client", "raw fetch");
    verdict(
      oursVsRaw >= targets.concurrentThroughputVsFetch,
      `req/s vs raw fetch at ${inFlight} in flight: ${ratio(oursVsRaw)} (target ≥ ${targets.concurrentThroughputVsFetch}×)`,
    );
  } finally {
    await server.close();
  }
}

if (parts.has("import")) {
  console.log(
    `\nImport time: await import(...) in a fresh Node process, median of ${plan.importSpawns} spawns each`,
  );
  // @devrev-kit/types has no runtime code: importing it is Node's fixed cost of a first package import
  // (resolving through package.json exports, loading the loader's own lazily compiled parts).
  const installed = await installFromTarballs(rootDirectory);
  // A bare specifier resolves from the importing file, so each layout has its own copy of the timer.
  const inBench = { cwd: benchDirectory, timer: "src/children/import-time.js" };
  const inInstalled = { cwd: installed, timer: "import-time.js" };
  const imports = new Map([
    ["@devrev-kit/client", { specifier: "@devrev-kit/client", ...inBench }],
    ["  installed from npm", { specifier: "@devrev-kit/client", ...inInstalled }],
    ["openapi-fetch", { specifier: "openapi-fetch", ...inBench }],
    ["@devrev-kit/types", { specifier: "@devrev-kit/types", ...inBench }],
  ]);
  const times = new Map([...imports.keys()].map((label) => [label, [] as number[]]));
  try {
    for (let spawn = 0; spawn < plan.importSpawns; spawn++) {
      for (const [label, { specifier, cwd, timer }] of imports) {
        const { stdout } = await runNode([timer, specifier], cwd);
        times.get(label)?.push((JSON.parse(stdout) as { ms: number }).ms);
      }
    }
  } finally {
    rmSync(installed, { recursive: true, force: true });
  }
  const ms = new Map([...times].map(([label, samples]) => [label, median(samples)]));
  const notes: Record<string, string> = {
    "@devrev-kit/client": "(with @devrev-kit/errors; openapi-fetch loads with the first devrev.raw call)",
    "  installed from npm": "(the same, from the packed tarballs in one flat node_modules, no symlinks)",
    "@devrev-kit/types": "(no runtime code: Node's fixed cost of a first package import)",
  };
  for (const [label, value] of ms) {
    console.log(`  ${label.padEnd(20)} ${value.toFixed(2).padStart(6)} ms  ${notes[label] ?? ""}`.trimEnd());
  }
  const client = ms.get("@devrev-kit/client") ?? 0;
  verdict(
    client < targets.importMs,
    `import @devrev-kit/client: ${client.toFixed(2)} ms (target < ${targets.importMs} ms)`,
  );
}

if (parts.has("codegen")) {
  console.log(
    `\nCodegen: node scripts/src/generate.ts (what pnpm generate runs, without turbo's cache), ${plan.codegenRuns} run(s)`,
  );
  const runs: number[] = [];
  for (let run = 0; run < plan.codegenRuns; run++) {
    const { ms, stdout } = await runNode(["scripts/src/generate.ts"], rootDirectory);
    runs.push(ms);
    console.log(`  ${(ms / 1000).toFixed(2)} s  ${stdout.trim()}`);
  }
  const ms = median(runs);
  verdict(
    ms < targets.codegenMs,
    `codegen end to end: ${(ms / 1000).toFixed(2)} s (target < ${targets.codegenMs / 1000} s)`,
  );
}

interface HeapSample {
  items: number;
  heapUsed: number;
  /** The part of heapUsed holding JavaScript objects (new, old and large-object spaces). */
  objects: number;
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
const kib = (n: number) => `${n >= 0 ? "+" : ""}${(n / 1024).toFixed(0)} KiB`;

/** Growth from the second sample (HTTP stack set up, loop compiled) to the last, and the fitted trend. */
function heapGrowth(samples: readonly HeapSample[], pick: (sample: HeapSample) => number) {
  const steady = samples.slice(1);
  const values = steady.map(pick);
  return {
    first: values[0] ?? 0,
    last: values.at(-1) ?? 0,
    growth: (values.at(-1) ?? 0) - (values[0] ?? 0),
    perHundredThousand:
      slope(
        steady.map((s) => s.items),
        values,
      ) * 100_000,
    values,
  };
}

if (parts.has("pagination")) {
  const { total, every } = plan.pagination;
  console.log(
    `\nPagination: listAll over ${total.toLocaleString("en-US")} rev orgs in pages of 100; heap after a full GC ` +
      `every ${every.toLocaleString("en-US")} orgs (child process, node --expose-gc --no-flush-bytecode), from the first sample on`,
  );
  const server = await startBenchServer({ listTotal: total });
  try {
    for (const mode of ["client", "fetch"] as const) {
      const { stdout } = await runNode(
        // V8 drops unused bytecode (about 0.4 MiB, in one step) at a moment of its own choosing: kept, so that
        // the samples show the data the loop holds, and a slow leak cannot hide behind that drop.
        [
          "--expose-gc",
          "--no-flush-bytecode",
          "src/children/paginate.js",
          server.url,
          TOKEN,
          String(total),
          String(every),
          mode,
        ],
        benchDirectory,
      );
      const result = JSON.parse(stdout) as { count: number; ms: number; samples: HeapSample[] };
      const pages = Math.ceil(total / 100);
      const served = (await server.takeCounts()).list;
      if (served !== pages)
        throw new Error(`pagination: the server served ${served} pages, expected ${pages}`);
      const label = mode === "client" ? "@devrev-kit/client listAll" : "plain fetch page loop (reference)";
      console.log(
        `  ${label}: ${result.count.toLocaleString("en-US")} orgs checked in order, ${pages} pages, ` +
          `${(result.ms / 1000).toFixed(1)} s`,
      );
      for (const [what, pick] of [
        ["JS objects", (s: HeapSample) => s.objects],
        ["heapUsed  ", (s: HeapSample) => s.heapUsed],
      ] as const) {
        const g = heapGrowth(result.samples, pick);
        console.log(
          `    ${what} ${mib(g.first)} → ${mib(g.last)} (${kib(g.growth)}; trend ${kib(g.perHundredThousand)} ` +
            `per 100,000 orgs)  samples: ${g.values.map((v) => (v / 1024 / 1024).toFixed(2)).join(" ")}`,
        );
      }
      if (mode === "client") {
        const g = heapGrowth(result.samples, (s) => s.objects);
        const limit = targets.paginationHeapGrowthBytes;
        verdict(
          Math.max(g.growth, g.perHundredThousand) <= limit,
          `pagination heap (JS objects) ${kib(g.growth)} over ${total.toLocaleString("en-US")} orgs, trend ` +
            `${kib(g.perHundredThousand)} per 100,000 (target: flat, within ${mib(limit)})`,
        );
      }
    }
    console.log("    (heapUsed also counts compiled code, which grows as the JIT optimizes)");
  } finally {
    await server.close();
  }
}

if (parts.has("budgets")) {
  console.log(
    "\nBudgets (also enforced by the tests): esbuild browser bundle + gzip -9; type instantiations",
  );
  const [client, withValidation, openapiFetch] = await Promise.all([
    measureBundle("client"),
    measureBundle("client-validation"),
    measureBundle("openapi-fetch"),
  ]);
  console.log(
    `  bundle: client consumer ${bytes(client.minifiedBytes)} min / ${bytes(client.gzippedBytes)} min+gz ` +
      `before its first call, ${bytes(client.lazy.gzippedBytes)} min+gz more on demand (devrev.raw); ` +
      `with validation ${bytes(withValidation.gzippedBytes)} min+gz; bare openapi-fetch consumer ` +
      `${bytes(openapiFetch.minifiedBytes)} min / ${bytes(openapiFetch.gzippedBytes)} min+gz`,
  );
  for (const judged of [
    judgeClientGoal(client),
    judgeClientBundle(client),
    judgeValidationBundle(client, withValidation),
    judgeTypeCost(compareTypeCost()),
  ]) {
    verdict(judged.ok, judged.message);
  }
}

console.log(misses.length === 0 ? "\nAll targets met." : `\n${misses.length} target(s) missed.`);
