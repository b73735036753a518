import {
  type CreateDevRevErrorOptions,
  createDevRevError,
  DevRevAbortError,
  DevRevConnectionError,
  DevRevKitError,
  DevRevResponseError,
  type DevRevResponseErrorInit,
  DevRevTimeoutError,
  isDevRevKitError,
  type RequestLike,
} from "@devrev-kit/errors";
import type { ResponseValidator } from "../options.ts";
import type { Attempt } from "./transport.ts";

// Builders for the errors the client raises, so every site words and fills them the same way. The request,
// when given, lets the error keep a redacted copy and cut the token out of any text it prints.

export function abortError(reason: unknown, operation: string, request?: RequestLike): DevRevKitError {
  if (isDevRevKitError(reason)) return reason;
  return new DevRevAbortError({ operation, cause: reason, request });
}

export function timeoutError(timeoutMs: number, operation: string, request?: RequestLike): DevRevKitError {
  return new DevRevTimeoutError({ timeoutMs, operation, request });
}

export function connectionError(
  cause: unknown,
  requestSent: boolean,
  operation: string,
  request?: RequestLike,
): DevRevKitError {
  return new DevRevConnectionError({ requestSent, operation, cause, request });
}

export function responseError(init: DevRevResponseErrorInit): DevRevKitError {
  return new DevRevResponseError(init);
}

/**
 * The error an HTTP error status answers with, of the class and `type` its body names. Built here for the entry
 * too, so that only the shared chunk imports @devrev-kit/errors: Node resolves a bare specifier once per
 * importing file, about 0.3 ms each.
 */
export function httpError(init: CreateDevRevErrorOptions): DevRevKitError {
  return createDevRevError(init);
}

/** The response a body failure describes, and the request it answered. */
export interface BodyContext {
  readonly status: number;
  readonly headers: Headers;
  readonly operation: string;
  readonly request: RequestLike | undefined;
}

/** An empty body where every operation answers with JSON. */
export function emptyBodyError(context: BodyContext): DevRevKitError {
  const detail = "the body is empty where JSON was expected";
  return responseError({ ...context, reason: "invalid_json", detail, rawBody: "" });
}

/** A body that stopped before its end: the connection closed while it arrived. */
export function cutShortBodyError(context: BodyContext, cause: unknown): DevRevKitError {
  const detail = "the body ended before it was complete (connection closed mid-body)";
  return responseError({ ...context, reason: "invalid_json", detail, cause });
}

/**
 * A body the runtime could not decode by its `Content-Encoding` (gzip that is not gzip, broken Brotli): the
 * connection did not drop, and downloading the same bytes again cannot help, so it is not "cut short".
 */
export function undecodableBodyError(context: BodyContext, cause: unknown): DevRevKitError {
  const detail = "the body could not be decoded by its Content-Encoding";
  return responseError({ ...context, reason: "invalid_json", detail, cause });
}

/** One error of a cause chain, as the checks on it read it. */
export interface CauseLink {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly errors?: unknown;
  readonly cause?: unknown;
}

/** Whether `test` holds for the error or one of its causes, five deep (fetch wraps what failed once or twice). */
export function anyCause(error: unknown, test: (link: CauseLink) => boolean): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    if (test(current as CauseLink)) return true;
    current = (current as CauseLink).cause;
  }
  return false;
}

/** Whether a failed body read was the decompressor's (zlib `Z_*` codes, Brotli `ERR__ERROR_FORMAT_*`). */
export function isDecodingFailure(error: unknown): boolean {
  return anyCause(error, ({ code }) => typeof code === "string" && /^(?:Z_|ERR__ERROR_FORMAT_)/.test(code));
}

/** `text` parsed as JSON; empty text, or text that does not parse, is an `invalid_json` error. */
export function parseJsonBody(text: string, context: BodyContext): unknown {
  if (text === "") throw emptyBodyError(context);
  try {
    return JSON.parse(text);
  } catch (parseError) {
    const detail = `content-type ${context.headers.get("content-type") ?? "missing"}`;
    const cause = withoutExcerpt(parseError);
    throw responseError({ ...context, reason: "invalid_json", detail, rawBody: text, cause });
  }
}

/**
 * JSON.parse's error without the piece of the body engines quote in it (V8: `"k7Qx9LmZ2p"... is not valid
 * JSON`): a piece of an echoed token is no longer the token, so the error's scrubbing could not find it there.
 * The body itself is kept, scrubbed, as `rawBody`; what stays here is where it went wrong, when the engine says.
 */
function withoutExcerpt(error: unknown): SyntaxError {
  const position = /position \d+/.exec(error instanceof Error ? error.message : "")?.[0];
  return new SyntaxError(`the body is not valid JSON${position ? ` (at ${position})` : ""}`);
}

/**
 * A successful response's body parsed and checked as the types promise it: a JSON object, and, when the
 * client validates, of the shape the spec gives. Resource methods and `devrev.raw` both read `data` through it.
 */
export function parseSuccessBody(
  text: string,
  context: BodyContext,
  validate: ResponseValidator | undefined,
): object {
  const data = parseJsonBody(text, context);
  const mismatch = (detail: string, path: string) =>
    responseError({ ...context, reason: "schema_mismatch", detail, rawBody: text, path });
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw mismatch("the body is not a JSON object", "");
  }
  const issues = validate?.(context.operation, context.status, data);
  const first = issues?.[0];
  if (first) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    throw mismatch(`${first.path || "/"}: ${first.message}${more}`, first.path);
  }
  return data;
}

/** How long the whole call may take, and the caller's signal: what a failed read is measured against. */
export interface Limits {
  readonly caller: AbortSignal | undefined;
  readonly timeoutMs: number;
  readonly deadlineMs: number | undefined;
}

/**
 * The error for a failure while a response was awaited or read: the caller's abort, this attempt's time
 * limit or the call's deadline when one of them fired, else `otherwise()`.
 */
export function failureOf(
  cause: unknown,
  attempt: Attempt,
  limits: Limits,
  operation: string,
  request: RequestLike | undefined,
  otherwise: () => DevRevKitError,
): DevRevKitError {
  if (limits.caller?.aborted) return abortError(limits.caller.reason, operation, request);
  if (attempt.expiredBy === "deadline")
    return timeoutError(limits.deadlineMs ?? attempt.limitMs, operation, request);
  if (attempt.expiredBy === "timeout") return timeoutError(limits.timeoutMs, operation, request);
  if (isDevRevKitError(cause)) return cause;
  return otherwise();
}

/**
 * Anything a middleware, openapi-fetch or the runtime threw that is not ours yet becomes a devrev-kit error.
 * `findQuoted` finds what such an error may quote (raw/foreign-error.ts), for the error to cut out: it comes
 * with `devrev.raw`, since only its code (openapi-fetch, middleware) runs anything foreign that could quote a
 * header or a URL. `request` lets the error cut out the credentials it carried, which a middleware's own error
 * may quote.
 */
export function wrapUnknown(
  error: unknown,
  operation: string,
  findQuoted?: (error: unknown) => string[],
  request?: RequestLike,
): DevRevKitError {
  if (isDevRevKitError(error)) return error;
  return new DevRevKitError(`${operation} failed: ${messageOf(error)}`, {
    operation,
    cause: error,
    request,
    secrets: findQuoted?.(error),
  });
}

/** What anything thrown says, as text: its message, or itself; never throws (a Symbol, a hostile toString). */
export function messageOf(value: unknown): string {
  try {
    return String(value instanceof Error ? value.message : value);
  } catch {
    return "[unreadable]";
  }
}
