// optic's breaking-change rules stop at `oneOf`/`anyOf`: every property rule returns early for a
// schema inside a union, so a property removed from one member of a response union passes as "ok".
// Here both versions of a schema are normalised (scripts/src/drift/normalize-schema.ts: `$ref`s
// followed, `allOf` merged, each union split into one complete variant per tag value) and compared
// variant by variant with the rules optic applies outside unions.
//
// The same walk applies, at every level, the rules optic has nowhere: a request property removed or
// a response enum value removed breaks TypeScript code written against @devrev-kit/types, and a
// request format added or changed makes the validators reject values that were valid.
import { compareText } from "../drift/json.ts";
import type { NormalSchema } from "../drift/normalize-schema.ts";
import { alignUnions } from "../drift/schema-facts.ts";
import { compareFormats } from "./formats.ts";
import { allowedTypes, allowsAll, describeTypes } from "./schema-types.ts";

/** Which way data flows through the schema: the client writes requests and reads responses. */
export type Side = "request" | "response";

export interface VariantChange {
  /** Where in the body, e.g. `rev_org.created_by<type=rev_user>.external_ref`; "" for the body itself. */
  path: string;
  /** What happened, in optic's words where optic has them: `removed`, `required added`, ... */
  change: string;
  /** `[rule] message` when the change breaks callers; undefined when it does not. */
  breaking: string | undefined;
}

export interface VariantComparison {
  changes: VariantChange[];
  /** Paths of the unions compared by tag, whose members optic's rows number by position instead. */
  taggedUnions: string[];
}

interface Walk extends VariantComparison {
  side: Side;
  /** What the schema itself is called in a message, e.g. `query parameter ids`; undefined for a body. */
  root: string | undefined;
}

/**
 * Lists the changes inside union variants between two versions of one body schema, changes to which
 * variants a union has, and the changes optic never judges. Other changes outside unions are optic's
 * to report and are not repeated.
 */
export function compareUnionVariants(
  before: NormalSchema,
  after: NormalSchema,
  side: Side,
  root?: string,
): VariantComparison {
  const walk: Walk = { side, root, changes: [], taggedUnions: [] };
  compareSchemas(walk, before, after, "", undefined);
  return { changes: walk.changes, taggedUnions: walk.taggedUnions };
}

/** How a rule names a property: its path (or the root's name), and the variant it sits in, if any. */
function describeWhere(walk: Walk, path: string, variant: string | undefined): string {
  const name = walk.root === undefined ? path || "body" : joinPath(walk.root, path);
  return variant === undefined ? `'${name}'` : `'${name}' (variant ${variant})`;
}

/** `query parameter ids` and `[]` make `query parameter ids[]`; with `a.b`, `query parameter ids.a.b`. */
export function joinPath(root: string, path: string): string {
  return path === "" || path.startsWith("[") || path.startsWith("{") ? `${root}${path}` : `${root}.${path}`;
}

/** `variant` is the innermost variant the path runs through (`type=rev_user`), if any. */
function compareSchemas(
  walk: Walk,
  beforeSchema: NormalSchema,
  afterSchema: NormalSchema,
  path: string,
  variant: string | undefined,
): void {
  // A plain object whose tag is an enum lines up with a union of one variant per value.
  const [before, after] = alignUnions(beforeSchema, afterSchema);
  if (before === undefined || after === undefined || before.recursive || after.recursive) return;
  if (before.union !== undefined || after.union !== undefined) {
    compareUnions(walk, before, after, path);
    return;
  }
  if (variant !== undefined) compareTypes(walk, before, after, path, variant);
  compareEnums(walk, before, after, path, variant);
  // Outside unions optic lists a response format edit itself (and nothing judges it).
  if (walk.side === "request" || variant !== undefined) {
    const format = compareFormats(before.format, after.format, walk.side, describeWhere(walk, path, variant));
    if (format !== undefined) walk.changes.push({ path, ...format });
  }
  const names = new Set([...before.properties.keys(), ...after.properties.keys()]);
  for (const name of [...names].sort(compareText)) {
    const propertyPath = path === "" ? name : `${path}.${name}`;
    const beforeProperty = before.properties.get(name);
    const afterProperty = after.properties.get(name);
    comparePresence(walk, { before, after, name, path: propertyPath, variant });
    if (beforeProperty !== undefined && afterProperty !== undefined) {
      compareSchemas(walk, beforeProperty, afterProperty, propertyPath, variant);
    }
  }
  if (before.items !== undefined && after.items !== undefined) {
    compareSchemas(walk, before.items, after.items, `${path}[]`, variant);
  }
  if (before.extraKeys.kind === "schema" && after.extraKeys.kind === "schema") {
    compareSchemas(walk, before.extraKeys.schema, after.extraKeys.schema, `${path}{*}`, variant);
  }
}

