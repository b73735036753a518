import { bundleSpec } from "../spec-snapshot.ts";
import { UsageError } from "../usage-error.ts";
import { isJsonObject, type JsonObject } from "./json.ts";

/**
 * Reads an OpenAPI document, following relative `$ref`s into other files, as spec:diff does. A file that is
 * missing, does not parse or does not bundle is a UsageError naming the file and the place.
 */
export async function loadBundledSpec(path: string): Promise<JsonObject> {
  const parsed: unknown = await bundleSpec(path);
  if (!isJsonObject(parsed)) throw new UsageError(`${path} is not an OpenAPI document`);
  return parsed;
}
