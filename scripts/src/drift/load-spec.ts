import { bundle, createConfig } from "@redocly/openapi-core";
import { isJsonObject, type JsonObject } from "./json.ts";

/**
 * Reads an OpenAPI document, following relative `$ref`s into other files,
 * and returns it as one object whose refs are all local (`#/components/...`).
 */
export async function loadBundledSpec(path: string): Promise<JsonObject> {
  const config = await createConfig({});
  const result = await bundle({ ref: path, config });
  const unresolved = result.problems.filter((problem) => problem.severity === "error");
  if (unresolved.length > 0) {
    const messages = unresolved.map((problem) => `  ${problem.message}`).join("\n");
    throw new Error(`Could not bundle ${path}:\n${messages}`);
  }
  const parsed: unknown = result.bundle.parsed;
  if (!isJsonObject(parsed)) throw new Error(`${path} is not an OpenAPI document`);
  return parsed;
}
