import type { JsonObject } from "../../src/drift/json.ts";

/** Walks into a parsed document, failing loudly if the fixture changed shape. */
export function at(document: JsonObject, ...keys: string[]): JsonObject {
  let current: unknown = document;
  for (const key of keys) {
    if (typeof current !== "object" || current === null) throw new Error(`no ${keys.join(".")}`);
    current = (current as Record<string, unknown>)[key];
  }
  if (typeof current !== "object" || current === null) throw new Error(`no ${keys.join(".")}`);
  return current as JsonObject;
}
