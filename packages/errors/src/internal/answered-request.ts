// devrev.raw hands users openapi-fetch's `{ error, response }`, which has no request, so `toDevRevError(response,
// error)` could not cut the request's credentials out of headers the server echoed them in. The client leaves
// the request on the response under this key, behind a function so that printing the response shows nothing
// of it. `Symbol.for` gives every copy of the packages the same key; the client spells it out the same way.
import type { RequestLike } from "./redact.ts";

const ANSWERED_REQUEST = Symbol.for("@devrev-kit.answeredRequest");

/** The request `response` answered, when the client left it there; never throws. */
export function answeredRequest(response: object): RequestLike | undefined {
  try {
    const read = (response as Record<symbol, unknown>)[ANSWERED_REQUEST];
    return typeof read === "function" ? (read() as RequestLike) : undefined;
  } catch {
    return undefined;
  }
}
