// Turns "the spec at some git ref" or "the spec in the working tree" into one self-contained file,
// because optic reads one document and our spec is split over many files with relative $refs.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { bundle, createConfig } from "@redocly/openapi-core";
import { listFilesAtRef, readFileAtRef } from "./git-history.ts";
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

/** Resolves every external $ref of a multi-file spec into one document (internal refs stay). */
export async function bundleSpec(entryPath: string): Promise<Record<string, unknown>> {
  if (!existsSync(entryPath)) throw new UsageError(`spec not found: ${entryPath}`);
  // An empty config: bundle the spec as written, without any lint rules or decorators.
  const config = await createConfig({});
  let result: Awaited<ReturnType<typeof bundle>>;
  try {
    result = await bundle({ ref: entryPath, config });
  } catch (error) {
    // Not YAML or JSON at all (an HTML page saved by mistake), or unreadable.
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`could not read ${entryPath} as an OpenAPI document: ${reason}`);
  }
  const errors = result.problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0) {
    const lines = errors.map((problem) => {
      const where = problem.location[0];
      const pointer = (where?.pointer ?? "").replace(/^#/, "");
      const at = where ? ` (${where.source.absoluteRef}#${pointer})` : "";
      return `  - ${problem.message}${at}`;
    });
    throw new UsageError(`could not bundle ${entryPath}:\n${lines.join("\n")}`);
  }
  const parsed: unknown = result.bundle.parsed;
  if (typeof parsed !== "object" || parsed === null)
    throw new UsageError(`${entryPath} is not an OpenAPI document`);
  return parsed as Record<string, unknown>;
}
