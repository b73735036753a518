import { defaultBodySerializer, mergeHeaders } from "openapi-fetch";
import type { Config } from "./config.ts";
import type { Operation } from "./operations.ts";
import { serializeQuery } from "./query-serializer.ts";
import type { DirectRequest } from "./transport.ts";

const JSON_TYPE = { "Content-Type": "application/json" };

// openapi-fetch's own: it reads a form-encoded Content-Type among the headers it is given.
const serializeBody = defaultBodySerializer as (body: unknown, headers: Headers) => unknown;

/**
 * Builds a resource method's request as openapi-fetch builds it (same URL, headers and body, with its own
 * header merge and body serializer), without a `Request`. Returns undefined for a body that does not
 * serialize to a string (FormData): that takes the openapi-fetch path.
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
    callHeaders: Record<string, string> | undefined,
  ): DirectRequest | undefined {
    const text =
      body === undefined
        ? undefined
        : serializeBody(body, callHeaders ? mergeHeaders(base, callHeaders) : plain);
    if (text !== undefined && typeof text !== "string") return undefined;
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
