// Generates packages/types/src/generated/validators.gen.js (+ .d.ts): one request-body validator per
// operation, one query validator per operation with query parameters, and one validator per
// (operation, status) response, compiled by ajv at generate time and bundled by esbuild into a single ESM
// file with no imports, so `@devrev-kit/types/validators` needs no dependencies and compiles nothing at run
// time.
//
// `pnpm generate` runs it through codegen.config.ts (emitValidators). To try it on another spec:
//   node scripts/src/generate-validators.ts --spec <openapi .json|.yaml> --out <dir>
// (defaults: the bundled spec packages/types/src/generated/openapi.gen.json, and that same folder).

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import addFormats from "ajv-formats";
import { build } from "esbuild";
import ts from "typescript";
import { parse as parseYaml } from "yaml";
import type { CodegenInput } from "./codegen/types.ts";

type SchemaObject = { [keyword: string]: unknown };

interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string };
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown> | undefined>;
}

export interface GeneratedValidators {
  /** The bundled ESM module (validators.gen.js). */
  js: string;
  /** Its hand-shaped declarations (validators.gen.d.ts). */
  dts: string;
  /** Every operation key, in spec order. */
  operationKeys: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const scriptsDir = resolve(here, "..");
const repoRoot = resolve(scriptsDir, "..");
const require = createRequire(import.meta.url);

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const ROOT_ID = "devrev.json";

// Keywords whose meaning JSON Schema (draft-07, ajv's default) shares with OpenAPI 3.0. Everything else
// (description, example, deprecated, readOnly, x-*...) is documentation, and is dropped so the generated
// code stays small and ajv's strict mode has nothing unknown to complain about.
const ASSERTION_KEYWORDS = new Set([
  "type",
  "enum",
  "format",
  "required",
  "minimum",
  "maximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
]);

function isObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodePointerToken(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

function encodePointerToken(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Follows a local `#/...` reference inside the spec. */
function resolvePointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith("#/"))
    throw new Error(`Only local references are supported (bundle the spec first): ${ref}`);
  let node: unknown = doc;
  for (const token of ref.slice(2).split("/").map(decodePointerToken)) {
    if (!isObject(node) || !(token in node)) throw new Error(`Unresolvable reference ${ref}`);
    node = node[token];
  }
  return node;
}

function deref<T>(doc: OpenApiDocument, value: T): T {
  let current: unknown = value;
  for (let hops = 0; isObject(current) && typeof current["$ref"] === "string"; hops++) {
    if (hops > 32) throw new Error("Reference cycle outside schemas");
    current = resolvePointer(doc, current["$ref"]);
  }
  return current as T;
}

const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

/** Converts OpenAPI 3.0 Schema Objects into the JSON Schema ajv compiles. */
class SchemaConverter {
  readonly formats = new Set<string>();
  readonly #doc: OpenApiDocument;

  constructor(doc: OpenApiDocument) {
    this.#doc = doc;
  }

  schemaName(ref: string): string {
    const match = SCHEMA_REF.exec(ref);
    if (!match?.[1]) throw new Error(`Schema references must point at #/components/schemas/<name>: ${ref}`);
    return decodePointerToken(match[1]);
  }

  refTo(ref: string): SchemaObject {
    return { $ref: `${ROOT_ID}#/definitions/${encodePointerToken(this.schemaName(ref))}` };
  }

