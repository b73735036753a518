// Guards recognise errors by a brand rather than `instanceof`, because two installed copies of this
// package (a bundled client and the app's own copy, or dual ESM/CJS builds) have different classes.
// `Symbol.for` gives every copy the same key. The brand lists the class and all its ancestors by name,
// so an older copy still recognises a subclass that only a newer copy knows.

const KINDS = Symbol.for("@devrev-kit/errors.kinds");

/** Class names of the hierarchy, used as brand values. Stable across versions: never rename one. */
export type ErrorKind =
  | "DevRevKitError"
  | "DevRevError"
  | "BadRequestError"
  | "UnauthenticatedError"
  | "ForbiddenError"
  | "NotFoundError"
  | "ConflictError"
  | "TooManyRequestsError"
  | "InternalServerError"
  | "ServiceUnavailableError"
  | "DevRevConnectionError"
  | "DevRevTimeoutError"
  | "DevRevAbortError"
  | "DevRevResponseError";

/**
 * Brands a class (call it from the class's static block, as `brandClass(this, ...)`: a class that names
 * itself in its own body is renamed by the bundler, `_BadRequestError`): its prototype gets the kind list of
 * its parent plus its own kind, and a `name` so stacks and `toString()` say which error it is.
 */
export function brandClass(target: abstract new (...args: never[]) => object, kind: ErrorKind): void {
  const parent = Object.getPrototypeOf(target.prototype) as Record<symbol, unknown>;
  const inherited = parent[KINDS];
  const kinds = Object.freeze([kind, ...(Array.isArray(inherited) ? (inherited as string[]) : [])]);
  Object.defineProperty(target.prototype, KINDS, { value: kinds });
  Object.defineProperty(target.prototype, "name", { value: kind, writable: true, configurable: true });
}

/** Whether `value` carries the brand `kind`. Never throws, whatever it is given (revoked proxies included). */
export function hasKind(value: unknown, kind: ErrorKind): boolean {
  if (typeof value !== "object" || value === null) return false;
  try {
    const kinds = (value as Record<symbol, unknown>)[KINDS];
    return Array.isArray(kinds) && kinds.includes(kind);
  } catch {
    return false;
  }
}
