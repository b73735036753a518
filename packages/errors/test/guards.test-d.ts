import { describe, expectTypeOf, it } from "vitest";
import {
  type AnyErrorBody,
  type BadRequestError,
  type ConflictError,
  createDevRevError,
  type DevRevAbortError,
  type DevRevConnectionError,
  type DevRevError,
  type DevRevKitError,
  type DevRevResponseError,
  type DevRevTimeoutError,
  type ErrorBadRequest,
  type ErrorBodyOfType,
  type ErrorConflict,
  type ErrorForbidden,
  type ErrorInternalServerError,
  type ErrorNotFound,
  type ErrorServiceUnavailable,
  type ErrorTooManyRequests,
  type ErrorType,
  type ErrorUnauthorized,
  type ForbiddenError,
  getRetryDecision,
  type InternalServerError,
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
  type NotFoundError,
  parseRetryAfter,
  type ResponseErrorReason,
  type ServiceUnavailableError,
  type TooManyRequestsError,
  toDevRevError,
  type UnauthenticatedError,
  type UnrecognizedErrorBody,
} from "../src/index.ts";

declare const caught: unknown;

describe("guards narrow unknown", () => {
  it("to the base classes", () => {
    if (isDevRevKitError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<DevRevKitError>();
      expectTypeOf(caught.operation).toEqualTypeOf<string | undefined>();
    }
    if (isDevRevError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<DevRevError>();
      expectTypeOf(caught.status).toEqualTypeOf<number>();
      expectTypeOf(caught.body).toEqualTypeOf<AnyErrorBody>();
      expectTypeOf(caught.retryAfterMs).toEqualTypeOf<number | undefined>();
      expectTypeOf(caught.requestId).toEqualTypeOf<string | undefined>();
      expectTypeOf(caught.headers).toEqualTypeOf<Headers>();
      // Known types autocomplete, unknown ones are still strings.
      expectTypeOf<ErrorType>().toExtend<typeof caught.type>();
      expectTypeOf<"some_future_type">().toExtend<typeof caught.type>();
    }
  });

  it("to each status class, with its status literal and body", () => {
    if (isBadRequestError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<BadRequestError>();
      expectTypeOf(caught.status).toEqualTypeOf<400>();
      expectTypeOf(caught.body).toEqualTypeOf<ErrorBadRequest | UnrecognizedErrorBody>();
    }
    if (isUnauthenticatedError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<UnauthenticatedError>();
      expectTypeOf(caught.status).toEqualTypeOf<401>();
      expectTypeOf(caught.body).toEqualTypeOf<ErrorUnauthorized | UnrecognizedErrorBody>();
    }
    if (isForbiddenError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<ForbiddenError>();
      expectTypeOf(caught.status).toEqualTypeOf<403>();
      expectTypeOf(caught.body).toEqualTypeOf<ErrorForbidden | UnrecognizedErrorBody>();
    }
    if (isNotFoundError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<NotFoundError>();
      expectTypeOf(caught.status).toEqualTypeOf<404>();
      expectTypeOf(caught.body).toEqualTypeOf<ErrorNotFound | UnrecognizedErrorBody>();
    }
    if (isConflictError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<ConflictError>();
      expectTypeOf(caught.status).toEqualTypeOf<409>();
      expectTypeOf(caught.body).toEqualTypeOf<ErrorConflict | UnrecognizedErrorBody>();
    }
    if (isTooManyRequestsError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<TooManyRequestsError>();
      expectTypeOf(caught.status).toEqualTypeOf<429>();
      expectTypeOf(caught.body).toEqualTypeOf<ErrorTooManyRequests | UnrecognizedErrorBody>();
    }
    if (isInternalServerError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<InternalServerError>();
      expectTypeOf(caught.status).toEqualTypeOf<500>();
      expectTypeOf(caught.body).toEqualTypeOf<ErrorInternalServerError | UnrecognizedErrorBody>();
      expectTypeOf(caught.referenceId).toEqualTypeOf<string | undefined>();
    }
    if (isServiceUnavailableError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<ServiceUnavailableError>();
      expectTypeOf(caught.status).toEqualTypeOf<503>();
      expectTypeOf(caught.body).toEqualTypeOf<ErrorServiceUnavailable | UnrecognizedErrorBody>();
    }
  });

  it("to the errors that are not HTTP responses", () => {
    if (isConnectionError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<DevRevConnectionError>();
      expectTypeOf(caught.requestSent).toEqualTypeOf<boolean>();
    }
    if (isTimeoutError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<DevRevTimeoutError>();
      expectTypeOf(caught.timeoutMs).toEqualTypeOf<number>();
    }
    if (isAbortError(caught)) expectTypeOf(caught).toEqualTypeOf<DevRevAbortError>();
    if (isResponseError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<DevRevResponseError>();
      expectTypeOf(caught.rawBody).toEqualTypeOf<string>();
      expectTypeOf(caught.reason).toEqualTypeOf<ResponseErrorReason>();
      expectTypeOf(caught.path).toEqualTypeOf<string | undefined>();
    }
  });

  it("the guards accept anything and are type predicates", () => {
    expectTypeOf(isDevRevError).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(isErrorOfType).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(isBadRequestError).guards.toEqualTypeOf<BadRequestError>();
  });
});