  convert(input: unknown): SchemaObject | boolean {
    if (typeof input === "boolean") return input;
    if (!isObject(input)) throw new Error(`Not a schema: ${JSON.stringify(input)}`);
    // OpenAPI 3.0: a Reference Object's siblings are ignored.
    if (typeof input["$ref"] === "string") return this.refTo(input["$ref"]);

    const out: SchemaObject = {};
    for (const keyword of ASSERTION_KEYWORDS) {
      if (input[keyword] !== undefined) out[keyword] = input[keyword];
    }
    if (typeof out["format"] === "string") this.formats.add(out["format"]);
    // OpenAPI 3.0 (JSON Schema draft-04) spells exclusive bounds as booleans.
    if (input["exclusiveMinimum"] === true) {
      out["exclusiveMinimum"] = out["minimum"];
      delete out["minimum"];
    }
    if (input["exclusiveMaximum"] === true) {
      out["exclusiveMaximum"] = out["maximum"];
      delete out["maximum"];
    }
    if (isObject(input["properties"])) {
      out["properties"] = Object.fromEntries(
        Object.entries(input["properties"]).map(([name, schema]) => [name, this.convert(schema)]),
      );
    }
    if (input["additionalProperties"] !== undefined) {
      out["additionalProperties"] = this.convert(input["additionalProperties"]);
    }
    if (input["items"] !== undefined) out["items"] = this.convert(input["items"]);
    if (input["not"] !== undefined) out["not"] = this.convert(input["not"]);
    for (const combinator of ["allOf", "anyOf", "oneOf"]) {
      const members = input[combinator];
      if (Array.isArray(members)) out[combinator] = members.map((member) => this.convert(member));
    }
    if (isObject(input["discriminator"])) this.#applyDiscriminator(input, out);
    return input["nullable"] === true ? this.#nullable(out) : out;
  }

  #nullable(schema: SchemaObject): SchemaObject {
    if (typeof schema["type"] === "string") {
      const nullable: SchemaObject = { ...schema, type: [schema["type"], "null"] };
      if (Array.isArray(schema["enum"]) && !schema["enum"].includes(null)) {
        nullable["enum"] = [...schema["enum"], null];
      }
      return nullable;
    }
    return { anyOf: [schema, { type: "null" }] };
  }

  // A discriminated `oneOf` becomes "the property is one of these values, and the member its value selects
  // matches", written with if/then. This follows the discriminator's `mapping` (which ajv's own
  // `discriminator` option does not support), and reports only the selected member's errors instead of
  // every member's.
  #applyDiscriminator(input: SchemaObject, out: SchemaObject): void {
    const discriminator = input["discriminator"] as { propertyName?: unknown; mapping?: unknown };
    const property = discriminator.propertyName;
    if (typeof property !== "string") throw new Error("discriminator without propertyName");
    const members = (input["oneOf"] ?? input["anyOf"]) as unknown[] | undefined;
    if (!Array.isArray(members)) return;

