import { isDevRevKitError, type RequestLike } from "@devrev-kit/errors";
import { abortError, responseError } from "../failures.ts";
import type { Operation } from "../operations.ts";

/**
 * A `devrev.raw` call's successful response, whose body openapi-fetch reads after the transport is done:
 * its `text()` and `json()` reject with devrev-kit errors (an abort, a body cut off, JSON that does not
 * parse) instead of AbortError, TypeError or SyntaxError, like everything else the client raises.
 */
export function guardBody(
  response: Response,
  op: Operation,
  request: RequestLike,
  caller: AbortSignal | undefined,
): Response {
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
    try {
      return await readText();
    } catch (cause) {
      if (caller?.aborted) throw abortError(caller.reason, op.key, request);
      if (isDevRevKitError(cause)) throw cause;
      throw fail("the body ended before it was complete (connection closed mid-body)", cause);
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
