import { compareText } from "./json.ts";
import { type NormalSchema, narrowToTag } from "./normalize-schema.ts";

/**
 * Wire facts, keyed `<location> :: <fact>`, e.g.
 * `response 200 application/json.rev_org.tier :: type` → `string`.
 * Two descriptions agree on the wire exactly when their fact maps are equal.
 */
export type Facts = Map<string, string>;

/** The two sides being compared, each collecting its own facts. */
export interface FactPair {
  curated: Facts;
  upstream: Facts;
}

export function addFact(facts: Facts, location: string, fact: string, value: string): void {
  facts.set(`${location} :: ${fact}`, value);
}

/**
 * Records the facts of the schema found at one location on each side,
 * walking both together so that a union on one side lines up with its
 * counterpart on the other. Either side may be missing.
 */
export function collectSchemaFactPair(
  curated: NormalSchema | undefined,
  upstream: NormalSchema | undefined,
  location: string,
  sink: FactPair,
): void {
  const [left, right] = alignUnions(curated, upstream);
  const leftIsUnion = left?.union !== undefined;
  const rightIsUnion = right?.union !== undefined;
  if (
    (leftIsUnion && right !== undefined && !rightIsUnion) ||
    (rightIsUnion && left !== undefined && !leftIsUnion)
  ) {
    // A union against a plain object that could not be lined up: report each side on its own.
    collectSchemaFactPair(left, undefined, location, sink);
    collectSchemaFactPair(undefined, right, location, sink);
    return;
  }
  if (leftIsUnion || rightIsUnion) {
    collectUnionPair(left, right, location, sink);
    return;
  }
  if (left !== undefined) collectOwnFacts(left, location, sink.curated);
  if (right !== undefined) collectOwnFacts(right, location, sink.upstream);
  if (left?.recursive === true || right?.recursive === true) return;

  const names = new Set([...(left?.properties.keys() ?? []), ...(right?.properties.keys() ?? [])]);
  for (const name of [...names].sort(compareText)) {
    const propertyLocation = `${location}.${name}`;
    const leftProperty = left?.properties.get(name);
    const rightProperty = right?.properties.get(name);
    if (left !== undefined && leftProperty !== undefined) {
      addFact(sink.curated, propertyLocation, "required", left.required.has(name) ? "yes" : "no");
    }
    if (right !== undefined && rightProperty !== undefined) {
      addFact(sink.upstream, propertyLocation, "required", right.required.has(name) ? "yes" : "no");
    }
    collectSchemaFactPair(leftProperty, rightProperty, propertyLocation, sink);
  }
  // A required name with no property still constrains the wire: every body must carry that key.
  for (const [side, facts] of [
    [left, sink.curated],
    [right, sink.upstream],
  ] as const) {
    if (side === undefined) continue;
    const undeclared = [...side.required].filter((name) => !side.properties.has(name)).sort(compareText);
    if (undeclared.length > 0) addFact(facts, location, "required without a property", undeclared.join(", "));
  }
  const leftMap = left?.extraKeys.kind === "schema" ? left.extraKeys.schema : undefined;
  const rightMap = right?.extraKeys.kind === "schema" ? right.extraKeys.schema : undefined;
  if (leftMap !== undefined || rightMap !== undefined)
    collectSchemaFactPair(leftMap, rightMap, `${location}{*}`, sink);
  if (left?.items !== undefined || right?.items !== undefined) {
    collectSchemaFactPair(left?.items, right?.items, `${location}[]`, sink);
  }
}

