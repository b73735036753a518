import { DevRevConfigError } from "../config-error.ts";
import type { DevRevClientOptions, RequestOptions, ResponseValidator } from "../options.ts";
import { createLog, LEVELS, type Log } from "./logger.ts";
import { VERSION } from "./version.ts";

/** The client's options, checked and with defaults applied. */
export interface Config {
  /** The base URL as openapi-fetch and `Request` will write it (no trailing slash). */
  readonly baseUrl: string;
  /** Sent with every request: the caller's headers plus Accept, User-Agent and Authorization. */
  readonly headers: Record<string, string>;
  /** The caller's fetch (called with a request that carries the attempt's signal), or the global one. */
  readonly fetch: (request: Request, init?: RequestInit) => Promise<Response>;
  /** Whether `fetch` is the caller's: it may ignore `init`, so the signal must be inside the request. */
  readonly customFetch: boolean;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  readonly deadlineMs: number | undefined;
  readonly maxRetryAfterMs: number;
  /** Whether the token may go over plain http:// to a host that is not loopback. */
  readonly allowInsecureHttp: boolean;
  readonly log: Log | undefined;
  readonly validate: ResponseValidator | undefined;
}

/** setTimeout fires at once for longer delays; every timer is kept below this. */
export const MAX_TIMER_MS = 2_147_483_647;

// Visible ASCII only: a token with a space, tab, CR/LF or any control character is a copy-paste accident,
// and CR/LF in a header value could smuggle in a second header.
const PRINTABLE = /^[\x21-\x7e]+$/;

function fail(message: string): never {
  throw new DevRevConfigError(message);
}

export function resolveConfig(options: DevRevClientOptions): Config {
  if (typeof options !== "object" || options === null) fail("createDevRevClient takes an options object");
  const { validateResponses: validate, logLevel = "info", userAgent } = options;
  if (validate !== undefined && typeof validate !== "function") {
    fail(
      "validateResponses takes a validator: pass `responseValidator` from " +
        '"@devrev-kit/client/validation", e.g. createDevRevClient({ validateResponses: responseValidator })',
    );
  }
  if (logLevel !== "off" && !LEVELS.includes(logLevel))
    fail(`logLevel must be debug, info, warn, error or off`);
  if (userAgent !== undefined && !/^[\x20-\x7e]+$/.test(userAgent)) fail("userAgent must be printable ASCII");
  const headers: Record<string, string> = {};
  if (options.headers !== undefined) {
    checkHeaders(options.headers);
    for (const [name, value] of headerEntries(options.headers)) {
      if (name.toLowerCase() === "authorization")
        fail("headers must not set Authorization: pass `token` instead");
      // As openapi-fetch merges headers: undefined is skipped, null removes (here: leaves out).
      if (value !== undefined && value !== null) headers[name] = String(value);
    }
  }
  headers["Accept"] = "application/json";
  headers["User-Agent"] = `devrev-kit-client/${VERSION}${userAgent ? ` ${userAgent}` : ""}`;
  headers["Authorization"] = `Bearer ${checkToken(options.token ?? environmentToken())}`;
  const allowInsecureHttp = options.allowInsecureHttp === true;
  return {
    baseUrl: checkBaseUrl(options.baseUrl ?? "https://api.devrev.ai", allowInsecureHttp),
    headers,
    fetch: checkFetch(options.fetch),
    customFetch: options.fetch !== undefined,
    maxRetries: count("maxRetries", options.maxRetries) ?? 2,
    timeoutMs: duration("timeoutMs", options.timeoutMs) ?? 60_000,
    deadlineMs: duration("deadlineMs", options.deadlineMs),
    maxRetryAfterMs: duration("maxRetryAfterMs", options.maxRetryAfterMs, true) ?? 60_000,
    allowInsecureHttp,
    log: createLog(options.logger, logLevel),
    validate,
  };
}

/** Checks the per-call options the transport reads, before anything is sent. */
export function checkRequestOptions(options: RequestOptions): void {
  duration("timeoutMs", options.timeoutMs);
  duration("deadlineMs", options.deadlineMs);
  count("maxRetries", options.maxRetries);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal))
    fail("signal must be an AbortSignal");
  if (options.headers !== undefined) checkHeaders(options.headers);
}

