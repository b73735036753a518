import type {
  DevRevErrorBody,
  ErrorBadRequest,
  ErrorConflict,
  ErrorForbidden,
  ErrorInternalServerError,
  ErrorNotFound,
  ErrorServiceUnavailable,
  ErrorTooManyRequests,
  ErrorUnauthorized,
} from "@devrev-kit/types";
import { isJsonObject, type JsonObject, jsonSafe } from "./internal/body.ts";
import { brandClass } from "./internal/brand.ts";
import { type HeadersLike, printableHeaders, requestIdOf, toHeaders } from "./internal/headers.ts";
import { describeRequest, type RequestLike } from "./internal/redact.ts";
import { keepRawBody, scrubHeaders, scrubValue } from "./internal/scrub.ts";
import { fallbackTypeFor, normalizeStatus } from "./internal/status.ts";
import { clip, forgetLastMatch } from "./internal/text.ts";
import { DevRevKitError } from "./kit-error.ts";
import { parseRetryAfter, secondsToMs } from "./retry.ts";

/**
 * An error body whose `type` devrev-kit does not know (a newer API version, or a status the spec does
 * not declare). Its fields are kept as sent, untyped; `type` is the server's, or the status's fallback.
 */
export interface UnrecognizedErrorBody {
  type: string & {};
  [field: string]: unknown;
}

/** What a {@link DevRevError} is built from. Use {@link createDevRevError} to build one from a response. */
export interface DevRevErrorInit<TBody> {
  /** HTTP status of the response. */
  status: number;
  /**
   * The parsed error body. When it is not an object, or has no string `type`, the error gets a body with
   * the status's fallback `type` (`bad_request`, `too_many_requests`, ... or `unknown`).
   */
  body?: TBody | undefined;
  /** Response headers (`Retry-After` and a request id are read from them). */
  headers?: HeadersLike | undefined;
  /** The operation that failed, e.g. `POST /rev-orgs.create`. */
  operation?: string | undefined;
  /** The request that failed; kept redacted (see {@link DevRevKitErrorOptions.request}). */
  request?: RequestLike | undefined;
  /** The response text, when it was not a JSON object; at most 1 KB is kept. */
  rawBody?: string | undefined;
}

/** What a status subclass is built from: its status is implied. */
export type StatusErrorInit<TBody> = Omit<DevRevErrorInit<TBody>, "status">;

/** Any DevRev error body: one the spec declares, or one it does not know. */
export type AnyErrorBody = DevRevErrorBody | UnrecognizedErrorBody;

function stringField(body: JsonObject, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}

function normalizeBody(body: unknown, status: number): JsonObject & { type: string } {
  const fallback = fallbackTypeFor(status);
  if (!isJsonObject(body)) return { type: fallback };
  const type = body["type"];
  // Spread (not Object.assign) copies a `__proto__` key as a plain property, never as a prototype.
  return typeof type === "string" && type !== ""
    ? (body as JsonObject & { type: string })
    : { ...body, type: fallback };
}

function retryAfterFrom(body: JsonObject, headers: Headers, nowMs: number): number | undefined {
  const field = body["retry_after"];
  const fromBody =
    typeof field === "number"
      ? secondsToMs(field)
      : typeof field === "string"
        ? parseRetryAfter(field, nowMs)
        : undefined;
  const fromHeader = parseRetryAfter(headers.get("retry-after"), nowMs);
  // Both may be present (DevRev's body field and a gateway's header): honour the longer wait.
  if (fromBody === undefined) return fromHeader;
  if (fromHeader === undefined) return fromBody;
  return Math.max(fromBody, fromHeader);
}

function describe(
  operation: string | undefined,
  status: number,
  body: JsonObject,
  serverMessage: string | undefined,
  detail: string | undefined,
): string {
  let text = `${typeof operation === "string" ? operation : "DevRev API request"} failed with ${status} ${clip(String(body["type"]), 100)}`;
  if (serverMessage) text += `: ${clip(serverMessage)}`;
  if (detail && detail !== serverMessage) text += ` (${clip(detail)})`;
  // What to fix, and what to quote to support, when the server's words leave it out.
  const facts = { field: stringField(body, "field_name"), reference_id: stringField(body, "reference_id") };
  for (const [label, value] of Object.entries(facts)) {
    if (value && !text.includes(value)) text += ` (${label}: ${clip(value, 100)})`;
  }
  return text;
}

/**
 * An HTTP error response from the DevRev API. Responses with a status the spec declares are always one
 * of the subclasses ({@link BadRequestError}, {@link TooManyRequestsError}, ...), whatever their body;
 * this class itself is used for other statuses that came with a JSON object body.
 */
export class DevRevError<TBody extends { type: string } = AnyErrorBody> extends DevRevKitError {
  static {
    brandClass(this, "DevRevError");
  }

  /** HTTP status of the response. */
  readonly status: number;
  /** The error `type`, e.g. `invalid_field`: the body's, or the status's fallback when the body had none. */
  readonly type: TBody["type"];
  /** The error body. Narrow it with {@link isErrorOfType}. */
  readonly body: TBody;
  /** The server's `message`, when it sent one. */
  readonly serverMessage: string | undefined;
  /** The server's `detail`, when it sent one. */
  readonly detail: string | undefined;
  /** How long the server asked to wait before retrying, in ms (body `retry_after` or `Retry-After`; the longer). */
  readonly retryAfterMs: number | undefined;
  /** DevRev's id for a 500, to quote to support. */
  readonly referenceId: string | undefined;
  /** The request id from the response headers (`x-request-id` and similar), when present. */
  readonly requestId: string | undefined;
  /** The response headers. */
  readonly headers: Headers;
  /** Up to 1 KB of the response text, when the body was not a JSON object (an HTML page from a proxy). */
  readonly rawBody: string | undefined;