function collectUnionPair(
  left: NormalSchema | undefined,
  right: NormalSchema | undefined,
  location: string,
  sink: FactPair,
): void {
  const tag = left?.union?.tag ?? right?.union?.tag ?? "variant";
  const leftVariants = new Map(left?.union?.variants.map((variant) => [variant.label, variant.schema]));
  const rightVariants = new Map(right?.union?.variants.map((variant) => [variant.label, variant.schema]));
  if (left !== undefined)
    addFact(sink.curated, location, "variants", [...leftVariants.keys()].sort(compareText).join(" | "));
  if (right !== undefined)
    addFact(sink.upstream, location, "variants", [...rightVariants.keys()].sort(compareText).join(" | "));
  for (const [side, facts] of [
    [left, sink.curated],
    [right, sink.upstream],
  ] as const) {
    const outside = side?.union?.outsideMapping ?? [];
    if (outside.length > 0) addFact(facts, location, "outside the mapping", outside.join(", "));
  }
  const labels = new Set([...leftVariants.keys(), ...rightVariants.keys()]);
  for (const label of [...labels].sort(compareText)) {
    collectSchemaFactPair(
      leftVariants.get(label),
      rightVariants.get(label),
      `${location}<${tag}=${label}>`,
      sink,
    );
  }
}

/**
 * A plain object whose tag property is an enum is the same wire shape as a
 * union with one variant per enum value. Splitting it that way lets the
 * published layout (a union of variants that differ only in their tag, or a
 * one-member union) line up with a plain object, variant by variant.
 */
export function alignUnions(
  left: NormalSchema | undefined,
  right: NormalSchema | undefined,
): [NormalSchema | undefined, NormalSchema | undefined] {
  const leftTag = left?.union?.tag;
  const rightTag = right?.union?.tag;
  if (leftTag !== undefined && right !== undefined && right.union === undefined)
    return [left, splitOnTag(right, leftTag)];
  if (rightTag !== undefined && left !== undefined && left.union === undefined)
    return [splitOnTag(left, rightTag), right];
  return [left, right];
}

function splitOnTag(schema: NormalSchema, tag: string): NormalSchema {
  const values = schema.properties.get(tag)?.enumValues;
  if (values === undefined || values.size === 0) return schema;
  const variants = [...values].sort(compareText).map((encoded) => {
    const value: unknown = JSON.parse(encoded);
    const label = typeof value === "string" ? value : encoded;
    return { label, schema: narrowToTag(schema, tag, label) };
  });
  return { ...schema, union: { tag, variants } };
}

function collectOwnFacts(schema: NormalSchema, location: string, facts: Facts): void {
  addFact(facts, location, "type", describeType(schema));
  if (schema.recursive) return;
  if (schema.format !== undefined) addFact(facts, location, "format", schema.format);
  if (schema.enumValues !== undefined) addFact(facts, location, "enum", describeEnum(schema.enumValues));
  if (schema.deprecated) addFact(facts, location, "deprecated", "yes");
  for (const [keyword, value] of [...schema.constraints].sort(([a], [b]) => compareText(a, b))) {
    addFact(facts, location, keyword, value);
  }
  if (isObjectLike(schema)) addFact(facts, location, "keys", describeKeys(schema));
}

function describeEnum(values: ReadonlySet<string>): string {
  return values.size === 0 ? "(no value allowed)" : [...values].sort(compareText).join(", ");
}

function describeType(schema: NormalSchema): string {
  if (schema.recursive) return "recursive";
  const types = schema.types === undefined ? ["unspecified"] : [...schema.types].sort(compareText);
  if (types.length === 0) types.push("never");
  if (schema.nullable) types.push("null");
  return types.join(" | ");
}

function isObjectLike(schema: NormalSchema): boolean {
  return (
    schema.types?.has("object") === true ||
    schema.properties.size > 0 ||
    schema.extraKeys.kind !== "unspecified"
  );
}

/**
 * Which keys an object may have. With properties declared and no
 * `additionalProperties`, the object is "declared": those are the keys to
 * expect, and a field the server adds later is let through. With
 * `additionalProperties: false` it is "declared only": the generated
 * validators reject any other key, so a new server field would fail every
 * response. With no properties, a bare `type: object` is a free-form map
 * ("any"), and `additionalProperties: false` an empty object ("none").
 */
function describeKeys(schema: NormalSchema): string {
  const declared = schema.properties.size > 0;
  switch (schema.extraKeys.kind) {
    case "forbidden":
      return declared ? "declared only" : "none";
    case "unspecified":
      return declared ? "declared" : "any";
    case "any":
      return declared ? "declared + any" : "any";
    case "schema":
      return declared ? "declared + map" : "map";
  }
}
