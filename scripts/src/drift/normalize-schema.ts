import {
  arrayAt,
  compareText,
  isJsonObject,
  type JsonObject,
  objectAt,
  sortedEntries,
  stringAt,
} from "./json.ts";
import { type Resolved, refName } from "./ref-resolver.ts";

/**
 * A schema reduced to what it says about the wire, independent of how it is
 * written: `$ref`s are followed, `allOf` parts are merged into one object,
 * and `oneOf`/`anyOf` become a list of complete variants (the shared parts
 * merged into each one). Two schemas that accept the same JSON normalize to
 * the same value, whichever layout they use.
 */
export interface NormalSchema {
  /** JSON types allowed (without "null"); undefined when unconstrained. */
  readonly types: ReadonlySet<string> | undefined;
  readonly nullable: boolean;
  readonly format: string | undefined;
  /** Allowed values, JSON-encoded; undefined when any value is allowed. */
  readonly enumValues: ReadonlySet<string> | undefined;
  readonly deprecated: boolean;
  /** Other wire-relevant keywords (maxLength, default, readOnly, ...), JSON-encoded. */
  readonly constraints: ReadonlyMap<string, string>;
  readonly properties: ReadonlyMap<string, NormalSchema>;
  readonly required: ReadonlySet<string>;
  readonly extraKeys: ExtraKeys;
  readonly items: NormalSchema | undefined;
  readonly union: NormalUnion | undefined;
  /** Set where a schema refers back to itself; the walk stops there. */
  readonly recursive: boolean;
}

/** What `additionalProperties` allows, after merging. */
export type ExtraKeys =
  | { readonly kind: "unspecified" }
  | { readonly kind: "forbidden" }
  | { readonly kind: "any" }
  | { readonly kind: "schema"; readonly schema: NormalSchema };

export interface NormalUnion {
  /** The property that tells variants apart, declared or inferred; undefined if none. */
  readonly tag: string | undefined;
  readonly variants: readonly NormalVariant[];
  /**
   * What the variants leave out but the types would not: tag values a member allows that no variant is
   * labelled with (openapi-typescript types the member with them; the validators refuse them), and mapping
   * entries whose target is no member (openapi-typescript pins that schema's tag to the key in place).
   */
  readonly outsideMapping?: readonly string[];
}

export interface NormalVariant {
  /** The tag value this variant carries, or `#<index>` when there is no tag. */
  readonly label: string;
  readonly schema: NormalSchema;
}

type Resolve = (node: unknown) => Resolved;

const CONSTRAINT_KEYWORDS = [
  // Keywords neither spec uses today are recorded as written, so that any use of one shows as a difference.
  "additionalItems",
  "const",
  "contains",
  "default",
  "dependentRequired",
  "dependentSchemas",
  "else",
  "if",
  "not",
  "patternProperties",
  "prefixItems",
  "propertyNames",
  "then",
  "unevaluatedItems",
  "unevaluatedProperties",
  "exclusiveMaximum",
  "exclusiveMinimum",
  "maxItems",
  "maxLength",
  "maxProperties",
  "maximum",
  "minItems",
  "minLength",
  "minProperties",
  "minimum",
  "multipleOf",
  "pattern",
  "readOnly",
  "uniqueItems",
  "writeOnly",
] as const;

const UNCONSTRAINED: NormalSchema = {
  types: undefined,
  nullable: false,
  format: undefined,
  enumValues: undefined,
  deprecated: false,
  constraints: new Map(),
  properties: new Map(),
  required: new Set(),
  extraKeys: { kind: "unspecified" },
  items: undefined,
  union: undefined,
  recursive: false,
};

