import type {
  AccountsUpdateRequest,
  AccountsUpdateResponse,
  paths,
  RevOrg,
  RevOrgsCreateRequest,
  RevOrgsCreateResponse,
  RevOrgsListQuery,
  RevOrgsListRequest,
  RevOrgsListResponse,
  RevOrgsUpdateRequest,
  RevOrgsUpdateResponse,
  RevUsersAssociationsAddRequest,
  RevUsersAssociationsAddResponse,
  RevUsersLinkRequest,
  RevUsersLinkResponse,
  RevUsersUpdateRequest,
  RevUsersUpdateResponse,
} from "@devrev-kit/types";
import type { Client } from "openapi-fetch";
import type { RequestOptions } from "./options.ts";

// Method signatures name the spec's aliases rather than openapi-fetch's path generics, so a consumer's
// compiler resolves each call's types by name instead of instantiating the path machinery per call.

/** Rev organizations: `/rev-orgs.*`. */
export interface RevOrgsResource {
  /**
   * Creates a Rev organization (`POST /rev-orgs.create`). Not retried after a 500, 502, 504 or a dropped
   * connection once the request may have reached the server: a repeat could create a second org.
   */
  create(body: RevOrgsCreateRequest, options?: RequestOptions): Promise<RevOrgsCreateResponse>;
  /** Updates a Rev organization (`POST /rev-orgs.update`). */
  update(body: RevOrgsUpdateRequest, options?: RequestOptions): Promise<RevOrgsUpdateResponse>;
  /** One page of Rev organizations (`GET /rev-orgs.list`); follow `next_cursor`, or use `listAll`. */
  list(query?: RevOrgsListQuery, options?: RequestOptions): Promise<RevOrgsListResponse>;
  /** One page of Rev organizations, filters in a JSON body (`POST /rev-orgs.list`). */
  listPost(body?: RevOrgsListRequest, options?: RequestOptions): Promise<RevOrgsListResponse>;
  /**
   * Every Rev organization matching `query`, one at a time, fetching page after page (`GET /rev-orgs.list`)
   * as the loop asks for more. Holds one page at a time; `break` stops it without another request. With
   * `mode: "before"` it walks backwards from `cursor` (or the end), following `prev_cursor`, nearest first.
   */
  listAll(query?: RevOrgsListQuery, options?: RequestOptions): AsyncGenerator<RevOrg, void, undefined>;
  /** Like `listAll`, with `POST /rev-orgs.list`. */
  listAllPost(body?: RevOrgsListRequest, options?: RequestOptions): AsyncGenerator<RevOrg, void, undefined>;
  /** Every page of `GET /rev-orgs.list` for `query`, following `next_cursor` (`prev_cursor` with `mode: "before"`). */
  pages(
    query?: RevOrgsListQuery,
    options?: RequestOptions,
  ): AsyncGenerator<RevOrgsListResponse, void, undefined>;
  /** Every page of `POST /rev-orgs.list` for `body`, following `next_cursor` (`prev_cursor` with `mode: "before"`). */
  pagesPost(
    body?: RevOrgsListRequest,
    options?: RequestOptions,
  ): AsyncGenerator<RevOrgsListResponse, void, undefined>;
}

/** Rev users: `/rev-users.*`. */
export interface RevUsersResource {
  /** Updates a Rev user (`POST /rev-users.update`). */
  update(body: RevUsersUpdateRequest, options?: RequestOptions): Promise<RevUsersUpdateResponse>;
  /**
   * Links a Rev user to a Rev organization (`POST /rev-users.link`).
   * @deprecated DevRev has deprecated `POST /rev-users.link`; `revUsers.associations.add` associates a Rev
   * user with a Rev organization.
   */
  link(body: RevUsersLinkRequest, options?: RequestOptions): Promise<RevUsersLinkResponse>;
  associations: {
    /** Adds associations to a Rev user (`POST /rev-users.associations.add`). */
    add(
      body: RevUsersAssociationsAddRequest,
      options?: RequestOptions,
    ): Promise<RevUsersAssociationsAddResponse>;
  };
}

/** Accounts: `/accounts.*`. */
export interface AccountsResource {
  /** Updates an account (`POST /accounts.update`). */
  update(body: AccountsUpdateRequest, options?: RequestOptions): Promise<AccountsUpdateResponse>;
}

/** A DevRev API client; create one with `createDevRevClient`. */
export interface DevRevClient {
  readonly revOrgs: RevOrgsResource;
  readonly revUsers: RevUsersResource;
  readonly accounts: AccountsResource;
  /**
   * The underlying openapi-fetch client, for `{ data, error, response }` handling. It shares the client's
   * auth, retries, timeouts, query serialization and middleware (`raw.use(...)` applies to the resource
   * methods too). Its HTTP errors come back as `error`, not thrown; connection failures, timeouts and
   * aborts reject with @devrev-kit/errors classes. openapi-fetch's client is loaded on the first call (or
   * middleware), so code that only uses the resource methods never loads it.
   */
  readonly raw: Client<paths>;
}
