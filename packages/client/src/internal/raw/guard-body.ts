import { isDevRevKitError, type RequestLike } from "@devrev-kit/errors";
import { abortError, cutShortBodyError, parseJsonBody, responseError } from "../failures.ts";
import type { Operation } from "../operations.ts";
import { bodyRead } from "../signals.ts";
import { keepUrl, untilAborted } from "../transport.ts";

/**
 * A `devrev.raw` call's successful response, which openapi-fetch reads as the caller asked after the transport
 * is done: its `text()` and `json()` reject with devrev-kit errors (an abort, a body cut off, JSON that does
 * not parse) instead of AbortError, TypeError or SyntaxError, like everything else the client raises.
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

  async function json(): Promise<unknown> {
    return parseJsonBody(await text(), context);
  }

  // Own properties shadow Response.prototype's methods for this one response.
  Object.defineProperties(response, { text: { value: text }, json: { value: json } });
  return response;
}