export function normalizeSchema(
  node: unknown,
  resolve: Resolve,
  refStack: readonly string[] = [],
): NormalSchema {
  const { node: target, ref } = resolve(node);
  if (ref !== undefined && refStack.includes(ref)) return { ...UNCONSTRAINED, recursive: true };
  const stack = ref === undefined ? refStack : [...refStack, ref];
  if (target === false) return { ...UNCONSTRAINED, types: new Set() };
  if (!isJsonObject(target)) return UNCONSTRAINED;

  let result = ownKeywords(target, resolve, stack);
  const ownNullable = result.nullable;
  for (const part of arrayAt(target["allOf"])) {
    result = mergeSchemas(result, normalizeSchema(part, resolve, stack));
  }
  // OpenAPI 3.0's convention, which openapi-typescript and the validators follow: `nullable` beside `allOf`
  // makes the whole schema nullable, whatever its parts say.
  if (ownNullable) result = { ...result, nullable: true };
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const members = arrayAt(target[keyword]);
    if (members.length > 0) result = distributeOverMembers(result, target, members, resolve, stack);
  }
  return result;
}

function ownKeywords(schema: JsonObject, resolve: Resolve, stack: readonly string[]): NormalSchema {
  const declaredTypes =
    typeof schema["type"] === "string" ? [schema["type"]] : arrayAt(schema["type"]).filter(isString);
  const types =
    declaredTypes.length > 0 ? new Set(declaredTypes.filter((type) => type !== "null")) : undefined;
  const constraints = new Map<string, string>();
  for (const keyword of CONSTRAINT_KEYWORDS) {
    if (schema[keyword] !== undefined) constraints.set(keyword, JSON.stringify(schema[keyword]));
  }
  const properties = new Map<string, NormalSchema>();
  for (const [name, property] of sortedEntries(schema["properties"])) {
    properties.set(name, normalizeSchema(property, resolve, stack));
  }
  return {
    types,
    nullable: schema["nullable"] === true || declaredTypes.includes("null"),
    format: stringAt(schema["format"]),
    enumValues: Array.isArray(schema["enum"])
      ? new Set(schema["enum"].map((value) => JSON.stringify(value)))
      : undefined,
    deprecated: schema["deprecated"] === true,
    constraints,
    properties,
    required: new Set(arrayAt(schema["required"]).filter(isString)),
    extraKeys: extraKeysOf(schema["additionalProperties"], resolve, stack),
    items: schema["items"] === undefined ? undefined : normalizeSchema(schema["items"], resolve, stack),
    union: undefined,
    recursive: false,
  };
}

function extraKeysOf(additional: unknown, resolve: Resolve, stack: readonly string[]): ExtraKeys {
  if (additional === undefined) return { kind: "unspecified" };
  if (additional === false) return { kind: "forbidden" };
  if (additional === true || (isJsonObject(additional) && Object.keys(additional).length === 0)) {
    return { kind: "any" };
  }
  return { kind: "schema", schema: normalizeSchema(additional, resolve, stack) };
}

/** Turns `base + oneOf[members]` into one complete variant per member (per tag value). */
function distributeOverMembers(
  base: NormalSchema,
  owner: JsonObject,
  members: readonly unknown[],
  resolve: Resolve,
  stack: readonly string[],
): NormalSchema {
  const discriminator = objectAt(owner["discriminator"]);
  const declaredTag = stringAt(discriminator?.["propertyName"]);
  const mapping = objectAt(discriminator?.["mapping"]) ?? {};
  const variants: NormalVariant[] = [];
  const memberRefs: string[] = [];
  const allowedTagValues = new Set<string>();
  members.forEach((member, index) => {
    const normal = normalizeSchema(member, resolve, stack);
    // An empty marker in a discriminated union cannot mean "no keys at all": the member would then
    // reject the very tag that selects it. DevRev's published spec writes members that add no fields
    // this way; like the validator generator (generate-validators.ts), read them as adding nothing.
    const addsNothing = declaredTag !== undefined && isEmptyMarker(normal);
    const merged = addsNothing ? base : mergeSchemas(base, normal);
    const memberRef = isJsonObject(member) ? stringAt(member["$ref"]) : undefined;
    if (memberRef !== undefined) memberRefs.push(memberRef);
    const values = declaredTag === undefined ? [] : tagValuesFromDiscriminator(memberRef, mapping);
    if (declaredTag === undefined || values.length === 0) {
      variants.push({ label: `#${index}`, schema: merged });
      return;
    }
    for (const encoded of merged.properties.get(declaredTag)?.enumValues ?? []) allowedTagValues.add(encoded);
    for (const value of values) {
      variants.push({ label: value, schema: narrowToTag(merged, declaredTag, value) });
    }
  });
  if (declaredTag === undefined) return { ...UNCONSTRAINED, union: labelByInferredTag(variants) };
  const labels = new Set(variants.map((variant) => JSON.stringify(variant.label)));
  const outsideMapping = [
    ...[...allowedTagValues].filter((encoded) => !labels.has(encoded)).map((encoded) => `tag ${encoded}`),
    ...Object.entries(mapping)
      .filter(([, target]) => !memberRefs.some((ref) => target === ref || target === refName(ref)))
      .map(([value, target]) => `mapping ${value} -> ${typeof target === "string" ? refName(target) : "?"}`),
  ].sort(compareText);
  return { ...UNCONSTRAINED, union: { tag: declaredTag, variants, outsideMapping } };
}

