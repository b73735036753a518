// Public surface of @devrev-kit/types: the generated `paths`, `components` and
// `operations`, plus named aliases for what callers reach for. Types only.
import type { components, operations } from "./generated/schema.gen.ts";

export type { components, operations, paths } from "./generated/schema.gen.ts";

type Schemas = components["schemas"];

// --- Objects ---------------------------------------------------------------

/** A Rev organization: one customer company (or part of one) served by your Dev organization. */
export type RevOrg = Schemas["rev-org"];
/** A Rev user: one contact at a customer. */
export type RevUser = Schemas["rev-user"];
/** An account: the customer as a whole, grouping its Rev organizations. */
export type Account = Schemas["account"];
/** A user embedded in another object (`created_by`, `owned_by`, ...); narrow it on `type`. */
export type UserSummary = Schemas["user-summary"];
/** An organization embedded in another object (`rev_org`, `primary_rev_org`); narrow it on `type`. */
export type OrgSummary = Schemas["org-summary"];
/** An account embedded in another object (`rev_org.account`); unlike `OrgSummary`, it has no `type`. */
export type AccountSummary = Schemas["account-summary"];
/** A tag on an object, with the value chosen for it. */
export type TagWithValue = Schemas["tag-with-value"];
/** A tag to set on an object, by ID, with an optional value. */
export type SetTagWithValue = Schemas["set-tag-with-value"];
/** Custom fields, keyed by field name; which keys exist depends on your custom schemas. */
export type CustomFields = Schemas["custom-fields"];
/** Names the custom schemas whose fields a request sets. */
export type CustomSchemaSpec = Schemas["custom-schema-spec"];
/** Lifecycle state of a user. */
export type UserState = Schemas["user-state"];
/** Environment of an organization. */
export type OrgEnvironment = Schemas["org-environment"];
/** Which way a list call pages from its cursor. */
export type ListMode = Schemas["list-mode"];

// --- Requests and responses ------------------------------------------------

/** Body of `POST /rev-orgs.create`. */
export type RevOrgsCreateRequest = Schemas["rev-orgs-create-request"];
/** Body of the 201 response to `POST /rev-orgs.create`. */
export type RevOrgsCreateResponse = Schemas["rev-orgs-create-response"];
/** Body of `POST /rev-orgs.update`. */
export type RevOrgsUpdateRequest = Schemas["rev-orgs-update-request"];
/** Body of the 200 response to `POST /rev-orgs.update`. */
export type RevOrgsUpdateResponse = Schemas["rev-orgs-update-response"];
/** Query parameters of `GET /rev-orgs.list`, keyed by their wire names (`created_date.after`). */
export type RevOrgsListQuery = NonNullable<operations["rev-orgs-list"]["parameters"]["query"]>;
/** Body of `POST /rev-orgs.list`, the body form of the same listing. */
export type RevOrgsListRequest = Schemas["rev-orgs-list-request"];
/** Body of the 200 response to either form of `/rev-orgs.list`. */
export type RevOrgsListResponse = Schemas["rev-orgs-list-response"];
/** Body of `POST /rev-users.update`. */
export type RevUsersUpdateRequest = Schemas["rev-users-update-request"];
/** Body of the 200 response to `POST /rev-users.update`. */
export type RevUsersUpdateResponse = Schemas["rev-users-update-response"];
/**
 * Body of `POST /rev-users.link`.
 * @deprecated DevRev has deprecated `POST /rev-users.link`.
 */
export type RevUsersLinkRequest = Schemas["link-rev-user-to-rev-org-request"];
/**
 * Body of the 200 response to `POST /rev-users.link`.
 * @deprecated DevRev has deprecated `POST /rev-users.link`.
 */
export type RevUsersLinkResponse = Schemas["link-rev-user-to-rev-org-response"];
/** Body of `POST /rev-users.associations.add`. */
export type RevUsersAssociationsAddRequest = Schemas["rev-users-associations-add-request"];
/** Body of the 201 response to `POST /rev-users.associations.add`: an empty object. */
export type RevUsersAssociationsAddResponse = Schemas["rev-users-associations-add-response"];
/** Body of `POST /accounts.update`. */
export type AccountsUpdateRequest = Schemas["accounts-update-request"];
/** Body of the 200 response to `POST /accounts.update`. */
export type AccountsUpdateResponse = Schemas["accounts-update-response"];

// --- Errors ----------------------------------------------------------------

/** HTTP 400 body: one of sixteen variants; narrow on `type` to reach each one's fields. */
export type ErrorBadRequest = Schemas["error-bad-request"];
/** HTTP 401 body (`type: "unauthenticated"`). */
export type ErrorUnauthorized = Schemas["error-unauthorized"];
/** HTTP 403 body (`type: "forbidden"`). */
export type ErrorForbidden = Schemas["error-forbidden"];
/** HTTP 404 body (`type: "not_found"`). */
export type ErrorNotFound = Schemas["error-not-found"];
/** HTTP 409 body (`type: "conflict"`). */
export type ErrorConflict = Schemas["error-conflict"];
/** HTTP 429 body (`type: "too_many_requests"`), with `retry_after` in seconds. */
export type ErrorTooManyRequests = Schemas["error-too-many-requests"];
/** HTTP 500 body (`type: "internal_error"`), with a `reference_id` for support. */
export type ErrorInternalServerError = Schemas["error-internal-server-error"];
/** HTTP 503 body (`type: "service_unavailable"`). */
export type ErrorServiceUnavailable = Schemas["error-service-unavailable"];

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