    const cases: Array<[string, string]> = [];
    const mapping = isObject(discriminator.mapping) ? discriminator.mapping : {};
    for (const [value, target] of Object.entries(mapping)) {
      const ref = String(target).startsWith("#") ? String(target) : `#/components/schemas/${String(target)}`;
      cases.push([value, ref]);
    }
    const mapped = new Set(cases.map(([, ref]) => ref));
    for (const member of members) {
      const ref = isObject(member) ? member["$ref"] : undefined;
      if (typeof ref !== "string") throw new Error("discriminated members must be references");
      if (mapped.has(ref)) continue;
      for (const value of this.#implicitValues(ref, property)) cases.push([value, ref]);
    }

    delete out["oneOf"];
    delete out["anyOf"];
    const required = Array.isArray(out["required"]) ? (out["required"] as string[]) : [];
    out["required"] = required.includes(property) ? required : [...required, property];
    const allOf = Array.isArray(out["allOf"]) ? (out["allOf"] as unknown[]) : [];
    out["allOf"] = [
      ...allOf,
      { properties: { [property]: { enum: cases.map(([value]) => value) } } },
      ...cases.map(([value, ref]) => ({
        if: { properties: { [property]: { const: value } }, required: [property] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a promise.
        then: this.#isEmptyMarker(ref) ? true : this.refTo(ref),
      })),
    ];
  }

  // Without a mapping entry, a member is selected by the values its own `property` allows, or else (the
  // OpenAPI default) by its schema name.
  #implicitValues(ref: string, property: string): string[] {
    const target = deref(this.#doc, { $ref: ref }) as SchemaObject;
    const own = isObject(target["properties"]) ? target["properties"][property] : undefined;
    if (isObject(own) && Array.isArray(own["enum"])) return own["enum"].map(String);
    return [this.schemaName(ref)];
  }

  // DevRev's published spec marks members that add no fields with `additionalProperties: false`, while the
  // fields they share (type, message, ...) live beside the `oneOf`. Read literally, that would reject every
  // real body; read as intended, such a member adds nothing to check.
  #isEmptyMarker(ref: string): boolean {
    const target = deref(this.#doc, { $ref: ref }) as SchemaObject;
    const keys = Object.keys(target).filter((key) => ASSERTION_KEYWORDS.has(key) || key === "properties");
    return (
      target["additionalProperties"] === false &&
      !isObject(target["properties"]) &&
      keys.every((key) => key === "type") &&
      (target["type"] === undefined || target["type"] === "object")
    );
  }
}

interface OperationPlan {
  key: string;
  body?: { schema: SchemaObject | boolean; required: boolean };
  query?: SchemaObject;
  responses: Array<[string, SchemaObject | boolean | null]>;
}

function jsonSchemaOf(content: unknown): unknown {
  if (!isObject(content)) return undefined;
  const media = Object.entries(content).find(
    ([type]) => type === "application/json" || type.endsWith("+json"),
  );
  return media && isObject(media[1]) ? media[1]["schema"] : undefined;
}

function planOperations(doc: OpenApiDocument, converter: SchemaConverter): OperationPlan[] {
  const plans: OperationPlan[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref(doc, rawItem);
    const shared = Array.isArray(item["parameters"]) ? item["parameters"] : [];
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const plan: OperationPlan = { key: `${method.toUpperCase()} ${path}`, responses: [] };

      const requestBody = deref(doc, operation["requestBody"]);
      const bodySchema = isObject(requestBody) ? jsonSchemaOf(requestBody["content"]) : undefined;
      if (bodySchema !== undefined && isObject(requestBody)) {
        plan.body = { schema: converter.convert(bodySchema), required: requestBody["required"] === true };
      }

      const own = Array.isArray(operation["parameters"]) ? operation["parameters"] : [];
      const queryParams = [...shared, ...own]
        .map((param) => deref(doc, param) as SchemaObject)
        .filter((param) => param["in"] === "query");
      if (queryParams.length > 0) {
        plan.query = {
          type: "object",
          properties: Object.fromEntries(
            queryParams.map((param) => [String(param["name"]), converter.convert(param["schema"] ?? {})]),
          ),
          required: queryParams
            .filter((param) => param["required"] === true)
            .map((param) => String(param["name"])),
        };
      }

      const responses = isObject(operation["responses"]) ? operation["responses"] : {};
      for (const status of Object.keys(responses).sort()) {
        const response = deref(doc, responses[status]) as SchemaObject;
        const schema = jsonSchemaOf(response["content"]);
        plan.responses.push([status, schema === undefined ? null : converter.convert(schema)]);
      }
      plans.push(plan);
    }
  }
  return plans;
}