/** `{ type: object, additionalProperties: false }` and nothing else. */
function isEmptyMarker(schema: NormalSchema): boolean {
  return (
    schema.extraKeys.kind === "forbidden" &&
    schema.properties.size === 0 &&
    schema.required.size === 0 &&
    schema.union === undefined &&
    schema.items === undefined &&
    schema.enumValues === undefined &&
    schema.constraints.size === 0 &&
    !schema.nullable &&
    (schema.types === undefined || (schema.types.size === 1 && schema.types.has("object")))
  );
}

/** Mapping keys that point at the member; the member's own name when the mapping is silent. */
function tagValuesFromDiscriminator(memberRef: string | undefined, mapping: JsonObject): string[] {
  if (memberRef === undefined) return [];
  const mapped = Object.entries(mapping)
    .filter(([, target]) => target === memberRef || target === refName(memberRef))
    .map(([value]) => value)
    .sort(compareText);
  return mapped.length > 0 ? mapped : [refName(memberRef)];
}

/**
 * Without a discriminator object, a union can still be tagged: a property
 * that every variant pins to its own single value. Finding it lets a
 * discriminated and an undiscriminated description of the same union compare
 * equal.
 */
function labelByInferredTag(variants: readonly NormalVariant[]): NormalUnion {
  const first = variants[0]?.schema;
  const candidates = first === undefined ? [] : [...first.properties.keys()];
  for (const name of candidates) {
    const values = variants.map(({ schema }) => singleValue(schema.properties.get(name)));
    if (values.every(isString) && new Set(values).size === values.length) {
      return {
        tag: name,
        variants: variants.map((variant, index) => ({
          label: values[index] ?? variant.label,
          schema: variant.schema,
        })),
      };
    }
  }
  return { tag: undefined, variants };
}

function singleValue(schema: NormalSchema | undefined): string | undefined {
  if (schema?.enumValues?.size !== 1) return undefined;
  const [encoded] = schema.enumValues;
  const value: unknown = encoded === undefined ? undefined : JSON.parse(encoded);
  return typeof value === "string" ? value : undefined;
}

/** Within one variant, the tag property can only hold that variant's value. */
export function narrowToTag(schema: NormalSchema, tag: string, value: string): NormalSchema {
  if (schema.union !== undefined) {
    return {
      ...schema,
      union: {
        ...schema.union,
        variants: schema.union.variants.map((variant) => ({
          ...variant,
          schema: narrowToTag(variant.schema, tag, value),
        })),
      },
    };
  }
  const property = schema.properties.get(tag);
  if (property === undefined) return schema;
  const encoded = JSON.stringify(value);
  const narrowed =
    property.enumValues === undefined
      ? new Set([encoded])
      : intersect(property.enumValues, new Set([encoded]));
  const properties = new Map(schema.properties);
  properties.set(tag, { ...property, enumValues: narrowed });
  return { ...schema, properties };
}