/**
 * A variant removed is like an enum value removed, breaking on both sides: a request may no longer send it,
 * and in a response TypeScript code that compares the tag with it (`u.type === "sys_user"`) or keys a Record
 * by the tag no longer compiles. One added is like an enum value added, which optic fails in a response:
 * callers switching over the tag meet an unknown value, and older clients' validators reject it.
 */
function variantChange(walk: Walk, path: string, variant: string, how: "removed" | "added"): VariantChange {
  const change = `variant ${variant} ${how}`;
  if (how === "added") {
    const breaking =
      walk.side === "response"
        ? `[prevent adding response union variants] cannot add the ${variant} variant to a response union. This is a breaking change.`
        : undefined;
    return { path, change, breaking };
  }
  const breaking =
    walk.side === "request"
      ? `[prevent removing request union variants] cannot remove the ${variant} variant from a request union. This is a breaking change.`
      : `[prevent removing response union variants] removing the ${variant} variant from a response union breaks TypeScript code: a comparison of the tag with it no longer compiles, nor does a Record keyed by the tag that lists it. This is a breaking change.`;
  return { path, change, breaking };
}

function compareUnions(walk: Walk, before: NormalSchema, after: NormalSchema, path: string): void {
  const tag = before.union?.tag;
  // Variants without a tag (`#0`, `#1`) are told apart only by position, and a union that appears,
  // disappears or changes its tag has no variants to pair: optic's union-transition rules judge those.
  if (before.union === undefined || after.union === undefined || tag === undefined) return;
  if (after.union.tag !== tag) return;
  walk.taggedUnions.push(path);
  const beforeVariants = new Map(before.union.variants.map((each) => [each.label, each.schema]));
  const afterVariants = new Map(after.union.variants.map((each) => [each.label, each.schema]));
  for (const label of [...beforeVariants.keys()].sort(compareText)) {
    if (!afterVariants.has(label)) walk.changes.push(variantChange(walk, path, `${tag}=${label}`, "removed"));
  }
  for (const label of [...afterVariants.keys()].sort(compareText)) {
    if (!beforeVariants.has(label)) walk.changes.push(variantChange(walk, path, `${tag}=${label}`, "added"));
  }
  for (const [label, beforeVariant] of beforeVariants) {
    const afterVariant = afterVariants.get(label);
    if (afterVariant === undefined) continue;
    compareSchemas(walk, beforeVariant, afterVariant, `${path}<${tag}=${label}>`, `${tag}=${label}`);
  }
}

interface PropertyPair {
  before: NormalSchema;
  after: NormalSchema;
  name: string;
  path: string;
  variant: string | undefined;
}

/**
 * A property added, removed, made required or made optional inside a variant. Outside unions optic
 * judges these, but lets a request property go: the generated request type then lacks it, and a
 * caller's object literal that still sets it is an excess-property error.
 */
