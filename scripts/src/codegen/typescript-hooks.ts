import type { OpenAPITSOptions } from "openapi-typescript";
import ts from "typescript";
import { arrayAt, objectAt } from "../drift/json.ts";
import { createRefResolver, decodePointerToken } from "../drift/ref-resolver.ts";

type Hooks = Pick<OpenAPITSOptions, "transformProperty" | "postTransform">;
type JsonDocument = Parameters<typeof createRefResolver>[0];

const UNDEFINED = ts.factory.createKeywordTypeNode(ts.SyntaxKind.UndefinedKeyword);
const printer = ts.createPrinter({ removeComments: true });
const scratchFile = ts.createSourceFile("scratch.ts", "", ts.ScriptTarget.Latest);

/**
 * openapi-typescript hooks that adjust the generated types without changing
 * what they describe:
 *
 * - Optional properties and optional query parameters also accept
 *   `undefined` (`tier?: string | null | undefined`), so callers compiled with
 *   `exactOptionalPropertyTypes` can pass a possibly-undefined value; JSON
 *   serialisation drops it either way.
 * - A union member written `allOf: [base, {type: "x", ...}]` gets a second
 *   `& { type: "x" }` from openapi-typescript's discriminator handling; the
 *   copy is dropped, as it repeats a property the member already declares.
 */
export function createTypeScriptHooks(document: JsonDocument): Hooks {
  const isOptionalParameter = createOptionalParameterLookup(document);
  // openapi-typescript passes a parameter's nested schemas (array items, map
  // values) through postTransform under the parameter's own path, inner ones
  // first. Each call therefore unwraps what earlier calls wrapped, so only
  // the outermost type ends up with `| undefined`.
  const unwrapped = new WeakMap<ts.Node, ts.TypeNode>();
  return {
    transformProperty(property) {
      if (property.questionToken === undefined || property.type === undefined) return undefined;
      return ts.factory.updatePropertySignature(
        property,
        property.modifiers,
        property.name,
        property.questionToken,
        withUndefined(property.type),
      );
    },
    postTransform(type, options) {
      if (options.path !== undefined && isOptionalParameter(options.path)) {
        const inner = replaceNodes(type, unwrapped);
        const wrapped = withUndefined(inner);
        unwrapped.set(wrapped, inner);
        return wrapped;
      }
      if (ts.isIntersectionTypeNode(type)) return withoutRepeatedMembers(type);
      return undefined;
    },
  };
}

function withUndefined(type: ts.TypeNode): ts.TypeNode {
  const members = ts.isUnionTypeNode(type) ? type.types : [type];
  if (members.some((member) => member.kind === ts.SyntaxKind.UndefinedKeyword)) return type;
  return ts.factory.createUnionTypeNode([...members, UNDEFINED]);
}

/** `type` with every node found in `replacements` (at any depth, itself included) swapped for its replacement. */
function replaceNodes(type: ts.TypeNode, replacements: WeakMap<ts.Node, ts.TypeNode>): ts.TypeNode {
  const result = ts.transform(type, [
    (context) => {
      const visit = (node: ts.Node): ts.Node => {
        // The factory parenthesised a wrapped union inside an array (`(T | undefined)[]`); drop those parentheses too.
        const target = ts.isParenthesizedTypeNode(node) && replacements.has(node.type) ? node.type : node;
        return replacements.get(target) ?? ts.visitEachChild(node, visit, context);
      };
      return (root) => ts.visitNode(root, visit, ts.isTypeNode);
    },
  ]);
  const [transformed] = result.transformed;
  result.dispose();
  return transformed ?? type;
}

/** Drops object-literal members of an intersection whose every property an earlier member already declares. */
function withoutRepeatedMembers(type: ts.IntersectionTypeNode): ts.TypeNode | undefined {
  const declared = new Set<string>();
  const kept: ts.TypeNode[] = [];
  for (const member of type.types) {
    const properties = ts.isTypeLiteralNode(member) ? member.members.map(printWithoutComments) : undefined;
    if (
      properties !== undefined &&
      properties.length > 0 &&
      properties.every((property) => declared.has(property))
    ) {
      continue;
    }
    for (const property of properties ?? []) declared.add(property);
    kept.push(member);
  }
  if (kept.length === type.types.length) return undefined;
  return kept.length === 1 && kept[0] !== undefined ? kept[0] : ts.factory.createIntersectionTypeNode(kept);
}

function printWithoutComments(node: ts.Node): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, scratchFile);
}

const PARAMETER_PATH = /^#\/paths\/([^/]+)\/([a-z]+)\/parameters\/(query|header|cookie)\/(.+)$/;

/**
 * openapi-typescript names a parameter's schema `#/paths/<path>/<method>/parameters/<in>/<name>`;
 * this answers whether that parameter is optional in the spec.
 */
function createOptionalParameterLookup(document: JsonDocument): (path: string) => boolean {
  const resolve = createRefResolver(document);
  return (path) => {
    const match = PARAMETER_PATH.exec(path);
    if (match === null) return false;
    const [, encodedPath = "", method = "", location, name] = match;
    const pathItem = objectAt(objectAt(document["paths"])?.[decodePointerToken(encodedPath)]);
    const parameters = [
      ...arrayAt(pathItem?.["parameters"]),
      ...arrayAt(objectAt(pathItem?.[method])?.["parameters"]),
    ];
    const parameter = parameters
      .map((candidate) => objectAt(resolve(candidate).node))
      .find(
        (candidate) =>
          candidate?.["in"] === location && candidate?.["name"] === decodePointerToken(name ?? ""),
      );
    return parameter !== undefined && parameter["required"] !== true;
  };
}
