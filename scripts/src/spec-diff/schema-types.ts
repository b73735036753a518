// Which JSON types a normalised schema lets through, so a rule can tell a type widened from one narrowed.
import { compareText } from "../drift/json.ts";
import type { NormalSchema } from "../drift/normalize-schema.ts";

/** JSON types a schema allows, with `null` for nullable; undefined when any type goes. */
export function allowedTypes(schema: NormalSchema): ReadonlySet<string> | undefined {
  if (schema.types === undefined) return undefined;
  return schema.nullable ? new Set([...schema.types, "null"]) : schema.types;
}

/** Whether every value of type `type` is also allowed by `types` (an integer is a number). */
function allows(types: ReadonlySet<string> | undefined, type: string): boolean {
  return types === undefined || types.has(type) || (type === "integer" && types.has("number"));
}

/** Whether `wide` accepts every value `narrow` does. */
export function allowsAll(
  wide: ReadonlySet<string> | undefined,
  narrow: ReadonlySet<string> | undefined,
): boolean {
  if (narrow === undefined) return wide === undefined;
  return [...narrow].every((type) => allows(wide, type));
}

export function describeTypes(types: ReadonlySet<string> | undefined): string {
  return types === undefined ? "any" : [...types].sort(compareText).join(" | ") || "never";
}
