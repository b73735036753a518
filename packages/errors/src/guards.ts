import type { ErrorBodyOfType, ErrorType } from "@devrev-kit/types";
import { ERROR_BODY_FIELDS, type FieldTable } from "./generated/error-fields.gen.ts";
import type {
  BadRequestError,
  ConflictError,
  DevRevError,
  ForbiddenError,
  InternalServerError,
  NotFoundError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthenticatedError,
} from "./http-error.ts";
import { isJsonObject, type JsonObject } from "./internal/body.ts";
import { hasKind } from "./internal/brand.ts";
import type { DevRevKitError } from "./kit-error.ts";
import type { DevRevResponseError } from "./response-error.ts";
import type { DevRevAbortError, DevRevConnectionError, DevRevTimeoutError } from "./transport-errors.ts";

// Every guard accepts anything, never throws, and checks the brand (see internal/brand.ts) rather than
// `instanceof`, so errors from another installed copy of this package are recognised too.

/** Anything devrev-kit throws. */
export function isDevRevKitError(value: unknown): value is DevRevKitError {
  return hasKind(value, "DevRevKitError");
}

/** An HTTP error response from DevRev, of any status. */
export function isDevRevError(value: unknown): value is DevRevError {
  return hasKind(value, "DevRevError");
}

/** A 400. */
export function isBadRequestError(value: unknown): value is BadRequestError {
  return hasKind(value, "BadRequestError");
}

/** A 401. */
export function isUnauthenticatedError(value: unknown): value is UnauthenticatedError {
  return hasKind(value, "UnauthenticatedError");
}

/** A 403. */
export function isForbiddenError(value: unknown): value is ForbiddenError {
  return hasKind(value, "ForbiddenError");
}

/** A 404. */
export function isNotFoundError(value: unknown): value is NotFoundError {
  return hasKind(value, "NotFoundError");
}

/** A 409. */
export function isConflictError(value: unknown): value is ConflictError {
  return hasKind(value, "ConflictError");
}

/** A 429. */
export function isTooManyRequestsError(value: unknown): value is TooManyRequestsError {
  return hasKind(value, "TooManyRequestsError");
}

/** A 500. */
export function isInternalServerError(value: unknown): value is InternalServerError {
  return hasKind(value, "InternalServerError");
}

/** A 503. */
export function isServiceUnavailableError(value: unknown): value is ServiceUnavailableError {
  return hasKind(value, "ServiceUnavailableError");
}

/** The request failed below HTTP (DNS, connection, TLS). */
export function isConnectionError(value: unknown): value is DevRevConnectionError {
  return hasKind(value, "DevRevConnectionError");
}

/** The request timed out. */
export function isTimeoutError(value: unknown): value is DevRevTimeoutError {
  return hasKind(value, "DevRevTimeoutError");
}

/** The caller aborted the request. */
export function isAbortError(value: unknown): value is DevRevAbortError {
  return hasKind(value, "DevRevAbortError");
}

/** A response devrev-kit could not use (non-JSON, wrong shape, an HTML error page from a proxy). */
export function isResponseError(value: unknown): value is DevRevResponseError {
  return hasKind(value, "DevRevResponseError");
}

/** A {@link DevRevError} whose `type` is `T`, with `body` narrowed to that type's fields. */
export type DevRevErrorOfType<T extends ErrorType> = DevRevError<ErrorBodyOfType<T>> & { readonly type: T };

/**
 * A DevRev error whose `type` is `type`, e.g. `isErrorOfType(e, "invalid_field")`; narrows `e.body` to
 * that type's fields (`e.body.field_name`). It narrows only a body that has them: every field the spec
 * requires for that type, and each one present of the kind the spec says (a body without `field_name`, or
 * with a number for it, is not an `invalid_field` body to the types, and gives false). It checks the type,
 * not the status: a `type` the server sent with another status than the spec's still matches (the class
 * follows the status).
 */
export function isErrorOfType<T extends ErrorType>(value: unknown, type: T): value is DevRevErrorOfType<T> {
  if (!hasKind(value, "DevRevError")) return false;
  try {
    const { type: actual, body } = value as { type?: unknown; body?: unknown };
    return (
      actual === type &&
      isJsonObject(body) &&
      body["type"] === type &&
      hasSpecFields(body, (ERROR_BODY_FIELDS as Record<string, FieldTable | undefined>)[type])
    );
  } catch {
    return false;
  }
}

/**
 * Whether `body` has each field `fields` requires, and every field it has of what `fields` allows; objects
 * (and arrays' items) whose fields the table lists are checked the same way, so a narrowed
 * `e.body.errors[0].work` is there too.
 */
function hasSpecFields(body: JsonObject, fields: FieldTable | undefined): boolean {
  // A `type` this copy's spec does not know (a caller casting a newer one) has nothing to check.
  if (fields === undefined) return true;
  for (const [name, entry] of Object.entries(fields)) {
    const [spec, inner] = typeof entry === "string" ? [entry] : entry;
    const value = body[name];
    const optional = spec.endsWith("?");
    if (value === undefined) {
      if (optional) continue;
      return false;
    }
    const allowed = (optional ? spec.slice(0, -1) : spec).split("|");
    if (!allowed.some((one) => allows(one, value))) return false;
    if (inner !== undefined && value !== null) {
      const objects = Array.isArray(value) ? value : [value];
      if (!objects.every((each) => isJsonObject(each) && hasSpecFields(each, inner))) return false;
    }
  }
  return true;
}

/** One alternative of the generated table: `'value'`, `kind[]`, `empty` (an object with no keys) or a JSON kind. */
function allows(one: string, value: unknown): boolean {
  if (one.startsWith("'")) return value === one.slice(1, -1);
  if (one.endsWith("[]")) {
    const item = one.slice(0, -2);
    return Array.isArray(value) && value.every((each) => allows(item, each));
  }
  if (one === "empty") return isJsonObject(value) && Object.keys(value).length === 0;
  return jsonKind(value) === one;
}

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}
