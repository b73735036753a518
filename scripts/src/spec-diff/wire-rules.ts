// The breaking-change rules spec:diff adds to optic's: changes inside union variants, to how request
// parameters are serialized, and to response headers. Each finding is a SpecChange, like optic's.
import { type JsonObject, objectAt, sortedEntries } from "../drift/json.ts";
import { normalizeSchema } from "../drift/normalize-schema.ts";
import type { SpecChange } from "../optic-report.ts";
import { type OperationPair, type OperationVersion, pairOperations } from "./operation-pairs.ts";
import { parameterSerializationChanges } from "./parameter-serialization.ts";
import { responseHeaderChanges } from "./response-headers.ts";
import { compareUnionVariants, type Side } from "./union-variants.ts";

/** Compares two bundled documents with the rules optic's ruleset lacks. */
export function checkWireRules(before: JsonObject, after: JsonObject): SpecChange[] {
  return pairOperations(before, after).flatMap((pair) => [
    ...parameterSerializationChanges(pair),
    ...responseHeaderChanges(pair),
    ...unionVariantChanges(pair),
  ]);
}

function unionVariantChanges(pair: OperationPair): SpecChange[] {
  const requestBody = (version: OperationVersion) =>
    objectAt(version.resolve(version.entry.operation["requestBody"]).node)?.["content"];
  const changes = compareContents(pair, "request", "body", requestBody(pair.before), requestBody(pair.after));
  const afterResponses = new Map(sortedEntries(pair.after.entry.operation["responses"]));
  for (const [status, beforeResponse] of sortedEntries(pair.before.entry.operation["responses"])) {
    const afterResponse = afterResponses.get(status);
    if (afterResponse === undefined) continue;
    const content = (version: OperationVersion, response: unknown) =>
      objectAt(version.resolve(response).node)?.["content"];
    changes.push(
      ...compareContents(
        pair,
        "response",
        `status ${status} body`,
        content(pair.before, beforeResponse),
        content(pair.after, afterResponse),
      ),
    );
  }
  return changes;
}

/** Each media type both versions declare; locations are written the way optic writes its own. */
function compareContents(
  pair: OperationPair,
  side: Side,
  prefix: string,
  beforeContent: unknown,
  afterContent: unknown,
): SpecChange[] {
  const afterMedia = new Map(sortedEntries(afterContent));
  const changes: SpecChange[] = [];
  for (const [mediaType, beforeMedia] of sortedEntries(beforeContent)) {
    const beforeSchema = objectAt(beforeMedia)?.["schema"];
    const afterSchema = objectAt(afterMedia.get(mediaType))?.["schema"];
    if (beforeSchema === undefined || afterSchema === undefined) continue;
    const variantChanges = compareUnionVariants(
      normalizeSchema(beforeSchema, pair.before.resolve),
      normalizeSchema(afterSchema, pair.after.resolve),
      side,
    );
    for (const { path, change, breaking } of variantChanges) {
      changes.push({
        operation: pair.label,
        direction: side,
        location: path === "" ? `${prefix} ${mediaType}` : `${prefix} property ${path}`,
        change,
        breaking: breaking === undefined ? [] : [breaking],
      });
    }
  }
  return changes;
}
