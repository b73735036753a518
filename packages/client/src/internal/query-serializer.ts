/**
 * Serializes a query the way DevRev's list endpoints read it (`style: form, explode: false` in the spec):
 * - arrays are comma-joined in one parameter: `account=ACC-1,ACC-2` (each item percent-encoded, so a comma
 *   inside an item stays distinguishable from the separator);
 * - dotted names such as `created_date.after` are sent as written; a nested object `{ created_date: { after } }`
 *   is flattened to the same dotted names, so the GET query and the POST body can share a shape;
 * - `custom_fields` is an object parameter (`style: form, explode: false`), so it is one parameter of
 *   alternating keys and values: `custom_fields=tier,gold,region,emea`;
 * - `custom_field_filter` is the one exception: each item already carries a comma-joined value list
 *   (`field:v1,v2`), and DevRev's published description of the parameter shows it repeated, one filter each
 *   (its `explode: false` notwithstanding), so its items are sent as repeated parameters;
 * - `undefined`, `null` and empty arrays are left out; a `Date` is sent as its ISO string.
 */
export function serializeQuery(query: unknown): string {
  if (query === null || typeof query !== "object") return "";
  let out = "";
  for (const name in query) {
    const part = serializeParam(name, (query as Record<string, unknown>)[name]);
    if (part) out = out ? `${out}&${part}` : part;
  }
  return out;
}

/** Parameters whose array items are sent one per repetition instead of comma-joined. */
const repeated = new Set(["custom_field_filter"]);
/** Object parameters the spec serializes as `name=key,value,...` rather than dotted names. */
const formObjects = new Set(["custom_fields"]);

function serializeParam(name: string, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) {
    if (value.length === 0) return "";
    const key = encodeURIComponent(name);
    if (repeated.has(name)) return value.map((item) => `${key}=${encodeValue(item)}`).join("&");
    return `${key}=${value.map(encodeValue).join(",")}`;
  }
  if (typeof value === "object" && !(value instanceof Date)) {
    if (formObjects.has(name)) {
      const pairs = Object.entries(value).filter(([, item]) => item !== undefined && item !== null);
      if (pairs.length === 0) return "";
      return `${encodeURIComponent(name)}=${pairs.flat().map(encodeValue).join(",")}`;
    }
    let out = "";
    for (const child in value) {
      const part = serializeParam(`${name}.${child}`, (value as Record<string, unknown>)[child]);
      if (part) out = out ? `${out}&${part}` : part;
    }
    return out;
  }
  return `${encodeURIComponent(name)}=${encodeValue(value)}`;
}

function encodeValue(value: unknown): string {
  return encodeURIComponent(value instanceof Date ? value.toISOString() : String(value));
}
