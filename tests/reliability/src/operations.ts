import type { DevRevClient, RequestOptions } from "@devrev-kit/client";
import type { MockState } from "@devrev-kit/fixtures";
import type { OperationKey } from "@devrev-kit/types/validators";

/** Existing objects the non-create operations address. */
export interface Ids {
  readonly account: string;
  readonly revOrg: string;
  readonly revUser: string;
}

/** One of the client's eight operations, callable with a valid request against the mock server. */
export interface OperationCase {
  /** The client method, e.g. `revOrgs.create`. */
  readonly name: string;
  /** Method and path as the mock server and the validators name it. */
  readonly key: OperationKey;
  /** Whether repeating it is harmless: every operation but `revOrgs.create`. */
  readonly idempotent: boolean;
  /** The status of its success response. */
  readonly successStatus: number;
  /** Sends one valid request; `tag` becomes the display name where the operation takes one. */
  call(client: DevRevClient, ids: Ids, tag: string, options?: RequestOptions): Promise<unknown>;
}

export const OPERATIONS: readonly OperationCase[] = [
  {
    name: "revOrgs.create",
    key: "POST /rev-orgs.create",
    idempotent: false,
    successStatus: 201,
    call: (client, ids, tag, options) =>
      client.revOrgs.create({ account: ids.account, display_name: tag }, options),
  },
  {
    name: "revOrgs.update",
    key: "POST /rev-orgs.update",
    idempotent: true,
    successStatus: 200,
    call: (client, ids, tag, options) =>
      client.revOrgs.update({ id: ids.revOrg, display_name: tag }, options),
  },
  {
    name: "revOrgs.list",
    key: "GET /rev-orgs.list",
    idempotent: true,
    successStatus: 200,
    call: (client, ids, _tag, options) => client.revOrgs.list({ account: [ids.account], limit: 5 }, options),
  },
  {
    name: "revOrgs.listPost",
    key: "POST /rev-orgs.list",
    idempotent: true,
    successStatus: 200,
    call: (client, ids, _tag, options) =>
      client.revOrgs.listPost({ account: [ids.account], limit: 5 }, options),
  },
  {
    name: "revUsers.update",
    key: "POST /rev-users.update",
    idempotent: true,
    successStatus: 200,
    call: (client, ids, tag, options) =>
      client.revUsers.update({ id: ids.revUser, display_name: tag }, options),
  },
  {
    name: "revUsers.link",
    key: "POST /rev-users.link",
    idempotent: true,
    successStatus: 200,
    call: (client, ids, _tag, options) =>
      client.revUsers.link({ id: ids.revUser, rev_org: ids.revOrg }, options),
  },
  {
    name: "revUsers.associations.add",
    key: "POST /rev-users.associations.add",
    idempotent: true,
    successStatus: 201,
    call: (client, ids, _tag, options) =>
      client.revUsers.associations.add(
        { rev_user_id: ids.revUser, associations: [{ associated_to: ids.revOrg }] },
        options,
      ),
  },
  {
    name: "accounts.update",
    key: "POST /accounts.update",
    idempotent: true,
    successStatus: 200,
    call: (client, ids, tag, options) =>
      client.accounts.update({ id: ids.account, display_name: tag }, options),
  },
];

/** Adds a Rev organization to address and picks the seeded account and Rev user. */
export function arrange(state: MockState): Ids {
  const account = state.accounts()[0];
  const revUser = state.revUsers()[0];
  if (account === undefined || revUser === undefined) throw new Error("the mock server has no seeded data");
  // Added under the first account, the one `account` names.
  const revOrg = state.addRevOrg();
  return { account: account.id, revOrg: revOrg.id, revUser: revUser.id };
}

/** The Rev organizations named `displayName` in the server's state. */
export function orgsNamed(state: MockState, displayName: string): number {
  return state.revOrgs().filter((org) => org.display_name === displayName).length;
}
