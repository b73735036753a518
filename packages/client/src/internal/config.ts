import { DevRevConfigError } from "../config-error.ts";
import type { DevRevClientOptions, RequestOptions, ResponseValidator } from "../options.ts";
import { createLog, type Log } from "./logger.ts";
import { VERSION } from "./version.ts";

/** The client's options, checked and with defaults applied. */
export interface Config {
  /** The base URL as openapi-fetch and `Request` will write it (no trailing slash). */
  readonly baseUrl: string;
  /** Sent with every request: the caller's headers plus Authorization, User-Agent and Accept. */
  readonly headers: Record<string, string>;
  readonly fetch: (request: Request) => Promise<Response>;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  readonly deadlineMs: number | undefined;
  readonly maxRetryAfterMs: number;
  readonly log: Log;
  readonly validate: ResponseValidator | undefined;
}

export const DEFAULT_BASE_URL = "https://api.devrev.ai";
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** setTimeout fires at once for longer delays; every timer is kept below this. */
export const MAX_TIMER_MS = 2_147_483_647;

const LOG_LEVELS = new Set(["debug", "info", "warn", "error", "off"]);
// Visible ASCII only: a token with a space, tab, CR/LF or any control character is a copy-paste accident,
// and CR/LF in a header value could smuggle a second header.
const TOKEN_PATTERN = /^[\x21-\x7e]+$/;
const HEADER_TEXT_PATTERN = /^[\x20-\x7e]+$/;

export function resolveConfig(options: DevRevClientOptions): Config {
  if (typeof options !== "object" || options === null) {
    throw new DevRevConfigError(
      "createDevRevClient takes an options object, e.g. createDevRevClient({ token })",
    );
  }
  const token = checkToken(options.token ?? environmentToken());
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, options.allowInsecureHttp === true);
  const validate = options.validateResponses;
  if (validate !== undefined && typeof validate !== "function") {
    throw new DevRevConfigError(
      "validateResponses takes a validator function: import { responseValidator } from " +
        '"@devrev-kit/client/validation" and pass createDevRevClient({ validateResponses: responseValidator })',
    );
  }
  const logLevel = options.logLevel ?? "info";
  if (!LOG_LEVELS.has(logLevel)) {
    throw new DevRevConfigError(
      `logLevel must be one of debug, info, warn, error, off; got ${String(logLevel)}`,
    );
  }
  return {
    baseUrl,
    headers: buildHeaders(token, options.headers, options.userAgent),
    fetch: checkFetch(options.fetch),
    maxRetries: checkCount("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES),
    timeoutMs: checkDuration("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS),
    deadlineMs:
      options.deadlineMs === undefined ? undefined : checkDuration("deadlineMs", options.deadlineMs, 0),
    maxRetryAfterMs: checkDuration(
      "maxRetryAfterMs",
      options.maxRetryAfterMs,
      DEFAULT_MAX_RETRY_AFTER_MS,
      true,
    ),
    log: createLog(options.logger, logLevel),
    validate,
  };
}

/** Checks the per-call options that the transport reads; throws before anything is sent. */
export function checkRequestOptions(options: RequestOptions): void {
  if (options.timeoutMs !== undefined) checkDuration("timeoutMs", options.timeoutMs, 0);
  if (options.deadlineMs !== undefined) checkDuration("deadlineMs", options.deadlineMs, 0);
  if (options.maxRetries !== undefined) checkCount("maxRetries", options.maxRetries, 0);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new DevRevConfigError("signal must be an AbortSignal");
  }
  if (options.headers !== undefined) checkHeaders(options.headers, "headers");
}

function environmentToken(): string | undefined {
  try {
    // Read through globalThis so browsers and edge runtimes, which have no `process`, are fine.
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    return env?.["DEVREV_TOKEN"] || undefined;
  } catch {
    // Deno without --allow-env throws on access.
    return undefined;
  }
}

