import { assertType, describe, expectTypeOf, it } from "vitest";
import type {
  BadRequestErrorType,
  DevRevErrorBody,
  ErrorBadRequest,
  ErrorBodyByStatus,
  ErrorBodyOfType,
  ErrorInternalServerError,
  ErrorTooManyRequests,
  ErrorType,
} from "../src/index.ts";

declare const body: DevRevErrorBody;
declare const badRequest: ErrorBadRequest;

function assertNever(value: never): never {
  throw new Error(`unexpected ${String(value)}`);
}

describe("error bodies", () => {
  it("narrow on type to the fields of that error", () => {
    if (body.type === "too_many_requests") {
      expectTypeOf(body.retry_after).toEqualTypeOf<number | undefined>();
    }
    if (body.type === "internal_error") {
      expectTypeOf(body.reference_id).toEqualTypeOf<string | undefined>();
    }
    if (body.type === "invalid_field") {
      expectTypeOf(body.field_name).toEqualTypeOf<string>();
    }
    // @ts-expect-error retry_after exists only once the body is narrowed to too_many_requests
    assertType<number | undefined>(body.retry_after);
  });

  it("share message and detail across every variant", () => {
    expectTypeOf(body.message).toEqualTypeOf<string | undefined>();
    expectTypeOf(body.detail).toEqualTypeOf<string | undefined>();
  });

  it("reach the fields of each of the sixteen 400 variants", () => {
    function fieldsOf(error: ErrorBadRequest): unknown {
      switch (error.type) {
        case "artifact_already_attached_to_a_parent":
          expectTypeOf(error.existing_parent).toEqualTypeOf<string>();
          return expectTypeOf(error.is_same).toEqualTypeOf<boolean>();
        case "bad_request":
        case "parse_error":
        case "stale_schema_fragments":
          return expectTypeOf(error.message).toEqualTypeOf<string | undefined>();
        case "customization_validation_error":
          expectTypeOf(error.field_name).toEqualTypeOf<string | undefined>();
          expectTypeOf(error.reason).toEqualTypeOf<string | undefined>();
          return expectTypeOf(error.subtype).toEqualTypeOf<
            | "bad_id_type"
            | "date_parse_error"
            | "enum_out_of_range"
            | "expression_parse_error"
            | "field_dropped"
            | "field_immutable"
            | "field_not_in_schema"
            | "field_required"
            | "fragment_not_found"
            | "id_parse_error"
            | "id_type_not_allowed"
            | "invalid_argument"
            | "timestamp_parse_error"
            | "unknown_error"
            | "unsupported_type"
            | "wrong_type"
          >();
        case "invalid_api_version":
          return expectTypeOf(error.value).toEqualTypeOf<string>();
        case "invalid_enum_value":
          expectTypeOf(error.allowed_values).toEqualTypeOf<string[]>();
          expectTypeOf(error.field_name).toEqualTypeOf<string>();
          return expectTypeOf(error.value).toEqualTypeOf<string>();
        case "invalid_field":
        case "invalid_id":
        case "missing_required_field":
        case "unexpected_id_type":
          return expectTypeOf(error.field_name).toEqualTypeOf<string>();
        case "merge_works_error": {
          const [first] = error.errors ?? [];
          expectTypeOf(first?.work).toEqualTypeOf<string | undefined>();
          return expectTypeOf(first?.already_merged?.merged_into).toEqualTypeOf<string | undefined>();
        }
        case "missing_dependency": {
          expectTypeOf(error.provided_field_name).toEqualTypeOf<string | undefined>();
          const [first] = error.dependencies ?? [];
          return expectTypeOf(first?.field_value).toEqualTypeOf<string | undefined>();
        }
        case "unexpected_json_type":
          expectTypeOf(error.field_name).toEqualTypeOf<string>();
          return expectTypeOf(error.actual).toEqualTypeOf<
            "array" | "bool" | "null" | "number" | "object" | "string"
          >();
        case "value_not_permitted":
          expectTypeOf(error.field_name).toEqualTypeOf<string>();
          return expectTypeOf(error.allowed_values).toEqualTypeOf<string[] | undefined>();
        case "workflow_component_validation_errors": {
          const [first] = error.errors ?? [];
          expectTypeOf(first?.code).toEqualTypeOf<string | undefined>();
          return expectTypeOf(first?.location).toEqualTypeOf<
            "field" | "operation" | "workflow" | "workflow_step" | undefined
          >();
        }
        default:
          return assertNever(error);
      }
    }
    assertType<unknown>(fieldsOf(badRequest));
  });

  it("name every type string", () => {
    expectTypeOf<BadRequestErrorType>().toEqualTypeOf<
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
    >();
    expectTypeOf<Exclude<ErrorType, BadRequestErrorType>>().toEqualTypeOf<
      | "unauthenticated"
      | "forbidden"
      | "not_found"
      | "conflict"
      | "too_many_requests"
      | "internal_error"
      | "service_unavailable"
    >();
  });

  it("pick a body by type or by status", () => {
    expectTypeOf<ErrorBodyOfType<"too_many_requests">>().toEqualTypeOf<ErrorTooManyRequests>();
    expectTypeOf<ErrorBodyOfType<"internal_error">>().toEqualTypeOf<ErrorInternalServerError>();
    expectTypeOf<ErrorBodyOfType<"invalid_field">["field_name"]>().toEqualTypeOf<string>();
    expectTypeOf<ErrorBodyOfType<"unexpected_json_type">["expected"]>().toEqualTypeOf<
      "array" | "bool" | "null" | "number" | "object" | "string"
    >();
    expectTypeOf<ErrorBodyByStatus[429]>().toEqualTypeOf<ErrorTooManyRequests>();
    expectTypeOf<ErrorBodyByStatus[400]["type"]>().toEqualTypeOf<BadRequestErrorType>();
    // @ts-expect-error "teapot" is not an error type DevRev sends
    assertType<ErrorBodyOfType<"teapot">>(body);
  });

  it("accept a literal wire body", () => {
    assertType<DevRevErrorBody>({ type: "too_many_requests", message: "Slow down.", retry_after: 30 });
    assertType<ErrorBadRequest>({
      type: "invalid_enum_value",
      field_name: "mode",
      value: "x",
      allowed_values: ["after"],
    });
    // @ts-expect-error invalid_field requires field_name
    assertType<ErrorBadRequest>({ type: "invalid_field" });
  });
});
