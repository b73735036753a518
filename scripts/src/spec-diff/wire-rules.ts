// The breaking-change rules spec:diff adds to optic's: changes inside union variants, to request
// bodies and parameters, to response headers and to the names @devrev-kit/types exports. Each finding is a
// SpecChange, like optic's.
import { type JsonObject, objectAt, sortedEntries } from "../drift/json.ts";
import { normalizeSchema } from "../drift/normalize-schema.ts";
import type { SpecChange } from "../optic-report.ts";
import { type OperationPair, type OperationVersion, pairOperations } from "./operation-pairs.ts";
import { parameterSerializationChanges } from "./parameter-serialization.ts";
import { requestBodyChanges } from "./request-body.ts";
import { requestParameterChanges } from "./request-parameters.ts";
import { responseHeaderChanges } from "./response-headers.ts";
import { typesSurfaceChanges } from "./types-surface.ts";
import { compareUnionVariants, type Side } from "./union-variants.ts";

/** Where a union that our rules compare by tag sits, in the words of a SpecChange. */
export type UnionPlace = Pick<SpecChange, "operation" | "direction" | "location">;

export interface WireRuleReview {
  findings: SpecChange[];
  /** The unions judged tag by tag; optic's rows inside them compare members by position. */
  taggedUnions: UnionPlace[];
}

/** Compares two bundled documents with the rules optic's ruleset lacks. */
export function reviewWireRules(before: JsonObject, after: JsonObject): WireRuleReview {
  const review: WireRuleReview = { findings: typesSurfaceChanges(before, after), taggedUnions: [] };
  for (const pair of pairOperations(before, after)) {
    review.findings.push(
      ...parameterSerializationChanges(pair),
      ...requestBodyChanges(pair),
      ...requestParameterChanges(pair),
      ...responseHeaderChanges(pair),
    );
    unionVariantChanges(pair, review);
  }
  return review;
}

/** The findings alone. */
export function checkWireRules(before: JsonObject, after: JsonObject): SpecChange[] {
  return reviewWireRules(before, after).findings;
}

function unionVariantChanges(pair: OperationPair, review: WireRuleReview): void {
  const requestBody = (version: OperationVersion) =>
    objectAt(version.resolve(version.entry.operation["requestBody"]).node)?.["content"];
  compareContents(pair, review, "request", "body", requestBody(pair.before), requestBody(pair.after));
  const afterResponses = new Map(sortedEntries(pair.after.entry.operation["responses"]));
  for (const [status, beforeResponse] of sortedEntries(pair.before.entry.operation["responses"])) {
    const afterResponse = afterResponses.get(status);
    if (afterResponse === undefined) continue;
    const content = (version: OperationVersion, response: unknown) =>
      objectAt(version.resolve(response).node)?.["content"];
    compareContents(
      pair,
      review,
      "response",
      `status ${status} body`,
      content(pair.before, beforeResponse),
      content(pair.after, afterResponse),
    );
  }
}

/** Each media type both versions declare; locations are written the way optic writes its own. */
function compareContents(
  pair: OperationPair,
  review: WireRuleReview,
  side: Side,
  prefix: string,
  beforeContent: unknown,
  afterContent: unknown,
): void {
  const afterMedia = new Map(sortedEntries(afterContent));
  for (const [mediaType, beforeMedia] of sortedEntries(beforeContent)) {
    const beforeSchema = objectAt(beforeMedia)?.["schema"];
    const afterSchema = objectAt(afterMedia.get(mediaType))?.["schema"];
    if (beforeSchema === undefined || afterSchema === undefined) continue;
    const comparison = compareUnionVariants(
      normalizeSchema(beforeSchema, pair.before.resolve),
      normalizeSchema(afterSchema, pair.after.resolve),
      side,
    );
    const locate = (path: string) => (path === "" ? `${prefix} ${mediaType}` : `${prefix} property ${path}`);
    for (const { path, change, breaking } of comparison.changes) {
      review.findings.push({
        operation: pair.label,
        direction: side,
        location: locate(path),
        change,
        breaking: breaking === undefined ? [] : [breaking],
      });
    }
    for (const path of comparison.taggedUnions) {
      // Named as optic names the union's own row; optic calls the body root `schema`.
      const location = `${prefix} property ${path || "schema"}`;
      review.taggedUnions.push({ operation: pair.label, direction: side, location });
    }
  }
}
