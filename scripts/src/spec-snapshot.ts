// Turns "the spec at some git ref" or "the spec in the working tree" into one self-contained file,
// because optic reads one document and our spec is split over many files with relative $refs.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { bundle, createConfig, lint } from "@redocly/openapi-core";
import { listFilesAtRef, readFileAtRef } from "./git-history.ts";
import {
  describeReadException,
  describeReadProblems,
  displayPath,
  formatCauses,
  problemPlace,
} from "./spec-read-errors.ts";
import { UsageError } from "./usage-error.ts";

/** The curated spec's entry point, relative to the repository root. */
export const specEntry = "openapi/devrev.yaml";

/** An OpenAPI document with no operations: what a ref from before the spec existed is compared as. */
export const emptySpec = {
  openapi: "3.0.3",
  info: { title: "(no spec at this ref)", version: "0" },
  paths: {},
};

/**
 * Writes the folder holding `entry` (e.g. `openapi/`) as it was at `ref` under `outDir`, and returns
 * the path of the entry file there, or undefined when the entry did not exist at that ref.
 */
export async function checkoutSpecAtRef(
  repo: string,
  ref: string,
  entry: string,
  outDir: string,
): Promise<string | undefined> {
  const topFolder = entry.split("/")[0] ?? entry;
  const files = await listFilesAtRef(repo, ref, topFolder);
  if (!files.includes(entry)) return undefined;
  for (const file of files) {
    const target = join(outDir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await readFileAtRef(repo, ref, file));
  }
  return join(outDir, entry);
}

export interface BundleOptions {
  /** Where file names in messages are given from. @default the current folder */
  root?: string | undefined;
  /**
   * Also check that every part is the OpenAPI object it stands for (Redocly's `struct` rule): a $ref to a
   * file Redocly does not parse (`.txt`) bundles as a string, which optic rejects with the whole document.
   */
  checkStructure?: boolean | undefined;
}

/** Resolves every external $ref of a multi-file spec into one document (internal refs stay). */
export async function bundleSpec(
  entryPath: string,
  options: BundleOptions = {},
): Promise<Record<string, unknown>> {
  const root = options.root ?? process.cwd();
  const entry = displayPath(entryPath, root);
  if (!existsSync(entryPath)) throw new UsageError(`spec not found: ${entry}`);
  // An empty config: bundle the spec as written, without any lint rules or decorators.
  const config = await createConfig({});
  let result: Awaited<ReturnType<typeof bundle>>;
  try {
    result = await bundle({ ref: entryPath, config });
  } catch (error) {
    // Not YAML or JSON at all (an HTML page saved by mistake), or unreadable.
    const reason =
      describeReadException(error, root) ?? (error instanceof Error ? error.message : String(error));
    throw new UsageError(`could not read ${entry} as an OpenAPI document: ${reason}`);
  }
  const errors = result.problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0)
    throw new UsageError(formatCauses(`could not bundle ${entry}`, describeReadProblems(errors, root)));
  const parsed: unknown = result.bundle.parsed;
  if (typeof parsed !== "object" || parsed === null)
    throw new UsageError(`${entry} is not an OpenAPI document`);
  if (options.checkStructure) await checkStructure(entryPath, entry, root);
  return parsed as Record<string, unknown>;
}

async function checkStructure(entryPath: string, entry: string, root: string): Promise<void> {
  const config = await createConfig({ rules: { struct: "error" } });
  const problems = await lint({ ref: entryPath, config });
  if (problems.length === 0) return;
  const places = problems.map((problem) => {
    const where = problemPlace(problem, root);
    return where === undefined ? problem.message : `${where}: ${problem.message}`;
  });
  throw new UsageError(formatCauses(`${entry} is not a valid OpenAPI document`, [...new Set(places)]));
}
