// The bundled spec (packages/types/src/generated/openapi.gen.json) and a second, independent ajv validator
// compiled from it at test time. The generated validators (`@devrev-kit/types/validators`) are the primary
// check; this one reads the spec its own way (plain `oneOf`, ajv's formats) so a bug in the generator's
// conversion shows up as a disagreement instead of passing silently.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { OperationKey } from "@devrev-kit/types/validators";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

export type Json = { [key: string]: unknown };

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const require = createRequire(import.meta.url);
const typesDir = dirname(require.resolve("@devrev-kit/types/package.json"));

/** Path of the bundled spec the types and validators were generated from. */
export const bundledSpecPath = join(typesDir, "src", "generated", "openapi.gen.json");

/** The repository's spec entry point (what Prism serves). */
export const specEntryPath = join(typesDir, "..", "..", "openapi", "devrev.yaml");

let cachedSpec: Json | undefined;

/** The bundled spec, parsed once per process. */
export function loadSpec(): Json {
  cachedSpec ??= JSON.parse(readFileSync(bundledSpecPath, "utf8")) as Json;
  return cachedSpec;
}

function decodePointerToken(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

export function encodePointerToken(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Follows local `$ref`s (`#/components/...`) until a non-reference object. */
export function deref(spec: Json, value: unknown): unknown {
  let current = value;
  for (let hops = 0; isObject(current) && typeof current["$ref"] === "string"; hops++) {
    if (hops > 32) throw new Error("reference cycle");
    const ref = current["$ref"];
    if (!ref.startsWith("#/")) throw new Error(`not a local reference: ${ref}`);
    let node: unknown = spec;
    for (const token of ref.slice(2).split("/").map(decodePointerToken)) {
      node = isObject(node) ? node[token] : undefined;
    }
    if (node === undefined) throw new Error(`unresolvable reference ${ref}`);
    current = node;
  }
  return current;
}

/** One operation of the spec, with its pieces dereferenced. */
export interface SpecOperation {
  key: OperationKey;
  method: string;
  path: string;
  /** JSON pointer of the operation object. */
  pointer: string;
  operation: Json;
  requestBody: Json | undefined;
  parameters: Json[];
  responses: Array<{ status: string; response: Json }>;
}

export function specOperations(spec: Json = loadSpec()): SpecOperation[] {
  const out: SpecOperation[] = [];
  const paths = isObject(spec["paths"]) ? spec["paths"] : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(spec, rawItem);
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const requestBody = deref(spec, operation["requestBody"]);
      const shared = Array.isArray(item["parameters"]) ? item["parameters"] : [];
      const own = Array.isArray(operation["parameters"]) ? operation["parameters"] : [];
      const responses = isObject(operation["responses"]) ? operation["responses"] : {};
      out.push({
        key: `${method.toUpperCase()} ${path}` as OperationKey,
        method: method.toUpperCase(),
        path,
        pointer: `#/paths/${encodePointerToken(path)}/${method}`,
        operation,
        requestBody: isObject(requestBody) ? requestBody : undefined,
        parameters: [...shared, ...own].map((param) => deref(spec, param)).filter(isObject),
        responses: Object.entries(responses).map(([status, response]) => {
          const resolved = deref(spec, response);
          return { status, response: isObject(resolved) ? resolved : {} };
        }),
      });
    }
  }
  return out;
}

/** The JSON schema of a `content` map (its `application/json` or `+json` media type). */
export function jsonMedia(content: unknown): Json | undefined {
  if (!isObject(content)) return undefined;
  for (const [type, media] of Object.entries(content)) {
    if ((type === "application/json" || type.endsWith("+json")) && isObject(media)) return media;
  }
  return undefined;
}

// --- The independent validator ---------------------------------------------

const DEFINITIONS_ID = "openapi.json";
const COMPONENT_REF = /^#\/components\/schemas\/(.+)$/;

/**
 * OpenAPI 3.0 schema → JSON Schema draft-07, as literally as possible: `nullable` becomes "or null", refs
 * point into one definitions document, `discriminator` is dropped (the members' literal `type` already
 * tells them apart, so plain `oneOf` must still find exactly one), documentation keywords are ignored.
 */
function toJsonSchema(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(toJsonSchema);
  if (!isObject(input)) return input;
  if (typeof input["$ref"] === "string") {
    const match = COMPONENT_REF.exec(input["$ref"]);
    if (!match?.[1]) throw new Error(`unexpected schema reference ${input["$ref"]}`);
    return { $ref: `${DEFINITIONS_ID}#/definitions/${match[1]}` };
  }
  const out: Json = {};
  for (const [keyword, value] of Object.entries(input)) {
    if (keyword === "nullable" || keyword === "discriminator" || keyword === "example") continue;
    if (keyword === "properties" && isObject(value)) {
      out[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub)]),
      );
    } else if (["items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"].includes(keyword)) {
      out[keyword] = toJsonSchema(value);
    } else {
      out[keyword] = value;
    }
  }
  if (input["nullable"] === true) return { anyOf: [out, { type: "null" }] };
  return out;
}

function collectFormats(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) collectFormats(item, into);
  else if (isObject(node)) {
    if (typeof node["format"] === "string") into.add(node["format"]);
    for (const value of Object.values(node)) collectFormats(value, into);
  }
  return into;
}

export interface SpecValidator {
  /** Validates `value` against an OpenAPI schema object of the spec; returns readable problems. */
  check(schema: unknown, value: unknown): string[];
}

let cachedValidator: SpecValidator | undefined;

/** ajv over the bundled spec, compiled once per process; compiled schemas are cached by identity. */
export function specValidator(spec: Json = loadSpec()): SpecValidator {
  if (cachedValidator) return cachedValidator;
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats.default(ajv);
  // DevRev's own formats (`id`, `text`, `sort-by`...) name what a string holds; they check nothing.
  for (const format of collectFormats(spec, new Set())) {
    if (!ajv.formats[format]) ajv.addFormat(format, true);
  }
  const components = isObject(spec["components"]) ? spec["components"] : {};
  const schemas = isObject(components["schemas"]) ? components["schemas"] : {};
  ajv.addSchema({
    $id: DEFINITIONS_ID,
    definitions: Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, toJsonSchema(s)])),
  });
  const compiled = new WeakMap<object, ValidateFunction>();
  cachedValidator = {
    check(schema, value) {
      if (!isObject(schema)) throw new Error("not a schema object");
      let validate = compiled.get(schema);
      if (!validate) {
        validate = ajv.compile(toJsonSchema(schema) as Json);
        compiled.set(schema, validate);
      }
      if (validate(value)) return [];
      return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`);
    },
  };
  return cachedValidator;
}
