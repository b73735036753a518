import { isJsonObject, type JsonObject, stringAt } from "./json.ts";

/** A `$ref` target, with the ref that led to it (used to detect cycles and name variants). */
export interface Resolved {
  node: unknown;
  ref: string | undefined;
}

/**
 * Follows local `$ref`s (`#/components/...`) in a bundled document.
 * Bundling (Redocly) has already turned every external ref into a local one,
 * so a JSON-pointer lookup is all that is left to do here.
 */
export function createRefResolver(document: JsonObject): (node: unknown) => Resolved {
  return function resolve(node) {
    let current = node;
    let ref: string | undefined;
    const seen = new Set<string>();
    while (isJsonObject(current)) {
      const target = stringAt(current["$ref"]);
      if (target === undefined) break;
      if (seen.has(target)) throw new Error(`$ref cycle without content at ${target}`);
      seen.add(target);
      ref = target;
      current = lookupPointer(document, target);
    }
    return { node: current, ref };
  };
}

function lookupPointer(document: JsonObject, ref: string): unknown {
  if (!ref.startsWith("#/")) {
    throw new Error(`Only local refs are expected after bundling, got ${ref}`);
  }
  let current: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodePointerToken(decodeURIComponent(raw));
    if (!isJsonObject(current) || !(key in current)) {
      throw new Error(`Unresolvable $ref ${ref}`);
    }
    current = current[key];
  }
  return current;
}

/** Undoes JSON-pointer escaping of one path segment (`~1` is `/`, `~0` is `~`). */
export function decodePointerToken(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** The last segment of a ref: the component's name. */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}
