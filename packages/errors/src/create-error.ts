import {
  BadRequestError,
  ConflictError,
  DevRevError,
  ForbiddenError,
  InternalServerError,
  NotFoundError,
  ServiceUnavailableError,
  type StatusErrorInit,
  TooManyRequestsError,
  UnauthenticatedError,
} from "./http-error.ts";
import { answeredRequest } from "./internal/answered-request.ts";
import { type ReadBody, readBody, stringifyForLog } from "./internal/body.ts";
import type { HeadersLike } from "./internal/headers.ts";
import type { RequestLike } from "./internal/redact.ts";
import { isErrorStatus, normalizeStatus } from "./internal/status.ts";
import { DevRevResponseError } from "./response-error.ts";

/** What {@link createDevRevError} builds an error from: the parts of an HTTP response. */
export interface CreateDevRevErrorOptions {
  /** HTTP status of the response. */
  status: number;
  /** Response headers. */
  headers?: HeadersLike | undefined;
  /**
   * The response body: its raw text (or bytes), or JSON already parsed. Anything is accepted; it is
   * never a reason to throw.
   */
  body?: unknown;
  /** The operation that failed, e.g. `POST /rev-orgs.create`. */
  operation?: string | undefined;
  /** The request that failed; kept on the error with credentials redacted. */
  request?: RequestLike | undefined;
}

type StatusErrorClass = new (init: StatusErrorInit<never>) => DevRevError;

const STATUS_CLASSES = new Map<number, StatusErrorClass>([
  [400, BadRequestError],
  [401, UnauthenticatedError],
  [403, ForbiddenError],
  [404, NotFoundError],
  [409, ConflictError],
  [429, TooManyRequestsError],
  [500, InternalServerError],
  [503, ServiceUnavailableError],
]);

const NO_BODY: ReadBody = { json: undefined, text: "" };

function build(
  status: number,
  read: ReadBody,
  options: CreateDevRevErrorOptions,
): DevRevError | DevRevResponseError {
  const common = { headers: options.headers, operation: options.operation, request: options.request };
  if (isErrorStatus(status)) {
    // A declared status always gets its class, even with an empty or HTML body: a gateway's bare 429
    // must still be a TooManyRequestsError, or nothing would wait and retry.
    const StatusClass = STATUS_CLASSES.get(status);
    if (StatusClass !== undefined)
      return new StatusClass({
        ...common,
        body: read.json as never,
        rawBody: read.json === undefined ? read.text : undefined,
      });
    if (read.json !== undefined) return new DevRevError({ ...common, status, body: read.json as never });
  }
  return new DevRevResponseError({
    ...common,
    status,
    reason: "unexpected_status",
    rawBody: read.text ?? stringifyForLog(read.json),
  });
}

/**
 * Builds the error for an HTTP error response, and never throws:
 * - a status the spec declares (400, 401, 403, 404, 409, 429, 500, 503) gives its subclass, whatever
 *   the body, with a fallback `type` when the body names none;
 * - another 4xx/5xx with a JSON object body gives a plain {@link DevRevError};
 * - anything else (an HTML 502 from a proxy, a status that is not an error) gives a
 *   {@link DevRevResponseError} with up to 1 KB of the body.
 */
export function createDevRevError(options: CreateDevRevErrorOptions): DevRevError | DevRevResponseError {
  const status = normalizeStatus(options.status);
  try {
    return build(status, readBody(options.body), options);
  } catch {
    // Only a hostile pre-parsed body (a throwing getter or proxy) gets here: classify by status alone.
    return build(status, NO_BODY, options);
  }
}

/** The parts of a fetch `Response` that {@link toDevRevError} reads. */
export interface ResponseLike {
  /** HTTP status. */
  readonly status: number;
  /** Response headers. */
  readonly headers?: HeadersLike | undefined;
}

/**
 * The same error the client would throw, for users of the raw openapi-fetch `{ data, error, response }`
 * style: `if (error) throw toDevRevError(response, error, "POST /rev-orgs.create", request)`. A response from
 * `devrev.raw` remembers its request, so there `request` may be left out.
 */
export function toDevRevError(
  response: ResponseLike,
  body: unknown,
  operation?: string,
  request?: RequestLike,
): DevRevError | DevRevResponseError {
  let status: unknown;
  let headers: unknown;
  try {
    ({ status, headers } = response);
  } catch {
    // Not a response at all: classified as having no usable status.
  }
  return createDevRevError({
    status: status as number,
    headers: headers as HeadersLike,
    body,
    operation,
    request:
      request ?? (typeof response === "object" && response !== null ? answeredRequest(response) : undefined),
  });
}
