// Errors may carry a description of the request that failed, but never its credentials: the copy kept
// on the error has them replaced, the caller's object is not touched, and any text the error prints
// (message, body, headers, cause) has the credential values cut out before it is stored. The values
// themselves are not kept anywhere on the error.
import { isCredentialHeader, isCredentialName } from "./credential-names.ts";
import { credentialsInHeader } from "./header-credentials.ts";
import { type HeadersLike, toHeaders } from "./headers.ts";
import { headerNameTest, REDACTED, type Secrets, scrubText, toSecrets } from "./scrub.ts";

/** The request an error came from: a fetch `Request` fits, or any object with these fields. */
export interface RequestLike {
  /** HTTP method, e.g. `POST`. */
  method?: string | undefined;
  /** Absolute or relative URL of the request. */
  url?: string | URL | undefined;
  /** Request headers; credentials in them are redacted on the error. */
  headers?: HeadersLike | undefined;
}

/** The copy of the request kept on an error, with credentials replaced by `[REDACTED]`. */
export interface RedactedRequest {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
}

// Shorter values are not cut out of server text: they would match ordinary words and digits.
const MIN_SECRET_LENGTH = 8;
// Schemes kept in the redacted copy (`Bearer [REDACTED]`); any other value is replaced whole.
const AUTH_SCHEME = /^(?:bearer|basic|token|digest)\s+/i;

export interface RequestContext {
  /** The redacted copy to keep on the error, if a request was given. */
  readonly request: RedactedRequest | undefined;
  /** Credential values found in the request, to cut out of anything the error prints. */
  readonly secrets: Secrets;
}

// How HTML escapers spell the characters they replace: `"` and `'` differ between them (Python's html.escape,
// Go's html.EscapeString, React and lodash), `&`, `<` and `>` do not.
const HTML_QUOTES = [
  ["&quot;", "&#x27;"],
  ["&#34;", "&#39;"],
  ["&quot;", "&#39;"],
] as const;

/**
 * Registers `value` as a secret, with its JSON form with `/` escaped as `\/` (PHP's default) and, when it
 * holds a character HTML escapes, its HTML-escaped forms (a proxy's error page).
 */
