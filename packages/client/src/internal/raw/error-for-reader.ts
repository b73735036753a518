import { isDevRevError, toDevRevError } from "@devrev-kit/errors";
import { type HttpFailure, rebuild } from "../transport.ts";

/**
 * The final HTTP error of a call openapi-fetch reads, its body again, as sent, for openapi-fetch and
 * middleware to read. A `devrev.raw` call whose error is not a `DevRevError` (a status the spec does not
 * declare, without a JSON body: a gateway's HTML 502) rejects with the `DevRevResponseError` a resource method
 * throws: no `error` value could say what it is, as its type promises an object with a `type`, and `""` for an
 * empty body would send `if (error)` down the success path with `data` undefined.
 */
export function errorForOpenapiFetch(rawCall: boolean) {
  return ({ response, text, error }: HttpFailure): Response => {
    if (rawCall && !isDevRevError(error)) throw error;
    return rebuild(response, text);
  };
}

/**
 * A `devrev.raw` result's `error` as its type says it is: the body of the `DevRevError` the response makes,
 * the server's own when it had a `type`, with the status's fallback `type` added when it had none, the
 * fallback alone (`{ type: "service_unavailable" }`) for an empty body, a proxy's HTML page or JSON that is not
 * an object. Middleware still sees the body as sent.
 */
export function typedErrorBody(response: Response, error: unknown): unknown {
  const built = toDevRevError(response, error);
  return isDevRevError(built) ? built.body : error;
}
