// Public surface of @devrev-kit/errors. Everything else lives in src/internal/ and is not exported.

export type {
  DevRevErrorBody,
  ErrorBadRequest,
  ErrorBodyOfType,
  ErrorConflict,
  ErrorForbidden,
  ErrorInternalServerError,
  ErrorNotFound,
  ErrorServiceUnavailable,
  ErrorTooManyRequests,
  ErrorType,
  ErrorUnauthorized,
} from "@devrev-kit/types";
export {
  type CreateDevRevErrorOptions,
  createDevRevError,
  type ResponseLike,
  toDevRevError,
} from "./create-error.ts";
export {
  type DevRevErrorOfType,
  isAbortError,
  isBadRequestError,
  isConflictError,
  isConnectionError,
  isDevRevError,
  isDevRevKitError,
  isErrorOfType,
  isForbiddenError,
  isInternalServerError,
  isNotFoundError,
  isResponseError,
  isServiceUnavailableError,
  isTimeoutError,
  isTooManyRequestsError,
  isUnauthenticatedError,
} from "./guards.ts";
export {
  type AnyErrorBody,
  BadRequestError,
  ConflictError,
  DevRevError,
  type DevRevErrorInit,
  ForbiddenError,
  InternalServerError,
  NotFoundError,
  ServiceUnavailableError,
  type StatusErrorInit,
  TooManyRequestsError,
  UnauthenticatedError,
  type UnrecognizedErrorBody,
} from "./http-error.ts";
export type { HeadersLike } from "./internal/headers.ts";
export type { RedactedRequest, RequestLike } from "./internal/redact.ts";
export { DevRevKitError, type DevRevKitErrorOptions } from "./kit-error.ts";
export {
  DevRevResponseError,
  type DevRevResponseErrorInit,
  type ResponseErrorReason,
} from "./response-error.ts";
export { getRetryDecision, parseRetryAfter, type RetryDecision, type RetryDecisionOptions } from "./retry.ts";
export {
  DevRevAbortError,
  DevRevConnectionError,
  type DevRevConnectionErrorInit,
  DevRevTimeoutError,
  type DevRevTimeoutErrorInit,
} from "./transport-errors.ts";
