/** What the client needs to know about one operation of the spec. */
export interface Operation {
  readonly method: string;
  readonly path: string;
  /** Method and path, e.g. `POST /rev-orgs.create`: the name on errors and log lines, and the validators' key. */
  readonly key: string;
  /**
   * Whether sending the request twice has the same effect as sending it once. Only creation is not:
   * `rev-orgs.create` takes no idempotency key, so a create retried after a lost response can make two orgs.
   */
  readonly idempotent: boolean;
}

/** The operation `key` names; its key keeps its literal type, so a test can hold the table to the spec's. */
export function operation<Key extends string>(
  key: Key,
  idempotent = true,
): Operation & { readonly key: Key } {
  const [method = "", path = ""] = key.split(" ");
  return { method, path, key, idempotent };
}

export const operations = {
  revOrgsCreate: operation("POST /rev-orgs.create", false),
  revOrgsUpdate: operation("POST /rev-orgs.update"),
  revOrgsList: operation("GET /rev-orgs.list"),
  revOrgsListPost: operation("POST /rev-orgs.list"),
  revUsersUpdate: operation("POST /rev-users.update"),
  revUsersLink: operation("POST /rev-users.link"),
  revUsersAssociationsAdd: operation("POST /rev-users.associations.add"),
  accountsUpdate: operation("POST /accounts.update"),
} as const;
