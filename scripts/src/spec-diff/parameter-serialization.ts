// optic compares a parameter's schema and whether it is required, not how its value is written:
// `explode: false` -> `true` turns `account=A,B` into `account=A&account=B`, and the client's query
// serializer follows the spec, so the server would read the request differently.
import { stringAt } from "../drift/json.ts";
import { effectiveParameters, parameterSerialization } from "../drift/operation-facts.ts";
import type { SpecChange } from "../optic-report.ts";
import type { OperationPair } from "./operation-pairs.ts";

const RULE = "[prevent changing request parameter serialization]";

/** A parameter kept by both versions whose effective `style` or `explode` changed (defaults filled in). */
export function parameterSerializationChanges(pair: OperationPair): SpecChange[] {
  const before = effectiveParameters(pair.before.entry, pair.before.resolve);
  const after = effectiveParameters(pair.after.entry, pair.after.resolve);
  const changes: SpecChange[] = [];
  for (const [key, afterParameter] of after) {
    const beforeParameter = before.get(key);
    if (beforeParameter === undefined) continue;
    const was = parameterSerialization(beforeParameter);
    const now = parameterSerialization(afterParameter);
    const edits = [
      was.style === now.style ? undefined : `style ${was.style} -> ${now.style}`,
      was.explode === now.explode ? undefined : `explode ${was.explode} -> ${now.explode}`,
    ].filter((edit) => edit !== undefined);
    if (edits.length === 0) continue;
    const placement = stringAt(afterParameter["in"]) ?? "?";
    const name = stringAt(afterParameter["name"]) ?? key;
    changes.push({
      operation: pair.label,
      direction: "request",
      location: `${placement} parameter ${name}`,
      change: edits.join(", "),
      breaking: [
        `${RULE} ${placement} parameter '${name}' would be sent as style ${now.style}, explode ${now.explode} ` +
          `instead of style ${was.style}, explode ${was.explode}. This is a breaking change.`,
      ],
    });
  }
  return changes;
}