function addSecret(secrets: Set<string>, value: string): void {
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH) return;
  secrets.add(trimmed);
  secrets.add(trimmed.replaceAll("/", "\\/"));
  if (!/[&<>"']/.test(trimmed)) return;
  const escaped = trimmed.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  for (const [quot, apos] of HTML_QUOTES) secrets.add(escaped.replaceAll('"', quot).replaceAll("'", apos));
}

/** A value the caller names: cut out as given (with any whitespace it holds) and trimmed, whatever its length. */
function addGivenSecret(secrets: Set<string>, value: string): void {
  const trimmed = value.trim();
  if (trimmed === "") return; // all whitespace: cutting it out would cut every space
  secrets.add(value);
  secrets.add(trimmed);
  addSecret(secrets, value);
}

function redactHeaders(input: unknown, secrets: Set<string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of toHeaders(input)) {
    let shown = value;
    if (isCredentialHeader(name)) {
      // Percent-encoded forms too: a server may echo a header's credential in a URL (a `Location`).
      for (const credential of credentialsInHeader(name, value)) addEncodedSecret(secrets, credential);
      const scheme = AUTH_SCHEME.exec(value)?.[0];
      shown = scheme === undefined ? REDACTED : `${scheme.trim()} ${REDACTED}`;
    }
    // defineProperty, not assignment: a header named __proto__ must stay a plain property.
    Object.defineProperty(result, name, {
      value: shown,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Registers every form a URL credential may be echoed in: as written, percent-decoded, form-decoded (`+` as
 * a space), and percent-encoded in full.
 */
function addEncodedSecret(secrets: Set<string>, raw: string): void {
  const decoded = safeDecode(raw);
  for (const form of [raw, decoded, safeDecode(raw.replaceAll("+", " ")), encodeURIComponent(decoded)]) {
    addSecret(secrets, form);
  }
}

/**
 * `a=1&access_token=x` with each credential's value replaced by `REDACTED` and registered as a secret. The
 * other parameters stay exactly as written (re-encoding them would change what the error shows).
 */
function redactParams(params: string, secrets: Set<string>): { text: string; changed: boolean } {
  let changed = false;
  const parts = params.split("&").map((part) => {
    const equals = part.indexOf("=");
    if (equals === -1) return part;
    const name = part.slice(0, equals);
    if (!isCredentialName(safeDecode(name.replaceAll("+", " ")))) return part;
    addEncodedSecret(secrets, part.slice(equals + 1));
    changed = true;
    return `${name}=REDACTED`;
  });
  return { text: parts.join("&"), changed };
}

// `scheme://user:password@` at the start of a URL that `URL` could not parse; up to the last `@` before the
// path, as URL parsing splits it (a password may hold a raw `@`).
const USER_INFO = /^([a-z][a-z\d+.-]*:\/\/)([^/?#]*)@/i;

/** A URL that `URL` cannot parse (relative, or malformed): user info and the query are cut off. */
function redactUnparsedUrl(text: string, secrets: Set<string>): string {
  let result = text;
  const userInfo = USER_INFO.exec(result);
  if (userInfo) {
    // The user name ends at the first `:`; the password, which may hold more, is the rest.
    const info = userInfo[2] as string;
    const colon = info.indexOf(":");
    for (const part of colon === -1 ? [info] : [info.slice(0, colon), info.slice(colon + 1)]) {
      addEncodedSecret(secrets, part);
    }
    result = `${userInfo[1]}REDACTED@${result.slice(userInfo[0].length)}`;
  }
  // Its query might hold a token under any name, so it is dropped; the credentials it names are still
  // registered, to be cut out of a cause that echoes the URL ("Failed to parse URL from ...").
  const query = result.search(/[?#]/);
  if (query === -1) return result;
  redactParams(result.slice(query + 1).replace("#", "&"), secrets);
  return `${result.slice(0, query)}?${REDACTED}`;
}

function redactUrl(input: unknown, secrets: Set<string>): string | undefined {
  if (typeof input !== "string" && !(input instanceof URL)) return undefined;
  const text = String(input);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return redactUnparsedUrl(text, secrets);
  }
  let changed = false;
  if (url.username !== "" || url.password !== "") {
    for (const part of [url.username, url.password]) addEncodedSecret(secrets, part);
    url.username = "REDACTED";
    url.password = "";
    changed = true;
  }
  const query = redactParams(url.search.slice(1), secrets);
  if (query.changed) url.search = query.text;
  // An OAuth implicit-flow fragment (`#access_token=...`) holds credentials the same way.
  const fragment = redactParams(url.hash.slice(1), secrets);
  if (fragment.changed) url.hash = fragment.text;
  return changed || query.changed || fragment.changed ? url.href : text;
}

function field(source: object, name: string): unknown {
  return (source as Record<string, unknown>)[name];
}

/**
 * Builds the redacted copy of `input` and collects its credential values, with `given`: values the caller
 * names as secrets (any length, since the caller knows them to be one). Never throws.
 */
export function describeRequest(input: unknown, given?: readonly string[]): RequestContext {
  const secrets = new Set<string>();
  if (Array.isArray(given))
    for (const value of given) if (typeof value === "string") addGivenSecret(secrets, value);
  if (typeof input !== "object" || input === null) return { request: undefined, secrets: toSecrets(secrets) };
  let request: RedactedRequest;
  try {
    const method = field(input, "method");
    request = {
      method: typeof method === "string" ? method : undefined,
      url: redactUrl(field(input, "url"), secrets),
      headers: redactHeaders(field(input, "headers"), secrets),
    };
  } catch {
    request = { method: undefined, url: undefined, headers: {} };
  }
  const found = toSecrets(secrets);
  return { request: scrubRequest(request, found), secrets: found };
}

/**
 * `request` with the credentials cut out of the rest of it too (a token in its path, or in a header not named as
 * a credential, `x-trace`), which are all known only once the whole request has been read. A header whose name
 * holds one is left out, as on a response.
 */
function scrubRequest(request: RedactedRequest, secrets: Secrets): RedactedRequest {
  const headers: Record<string, string> = {};
  const holdsSecret = headerNameTest(secrets);
  for (const [name, value] of Object.entries(request.headers)) {
    if (holdsSecret(name)) continue;
    const kept = { value: scrubText(value, secrets), enumerable: true, writable: true, configurable: true };
    Object.defineProperty(headers, name, kept);
  }
  const url = request.url === undefined ? undefined : scrubText(request.url, secrets);
  return { method: request.method, url, headers };
}
