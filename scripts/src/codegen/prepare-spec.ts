import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { bundle, getLineColLocation, lint, loadConfig, type NormalizedProblem } from "@redocly/openapi-core";
import { compareText, isJsonObject, type JsonObject } from "../drift/json.ts";
import {
  describeReadException,
  describeReadProblems,
  formatCauses,
  isReadProblem,
} from "../spec-read-errors.ts";
import { UsageError } from "../usage-error.ts";
import type { CodegenInput } from "./types.ts";

/** Raised when the spec has lint problems; generation stops before writing anything. */
export class SpecLintError extends Error {
  override name = "SpecLintError";
}

/**
 * Lints the spec with the repository's Redocly rules (any error or warning
 * stops generation: the spec is kept at zero of both), then bundles it into
 * one document with local refs and components in name order.
 */
export async function prepareSpec(
  rootDir: string,
  specPath: string,
  redoclyConfig: string,
): Promise<CodegenInput> {
  const entry = resolve(rootDir, specPath);
  if (!existsSync(entry)) {
    throw new UsageError(
      `the spec's entry file ${specPath} does not exist: restore it, or set \`spec\` in the codegen config to the right file`,
    );
  }
  const config = await loadConfig({ configPath: resolve(rootDir, redoclyConfig) });
  const problems = await lintOrExplain(entry, config, rootDir);
  // A file that cannot be read shows up as one problem per $ref into it; one line per file says more.
  const unreadable = problems.filter(isReadProblem);
  if (unreadable.length > 0) {
    throw new UsageError(
      formatCauses(`${specPath} cannot be read`, describeReadProblems(unreadable, rootDir)),
    );
  }
  if (problems.length > 0) {
    throw new SpecLintError(
      `${specPath} has ${problems.length} lint problem(s):\n${problems.map((problem) => describeProblem(problem, rootDir)).join("\n")}`,
    );
  }
  const bundled = await bundle({ ref: entry, config });
  const parsed: unknown = bundled.bundle.parsed;
  if (!isJsonObject(parsed)) throw new Error(`${specPath} did not bundle into an OpenAPI document`);
  const document = withSortedComponents(parsed);
  const documentJson = `${JSON.stringify(document, null, 2)}\n`;
  return {
    document,
    documentJson,
    specSha256: createHash("sha256").update(documentJson).digest("hex"),
    specPath,
  };
}

/** Redocly's lint, with a missing or unparsable entry file (which it throws for) as a one-line UsageError. */
async function lintOrExplain(
  entry: string,
  config: Awaited<ReturnType<typeof loadConfig>>,
  rootDir: string,
): Promise<NormalizedProblem[]> {
  try {
    return await lint({ ref: entry, config });
  } catch (error) {
    const explained = describeReadException(error, rootDir);
    if (explained === undefined) throw error;
    throw new UsageError(explained);
  }
}

function describeProblem(problem: NormalizedProblem, rootDir: string): string {
  const [location] = problem.location;
  if (location === undefined) return `  ${problem.ruleId}: ${problem.message}`;
  const { start } = getLineColLocation(location);
  const file = relative(rootDir, location.source.absoluteRef);
  return `  ${file}:${start.line}:${start.col} ${problem.severity} ${problem.ruleId}: ${problem.message}`;
}

/** Component order follows the bundler's walk; sorting makes the output easy to scan and diff. */
function withSortedComponents(document: JsonObject): JsonObject {
  const components = document["components"];
  if (!isJsonObject(components)) return document;
  const sorted: JsonObject = {};
  for (const [kind, entries] of Object.entries(components)) {
    sorted[kind] = isJsonObject(entries)
      ? Object.fromEntries(Object.entries(entries).sort(([a], [b]) => compareText(a, b)))
      : entries;
  }
  return { ...document, components: sorted };
}
