import { isDevRevError, toDevRevError } from "@devrev-kit/errors";
import { type HttpFailure, rebuild } from "../transport.ts";

/** The final HTTP error of a raw call, its body again, as sent: for openapi-fetch and middleware to read. */
export function errorForOpenapiFetch({ response, text }: HttpFailure): Response {
  return rebuild(response, text);
}

/** The `type` @devrev-kit/errors gives an error whose status the spec does not declare and names none. */
const UNDECLARED_FALLBACK = Object.freeze({ type: "unknown" });

/**
 * A `devrev.raw` result's `error` as its type says it is, and truthy: an object with a `type`. The body of the
 * `DevRevError` the response makes: the server's body when it was one, that body with the status's fallback
 * `type` when it named none, the fallback alone for an empty body or a proxy's HTML page. For a status the
 * spec does not declare, without JSON, `{ type: "unknown" }`. openapi-fetch would hand over `""`, an HTML
 * text or `undefined` (for `Content-Length: 0`), and `if (error)` would take the success path with `data`
 * undefined. Middleware still sees the body as sent.
 */
export function typedErrorBody(response: Response, error: unknown): unknown {
  const built = toDevRevError(response, error);
  return isDevRevError(built) ? built.body : UNDECLARED_FALLBACK;
}
