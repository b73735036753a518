// Reads bench/budgets.json (the one place budgets and targets live) and judges measurements against it,
// with messages that say what grew, by how much, and how to look closer.
import { readFileSync } from "node:fs";
import type { BundleSize } from "./bundle-size.ts";
import type { TypeCostComparison } from "./type-cost.ts";

export interface Budgets {
  budgets: {
    bundle: {
      client: { entry: string; maxGzipBytes: number; goalGzipBytes: number; maxLazyGzipBytes: number };
      validation: { entry: string; maxAddedGzipBytes: number };
    };
    typeInstantiations: { maxRatioToOpenapiFetch: number; maxClientAdded: number };
  };
  targets: {
    sequentialVsOpenapiFetch: number;
    sequentialVsFetch: number;
    concurrentThroughputVsFetch: number;
    importMs: number;
    codegenMs: number;
    paginationHeapGrowthBytes: number;
  };
}

export const BUDGETS_FILE = "bench/budgets.json";

export function readBudgets(): Budgets {
  return JSON.parse(readFileSync(new URL("../../budgets.json", import.meta.url), "utf8")) as Budgets;
}

export interface Verdict {
  ok: boolean;
  /** One line for the report; for a failure, what grew, by how much, and where to look. */
  message: string;
}

const SEE_BUNDLE = "see the bytes of every source file: pnpm --filter @devrev-kit/bench budgets";
const SEE_TYPES =
  "see the counts: cd bench && pnpm exec tsc --extendedDiagnostics -p consumers/type-cost/tsconfig.client.json";

export const bytes = (n: number): string => `${n.toLocaleString("en-US")} B`;

function largestInputs(size: Pick<BundleSize, "inputs">, count = 4): string {
  return size.inputs
    .slice(0, count)
    .map((input) => `${input.path} ${bytes(input.bytes)}`)
    .join(", ");
}

function over(value: number, limit: number, unit: (n: number) => string): string {
  const by = value - limit;
  return `${unit(by)} (${((by / limit) * 100).toFixed(1)} %) over`;
}

export function judgeClientBundle(size: BundleSize, budgets = readBudgets()): Verdict {
  const { maxGzipBytes: limit, maxLazyGzipBytes: lazyLimit } = budgets.budgets.bundle.client;
  const problems: string[] = [];
  if (size.gzippedBytes > limit) {
    problems.push(
      `${size.entry} loads ${bytes(size.gzippedBytes)} minified+gzipped before its first call, ` +
        `${over(size.gzippedBytes, limit, bytes)} the ${bytes(limit)} budget in ${BUDGETS_FILE}. ` +
        `Largest inputs (minified): ${largestInputs(size)}`,
    );
  }
  if (size.lazy.gzippedBytes > lazyLimit) {
    problems.push(
      `what ${size.entry} loads on demand (devrev.raw, middleware) is ${bytes(size.lazy.gzippedBytes)} ` +
        `minified+gzipped, ${over(size.lazy.gzippedBytes, lazyLimit, bytes)} the ${bytes(lazyLimit)} budget ` +
        `in ${BUDGETS_FILE}. Largest inputs (minified): ${largestInputs(size.lazy)}`,
    );
  }
  if (problems.length > 0) return { ok: false, message: `${problems.join(". ")}; ${SEE_BUNDLE}` };
  return {
    ok: true,
    message:
      `${size.entry}: ${bytes(size.gzippedBytes)} min+gz before the first call, budget ${bytes(limit)}; ` +
      `${bytes(size.lazy.gzippedBytes)} on demand, budget ${bytes(lazyLimit)}`,
  };
}

/** The goal for the same bundle, which `pnpm bench` reports as a target (not a test: it is not met). */
export function judgeClientGoal(size: BundleSize, budgets = readBudgets()): Verdict {
  const goal = budgets.budgets.bundle.client.goalGzipBytes;
  const ok = size.gzippedBytes <= goal;
  return {
    ok,
    message: `browser bundle before the first call: ${bytes(size.gzippedBytes)} min+gz (goal ≤ ${bytes(goal)})`,
  };
}

export function judgeValidationBundle(
  client: BundleSize,
  withValidation: BundleSize,
  budgets = readBudgets(),
): Verdict {
  const limit = budgets.budgets.bundle.validation.maxAddedGzipBytes;
  const added = withValidation.gzippedBytes - client.gzippedBytes;
  if (added <= limit) {
    return {
      ok: true,
      message: `${withValidation.entry}: validation adds ${bytes(added)} min+gz, budget ${bytes(limit)}`,
    };
  }
  return {
    ok: false,
    message:
      `@devrev-kit/client/validation adds ${bytes(added)} minified+gzipped to ${client.entry} ` +
      `(${withValidation.entry}: ${bytes(withValidation.gzippedBytes)}), ${over(added, limit, bytes)} the ` +
      `${bytes(limit)} budget in ${BUDGETS_FILE}. Largest inputs (minified): ${largestInputs(withValidation)}; ${SEE_BUNDLE}`,
  };
}

export function judgeTypeCost(cost: TypeCostComparison, budgets = readBudgets()): Verdict {
  const { maxRatioToOpenapiFetch, maxClientAdded } = budgets.budgets.typeInstantiations;
  const count = (n: number) => `${n.toLocaleString("en-US")} instantiations`;
  const facts =
    `consumers/type-cost/client.ts adds ${count(cost.clientAdded)}, ` +
    `bare openapi-fetch's consumers/type-cost/openapi-fetch.ts ${count(cost.openapiFetchAdded)} ` +
    `(ratio ${cost.ratio.toFixed(3)})`;
  const problems: string[] = [];
  if (cost.ratio > maxRatioToOpenapiFetch) {
    problems.push(
      `the ratio is above the ${maxRatioToOpenapiFetch} budget: ` +
        `${over(cost.clientAdded, Math.floor(cost.openapiFetchAdded * maxRatioToOpenapiFetch), count)}`,
    );
  }
  if (cost.clientAdded > maxClientAdded) {
    problems.push(
      `the client's count is ${over(cost.clientAdded, maxClientAdded, count)} its ${maxClientAdded} ceiling ` +
        "(a public .d.ts that makes each call instantiate generic path types does this)",
    );
  }
  if (problems.length === 0) return { ok: true, message: facts };
  return { ok: false, message: `${facts}: ${problems.join("; ")}. Budgets in ${BUDGETS_FILE}; ${SEE_TYPES}` };
}
