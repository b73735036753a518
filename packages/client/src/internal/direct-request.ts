import { type Config, headerEntries } from "./config.ts";
import type { Operation } from "./operations.ts";
import { serializeQuery } from "./query-serializer.ts";
import type { DirectRequest } from "./transport.ts";

const JSON_TYPE = { "Content-Type": "application/json" };

// openapi-fetch's header merge and body serializer, written again here so that a bundle which only calls
// resource methods does not carry openapi-fetch (it is loaded with `devrev.raw`). The wire tests send the
// same calls both ways and compare what the server received.

/** Later sources win; `null` removes a header, `undefined` is skipped, an array sends each value. */
function mergeHeaders(...sources: (Record<string, unknown> | Headers | undefined)[]): Headers {
  const merged = new Headers();
  for (const source of sources) {
    if (source === undefined) continue;
    for (const [name, value] of headerEntries(source)) {
      if (value === null) merged.delete(name);
      else if (Array.isArray(value)) for (const item of value) merged.append(name, String(item));
      else if (value !== undefined) merged.set(name, String(value));
    }
  }
  return merged;
}

/** JSON, or a form when the caller's Content-Type says so; undefined for FormData, which openapi-fetch sends. */
function serializeBody(body: unknown, headers: Headers): string | undefined {
  if (typeof FormData === "function" && body instanceof FormData) return undefined;
  if (headers.get("content-type") === "application/x-www-form-urlencoded") {
    return new URLSearchParams(body as Record<string, string>).toString();
  }
  return JSON.stringify(body);
}

/**
 * Builds a resource method's request as openapi-fetch builds it (same URL, headers and body), without a
 * `Request`. Returns undefined for a FormData body: that takes the openapi-fetch path.
 */
export function createDirectBuilder({ baseUrl, headers: base }: Config) {
  // The headers of a call without per-call headers, merged once.
  const plain = mergeHeaders(base);
  const withBody = Object.fromEntries(mergeHeaders(JSON_TYPE, base));
  const withoutBody = Object.fromEntries(plain);

  return function build(
    op: Operation,
    body: unknown,
    query: unknown,
    callHeaders: Record<string, string> | Headers | undefined,
  ): DirectRequest | undefined {
    const text =
      body === undefined
        ? undefined
        : serializeBody(body, callHeaders ? mergeHeaders(base, callHeaders) : plain);
    if (body !== undefined && text === undefined) return undefined;
    const headers = callHeaders
      ? mergeHeaders(text === undefined ? {} : JSON_TYPE, base, callHeaders)
      : text === undefined
        ? withoutBody
        : withBody;
    let url = baseUrl + op.path;
    const search = query === undefined ? "" : serializeQuery(query);
    if (search) url += `?${search}`;
    // encodeURIComponent keeps `'`, which URL encodes in a query: written as a Request would show it.
    if (url.includes("'")) url = new URL(url).href;
    return { method: op.method, url, headers, body: text };
  };
}