  constructor(init: DevRevErrorInit<TBody>) {
    const { secrets } = describeRequest(init.request);
    const status = normalizeStatus(init.status);
    const body = normalizeBody(scrubValue(init.body, secrets), status);
    const headers = scrubHeaders(toHeaders(init.headers), secrets);
    const serverMessage = stringField(body, "message");
    const detail = stringField(body, "detail");
    super(describe(init.operation, status, body, serverMessage, detail), {
      operation: init.operation,
      request: init.request,
    });
    this.status = status;
    this.type = body.type as TBody["type"];
    this.body = body as unknown as TBody;
    this.serverMessage = serverMessage;
    this.detail = detail;
    this.retryAfterMs = retryAfterFrom(body, headers, Date.now());
    this.referenceId = stringField(body, "reference_id");
    this.requestId = requestIdOf(headers);
    this.headers = headers;
    this.rawBody = init.rawBody === undefined ? undefined : keepRawBody(init.rawBody, secrets);
    forgetLastMatch();
  }

  /** A plain object safe to log: everything above, credential headers redacted. */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      type: this.type,
      serverMessage: this.serverMessage,
      detail: this.detail,
      retryAfterMs: this.retryAfterMs,
      referenceId: this.referenceId,
      requestId: this.requestId,
      headers: printableHeaders(this.headers),
      body: jsonSafe(this.body),
      rawBody: this.rawBody,
    };
  }
}

/** 400: the request was malformed; `type` says how (one of sixteen subtypes, e.g. `invalid_field`). */
export class BadRequestError extends DevRevError<ErrorBadRequest | UnrecognizedErrorBody> {
  static {
    brandClass(this, "BadRequestError");
  }
  declare readonly status: 400;
  constructor(init: StatusErrorInit<ErrorBadRequest | UnrecognizedErrorBody> = {}) {
    super({ ...init, status: 400 });
  }
}

/** 401: no token, or a token that is invalid or expired. */
export class UnauthenticatedError extends DevRevError<ErrorUnauthorized | UnrecognizedErrorBody> {
  static {
    brandClass(this, "UnauthenticatedError");
  }
  declare readonly status: 401;
  constructor(init: StatusErrorInit<ErrorUnauthorized | UnrecognizedErrorBody> = {}) {
    super({ ...init, status: 401 });
  }
}

/** 403: the token is valid but may not do this. */
export class ForbiddenError extends DevRevError<ErrorForbidden | UnrecognizedErrorBody> {
  static {
    brandClass(this, "ForbiddenError");
  }
  declare readonly status: 403;
  constructor(init: StatusErrorInit<ErrorForbidden | UnrecognizedErrorBody> = {}) {
    super({ ...init, status: 403 });
  }
}

/** 404: the object (or the route) does not exist. */
export class NotFoundError extends DevRevError<ErrorNotFound | UnrecognizedErrorBody> {
  static {
    brandClass(this, "NotFoundError");
  }
  declare readonly status: 404;
  constructor(init: StatusErrorInit<ErrorNotFound | UnrecognizedErrorBody> = {}) {
    super({ ...init, status: 404 });
  }
}

/** 409: the request conflicts with the current state, e.g. a duplicate. */
export class ConflictError extends DevRevError<ErrorConflict | UnrecognizedErrorBody> {
  static {
    brandClass(this, "ConflictError");
  }
  declare readonly status: 409;
  constructor(init: StatusErrorInit<ErrorConflict | UnrecognizedErrorBody> = {}) {
    super({ ...init, status: 409 });
  }
}

/** 429: rate limited; wait {@link DevRevError.retryAfterMs} before trying again. */
export class TooManyRequestsError extends DevRevError<ErrorTooManyRequests | UnrecognizedErrorBody> {
  static {
    brandClass(this, "TooManyRequestsError");
  }
  declare readonly status: 429;
  constructor(init: StatusErrorInit<ErrorTooManyRequests | UnrecognizedErrorBody> = {}) {
    super({ ...init, status: 429 });
  }
}

/** 500: DevRev failed; quote {@link DevRevError.referenceId} to support if it persists. */
export class InternalServerError extends DevRevError<ErrorInternalServerError | UnrecognizedErrorBody> {
  static {
    brandClass(this, "InternalServerError");
  }
  declare readonly status: 500;
  constructor(init: StatusErrorInit<ErrorInternalServerError | UnrecognizedErrorBody> = {}) {
    super({ ...init, status: 500 });
  }
}

/** 503: a transient failure; retry after a short wait. */
export class ServiceUnavailableError extends DevRevError<ErrorServiceUnavailable | UnrecognizedErrorBody> {
  static {
    brandClass(this, "ServiceUnavailableError");
  }
  declare readonly status: 503;
  constructor(init: StatusErrorInit<ErrorServiceUnavailable | UnrecognizedErrorBody> = {}) {
    super({ ...init, status: 503 });
  }
}
