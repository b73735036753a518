// Decodes a query string the way the spec declares its parameters (`style: form`, `explode: false`), so the
// result can be checked with `validateQuery`: array items are comma-separated within one parameter (each
// item percent-encoded on its own), integers become numbers. The decoding is deliberately literal: what it
// cannot place is reported, not guessed.

import { deref, isObject, type Json, loadSpec } from "./spec.ts";

export interface DecodedQuery {
  /** Parameters keyed by their spec names, with arrays and numbers decoded. */
  query: Record<string, unknown>;
  /** Problems no schema check would see: undeclared names, undecodable text, a scalar sent twice. */
  problems: string[];
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return undefined;
  }
}

function schemaType(spec: Json, param: Json): string | undefined {
  const schema = deref(spec, param["schema"]);
  return isObject(schema) && typeof schema["type"] === "string" ? schema["type"] : undefined;
}

/**
 * Decodes `search` (without the leading `?`) against the query parameters `parameters` declares.
 * An array is one parameter split on commas (`account=ACC-1,ACC-2`); sent repeated, it is reported, except
 * for the parameters in {@link REPEATED_BY_DEVREV}. An object parameter (`custom_fields`) is read in the
 * spec's form style with explode false (`custom_fields=tnt__tier,gold`); its members sent as dotted names
 * (`custom_fields.tnt__tier=gold`) are reported, since DevRev would not read them as the object.
 */
/**
 * `custom_field_filter`: each item is itself a comma list, and DevRev's published description of the parameter
 * shows it repeated, one filter each, its `explode: false` notwithstanding; the client sends it so.
 */
const REPEATED_BY_DEVREV = new Set(["custom_field_filter"]);

export function decodeQuery(search: string, parameters: Json[], spec: Json = loadSpec()): DecodedQuery {
  const declared = new Map<string, Json>();
  for (const param of parameters) {
    if (param["in"] === "query" && typeof param["name"] === "string") declared.set(param["name"], param);
  }
  const raw = new Map<string, string[]>();
  const problems: string[] = [];
  for (const pair of search === "" ? [] : search.split("&")) {
    const at = pair.indexOf("=");
    const name = decode(at === -1 ? pair : pair.slice(0, at));
    if (name === undefined) {
      problems.push(`query name ${JSON.stringify(pair)} is not valid percent-encoding`);
      continue;
    }
    const values = raw.get(name) ?? [];
    values.push(at === -1 ? "" : pair.slice(at + 1));
    raw.set(name, values);
  }

  const query: Record<string, unknown> = {};
  for (const [name, values] of raw) {
    const dot = name.indexOf(".");
    const parent = dot === -1 ? undefined : declared.get(name.slice(0, dot));
    const param =
      declared.get(name) ?? (parent && schemaType(spec, parent) === "object" ? parent : undefined);
    if (param === undefined) {
      problems.push(`query parameter ${JSON.stringify(name)} is not declared by the spec`);
      continue;
    }
    const decodeItems = (text: string) => {
      const items = text.split(",").map(decode);
      if (items.some((item) => item === undefined)) problems.push(`${name}: invalid percent-encoding`);
      return items.filter((item): item is string => item !== undefined);
    };
    const type = schemaType(spec, param);
    if (param !== declared.get(name)) {
      problems.push(
        `${name}: ${String(param["name"])} is a form object with explode false, sent as ` +
          `${String(param["name"])}=key,value,...; a dotted member name is not read as part of it`,
      );
      continue;
    }
    if (type === "array") {
      if (values.length > 1 && !REPEATED_BY_DEVREV.has(name)) {
        problems.push(
          `${name} is sent ${values.length} times; explode false puts the items in one, comma-separated`,
        );
      }
      query[name] = values.length === 1 ? decodeItems(values[0] ?? "") : values.map((v) => decode(v));
      continue;
    }
    if (values.length > 1) problems.push(`${name} is sent ${values.length} times but is not an array`);
    const text = decode(values[0] ?? "");
    if (type === "integer" || type === "number") {
      query[name] = text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    } else if (type === "object") {
      // explode: false object: k1,v1,k2,v2
      const parts = decodeItems(values[0] ?? "");
      const object: Record<string, unknown> = {};
      for (let i = 0; i + 1 < parts.length; i += 2) object[parts[i] ?? ""] = parts[i + 1];
      if (parts.length % 2 !== 0) problems.push(`${name}: an object parameter needs key,value pairs`);
      query[name] = object;
    } else {
      query[name] = text;
    }
  }
  return { query, problems };
}