describe("isErrorOfType narrows the body to that type's fields", () => {
  it("from unknown", () => {
    if (isErrorOfType(caught, "invalid_field")) {
      expectTypeOf(caught.type).toEqualTypeOf<"invalid_field">();
      expectTypeOf(caught.body).toEqualTypeOf<ErrorBodyOfType<"invalid_field">>();
      expectTypeOf(caught.body.field_name).toEqualTypeOf<string>();
      expectTypeOf(caught.status).toEqualTypeOf<number>();
    }
    if (isErrorOfType(caught, "invalid_enum_value")) {
      expectTypeOf(caught.body.allowed_values).toEqualTypeOf<string[]>();
      expectTypeOf(caught.body.value).toEqualTypeOf<string>();
    }
    if (isErrorOfType(caught, "unexpected_json_type")) {
      expectTypeOf(caught.body.expected).toEqualTypeOf<
        "array" | "bool" | "null" | "number" | "object" | "string"
      >();
    }
    if (isErrorOfType(caught, "artifact_already_attached_to_a_parent")) {
      expectTypeOf(caught.body.is_same).toEqualTypeOf<boolean>();
    }
    if (isErrorOfType(caught, "too_many_requests")) {
      expectTypeOf(caught.body.retry_after).toEqualTypeOf<number | undefined>();
    }
    if (isErrorOfType(caught, "internal_error")) {
      expectTypeOf(caught.body.reference_id).toEqualTypeOf<string | undefined>();
    }
    if (isErrorOfType(caught, "customization_validation_error")) {
      expectTypeOf(caught.body.subtype).toExtend<string>();
      // @ts-expect-error a field of another subtype is not there
      caught.body.allowed_values;
    }
  });

  it("from an already narrowed error", () => {
    if (isBadRequestError(caught) && isErrorOfType(caught, "missing_required_field")) {
      expectTypeOf(caught.status).toEqualTypeOf<400>();
      expectTypeOf(caught.body.field_name).toEqualTypeOf<string>();
    }
  });

  it("accepts only error types the spec declares", () => {
    expectTypeOf(isErrorOfType).parameter(1).toEqualTypeOf<ErrorType>();
    // @ts-expect-error not an error type
    isErrorOfType(caught, "invalid_feild");
  });

  it("every one of the 23 types is accepted", () => {
    type Expected =
      | "artifact_already_attached_to_a_parent"
      | "bad_request"
      | "customization_validation_error"
      | "invalid_api_version"
      | "invalid_enum_value"
      | "invalid_field"
      | "invalid_id"
      | "merge_works_error"
      | "missing_dependency"
      | "missing_required_field"
      | "parse_error"
      | "stale_schema_fragments"
      | "unexpected_id_type"
      | "unexpected_json_type"
      | "value_not_permitted"
      | "workflow_component_validation_errors"
      | "unauthenticated"
      | "forbidden"
      | "not_found"
      | "conflict"
      | "too_many_requests"
      | "internal_error"
      | "service_unavailable";
    expectTypeOf<ErrorType>().toEqualTypeOf<Expected>();
  });
});

describe("factories and helpers", () => {
  it("return what the guards narrow from", () => {
    expectTypeOf(createDevRevError({ status: 400, body: "" })).toEqualTypeOf<
      DevRevError | DevRevResponseError
    >();
    expectTypeOf(toDevRevError(new Response(), null, "GET /x")).toEqualTypeOf<
      DevRevError | DevRevResponseError
    >();
    expectTypeOf(parseRetryAfter("1")).toEqualTypeOf<number | undefined>();
    expectTypeOf(getRetryDecision(caught, { idempotent: true })).toEqualTypeOf<{
      readonly retry: boolean;
      readonly minDelayMs: number | undefined;
    }>();
  });

  it("reject missing required options", () => {
    // @ts-expect-error status is required
    createDevRevError({ body: "" });
    // @ts-expect-error idempotent is required
    getRetryDecision(caught, {});
  });
});
