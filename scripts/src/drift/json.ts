/** A parsed JSON/YAML object whose shape is not known in advance. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

export function arrayAt(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringAt(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Entries of an object sorted by key, so every walk is deterministic. */
export function sortedEntries(value: unknown): Array<[string, unknown]> {
  return isJsonObject(value) ? Object.entries(value).sort(([a], [b]) => compareText(a, b)) : [];
}

export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
