import {
  arrayAt,
  compareText,
  isJsonObject,
  type JsonObject,
  objectAt,
  sortedEntries,
  stringAt,
} from "./json.ts";
import { type NormalSchema, normalizeSchema } from "./normalize-schema.ts";
import type { Resolved } from "./ref-resolver.ts";
import { addFact, type Facts } from "./schema-facts.ts";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface OperationEntry {
  /** `METHOD /path`, the operation's identity across specs. */
  label: string;
  path: string;
  pathItem: JsonObject;
  operation: JsonObject;
}

type Resolve = (node: unknown) => Resolved;

export function listOperations(document: JsonObject, resolve: Resolve): Map<string, OperationEntry> {
  const operations = new Map<string, OperationEntry>();
  for (const [path, rawPathItem] of sortedEntries(document["paths"])) {
    const pathItem = objectAt(resolve(rawPathItem).node);
    if (pathItem === undefined) continue;
    for (const method of HTTP_METHODS) {
      const operation = objectAt(pathItem[method]);
      if (operation === undefined) continue;
      const label = `${method.toUpperCase()} ${path}`;
      operations.set(label, { label, path, pathItem, operation });
    }
  }
  return operations;
}

/**
 * What one operation says about the wire: facts about the operation itself
 * (identity, security, parameter styles, status codes, media types), and
 * the schema found at each location (parameter, request body, response
 * body, header), whose facts are collected side by side with the other
 * spec's (see schema-facts.ts).
 */
export interface OperationShape {
  facts: Facts;
  schemas: Map<string, NormalSchema>;
}

export function describeOperation(
  document: JsonObject,
  resolve: Resolve,
  entry: OperationEntry,
): OperationShape {
  const shape: OperationShape = { facts: new Map(), schemas: new Map() };
  const { operation } = entry;
  addFact(shape.facts, "operation", "operationId", stringAt(operation["operationId"]) ?? "(none)");
  if (operation["deprecated"] === true) addFact(shape.facts, "operation", "deprecated", "yes");
  addFact(shape.facts, "operation", "security", describeSecurity(document, operation));
  collectParameterFacts(entry, resolve, shape);
  collectRequestBodyFacts(operation, resolve, shape);
  collectResponseFacts(operation, resolve, shape);
  return shape;
}

/**
 * The parameters an operation takes, keyed `<in> <name>` (header names in
 * lower case, as they are case-insensitive on the wire). Operation-level
 * parameters override path-level ones with the same name and location.
 */
export function effectiveParameters(entry: OperationEntry, resolve: Resolve): Map<string, JsonObject> {
  const parameters = new Map<string, JsonObject>();
  for (const raw of [...arrayAt(entry.pathItem["parameters"]), ...arrayAt(entry.operation["parameters"])]) {
    const parameter = objectAt(resolve(raw).node);
    const location = stringAt(parameter?.["in"]);
    const name = stringAt(parameter?.["name"]);
    if (parameter === undefined || location === undefined || name === undefined) continue;
    parameters.set(`${location} ${location === "header" ? name.toLowerCase() : name}`, parameter);
  }
  return parameters;
}

/** How a parameter's value is written on the wire, with OpenAPI's defaults for what the spec leaves out. */
export function parameterSerialization(parameter: JsonObject): { style: string; explode: boolean } {
  const placement = stringAt(parameter["in"]);
  const style =
    stringAt(parameter["style"]) ?? (placement === "query" || placement === "cookie" ? "form" : "simple");
  const explode = typeof parameter["explode"] === "boolean" ? parameter["explode"] : style === "form";
  return { style, explode };
}

