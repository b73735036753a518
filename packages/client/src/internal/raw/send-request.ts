import { type Config, checkPlainHttp } from "../config.ts";
import { connectionError } from "../failures.ts";
import type { Operation } from "../operations.ts";
import { joinSignals } from "../signals.ts";
import {
  type CallContext,
  type CallTrace,
  newTrace,
  rebuild,
  redirectFor,
  type Transport,
  untilAborted,
} from "../transport.ts";
import { guardBody } from "./guard-body.ts";
import { operationFor } from "./operation-for.ts";
import { stateOf } from "./request-class.ts";

/**
 * What a `devrev.raw` call tells the transport, through the fetch it hands openapi-fetch for that call (so it
 * holds whatever request a middleware puts in place): the spec's operation, whatever URL a per-request
 * `baseUrl` gives it, and whether its `data` is JSON, which the transport then reads within the attempt.
 */
export interface RawCall {
  readonly operation: Operation;
  readonly json: boolean;
  readonly trace: CallTrace;
  /** The request as openapi-fetch and middleware left it: what the call's errors describe, redacted. */
  request?: Request | undefined;
}

/**
 * The fetch function given to openapi-fetch: sends a `Request` it built through the transport's retry loop.
 * Serves every `devrev.raw` call, and the resource methods once a middleware is registered or their body is
 * not a string.
 */
export function createRequestSender(config: Config, transport: Transport, now: () => number) {
  function pathOf(url: string): string {
    if (url.startsWith(config.baseUrl)) {
      const rest = url.slice(config.baseUrl.length);
      const q = rest.indexOf("?");
      return q === -1 ? rest : rest.slice(0, q);
    }
    return new URL(url).pathname;
  }

  return async function send(request: Request, call?: CallContext, raw?: RawCall): Promise<Response> {
    const state = stateOf(request);
    const op = call?.operation ?? raw?.operation ?? operationFor(request.method, pathOf(request.url));
    // Before anything is read or sent: a per-request `baseUrl` or a middleware may have changed the URL.
    checkPlainHttp(new URL(request.url), config.allowInsecureHttp);
    const caller = call ? call.signal : state ? state.caller : request.signal;
    // A raw call whose `data` is JSON has its body read by the transport, under each attempt's timer, as a
    // resource method's is: a body cut off or stalled is retried like a dropped connection.
    const reading: CallContext | undefined =
      call ??
      (raw?.json === true
        ? {
            operation: op,
            timeoutMs: undefined,
            deadlineMs: undefined,
            maxRetries: undefined,
            signal: caller,
            rebuild: true,
            trace: raw.trace,
          }
        : undefined);
    const limits = transport.limitsOf(call, caller);
    const startedAt = state?.startedAt ?? now();
    if (call) call.request = request;

    // A request built elsewhere (a middleware replaced ours) holds its body in a stream: copy it once so
    // that every attempt can send it.
    let body: string | ArrayBuffer | undefined = state?.body;
    if (!state?.bodyReusable && request.body !== null) {
      try {
        body = await request.arrayBuffer();
      } catch (cause) {
        // Reading our own request's body failed: nothing was sent.
        throw connectionError(cause, false, op.key, request);
      }
    }

    const response = await transport.run({
      op,
      call: reading,
      limits,
      maxRetries: call?.maxRetries ?? config.maxRetries,
      deadlineAt: transport.deadlineOf(startedAt, limits),
      request,
      trace: call?.trace ?? raw?.trace ?? newTrace(),
      // The final HTTP error's body again, as sent, for openapi-fetch and middleware to read.
      errorForReader: ({ response, text }) => rebuild(response, text),
      prepare(number) {
        // The first attempt sends the request as openapi-fetch built it. A retry, a request a middleware
        // replaced, or a custom fetch that must find a signal the request was not built with, gets a copy
        // with the body again.
        const reuse =
          number === 1 &&
          state?.bodyReusable === true &&
          (!config.customFetch || state.caller === caller) &&
          redirectFor(op) === request.redirect;
        const built = reuse ? state?.controller : undefined;
        const controller = built ?? new AbortController();
        const signal = built ? request.signal : joinSignals(caller, controller);
        let outgoing = request;
        if (!reuse) {
          const init: RequestInit = config.customFetch ? { signal } : {};
          init.redirect = redirectFor(op);
          if (body !== undefined) init.body = body;
          outgoing = new Request(request, init);
        }
        return {
          controller,
          signal,
          outgoing,
          // The global fetch takes the signal in `init`; a custom fetch finds it in the request. Either may
          // ignore it: the attempt still ends when the signal fires. A resource method's request (ours, its
          // body a string) reaches the global fetch as URL and init: given a Request, fetch copies it and
          // streams its body, which makes a call about a quarter slower on loopback (docs/performance.md).
          send: () =>
            untilAborted(
              config.customFetch
                ? config.fetch(outgoing)
                : call && state?.bodyReusable === true && typeof body !== "object"
                  ? globalThis.fetch(outgoing.url, {
                      method: outgoing.method,
                      headers: outgoing.headers,
                      body: body ?? null,
                      signal,
                      redirect: outgoing.redirect,
                    })
                  : config.fetch(outgoing, { signal }),
              signal,
            ),
        };
      },
    });
    if (call || !response.ok) return response;
    return guardBody(reading?.success?.response ?? response, op, request, caller);
  };
}
