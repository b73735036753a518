/**
 * Wire-fidelity check: compares the curated spec with a published DevRev
 * spec, fact by fact, for the operations the curated spec covers.
 *
 *   node scripts/src/spec-drift.ts --upstream <published.yaml> [--spec <curated.yaml>] [--strict]
 *   node scripts/src/spec-drift.ts --reference [--strict]     (pnpm spec:fidelity)
 *
 * Prints a report. With --strict, exits 1 when any fact differs; 2 when a spec cannot be read (missing, not
 * YAML or JSON, a $ref that does not resolve), with one line that says which and where.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { compareSpecs, countDifferences } from "./drift/compare-specs.ts";
import { formatDriftReport } from "./drift/format-report.ts";
import { loadBundledSpec } from "./drift/load-spec.ts";
import { invocationDir, typedPath } from "./invocation-dir.ts";
import { runMain } from "./usage-error.ts";

const USAGE =
  "usage: node scripts/src/spec-drift.ts --upstream <published spec> | --reference [--spec <curated spec>] [--strict]";
const DEFAULT_SPEC = fileURLToPath(new URL("../../openapi/devrev.yaml", import.meta.url));
// DevRev's published spec cut down to our operations, kept beside the repository: found from here, not from
// where the command was typed, since nobody typed its path.
const REFERENCE = fileURLToPath(
  new URL("../../../shared/reference/devrev-openapi-beta-subset.yaml", import.meta.url),
);

async function main(): Promise<number> {
  let options: {
    upstream?: string | undefined;
    reference?: boolean | undefined;
    spec?: string | undefined;
    strict?: boolean | undefined;
  };
  try {
    ({ values: options } = parseArgs({
      options: {
        upstream: { type: "string" },
        reference: { type: "boolean" },
        spec: { type: "string" },
        strict: { type: "boolean" },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if ((options.upstream === undefined) === (options.reference !== true)) {
    console.error(USAGE);
    return 2;
  }
  const specPath = options.spec === undefined ? DEFAULT_SPEC : typedPath(options.spec);
  const upstreamPath = options.upstream === undefined ? REFERENCE : typedPath(options.upstream);
  const [curated, upstream] = await Promise.all([loadBundledSpec(specPath), loadBundledSpec(upstreamPath)]);
  const result = compareSpecs(curated, upstream);
  console.log(
    formatDriftReport(result, { curated: displayPath(specPath), upstream: displayPath(upstreamPath) }),
  );
  return options.strict === true && countDifferences(result) > 0 ? 1 : 0;
}

function displayPath(path: string): string {
  const fromHere = relative(invocationDir(), path);
  return fromHere === "" ? path : fromHere;
}

runMain(main);
