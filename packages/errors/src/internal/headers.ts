// Headers arrive in many shapes (a fetch `Headers`, a copy from another realm, Node's IncomingHttpHeaders,
// a list of pairs). They are copied into a fresh `Headers`, skipping anything `Headers` would reject,
// so building an error never throws because of a strange header.
import { isCredentialHeader } from "./credential-names.ts";

/** Anything that describes HTTP headers: a `Headers`, a record, or a list of name/value pairs. */
export type HeadersLike =
  | Headers
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | number | readonly string[] | null | undefined>>;

// DevRev does not document a request-id header; these are the names gateways in front of it use.
const REQUEST_ID_HEADERS = ["x-request-id", "x-devrev-request-id", "request-id", "x-amzn-requestid"];

function headerValue(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.filter((item) => typeof item === "string").join(", ");
  return undefined;
}

function pairsOf(input: object): Iterable<unknown> {
  return Symbol.iterator in input ? (input as Iterable<unknown>) : Object.entries(input);
}

/** Copies `input` into a new `Headers`. Never throws: unreadable input gives empty headers. */
export function toHeaders(input: unknown): Headers {
  const headers = new Headers();
  if (typeof input !== "object" || input === null) return headers;
  try {
    for (const pair of pairsOf(input)) {
      if (!Array.isArray(pair) || typeof pair[0] !== "string") continue;
      const value = headerValue(pair[1]);
      if (value === undefined) continue;
      try {
        headers.append(pair[0], value);
      } catch {
        // An invalid name or value (e.g. a newline in it): fetch would have rejected it too.
      }
    }
  } catch {
    // A throwing iterator or getter: keep what was read so far.
  }
  return headers;
}

/** The response's request id, for quoting to DevRev support. */
export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name)?.trim();
    if (value) return value;
  }
  return undefined;
}

/** A plain-object view of `headers` for logs: names lower-cased, credentials redacted. */
export function printableHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of headers) {
    Object.defineProperty(result, name, {
      value: isCredentialHeader(name) ? "[REDACTED]" : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
