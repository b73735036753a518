// Every `example` (and `examples[*].value`) the bundled spec holds, each with the schema it illustrates and,
// for request and response bodies, the operation and status it belongs to.

import type { OperationKey } from "@devrev-kit/types/validators";
import { encodePointerToken, isObject, type Json, jsonMedia, loadSpec, specOperations } from "./spec.ts";

export interface SpecExample {
  /** JSON pointer of the example in the bundled spec. */
  pointer: string;
  kind: "request body" | "response body" | "parameter" | "schema";
  value: unknown;
  /** The OpenAPI schema the example must satisfy. */
  schema: unknown;
  operation?: OperationKey | undefined;
  status?: number | undefined;
  /** For parameters: its name. */
  parameter?: string | undefined;
}

function examplesOf(holder: Json, pointer: string): Array<{ pointer: string; value: unknown }> {
  const out: Array<{ pointer: string; value: unknown }> = [];
  if ("example" in holder) out.push({ pointer: `${pointer}/example`, value: holder["example"] });
  if (isObject(holder["examples"])) {
    for (const [name, example] of Object.entries(holder["examples"])) {
      if (isObject(example) && "value" in example) {
        out.push({
          pointer: `${pointer}/examples/${encodePointerToken(name)}/value`,
          value: example["value"],
        });
      }
    }
  }
  return out;
}

/** Schema-level examples: every subschema (under components.schemas) carrying an `example`. */
function schemaExamples(node: unknown, pointer: string, out: SpecExample[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      schemaExamples(item, `${pointer}/${index}`, out);
    });
    return;
  }
  if (!isObject(node)) return;
  if ("example" in node)
    out.push({ pointer: `${pointer}/example`, kind: "schema", value: node["example"], schema: node });
  for (const keyword of ["items", "additionalProperties", "not"]) {
    if (isObject(node[keyword])) schemaExamples(node[keyword], `${pointer}/${keyword}`, out);
  }
  for (const keyword of ["allOf", "anyOf", "oneOf"]) {
    if (Array.isArray(node[keyword])) schemaExamples(node[keyword], `${pointer}/${keyword}`, out);
  }
  if (isObject(node["properties"])) {
    for (const [name, sub] of Object.entries(node["properties"])) {
      schemaExamples(sub, `${pointer}/properties/${encodePointerToken(name)}`, out);
    }
  }
}

/**
 * Walks the bundled spec. Request and response examples are found through the operations (so shared
 * `components/responses` count once per operation using them, with that operation's status).
 */
export function collectExamples(spec: Json = loadSpec()): SpecExample[] {
  const out: SpecExample[] = [];
  for (const op of specOperations(spec)) {
    if (op.requestBody) {
      const content = isObject(op.requestBody["content"]) ? op.requestBody["content"] : {};
      for (const [type, media] of Object.entries(content)) {
        if (!isObject(media)) continue;
        const at = `${op.pointer}/requestBody/content/${encodePointerToken(type)}`;
        for (const { pointer, value } of examplesOf(media, at)) {
          out.push({ pointer, kind: "request body", value, schema: media["schema"], operation: op.key });
        }
      }
    }
    for (const { status, response } of op.responses) {
      const raw = (op.operation["responses"] as Json)[status];
      const base =
        isObject(raw) && typeof raw["$ref"] === "string"
          ? raw["$ref"].slice(1)
          : `${op.pointer.slice(1)}/responses/${status}`;
      const media = jsonMedia(response["content"]);
      if (!media) continue;
      for (const { pointer, value } of examplesOf(media, `#${base}/content/application~1json`)) {
        out.push({
          pointer,
          kind: "response body",
          value,
          schema: media["schema"],
          operation: op.key,
          status: Number(status),
        });
      }
    }
    op.parameters.forEach((param, index) => {
      for (const { pointer, value } of examplesOf(param, `${op.pointer}/parameters/${index}`)) {
        out.push({
          pointer,
          kind: "parameter",
          value,
          schema: param["schema"],
          operation: op.key,
          parameter: String(param["name"]),
        });
      }
    });
  }
  const components = isObject(spec["components"]) ? spec["components"] : {};
  const schemas = isObject(components["schemas"]) ? components["schemas"] : {};
  for (const [name, schema] of Object.entries(schemas)) {
    schemaExamples(schema, `#/components/schemas/${encodePointerToken(name)}`, out);
  }
  return out;
}

/** Counts `"example"` and `"examples"` keys anywhere in the spec, to prove the walk missed none. */
export function countExampleKeys(node: unknown, underProperties = false): number {
  if (Array.isArray(node)) return node.reduce<number>((sum, item) => sum + countExampleKeys(item), 0);
  if (!isObject(node)) return 0;
  let count = 0;
  for (const [key, value] of Object.entries(node)) {
    // A property *named* example is not an example.
    if (!underProperties && key === "example") count++;
    else if (!underProperties && key === "examples" && isObject(value)) count += Object.keys(value).length;
    else count += countExampleKeys(value, key === "properties");
  }
  return count;
}
