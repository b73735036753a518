import { type Operation, operation, operations } from "../operations.ts";

// Only `devrev.raw` sends requests by path; resource methods name their operation.

const byKey = new Map<string, Operation>(Object.values(operations).map((op) => [op.key, op]));

/**
 * The spec's operation for a method and path, e.g. a `devrev.raw` call's. A path the spec does not list is
 * repeated only when its method is idempotent by HTTP's definition.
 */
export function operationFor(method: string, path: string): Operation {
  // A query written into the path is no part of the operation's name, and may hold a credential it would log.
  const key = `${method} ${path.replace(/[?#].*$/s, "")}`;
  return byKey.get(key) ?? operation(key, IDEMPOTENT_METHODS.has(method));
}

/** Whether the spec describes `op`, so that its bodies can be checked against it. */
export function isSpecOperation(op: Operation): boolean {
  return byKey.get(op.key) === op;
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
