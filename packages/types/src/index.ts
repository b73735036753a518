// Public surface of @devrev-kit/types: the generated `paths`, `components` and
// `operations`, plus named aliases for what callers reach for. Types only.
import type { components, operations } from "./generated/schema.gen.ts";

export type { components, operations, paths } from "./generated/schema.gen.ts";

// --- Objects ---------------------------------------------------------------

/** A Rev organization: one customer company (or part of one) served by your Dev organization. */
export type RevOrg = components["schemas"]["rev-org"];
/** A Rev user: one contact at a customer. */
export type RevUser = components["schemas"]["rev-user"];
/** An account: the customer as a whole, grouping its Rev organizations. */
export type Account = components["schemas"]["account"];
/** A user embedded in another object (`created_by`, `owned_by`, ...); narrow it on `type`. */
export type UserSummary = components["schemas"]["user-summary"];
/** An organization embedded in another object (`rev_org`, `primary_rev_org`); narrow it on `type`. */
export type OrgSummary = components["schemas"]["org-summary"];
/** An account embedded in another object (`rev_org.account`); unlike `OrgSummary`, it has no `type`. */
export type AccountSummary = components["schemas"]["account-summary"];
/** A tag on an object, with the value chosen for it. */
export type TagWithValue = components["schemas"]["tag-with-value"];
/** A tag to set on an object, by ID, with an optional value. */
export type SetTagWithValue = components["schemas"]["set-tag-with-value"];
/** Custom fields, keyed by field name; which keys exist depends on your custom schemas. */
export type CustomFields = components["schemas"]["custom-fields"];
/** Names the custom schemas whose fields a request sets. */
export type CustomSchemaSpec = components["schemas"]["custom-schema-spec"];
/** Lifecycle state of a user. */
export type UserState = components["schemas"]["user-state"];
/** Environment of an organization. */
export type OrgEnvironment = components["schemas"]["org-environment"];
/** Which way a list call pages from its cursor. */
export type ListMode = components["schemas"]["list-mode"];

// --- Requests and responses ------------------------------------------------

/** Body of `POST /rev-orgs.create`. */
export type RevOrgsCreateRequest = components["schemas"]["rev-orgs-create-request"];
/** Body of the 201 response to `POST /rev-orgs.create`. */
export type RevOrgsCreateResponse = components["schemas"]["rev-orgs-create-response"];
/** Body of `POST /rev-orgs.update`. */
export type RevOrgsUpdateRequest = components["schemas"]["rev-orgs-update-request"];
/** Body of the 200 response to `POST /rev-orgs.update`. */
export type RevOrgsUpdateResponse = components["schemas"]["rev-orgs-update-response"];
/** Query parameters of `GET /rev-orgs.list`, keyed by their wire names (`created_date.after`). */
export type RevOrgsListQuery = NonNullable<operations["rev-orgs-list"]["parameters"]["query"]>;
/** Body of `POST /rev-orgs.list`, the body form of the same listing. */
export type RevOrgsListRequest = components["schemas"]["rev-orgs-list-request"];
/** Body of the 200 response to either form of `/rev-orgs.list`. */
export type RevOrgsListResponse = components["schemas"]["rev-orgs-list-response"];
/** Body of `POST /rev-users.update`. */
export type RevUsersUpdateRequest = components["schemas"]["rev-users-update-request"];
/** Body of the 200 response to `POST /rev-users.update`. */
export type RevUsersUpdateResponse = components["schemas"]["rev-users-update-response"];
/**
 * Body of `POST /rev-users.link`.
 * @deprecated DevRev has deprecated `POST /rev-users.link`.
 */
export type RevUsersLinkRequest = components["schemas"]["link-rev-user-to-rev-org-request"];
/**
 * Body of the 200 response to `POST /rev-users.link`.
 * @deprecated DevRev has deprecated `POST /rev-users.link`.
 */
export type RevUsersLinkResponse = components["schemas"]["link-rev-user-to-rev-org-response"];
/** Body of `POST /rev-users.associations.add`. */
export type RevUsersAssociationsAddRequest = components["schemas"]["rev-users-associations-add-request"];
/** Body of the 201 response to `POST /rev-users.associations.add`: an empty object. */
export type RevUsersAssociationsAddResponse = components["schemas"]["rev-users-associations-add-response"];
/** Body of `POST /accounts.update`. */
export type AccountsUpdateRequest = components["schemas"]["accounts-update-request"];
/** Body of the 200 response to `POST /accounts.update`. */
export type AccountsUpdateResponse = components["schemas"]["accounts-update-response"];

// --- Errors ----------------------------------------------------------------

/** HTTP 400 body: one of sixteen variants; narrow on `type` to reach each one's fields. */
export type ErrorBadRequest = components["schemas"]["error-bad-request"];
/** HTTP 401 body (`type: "unauthenticated"`). */
export type ErrorUnauthorized = components["schemas"]["error-unauthorized"];
/** HTTP 403 body (`type: "forbidden"`). */
export type ErrorForbidden = components["schemas"]["error-forbidden"];
/** HTTP 404 body (`type: "not_found"`). */
export type ErrorNotFound = components["schemas"]["error-not-found"];
/** HTTP 409 body (`type: "conflict"`). */
export type ErrorConflict = components["schemas"]["error-conflict"];
/** HTTP 429 body (`type: "too_many_requests"`), with `retry_after` in seconds. */
export type ErrorTooManyRequests = components["schemas"]["error-too-many-requests"];
/** HTTP 500 body (`type: "internal_error"`), with a `reference_id` for support. */
export type ErrorInternalServerError = components["schemas"]["error-internal-server-error"];
/** HTTP 503 body (`type: "service_unavailable"`). */
export type ErrorServiceUnavailable = components["schemas"]["error-service-unavailable"];

/** The error body of each HTTP status the API declares. */
export interface ErrorBodyByStatus {
  400: ErrorBadRequest;
  401: ErrorUnauthorized;
  403: ErrorForbidden;
  404: ErrorNotFound;
  409: ErrorConflict;
  429: ErrorTooManyRequests;
  500: ErrorInternalServerError;
  503: ErrorServiceUnavailable;
}

/** An HTTP status with a documented error body. */
export type ErrorStatus = keyof ErrorBodyByStatus;

/** Any DevRev error body; `type` tells them apart. */
export type DevRevErrorBody = ErrorBodyByStatus[ErrorStatus];

/** Every error `type` string the API sends. */
export type ErrorType = DevRevErrorBody["type"];

/** The `type` strings of HTTP 400 bodies. */
export type BadRequestErrorType = ErrorBadRequest["type"];

/** The error body with the given `type`: `ErrorBodyOfType<"invalid_field">` has `field_name`. */
export type ErrorBodyOfType<T extends ErrorType> = Extract<DevRevErrorBody, { type: T }>;