function collectParameterFacts(entry: OperationEntry, resolve: Resolve, shape: OperationShape): void {
  const { facts } = shape;
  const parameters = effectiveParameters(entry, resolve);
  addFact(facts, "parameters", "names", [...parameters.keys()].sort(compareText).join(", ") || "(none)");
  for (const [key, parameter] of [...parameters].sort(([a], [b]) => compareText(a, b))) {
    const location = `parameter ${key}`;
    const placement = stringAt(parameter["in"]);
    const { style, explode } = parameterSerialization(parameter);
    addFact(
      facts,
      location,
      "required",
      placement === "path" || parameter["required"] === true ? "yes" : "no",
    );
    addFact(facts, location, "style", style);
    addFact(facts, location, "explode", explode ? "yes" : "no");
    for (const flag of ["allowReserved", "allowEmptyValue", "deprecated"] as const) {
      if (parameter[flag] === true) addFact(facts, location, flag, "yes");
    }
    if (parameter["schema"] !== undefined)
      shape.schemas.set(location, normalizeSchema(parameter["schema"], resolve));
    collectContentFacts(parameter["content"], location, resolve, shape);
  }
}

function collectRequestBodyFacts(operation: JsonObject, resolve: Resolve, shape: OperationShape): void {
  const { facts } = shape;
  const body = objectAt(resolve(operation["requestBody"]).node);
  if (body === undefined) {
    addFact(facts, "request", "body", "none");
    return;
  }
  addFact(facts, "request", "required", body["required"] === true ? "yes" : "no");
  collectContentFacts(body["content"], "request", resolve, shape);
}

function collectResponseFacts(operation: JsonObject, resolve: Resolve, shape: OperationShape): void {
  const { facts } = shape;
  const responses = sortedEntries(operation["responses"]);
  addFact(facts, "responses", "statuses", responses.map(([status]) => status).join(", ") || "(none)");
  for (const [status, raw] of responses) {
    const response = objectAt(resolve(raw).node);
    if (response === undefined) continue;
    const location = `response ${status}`;
    const headers = sortedEntries(response["headers"]).map(
      ([name, header]) => [name.toLowerCase(), header] as const,
    );
    addFact(facts, location, "headers", headers.map(([name]) => name).join(", ") || "(none)");
    for (const [name, rawHeader] of headers) {
      const header = objectAt(resolve(rawHeader).node);
      if (header === undefined) continue;
      const headerLocation = `${location} header ${name}`;
      addFact(facts, headerLocation, "required", header["required"] === true ? "yes" : "no");
      if (header["schema"] !== undefined)
        shape.schemas.set(headerLocation, normalizeSchema(header["schema"], resolve));
    }
    collectContentFacts(response["content"], location, resolve, shape);
  }
}

function collectContentFacts(
  content: unknown,
  location: string,
  resolve: Resolve,
  shape: OperationShape,
): void {
  const mediaTypes = sortedEntries(content);
  addFact(
    shape.facts,
    location,
    "media types",
    mediaTypes.map(([mediaType]) => mediaType).join(", ") || "(none)",
  );
  for (const [mediaType, media] of mediaTypes) {
    const schema = objectAt(media)?.["schema"];
    if (schema !== undefined) shape.schemas.set(`${location} ${mediaType}`, normalizeSchema(schema, resolve));
  }
}

/** The operation's effective security, named by scheme kind rather than by the spec's own scheme names. */
function describeSecurity(document: JsonObject, operation: JsonObject): string {
  const requirements = arrayAt(operation["security"] ?? document["security"]);
  if (requirements.length === 0) return "none";
  const schemes = objectAt(objectAt(document["components"])?.["securitySchemes"]) ?? {};
  const alternatives = requirements.map((requirement) => {
    const parts = sortedEntries(requirement).map(([name, scopes]) => {
      const scopeList = arrayAt(scopes).filter((scope) => typeof scope === "string");
      const scheme = describeScheme(schemes[name]);
      return scopeList.length > 0 ? `${scheme} [${scopeList.sort(compareText).join(" ")}]` : scheme;
    });
    return parts.length > 0 ? parts.sort(compareText).join(" + ") : "anonymous";
  });
  return alternatives.sort(compareText).join(" | ");
}

function describeScheme(scheme: unknown): string {
  if (!isJsonObject(scheme)) return "unknown scheme";
  const kind = stringAt(scheme["type"]) ?? "unknown";
  if (kind === "http") return `http ${(stringAt(scheme["scheme"]) ?? "").toLowerCase()}`;
  if (kind === "apiKey") return `apiKey ${stringAt(scheme["in"]) ?? ""} ${stringAt(scheme["name"]) ?? ""}`;
  return kind;
}
