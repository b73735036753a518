// Local stand-ins for the error-body types of @devrev-kit/types, written from the spec's wire facts and
// named exactly as that package will export them. When its generated types land, this file becomes a
// re-export of them and nothing else in the package changes.

/** Fields every DevRev error body may carry. */
interface ErrorBase {
  /** The message associated with the error. */
  message?: string | undefined;
  /** Error detail information. */
  detail?: string | undefined;
}

type JsonTypeName = "array" | "bool" | "null" | "number" | "object" | "string";

interface MergeWorksErrorError {
  details: string;
  work: string;
  subtype?:
    | "already_merged"
    | "closed"
    | "different_reporters"
    | "different_workspace"
    | "invalid_stage_transition"
    | "locked"
    | "stage_not_found_for_subtype"
    | undefined;
  already_merged?: { merged_into: string } | undefined;
  closed?: Record<string, never> | undefined;
  different_reporters?:
    | { primary_reporters?: string[] | undefined; secondary_reporters?: string[] | undefined }
    | undefined;
  different_workspace?:
    | { primary_workspace?: string | undefined; secondary_workspace?: string | undefined }
    | undefined;
  invalid_stage_transition?: { current_stage: string; requested_stage: string } | undefined;
  locked?: Record<string, never> | undefined;
  stage_not_found_for_subtype?: { subtype?: string | undefined } | undefined;
}

interface WorkflowComponentValidationError {
  code: string;
  message: string;
  field?: { field_path: string; parent_id: string } | undefined;
  location?: "field" | "operation" | "workflow" | "workflow_step" | undefined;
  operation?: { id: string } | undefined;
  workflow?: { id: string } | undefined;
  workflow_step?: { id: string } | undefined;
}

type CustomizationValidationSubtype =
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
  | "wrong_type";

/** 400: the sixteen bad-request subtypes, discriminated on `type`. */
export type ErrorBadRequest = ErrorBase &
  (
    | { type: "artifact_already_attached_to_a_parent"; existing_parent: string; is_same: boolean }
    | { type: "bad_request" }
    | {
        type: "customization_validation_error";
        subtype: CustomizationValidationSubtype;
        field_name?: string | undefined;
        reason?: string | undefined;
      }
    | { type: "invalid_api_version"; value: string }
    | { type: "invalid_enum_value"; allowed_values: string[]; field_name: string; value: string }
    | { type: "invalid_field"; field_name: string }
    | { type: "invalid_id"; field_name: string }
    | { type: "merge_works_error"; errors?: MergeWorksErrorError[] | undefined }
    | {
        type: "missing_dependency";
        dependencies?: { field_name: string; field_value: string }[] | undefined;
        dependent_field_name?: string | undefined;
        dependent_field_value?: string | undefined;
        provided_field_name?: string | undefined;
        provided_field_value?: string | undefined;
      }
    | { type: "missing_required_field"; field_name: string }
    | { type: "parse_error" }
    | { type: "stale_schema_fragments" }
    | { type: "unexpected_id_type"; field_name: string }
    | { type: "unexpected_json_type"; actual: JsonTypeName; expected: JsonTypeName; field_name: string }
    | {
        type: "value_not_permitted";
        field_name: string;
        allowed_values?: string[] | undefined;
        reason?: string | undefined;
      }
    | {
        type: "workflow_component_validation_errors";
        errors?: WorkflowComponentValidationError[] | undefined;
      }
  );

/** 401 */
export type ErrorUnauthorized = ErrorBase & { type: "unauthenticated" };
/** 403 */
export type ErrorForbidden = ErrorBase & { type: "forbidden" };
/** 404 */
export type ErrorNotFound = ErrorBase & { type: "not_found" };
/** 409 */
export type ErrorConflict = ErrorBase & { type: "conflict" };
/** 429 */
export type ErrorTooManyRequests = ErrorBase & {
  type: "too_many_requests";
  /** Seconds after which the client should retry. */
  retry_after?: number | undefined;
};
/** 500 */
export type ErrorInternalServerError = ErrorBase & {
  type: "internal_error";
  /** An id for the failure, to quote when contacting DevRev. */
  reference_id?: string | undefined;
};
/** 503 */
export type ErrorServiceUnavailable = ErrorBase & { type: "service_unavailable" };

/** Every error body the API declares, discriminated on `type`. */
export type DevRevErrorBody =
  | ErrorBadRequest
  | ErrorUnauthorized
  | ErrorForbidden
  | ErrorNotFound
  | ErrorConflict
  | ErrorTooManyRequests
  | ErrorInternalServerError
  | ErrorServiceUnavailable;

/** Every error `type` the API declares. */
export type ErrorType = DevRevErrorBody["type"];

/** The error body whose `type` is `T`. */
export type ErrorBodyOfType<T extends ErrorType> = Extract<DevRevErrorBody, { type: T }>;
