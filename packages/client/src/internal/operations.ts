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

function operation(method: string, path: string, idempotent: boolean): Operation {
  return { method, path, key: `${method} ${path}`, idempotent };
}

export const operations = {
  revOrgsCreate: operation("POST", "/rev-orgs.create", false),
  revOrgsUpdate: operation("POST", "/rev-orgs.update", true),
  revOrgsList: operation("GET", "/rev-orgs.list", true),
  revOrgsListPost: operation("POST", "/rev-orgs.list", true),
  revUsersUpdate: operation("POST", "/rev-users.update", true),
  revUsersLink: operation("POST", "/rev-users.link", true),
  revUsersAssociationsAdd: operation("POST", "/rev-users.associations.add", true),
  accountsUpdate: operation("POST", "/accounts.update", true),
} as const;

const byKey = new Map<string, Operation>(Object.values(operations).map((op) => [op.key, op]));

/**
 * The operation behind a request made through `devrev.raw`, found from its method and path. A path the spec
 * does not list is repeated only when its method is idempotent by HTTP's definition.
 */
export function operationFor(method: string, path: string): Operation {
  return byKey.get(`${method} ${path}`) ?? operation(method, path, IDEMPOTENT_METHODS.has(method));
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