function comparePresence(walk: Walk, { before, after, name, path, variant }: PropertyPair): void {
  const wasThere = before.properties.has(name);
  const isThere = after.properties.has(name);
  const wasRequired = wasThere && before.required.has(name);
  const isRequired = isThere && after.required.has(name);
  const where = describeWhere(walk, name, variant);
  const { side } = walk;
  if (wasThere && !isThere) {
    if (side === "response" && variant === undefined) return;
    walk.changes.push({
      path,
      change: "removed",
      breaking:
        side === "response"
          ? `[prevent removing response property] cannot remove response property ${where}. This is a breaking change.`
          : `[prevent removing request property] removing request property ${where} breaks TypeScript code that still sets it: it is no longer in @devrev-kit/types' request type (an excess-property error). This is a breaking change.`,
    });
    return;
  }
  if (variant === undefined) return;
  if (!wasThere && isThere) {
    walk.changes.push({
      path,
      change: "added",
      breaking:
        side === "request" && isRequired
          ? `[prevent adding required request property] cannot add a required request property ${where} to an existing operation. This is a breaking change.`
          : undefined,
    });
  } else if (wasRequired && !isRequired) {
    walk.changes.push({
      path,
      change: "required removed",
      breaking:
        side === "response"
          ? `[prevent making response property optional] cannot make required response property ${where} optional. This is a breaking change.`
          : undefined,
    });
  } else if (!wasRequired && isRequired) {
    walk.changes.push({
      path,
      change: "required added",
      breaking:
        side === "request"
          ? `[prevent changing request property to required] cannot make request property ${where} required. This is a breaking change.`
          : undefined,
    });
  }
}

/** optic: a response type may narrow but not widen; a request type may widen but not narrow. */
function compareTypes(
  walk: Walk,
  before: NormalSchema,
  after: NormalSchema,
  path: string,
  variant: string,
): void {
  const beforeTypes = allowedTypes(before);
  const afterTypes = allowedTypes(after);
  const widened = !allowsAll(beforeTypes, afterTypes);
  const narrowed = !allowsAll(afterTypes, beforeTypes);
  if (!widened && !narrowed) return;
  const change = `type ${describeTypes(beforeTypes)} -> ${describeTypes(afterTypes)}`;
  const where = describeWhere(walk, path, variant);
  let breaking: string | undefined;
  if (walk.side === "response" && widened) {
    breaking = `[prevent response property type changes] expected response property ${where} not to be expanded. This is a breaking change.`;
  } else if (walk.side === "request" && narrowed) {
    breaking = `[prevent request property type changes] expected request property ${where} not to be narrowed. This is a breaking change.`;
  }
  walk.changes.push({ path, change, breaking });
}

/**
 * optic: a response enum may lose values but not gain them; a request enum the other way round.
 * Outside unions optic judges enums itself, except a value removed from a response: that one breaks
 * TypeScript code, which compares with the generated literal or keys a Record by the enum.
 */
function compareEnums(
  walk: Walk,
  before: NormalSchema,
  after: NormalSchema,
  path: string,
  variant: string | undefined,
): void {
  const beforeValues = before.enumValues;
  const afterValues = after.enumValues;
  if (beforeValues === undefined && afterValues === undefined) return;
  const where = describeWhere(walk, path, variant);
  const rule = "[request and response property enums]";
  if (beforeValues === undefined || afterValues === undefined) {
    if (variant === undefined) return;
    const added = beforeValues === undefined;
    walk.changes.push({
      path,
      change: added ? "enum added" : "enum removed",
      breaking:
        added && walk.side === "request"
          ? `${rule} cannot add enum to request property ${where}. This is a breaking change.`
          : !added && walk.side === "response"
            ? `${rule} cannot remove enum from response property ${where}. This is a breaking change.`
            : undefined,
    });
    return;
  }
  const removed = [...beforeValues].filter((value) => !afterValues.has(value)).sort(compareText);
  const added = [...afterValues].filter((value) => !beforeValues.has(value)).sort(compareText);
  if (removed.length > 0 && (variant !== undefined || walk.side === "response")) {
    const list = removed.join(", ");
    walk.changes.push({
      path,
      change: `enum ${list} removed`,
      // A request that sends the value is refused; TypeScript code naming it no longer compiles.
      breaking:
        walk.side === "request"
          ? `${rule} cannot remove enum option ${list} from request property ${where}. This is a breaking change.`
          : `[prevent removing response enum options] removing enum option ${list} from response property ${where} breaks TypeScript code: a comparison with it no longer compiles, nor does a Record keyed by the enum that lists it. This is a breaking change.`,
    });
  }
  if (added.length > 0 && variant !== undefined) {
    const list = added.join(", ");
    walk.changes.push({
      path,
      change: `enum ${list} added`,
      // A reader that switches over the values meets one it does not handle.
      breaking:
        walk.side === "response"
          ? `${rule} cannot add enum option ${list} to response property ${where}. This is a breaking change.`
          : undefined,
    });
  }
}
