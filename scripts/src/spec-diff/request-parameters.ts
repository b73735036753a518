// optic fails a parameter made required or given another type, but lets one go: removing an optional
// query parameter is harmless on the wire. @devrev-kit/types' `operations[...]["parameters"]` then
// lacks it, and a caller's object literal that still passes it is an excess-property error. A format
// added to a parameter's schema is judged as in a request body (formats.ts).
import { stringAt } from "../drift/json.ts";
import { normalizeSchema } from "../drift/normalize-schema.ts";
import { effectiveParameters } from "../drift/operation-facts.ts";
import type { SpecChange } from "../optic-report.ts";
import type { OperationPair } from "./operation-pairs.ts";
import { compareUnionVariants, joinPath } from "./union-variants.ts";

/** A path parameter cannot go without the path changing, which is an operation removed. */
const TYPED_PLACEMENTS = new Set(["query", "header", "cookie"]);

/** The query, header and cookie parameters the base took that are gone, and edits to kept ones' schemas. */
export function requestParameterChanges(pair: OperationPair): SpecChange[] {
  const before = effectiveParameters(pair.before.entry, pair.before.resolve);
  const after = effectiveParameters(pair.after.entry, pair.after.resolve);
  const changes: SpecChange[] = [];
  for (const [key, beforeParameter] of before) {
    const placement = stringAt(beforeParameter["in"]) ?? "?";
    const name = stringAt(beforeParameter["name"]) ?? key;
    const location = `${placement} parameter ${name}`;
    const afterParameter = after.get(key);
    if (afterParameter === undefined) {
      if (!TYPED_PLACEMENTS.has(placement)) continue;
      changes.push({
        operation: pair.label,
        direction: "request",
        location,
        change: "removed",
        breaking: [
          `[prevent removing request parameter] removing ${location} breaks TypeScript code that still passes it: ` +
            `it is no longer in @devrev-kit/types' parameters type (an excess-property error). This is a breaking change.`,
        ],
      });
      continue;
    }
    const comparison = compareUnionVariants(
      normalizeSchema(beforeParameter["schema"], pair.before.resolve),
      normalizeSchema(afterParameter["schema"], pair.after.resolve),
      "request",
      location,
    );
    for (const { path, change, breaking } of comparison.changes) {
      changes.push({
        operation: pair.label,
        direction: "request",
        location: joinPath(location, path),
        change,
        breaking: breaking === undefined ? [] : [breaking],
      });
    }
  }
  return changes;
}
