import type { Config } from "./config.ts";
import type { Operation } from "./operations.ts";
import { serializeQuery } from "./query-serializer.ts";
import type { DirectRequest } from "./transport.ts";

const JSON_TYPE = { "Content-Type": "application/json" };
const FORM_TYPE = "application/x-www-form-urlencoded";

/**
 * Builds a resource method's request the way openapi-fetch builds it (same URL, headers and body), without a
 * `Request`. Returns undefined for the bodies openapi-fetch serializes otherwise (FormData, a form-encoded
 * content type): those take the openapi-fetch path.
 */
export function createDirectBuilder(config: Config) {
  // The headers of every call without per-call headers, merged once.
  const withBody = toRecord(mergeHeaders(JSON_TYPE, config.headers));
  const withoutBody = toRecord(mergeHeaders(config.headers));
  const formByDefault = mergeHeaders(config.headers).get("content-type") === FORM_TYPE;

  return function build(
    op: Operation,
    body: unknown,
    query: unknown,
    callHeaders: Record<string, string> | undefined,
  ): DirectRequest | undefined {
    const form = callHeaders
      ? mergeHeaders(config.headers, callHeaders).get("content-type") === FORM_TYPE
      : formByDefault;
    if (form || (typeof FormData !== "undefined" && body instanceof FormData)) return undefined;
    const text = body === undefined ? undefined : (JSON.stringify(body) as string | undefined);
    const headers = callHeaders
      ? mergeHeaders(text === undefined ? {} : JSON_TYPE, config.headers, callHeaders)
      : text === undefined
        ? withoutBody
        : withBody;
    let url = config.baseUrl + op.path;
    const search = query === undefined ? "" : serializeQuery(query);
    if (search) url += `?${search}`;
    // encodeURIComponent keeps `'`, which URL encodes in a query: written as a Request would show it.
    if (url.includes("'")) url = new URL(url).href;
    return { method: op.method, url, headers, body: text };
  };
}

/** openapi-fetch's header merge: later sources win, `null` removes a header, arrays append. */
function mergeHeaders(...sources: object[]): Headers {
  const headers = new Headers();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source) as [string, unknown][]) {
      if (value === null) headers.delete(name);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else if (value !== undefined) headers.set(name, value as string);
    }
  }
  return headers;
}

function toRecord(headers: Headers): Record<string, string> {
  return Object.fromEntries(headers);
}
