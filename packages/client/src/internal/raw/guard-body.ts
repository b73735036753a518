import { isDevRevKitError, type RequestLike } from "@devrev-kit/errors";
import type { ResponseValidator } from "../../options.ts";
import {
  abortError,
  type BodyContext,
  cutShortBodyError,
  emptyBodyError,
  parseSuccessBody,
  responseError,
} from "../failures.ts";
import type { Operation } from "../operations.ts";
import { bodyRead } from "../signals.ts";
import { untilAborted } from "../transport.ts";
import { isSpecOperation } from "./operation-for.ts";

/** What each guarded response's errors describe: its status and headers, the operation and the request. */
const contexts = new WeakMap<Response, BodyContext>();

/**
 * A `devrev.raw` call's successful response, whose body openapi-fetch (or {@link readData}) reads after the
 * transport is done: its `text()` rejects with devrev-kit errors (an abort, a body cut off, an empty body)
 * instead of AbortError or TypeError, like everything else the client raises.
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
  const context = { status: response.status, headers: response.headers, operation: op.key, request };
  const readText = response.text.bind(response);

  async function text(): Promise<string> {
    const alreadyRead = response.bodyUsed;
    try {
      // A custom fetch may ignore the signal while the body arrives: the caller's abort still ends the read.
      const body = await (customFetch && caller ? untilAborted(readText(), caller) : readText());
      // Every operation answers success with JSON: openapi-fetch would hand over `data: undefined`.
      if (body === "") throw emptyBodyError(context);
      return body;
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
  contexts.set(response, context);
  return response;
}

/**
 * A successful `devrev.raw` call's `data`, read and checked as the resource methods' results are: JSON, an
 * object, and of the spec's shape when the client validates (operations the spec lists). Read here rather
 * than by openapi-fetch, which parses a body without a `Content-Length` itself and would let anything
 * through. A response a middleware put in place is read the same way, described by `op` alone.
 */
export async function readData(
  response: Response,
  op: Operation,
  validate: ResponseValidator | undefined,
): Promise<object> {
  const { status, headers } = response;
  const context = contexts.get(response) ?? { status, headers, operation: op.key, request: undefined };
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    throw isDevRevKitError(cause) ? cause : cutShortBodyError(context, cause);
  }
  return parseSuccessBody(text, context, isSpecOperation(op) ? validate : undefined);
}
