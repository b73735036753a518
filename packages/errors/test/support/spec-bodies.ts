// Hand-written error bodies that are valid against the spec's error schemas (field names, required
// fields and enums taken from the spec's wire facts), one per error `type`.
import type { DevRevErrorBody, ErrorBadRequest, ErrorType } from "../../src/index.ts";

export const badRequestBodies: readonly ErrorBadRequest[] = [
  {
    type: "artifact_already_attached_to_a_parent",
    message: "The artifact is already attached.",
    existing_parent: "don:core:dvrv-us-1:devo/1:issue/7",
    is_same: false,
  },
  { type: "bad_request", message: "Bad request." },
  {
    type: "customization_validation_error",
    subtype: "field_not_in_schema",
    field_name: "tnt__region",
    reason: "No such custom field.",
  },
  { type: "invalid_api_version", value: "2019-01-01", detail: "Use 2022-10-20 or later." },
  {
    type: "invalid_enum_value",
    field_name: "tier",
    value: "platinum",
    allowed_values: ["tier_1", "tier_2"],
  },
  { type: "invalid_field", field_name: "display_name", message: "display_name is invalid." },
  { type: "invalid_id", field_name: "owned_by" },
  {
    type: "merge_works_error",
    errors: [
      {
        details: "Already merged.",
        work: "don:core:dvrv-us-1:devo/1:issue/8",
        subtype: "already_merged",
        already_merged: { merged_into: "don:core:dvrv-us-1:devo/1:issue/9" },
      },
    ],
  },
  {
    type: "missing_dependency",
    dependencies: [{ field_name: "state", field_value: "open" }],
    provided_field_name: "stage",
    provided_field_value: "triage",
  },
  { type: "missing_required_field", field_name: "display_name" },
  { type: "parse_error", message: "Could not parse the request body." },
  { type: "stale_schema_fragments" },
  { type: "unexpected_id_type", field_name: "rev_org" },
  { type: "unexpected_json_type", field_name: "tags", expected: "array", actual: "string" },
  {
    type: "value_not_permitted",
    field_name: "domains",
    reason: "Domain already in use.",
    allowed_values: [],
  },
  {
    type: "workflow_component_validation_errors",
    errors: [
      { code: "WF001", message: "Step is missing.", location: "workflow_step", workflow_step: { id: "s1" } },
    ],
  },
];

/** One spec-valid body per declared status, with the status the spec pairs it with. */
export const statusBodies: readonly { status: number; className: string; body: DevRevErrorBody }[] = [
  { status: 400, className: "BadRequestError", body: { type: "bad_request", message: "Bad request." } },
  {
    status: 401,
    className: "UnauthenticatedError",
    body: { type: "unauthenticated", message: "The token is invalid." },
  },
  { status: 403, className: "ForbiddenError", body: { type: "forbidden", message: "Not allowed." } },
  { status: 404, className: "NotFoundError", body: { type: "not_found", message: "No such rev org." } },
  { status: 409, className: "ConflictError", body: { type: "conflict", message: "Already exists." } },
  {
    status: 429,
    className: "TooManyRequestsError",
    body: { type: "too_many_requests", message: "Slow down.", retry_after: 2 },
  },
  {
    status: 500,
    className: "InternalServerError",
    body: { type: "internal_error", message: "Oops.", reference_id: "ref-123" },
  },
  {
    status: 503,
    className: "ServiceUnavailableError",
    body: { type: "service_unavailable", message: "Try again soon." },
  },
];

/** The `type` an error of each declared status gets when its body names none. */
export const fallbackTypes: Readonly<Record<number, ErrorType>> = {
  400: "bad_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  429: "too_many_requests",
  500: "internal_error",
  503: "service_unavailable",
};

export const declaredStatuses = statusBodies.map(({ status }) => status);