/** Compiles every validator the spec implies and bundles them, with the runtime, into one module. */
export async function generateValidators(
  doc: OpenApiDocument,
  provenance: { specSha256?: string | undefined } = {},
): Promise<GeneratedValidators> {
  const converter = new SchemaConverter(doc);
  const schemas = doc.components?.["schemas"] ?? {};
  const definitions = Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((name) => [name, converter.convert(schemas[name])]),
  );
  const plans = planOperations(doc, converter);

  // Identical schemas (every operation's 401, say) share one compiled validator.
  const exportNames = new Map<string, string>();
  const exportFor = (schema: SchemaObject | boolean): string => {
    const canonical = JSON.stringify(schema);
    let name = exportNames.get(canonical);
    if (name === undefined) {
      name = `v${exportNames.size}`;
      exportNames.set(canonical, name);
    }
    return name;
  };
  const table = plans.map((plan) => {
    const body = plan.body
      ? `{ validate: compiled.${exportFor(plan.body.schema)}, required: ${plan.body.required} }`
      : "undefined";
    const query = plan.query ? `compiled.${exportFor(plan.query)}` : "undefined";
    const responses = plan.responses
      .map(
        ([status, schema]) =>
          `${JSON.stringify(status)}: ${schema === null ? "null" : `compiled.${exportFor(schema)}`}`,
      )
      .join(", ");
    return `  ${JSON.stringify(plan.key)}: { body: ${body}, query: ${query}, responses: { ${responses} } },`;
  });

  const ajv = new Ajv({
    code: { source: true, esm: true, optimize: true },
    allErrors: true,
    messages: false,
    inlineRefs: false,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
  });
  const known = [...converter.formats].filter((format) => format in formatsModule().fullFormats).sort();
  addFormats.default(ajv, known as Parameters<typeof addFormats.default>[1]);
  // Formats JSON Schema does not define (DevRev's `id`, `text`, `sort-by`...) are names, not checks.
  for (const format of [...converter.formats].sort()) {
    if (!known.includes(format)) ajv.addFormat(format, true);
  }
  ajv.addSchema({ $id: ROOT_ID, definitions });
  for (const [canonical, name] of exportNames) ajv.addSchema(JSON.parse(canonical), name);
  const compiled = standaloneCode.default(
    ajv,
    Object.fromEntries([...exportNames.values()].map((name) => [name, name])),
  );

  const entry = [
    `import { createValidators } from ${JSON.stringify("./validators-runtime.ts")};`,
    `import * as compiled from "devrev-kit:compiled";`,
    "const validators = createValidators({",
    ...table,
    "});",
    "export const operationKeys = validators.operationKeys;",
    "export const declaredStatuses = validators.declaredStatuses;",
    "export const validateRequestBody = validators.validateRequestBody;",
    "export const validateQuery = validators.validateQuery;",
    "export const validateResponseBody = validators.validateResponseBody;",
  ].join("\n");

  const bundle = await build({
    stdin: { contents: entry, resolveDir: here, sourcefile: "validators-entry.js", loader: "js" },
    absWorkingDir: repoRoot,
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["main"],
    target: "es2022",
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: "none",
    logLevel: "silent",
    plugins: [
      {
        name: "compiled-validators",
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^devrev-kit:compiled$/ }, () => ({
            path: "compiled",
            namespace: "devrev-kit",
          }));
          pluginBuild.onLoad({ filter: /.*/, namespace: "devrev-kit" }, () => ({
            contents: compiled,
            loader: "js",
            resolveDir: scriptsDir,
          }));
        },
      },
    ],
  });
  const output = bundle.outputFiles[0]?.text;
  if (output === undefined) throw new Error("esbuild produced no output");

  const operationKeys = plans.map((plan) => plan.key);
  const header = headerComment(doc, provenance.specSha256);
  return {
    js: `${header}${output}`,
    dts: `${header}${MODULE_COMMENT}${declarations(
      operationKeys,
      plans.filter((plan) => plan.query).map((plan) => plan.key),
    )}`,
    operationKeys,
  };
}

function formatsModule(): { fullFormats: Record<string, unknown> } {
  return require("ajv-formats/dist/formats.js") as { fullFormats: Record<string, unknown> };
}

function packageVersion(name: string): string {
  const manifestPath = require.resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string }).version;
}

function headerComment(doc: OpenApiDocument, specSha256: string | undefined): string {
  const specHash = specSha256 ?? createHash("sha256").update(JSON.stringify(doc)).digest("hex");
  const tools = ["ajv", "ajv-formats", "esbuild"].map((name) => `${name} ${packageVersion(name)}`).join(", ");
  return [
    "// Generated by scripts/src/generate-validators.ts: do not edit. Run `pnpm generate` to refresh.",
    `// Spec: ${doc.info?.title ?? "untitled"} ${doc.info?.version ?? ""} (sha256 ${specHash}). Built with ${tools}.`,
    "// Bundles code from ajv and ajv-formats (MIT, (c) Evgeny Poberezkin).",
    "",
  ].join("\n");
}

