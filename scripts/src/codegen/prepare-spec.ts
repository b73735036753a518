import { createHash } from "node:crypto";
import { relative, resolve } from "node:path";
import { bundle, getLineColLocation, lint, loadConfig, type NormalizedProblem } from "@redocly/openapi-core";
import { compareText, isJsonObject, type JsonObject } from "../drift/json.ts";
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
  const config = await loadConfig({ configPath: resolve(rootDir, redoclyConfig) });
  const problems = await lint({ ref: entry, config });
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
