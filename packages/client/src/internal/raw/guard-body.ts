import { isDevRevKitError, type RequestLike } from "@devrev-kit/errors";
import { abortError, cutShortBodyError, responseError } from "../failures.ts";
import type { Operation } from "../operations.ts";
import { bodyRead } from "../signals.ts";
import { keepUrl, untilAborted } from "../transport.ts";

/**
 * A `devrev.raw` call's successful response, read after the transport is done (by openapi-fetch as the caller
 * asked, or by the raw client for JSON): its `text()` rejects with devrev-kit errors (an abort, a body cut
 * off) instead of AbortError or TypeError, like everything else the client raises.
 */
export function guardBody(
  original: Response,
  op: Operation,
  request: RequestLike,
  caller: AbortSignal | undefined,
  customFetch: boolean,
): Response {
  // A response a custom fetch froze cannot take own methods: guard a copy that takes over its body.
  const response = Object.isExtensible(original)
    ? original
    : keepUrl(new Response(original.body, original), original);
  const context = { status: response.status, headers: response.headers, operation: op.key, request };
  const readText = response.text.bind(response);

  async function text(): Promise<string> {
    const alreadyRead = response.bodyUsed;
    try {
      // A custom fetch may ignore the signal while the body arrives: the caller's abort still ends the read.
      return await (customFetch && caller ? untilAborted(readText(), caller) : readText());
    } catch (cause) {
      if (caller?.aborted) throw abortError(caller.reason, op.key, request);
      if (isDevRevKitError(cause)) throw cause;
      if (alreadyRead) {
        const detail = "the body was already read (by a middleware?) and cannot be read again";
        throw responseError({ ...context, reason: "invalid_json", detail, cause });
      }
      throw cutShortBodyError(context, cause);
    } finally {
      bodyRead(original);
    }
  }

  // An own property shadows Response.prototype's method for this one response.
  Object.defineProperty(response, "text", { value: text });
  return response;
}