function union(values: readonly string[]): string {
  return values.length === 0 ? "never" : values.map((value) => JSON.stringify(value)).join(" | ");
}

// Names the module in the API reference (TypeDoc) as users import it, not by its file name.
const MODULE_COMMENT = `/**
 * Validators compiled from the spec at generate time, with no dependencies: request bodies, query
 * parameters and response bodies of every operation.
 * @module validators
 */

`;

const SHARED_DECLARATIONS = ["ValidationIssue", "ValidationResult"];

/**
 * `ValidationIssue` and `ValidationResult` as validators-runtime.ts declares them, doc comments included: the
 * runtime that builds the issues is the one place their shape is written.
 */
function runtimeDeclarations(): string {
  const path = join(here, "validators-runtime.ts");
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
  const found = new Map<string, string>();
  for (const statement of source.statements) {
    if (
      (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) &&
      SHARED_DECLARATIONS.includes(statement.name.text)
    ) {
      const docs = ts.getJSDocCommentsAndTags(statement).map((doc) => `${doc.getText()}\n`);
      found.set(statement.name.text, `${docs.join("")}${statement.getText()}\n`);
    }
  }
  const missing = SHARED_DECLARATIONS.filter((name) => !found.has(name));
  if (missing.length > 0) throw new Error(`validators-runtime.ts no longer declares ${missing.join(", ")}`);
  return SHARED_DECLARATIONS.map((name) => found.get(name)).join("\n");
}

function declarations(operationKeys: readonly string[], queryKeys: readonly string[]): string {
  return `/** An operation of the spec, as "METHOD /path". */
export type OperationKey = ${union(operationKeys)};

/** The operations that take query parameters. */
export type QueryOperationKey = ${union(queryKeys)};

${runtimeDeclarations()}
/** Every operation the spec defines. */
export declare const operationKeys: readonly OperationKey[];

/** The HTTP statuses an operation declares, ascending. */
export declare function declaredStatuses(operation: OperationKey): readonly number[];

/** Checks a request body (parsed JSON) against the operation's request schema. */
export declare function validateRequestBody(operation: OperationKey, body: unknown): ValidationResult;

/** Checks decoded query parameters (arrays and numbers already decoded, keys as the spec names them). */
export declare function validateQuery(operation: QueryOperationKey, query: unknown): ValidationResult;

/** Checks a response body (parsed JSON) against the schema the operation declares for that status. */
export declare function validateResponseBody(operation: OperationKey, status: number, body: unknown): ValidationResult;
`;
}

/** The codegen.config.ts emitter: validators.gen.js and validators.gen.d.ts from the bundled spec. */
export async function emitValidators(input: CodegenInput): Promise<readonly string[]> {
  const generated = await generateValidators(input.document as OpenApiDocument, {
    specSha256: input.specSha256,
  });
  return [generated.js, generated.dts];
}

/** Reads an OpenAPI document from .json or .yaml. */
export function readSpec(path: string): OpenApiDocument {
  const text = readFileSync(path, "utf8");
  return (path.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as OpenApiDocument;
}

export const defaultSpecPath = join(repoRoot, "packages/types/src/generated/openapi.gen.json");
export const defaultOutDir = join(repoRoot, "packages/types/src/generated");

/** Generates and writes validators.gen.js and validators.gen.d.ts. */
export async function writeValidators(specPath = defaultSpecPath, outDir = defaultOutDir): Promise<string[]> {
  const generated = await generateValidators(readSpec(specPath));
  const files = [join(outDir, "validators.gen.js"), join(outDir, "validators.gen.d.ts")];
  writeFileSync(files[0] as string, generated.js);
  writeFileSync(files[1] as string, generated.dts);
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { spec: { type: "string" }, out: { type: "string" } } });
  const files = await writeValidators(values.spec ?? defaultSpecPath, values.out ?? defaultOutDir);
  console.log(`generate-validators: wrote ${files.map((file) => relative(process.cwd(), file)).join(", ")}`);
}