/** `allOf` semantics: the result accepts what both inputs accept. */
export function mergeSchemas(a: NormalSchema, b: NormalSchema): NormalSchema {
  if (a.union !== undefined || b.union !== undefined) return mergeWithUnion(a, b);
  const properties = new Map(a.properties);
  for (const [name, schema] of b.properties) {
    const existing = properties.get(name);
    properties.set(name, existing === undefined ? schema : mergeSchemas(existing, schema));
  }
  const constraints = new Map(a.constraints);
  for (const [keyword, value] of b.constraints) {
    const existing = constraints.get(keyword);
    constraints.set(keyword, existing === undefined || existing === value ? value : `${existing} & ${value}`);
  }
  return {
    types: mergeTypes(a.types, b.types),
    // Null passes only if it passes both: a part without a type lets it through, a typed one must say nullable.
    nullable: (a.nullable || a.types === undefined) && (b.nullable || b.types === undefined),
    format:
      a.format === undefined || b.format === undefined || a.format === b.format
        ? (a.format ?? b.format)
        : `${a.format} & ${b.format}`,
    enumValues:
      a.enumValues === undefined
        ? b.enumValues
        : b.enumValues === undefined
          ? a.enumValues
          : intersect(a.enumValues, b.enumValues),
    deprecated: a.deprecated || b.deprecated,
    constraints,
    properties,
    required: new Set([...a.required, ...b.required]),
    extraKeys: mergeExtraKeys(a.extraKeys, b.extraKeys),
    items: a.items === undefined ? b.items : b.items === undefined ? a.items : mergeSchemas(a.items, b.items),
    union: undefined,
    recursive: a.recursive || b.recursive,
  };
}

function mergeWithUnion(a: NormalSchema, b: NormalSchema): NormalSchema {
  if (a.union !== undefined && b.union !== undefined) {
    const tag = a.union.tag ?? b.union.tag;
    const sameTag = a.union.tag !== undefined && a.union.tag === b.union.tag;
    const variants: NormalVariant[] = [];
    for (const left of a.union.variants) {
      for (const right of b.union.variants) {
        if (sameTag && left.label !== right.label) continue;
        const label = sameTag ? left.label : `${left.label}+${right.label}`;
        variants.push({ label, schema: mergeSchemas(left.schema, right.schema) });
      }
    }
    return { ...UNCONSTRAINED, union: { tag, variants } };
  }
  const [union, other] = a.union !== undefined ? [a.union, b] : [b.union, a];
  if (union === undefined) throw new Error("unreachable: mergeWithUnion without a union");
  return {
    ...UNCONSTRAINED,
    union: {
      tag: union.tag,
      variants: union.variants.map((variant) => ({
        ...variant,
        schema: mergeSchemas(variant.schema, other),
      })),
    },
  };
}

function mergeTypes(
  a: ReadonlySet<string> | undefined,
  b: ReadonlySet<string> | undefined,
): ReadonlySet<string> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const merged = new Set<string>();
  for (const type of a) {
    if (b.has(type)) merged.add(type);
    // An integer is also a number, so `number & integer` is `integer`.
    else if (type === "integer" && b.has("number")) merged.add("integer");
    else if (type === "number" && b.has("integer")) merged.add("integer");
  }
  return merged;
}

function mergeExtraKeys(a: ExtraKeys, b: ExtraKeys): ExtraKeys {
  if (a.kind === "forbidden" || b.kind === "forbidden") return { kind: "forbidden" };
  if (a.kind === "schema" && b.kind === "schema")
    return { kind: "schema", schema: mergeSchemas(a.schema, b.schema) };
  if (a.kind === "schema") return a;
  if (b.kind === "schema") return b;
  if (a.kind === "any" || b.kind === "any") return { kind: "any" };
  return { kind: "unspecified" };
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  return new Set([...a].filter((value) => b.has(value)));
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}
