import { isDevRevKitError, type RequestLike } from "@devrev-kit/errors";
import { abortError, responseError } from "../failures.ts";
import type { Operation } from "../operations.ts";
import { bodyRead } from "../signals.ts";
import { untilAborted } from "../transport.ts";

/**
 * A `devrev.raw` call's successful response, whose body openapi-fetch reads after the transport is done:
 * its `text()` and `json()` reject with devrev-kit errors (an abort, a body cut off, JSON that does not
 * parse) instead of AbortError, TypeError or SyntaxError, like everything else the client raises.
 */
export function guardBody(
  original: Response,
  op: Operation,
  request: RequestLike,
  caller: AbortSignal | undefined,
  customFetch: boolean,
): Response {
  // A response a custom fetch froze cannot take own methods: guard a copy that takes over its body.
  const response = Object.isExtensible(original) ? original : new Response(original.body, original);
  const { status, headers } = response;
  const readText = response.text.bind(response);
  const fail = (detail: string, cause: unknown, rawBody?: string) =>
    responseError({
      status,
      reason: "invalid_json",
      detail,
      rawBody,
      headers,
      operation: op.key,
      request,
      cause,
    });

  async function text(): Promise<string> {
    const alreadyRead = response.bodyUsed;
    try {
      // A custom fetch may ignore the signal while the body arrives: the caller's abort still ends the read.
      const body = await (customFetch && caller ? untilAborted(readText(), caller) : readText());
      // Every operation answers success with JSON: openapi-fetch would hand over `data: undefined`.
      if (body === "") throw fail("the body is empty where JSON was expected", undefined);
      return body;
    } catch (cause) {
      if (caller?.aborted) throw abortError(caller.reason, op.key, request);
      if (isDevRevKitError(cause)) throw cause;
      if (alreadyRead)
        throw fail("the body was already read (by a middleware?) and cannot be read again", cause);
      throw fail("the body ended before it was complete (connection closed mid-body)", cause);
    } finally {
      bodyRead(original);
    }
  }

  async function json(): Promise<unknown> {
    const body = await text();
    try {
      return JSON.parse(body);
    } catch (cause) {
      throw fail(`content-type ${headers.get("content-type") ?? "missing"}`, cause, body);
    }
  }

  // Own properties shadow Response.prototype's methods for this one response.
  Object.defineProperties(response, { text: { value: text }, json: { value: json } });
  return response;
}
