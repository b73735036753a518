// The statuses the spec declares for DevRev errors, and the `type` an error of that status gets when its
// body has none (a gateway's empty 429, DevRev's own `{"message":"route not found"}` 404).
const FALLBACK_TYPES = new Map<number, string>([
  [400, "bad_request"],
  [401, "unauthenticated"],
  [403, "forbidden"],
  [404, "not_found"],
  [409, "conflict"],
  [429, "too_many_requests"],
  [500, "internal_error"],
  [503, "service_unavailable"],
]);

/** The `type` of an error whose status the spec does not declare and whose body names none. */
export const UNKNOWN_ERROR_TYPE = "unknown";

export function fallbackTypeFor(status: number): string {
  return FALLBACK_TYPES.get(status) ?? UNKNOWN_ERROR_TYPE;
}

/** `status` when it is a whole number from 0 to 999, otherwise 0 ("no usable status"). */
export function normalizeStatus(status: unknown): number {
  return typeof status === "number" && Number.isInteger(status) && status >= 0 && status <= 999 ? status : 0;
}

export function isErrorStatus(status: number): boolean {
  return status >= 400 && status <= 599;
}