function checkToken(token: unknown): string {
  if (token === undefined || token === null || token === "") {
    throw new DevRevConfigError(
      "No DevRev token: pass createDevRevClient({ token }) or set the DEVREV_TOKEN environment variable " +
        "(a personal access token or service account token from your DevRev organization's settings).",
    );
  }
  if (typeof token !== "string") {
    throw new DevRevConfigError(`token must be a string; got ${typeof token}`);
  }
  if (/^bearer\s/i.test(token)) {
    throw new DevRevConfigError(
      'token must not start with "Bearer ": pass the token alone; the client adds it.',
    );
  }
  if (!TOKEN_PATTERN.test(token)) {
    // Never echo the token: say what kind of character is wrong and where, not what it is.
    const at = [...token].findIndex((c) => !TOKEN_PATTERN.test(c));
    const edge =
      at === 0 || at === token.length - 1 ? " (at its start or end: check for a trailing newline)" : "";
    throw new DevRevConfigError(
      `token contains whitespace, a control character or a non-ASCII character${edge}; tokens are printable ASCII.`,
    );
  }
  return token;
}

function checkBaseUrl(value: unknown, allowInsecureHttp: boolean): string {
  if (typeof value !== "string") throw new DevRevConfigError("baseUrl must be a string URL");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DevRevConfigError(`baseUrl is not an absolute URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new DevRevConfigError(
      `baseUrl must use https:// (or http:// for a local server); got ${url.protocol}`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new DevRevConfigError("baseUrl must not carry a query string, fragment or credentials");
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new DevRevConfigError(
      `Refusing to send the token over plain http:// to ${url.hostname}: use https://, a loopback host, ` +
        "or createDevRevClient({ allowInsecureHttp: true }) on a network you trust.",
    );
  }
  return url.href.replace(/\/+$/, "");
}

/** Hostnames that never leave the machine (as `URL` writes them). */
export function isLoopback(hostname: string): boolean {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return true;
  if (hostname === "[::1]" || hostname === "[::ffff:7f00:1]") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function buildHeaders(
  token: string,
  extra: Record<string, string> | undefined,
  userAgent: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (extra !== undefined) {
    checkHeaders(extra, "headers");
    for (const name of Object.keys(extra)) {
      if (name.toLowerCase() === "authorization") {
        throw new DevRevConfigError(
          "headers must not set Authorization: pass the token as createDevRevClient({ token })",
        );
      }
      headers[name] = extra[name] as string;
    }
  }
  if (userAgent !== undefined && (typeof userAgent !== "string" || !HEADER_TEXT_PATTERN.test(userAgent))) {
    throw new DevRevConfigError('userAgent must be non-empty printable ASCII, e.g. "my-app/1.2.3"');
  }
  headers["Accept"] = "application/json";
  headers["User-Agent"] = userAgent
    ? `devrev-kit-client/${VERSION} ${userAgent}`
    : `devrev-kit-client/${VERSION}`;
  headers["Authorization"] = `Bearer ${token}`;
  return headers;
}

function checkHeaders(headers: unknown, what: string): void {
  if (typeof headers !== "object" || headers === null || Array.isArray(headers)) {
    throw new DevRevConfigError(`${what} must be an object of header names to string values`);
  }
  try {
    new Headers(headers as Record<string, string>);
  } catch {
    // Headers refuses names with spaces and values with CR/LF or NUL; say so without echoing the value.
    throw new DevRevConfigError(
      `${what} holds an invalid header name or value (no spaces in names, no newlines in values)`,
    );
  }
}

function checkFetch(value: unknown): (request: Request) => Promise<Response> {
  if (value !== undefined) {
    if (typeof value !== "function") throw new DevRevConfigError("fetch must be a function");
    return value as (request: Request) => Promise<Response>;
  }
  if (typeof globalThis.fetch !== "function") {
    throw new DevRevConfigError("This runtime has no global fetch: pass createDevRevClient({ fetch })");
  }
  // Looked up per request so interceptors installed after the client (msw, nock) still apply.
  return (request) => globalThis.fetch(request);
}

function checkCount(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new DevRevConfigError(`${name} must be a whole number of 0 or more; got ${String(value)}`);
  }
  return value;
}

function checkDuration(name: string, value: unknown, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0 || (value === 0 && !allowZero)) {
    throw new DevRevConfigError(`${name} must be a number of milliseconds above 0; got ${String(value)}`);
  }
  return Math.min(value, MAX_TIMER_MS);
}
