import { isDevRevKitError, type RequestLike } from "@devrev-kit/errors";
import { abortError, cutShortBodyError, parseJsonBody, responseError } from "../failures.ts";
import type { Operation } from "../operations.ts";
import { bodyRead } from "../signals.ts";
import { keepUrl, untilAborted } from "../transport.ts";

/** Responses already guarded: guarding one again would change nothing. */
const guarded = new WeakSet<Response>();

/**
 * A `devrev.raw` call's successful response, read after the transport is done (by openapi-fetch as the caller
 * asked, by the raw client for JSON, or by a middleware): reading it rejects with devrev-kit errors (an abort, a
 * body cut off, JSON that does not parse) instead of AbortError, TypeError or SyntaxError, like everything else
 * the client raises.
 */
export function guardBody(
  original: Response,
  op: Operation,
  request: RequestLike | undefined,
  caller: AbortSignal | undefined,
): Response {
  if (guarded.has(original)) return original;
  // A response a custom fetch froze cannot take own methods: guard a copy that takes over its body.
  const response = Object.isExtensible(original)
    ? original
    : keepUrl(new Response(original.body, original), original);
  const context = { status: response.status, headers: response.headers, operation: op.key, request };
  // Each way of reading the body, bound before it is shadowed below.
  const readers = {
    text: response.text.bind(response),
    blob: response.blob.bind(response),
    arrayBuffer: response.arrayBuffer.bind(response),
  };

  async function read<T>(reader: () => Promise<T>): Promise<T> {
    const alreadyRead = response.bodyUsed;
    try {
      // A fetch may ignore the signal while the body arrives: the caller's abort still ends the read.
      return await (caller ? untilAborted(reader(), caller) : reader());
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

  // Own properties shadow Response.prototype's methods for this one response.
  Object.defineProperties(response, {
    text: { value: () => read(readers.text) },
    blob: { value: () => read(readers.blob) },
    arrayBuffer: { value: () => read(readers.arrayBuffer) },
    // For a middleware that parses the body itself: JSON that does not parse is a devrev-kit error too.
    json: { value: async () => parseJsonBody(await read(readers.text), context) },
  });
  guarded.add(response);
  return response;
}
