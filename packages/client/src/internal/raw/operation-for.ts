import { type Operation, operation, operations } from "../operations.ts";

// Only `devrev.raw` sends requests by path; resource methods name their operation.

const specOperations = Object.values(operations);
const byKey = new Map<string, Operation>(specOperations.map((op) => [op.key, op]));

/**
 * The operation behind a request made through `devrev.raw`, found from its method and path: the spec's,
 * also under a base URL with a path of its own (`/proxy/rev-orgs.list`, from a per-request `baseUrl` or a
 * middleware). A path the spec does not list is repeated only when its method is idempotent by HTTP's
 * definition.
 */
export function operationFor(method: string, path: string): Operation {
  const exact = byKey.get(`${method} ${path}`);
  if (exact) return exact;
  const prefixed = specOperations.find((op) => op.method === method && path.endsWith(op.path));
  return prefixed ?? operation(`${method} ${path}`, IDEMPOTENT_METHODS.has(method));
}

/** Whether the spec describes `op`, so that its bodies can be checked against it. */
export function isSpecOperation(op: Operation): boolean {
  return byKey.get(op.key) === op;
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