function environmentToken(): string | undefined {
  try {
    // Through globalThis: browsers and edge runtimes have no `process`.
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
      "DEVREV_TOKEN"
    ];
  } catch {
    // Deno without --allow-env throws on access.
    return undefined;
  }
}

function checkToken(token: unknown): string {
  if (token === undefined || token === null || token === "") {
    fail(
      "No DevRev token: pass createDevRevClient({ token }) or set the DEVREV_TOKEN environment variable " +
        "to a personal access token or service account token of your DevRev organization",
    );
  }
  if (typeof token !== "string") fail("token must be a string");
  const prefixed = /^bearer\s/i.test(token);
  const printable = PRINTABLE.test(token);
  // A match leaves the token in RegExp's legacy statics (`RegExp.input`), which any script can read.
  /(?:)/.exec("");
  // Never echo the token: say what is wrong with it, not what it is.
  if (prefixed) fail('token must not start with "Bearer ": the client adds that');
  if (!printable) {
    fail("token contains whitespace, a control or a non-ASCII character (a trailing newline from a file?)");
  }
  return token;
}

export function checkBaseUrl(value: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail("baseUrl must be an absolute URL, e.g. https://api.devrev.ai");
  }
  const { protocol } = url;
  if (protocol !== "https:" && protocol !== "http:") fail("baseUrl must use https://");
  // `href` rather than `search` and `hash`, which are empty for a bare `?` or `#` that would still end up
  // in front of every path.
  if (/[?#]/.test(url.href) || url.username || url.password) {
    fail("baseUrl must not carry a query string, fragment or credentials");
  }
  checkPlainHttp(url, allowInsecureHttp);
  return url.href.replace(/\/+$/, "");
}

/**
 * Refuses a URL the token would travel to in clear text: plain http:// to anything but loopback, unless
 * allowed. Checked on the base URL, and again on each `devrev.raw` request, whose URL a per-request
 * `baseUrl` or a middleware may have changed.
 */
export function checkPlainHttp({ protocol, hostname }: URL, allowInsecureHttp: boolean): void {
  if (protocol === "http:" && !allowInsecureHttp && !isLoopback(hostname)) {
    fail(
      `Refusing to send the token over plain http:// to ${hostname}: use https://, a loopback host, ` +
        "or allowInsecureHttp: true on a network you trust",
    );
  }
}

/**
 * Hostnames that never leave the machine, as `URL` writes them. Not `*.localhost`: a resolver is allowed to
 * send those to DNS, and the token must not follow.
 */
export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function checkHeaders(headers: unknown): void {
  // An array of pairs or a Map is valid HeadersInit or iterable, but openapi-fetch reads only plain objects
  // and Headers: anything else would be sent with the wrong names, or not at all.
  if (!isPlainObject(headers) && !(headers instanceof Headers)) {
    fail("headers must be an object mapping header names to values, or a Headers");
  }
  try {
    // Headers refuses names with spaces and values with CR, LF or NUL.
    new Headers(headers as Record<string, string>);
  } catch {
    fail("headers must map header names to values without newlines");
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A `Headers` or a plain object's own entries, as openapi-fetch reads them. */
export function headerEntries(headers: Record<string, unknown> | Headers): Iterable<[string, unknown]> {
  return headers instanceof Headers ? headers.entries() : Object.entries(headers);
}

function checkFetch(value: unknown): Config["fetch"] {
  if (value !== undefined) {
    return typeof value === "function"
      ? (value as (request: Request) => Promise<Response>)
      : fail("fetch must be a function");
  }
  if (typeof globalThis.fetch !== "function")
    fail("This runtime has no global fetch: pass createDevRevClient({ fetch })");
  // Looked up per request so interceptors installed after the client (msw, nock) still apply.
  return (request, init) => globalThis.fetch(request, init);
}

function count(name: string, value: unknown): number | undefined {
  if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) {
    fail(`${name} must be a whole number, 0 or more`);
  }
  return value;
}

function duration(name: string, value: unknown, zeroAllowed = false): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value > 0 || (zeroAllowed && value === 0))) {
    fail(`${name} must be a number of milliseconds above 0`);
  }
  return Math.min(value, MAX_TIMER_MS);
}
