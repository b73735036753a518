import { type DevRevKitError, getRetryDecision, type RequestLike } from "@devrev-kit/errors";
import { backoffDelay } from "./backoff.ts";
import { type Config, MAX_TIMER_MS } from "./config.ts";
import {
  abortError,
  anyCause,
  connectionError,
  cutShortBodyError,
  failureOf,
  httpError,
  isDecodingFailure,
  type Limits,
  timeoutError,
  undecodableBodyError,
} from "./failures.ts";
import type { LogRecord } from "./logger.ts";
import type { Operation } from "./operations.ts";
import { joinSignals, releaseAfterBody, releaseSignal } from "./signals.ts";

/** Per-call settings from a resource method, and what the transport leaves behind for it. */
export interface CallContext {
  readonly operation: Operation;
  readonly timeoutMs: number | undefined;
  readonly deadlineMs: number | undefined;
  readonly maxRetries: number | undefined;
  /**
   * The caller's signal. Resource methods keep it here rather than in the request, so the request follows no
   * signal (each attempt joins it with its timeout through AbortSignal.any, which leaves no listener on it).
   */
  readonly signal: AbortSignal | undefined;
  /** Set when the final response was an HTTP error: the error already built from its body. */
  error?: DevRevKitError | undefined;
  errorResponse?: Response | undefined;
  /** The successful response returned, and its body, already read under the attempt's timer. */
  success?: { response: Response; text: string } | undefined;
  /**
   * Whether a middleware may read the response: then the transport hands openapi-fetch a copy with the body
   * again; otherwise the response it read, saving a second `Response` per call.
   */
  readonly rebuild: boolean;
  /** The request errors describe: openapi-fetch's `Request`, or the resource method's direct request. */
  request?: RequestLike | undefined;
  readonly trace: CallTrace;
}

/**
 * What the log knows of one call across its attempts, so that a call that fails logs one `error` line: the
 * transport's, or, for a failure after the last response arrived (a body that is not JSON, an unfollowed
 * 3xx), the caller's.
 */
export interface CallTrace {
  /** The attempt last started; 0 before the first. */
  attempt: number;
  startedAt: number;
  failureLogged: boolean;
}

export function newTrace(): CallTrace {
  return { attempt: 0, startedAt: 0, failureLogged: false };
}

/**
 * A resource method's request built without openapi-fetch (no middleware): sent to the global fetch as URL
 * and init, which saves building a `Request` per call (docs/performance.md); a custom fetch gets a `Request`.
 */
export interface DirectRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string> | Headers;
  readonly body: string | undefined;
}

/** One attempt about to be sent: what aborts it, and how to send it. */
export interface Prepared {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  /** The request as this attempt's errors describe it. */
  readonly outgoing: RequestLike;
  send(): Promise<Response>;
}

/** One call through the retry loop, whichever way its request was built. */
export interface Sending {
  readonly op: Operation;
  readonly call: CallContext | undefined;
  readonly limits: Limits;
  readonly maxRetries: number;
  readonly deadlineAt: number;
  /** The request as errors before any attempt (abort, deadline, the wait between attempts) describe it. */
  readonly request: RequestLike;
  readonly trace: CallTrace;
  /**
   * The final HTTP error response for openapi-fetch to read, built from the body already read (`raw/`). A
   * resource method's direct request has none: its error is built from the body, and nothing reads it again.
   */
  readonly errorForReader?: ((final: HttpFailure) => Response) | undefined;
  prepare(number: number): Prepared;
}

/** One try at sending the request. */
export interface Attempt {
  readonly signal: AbortSignal;
  readonly limitMs: number;
  /** Why the client aborted the attempt, if it did. */
  expiredBy: "timeout" | "deadline" | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

function endAttempt(attempt: Attempt): void {
  if (attempt.timer !== undefined) clearTimeout(attempt.timer);
  attempt.timer = undefined;
}

/** What tests replace to control time: the clock, the waits, the jitter and the backoff base. */
export interface TransportHooks {
  now(): number;
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
  random(): number;
  initialRetryDelayMs: number;
}

/** A final HTTP error: the response, its body as read, and the error built from it. */
export type HttpFailure = { kind: "http"; response: Response; text: string; error: DevRevKitError };

type Outcome = { kind: "ok"; response: Response } | HttpFailure | Failed;

/**
 * `cutShort`: a success response whose body was cut off: the server acted, the answer was lost. `final`: a
 * failure no retry can mend (a redirect loop: each retry follows the same chain).
 */
type Failed = { kind: "failed"; error: DevRevKitError; cutShort?: boolean; final?: boolean };

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * The transport: `run` is the retry loop, `sendDirect` sends a resource method's request through it. The
 * fetch function given to openapi-fetch (`raw/send-request.ts`, loaded with `devrev.raw`) goes through the
 * same loop, so `devrev.raw` and the resource methods share timeouts, retries and the deadline.
 */
export function createTransport(config: Config, hooks: TransportHooks) {
  const { log } = config;

  /** Writes the `error` line of a failed call, unless one was written for it already. */
  function logFailure(op: Operation, trace: CallTrace, error: unknown, status = statusOf(error)): void {
    if (trace.failureLogged) return;
    trace.failureLogged = true;
    const name = error instanceof Error ? error.name : typeof error;
    log?.("error", `${op.key} ${status ?? name}`, record(op, trace, { status, error: name }));
  }

  function record(op: Operation, trace: CallTrace, extra: Partial<LogRecord>): LogRecord {
    return {
      operation: op.key,
      attempt: trace.attempt,
      durationMs: trace.attempt === 0 ? 0 : Math.round(hooks.now() - trace.startedAt),
      ...extra,
    };
  }

  /**
   * Sends a resource method's request built directly: to the global fetch as URL and init, no `Request` at
   * all; to a custom fetch, which takes a `Request`, as one that carries the attempt's signal.
   */
  function sendDirect(request: DirectRequest, call: CallContext): Promise<Response> {
    const limits = limitsOf(call, call.signal);
    call.request = request;
    return run({
      op: call.operation,
      call,
      limits,
      maxRetries: call.maxRetries ?? config.maxRetries,
      deadlineAt: deadlineOf(hooks.now(), limits),
      request,
      trace: call.trace,
      prepare() {
        const controller = new AbortController();
        const signal = joinSignals(call.signal, controller);
        const { method, url, headers, body = null } = request;
        const init: RequestInit = { method, headers, body, signal, redirect: redirectFor(call.operation) };
        return {
          controller,
          signal,
          outgoing: request,
          // Any fetch may ignore the signal (a stub in a test, a polyfill): the attempt still ends when it fires.
          send: config.customFetch
            ? () => untilAborted(config.fetch(new Request(url, init)), signal)
            : () => untilAborted(globalThis.fetch(url, init), signal),
        };
      },
    });
  }

  function limitsOf(call: CallContext | undefined, caller: AbortSignal | undefined): Limits {
    return {
      caller,
      timeoutMs: call?.timeoutMs ?? config.timeoutMs,
      deadlineMs: call?.deadlineMs ?? config.deadlineMs,
    };
  }

  function deadlineOf(startedAt: number, { deadlineMs }: Limits): number {
    return deadlineMs === undefined ? Number.POSITIVE_INFINITY : startedAt + deadlineMs;
  }

  /**
   * Sends attempts until one succeeds or the failure is final: per-attempt timeouts, retries and the overall
   * deadline. Resolves with the final response (an HTTP error too, after retries, its body intact for
   * openapi-fetch) and rejects only with @devrev-kit/errors classes: connection failures, timeouts and aborts.
   */
  async function run(sending: Sending): Promise<Response> {
    const { op, call, limits, maxRetries, deadlineAt, request, trace } = sending;
    const { caller, timeoutMs, deadlineMs } = limits;
    const fail = (error: DevRevKitError, status?: number) => {
      logFailure(op, trace, error, status);
      return error;
    };

    for (let number = 1; ; number++) {
      if (caller?.aborted) throw fail(abortError(caller.reason, op.key, request));
      const remaining = deadlineAt - hooks.now();
      if (remaining <= 0) throw fail(timeoutError(deadlineMs ?? 0, op.key, request));

      const prepared = sending.prepare(number);
      const { controller } = prepared;
      const limitMs = Math.min(timeoutMs, remaining, MAX_TIMER_MS);
      const attempt: Attempt = { signal: prepared.signal, limitMs, expiredBy: undefined, timer: undefined };
      // The log's view of the attempt (its number, when it started) lives in the call's trace.
      trace.attempt = number;
      trace.startedAt = hooks.now();
      attempt.timer = setTimeout(() => {
        attempt.expiredBy = limitMs < timeoutMs ? "deadline" : "timeout";
        controller.abort();
      }, limitMs);
      log?.("debug", `${op.key} attempt ${number}`, record(op, trace, {}));

      let outcome: Outcome;
      try {
        outcome = await tryOnce(prepared, attempt);
      } finally {
        // Also when it threw: a timer left armed would keep Node running for the rest of `timeoutMs`.
        endAttempt(attempt);
      }
      // openapi-fetch reads a raw call's successful body after this returns, under the attempt's signal;
      // every other attempt is over here. (joinSignals keys what it joined by the controller's signal.)
      const joined = prepared.controller.signal;
      if (outcome.kind !== "ok" || call) releaseSignal(joined);
      else releaseAfterBody(outcome.response, joined);
      if (outcome.kind === "ok") {
        const { status } = outcome.response;
        log?.("info", `${op.key} ${status}`, record(op, trace, { status }));
        return outcome.response;
      }
      const { error } = outcome;
      const status = outcome.kind === "http" ? outcome.response.status : undefined;
      const failed = outcome.kind === "failed" ? outcome : undefined;
      const delay = failed?.final ? undefined : retryDelay(error, number, failed?.cutShort === true);
      if (delay !== undefined) {
        log?.("warn", `${op.key} ${status ?? error.name}, retrying in ${delay} ms`, {
          ...record(op, trace, { status, error: error.name }),
          retryInMs: delay,
        });
        try {
          await hooks.sleep(delay, caller);
        } catch (reason) {
          throw fail(abortError(reason, op.key, request));
        }
        continue;
      }
      fail(error, status);
      if (outcome.kind === "failed") throw error;
      // The final HTTP error goes back to openapi-fetch with its body, rebuilt from the text already read.
      const final = sending.errorForReader ? sending.errorForReader(outcome) : outcome.response;
      if (call) {
        call.error = error;
        call.errorResponse = final;
      }
      return final;
    }

    /** Sends one attempt; reads an HTTP error's body so that the retry decision can use it. */
    async function tryOnce({ outgoing, send }: Prepared, attempt: Attempt): Promise<Outcome> {
      let response: Response;
      try {
        response = await send();
        // A custom fetch may resolve with anything; only a Response can be read.
        if (typeof (response as Partial<Response> | undefined)?.status !== "number") {
          throw new TypeError(`fetch resolved with ${String(response)}, not a Response`);
        }
      } catch (cause) {
        const looped = isRedirectLoop(cause);
        const error = failureOf(cause, attempt, limits, op.key, outgoing, () =>
          connectionError(cause, looped || requestSent(cause), op.key, outgoing),
        );
        return { kind: "failed", error, final: looped };
      }
      if (response.status < 400) {
        // A raw caller's body is read by openapi-fetch, under the caller's signal. A resource method's is read
        // here, under this attempt's timer, so that a body cut off or stalled fails this attempt and is
        // retried like any dropped connection or timeout.
        if (!call) return { kind: "ok", response };
        const read = await readText(response, attempt, outgoing);
        if (typeof read !== "string") return read;
        const returned = call.rebuild ? rebuild(response, read) : response;
        call.success = { response: returned, text: read };
        return { kind: "ok", response: returned };
      }
      const text = await readText(response, attempt, outgoing);
      if (typeof text !== "string") return text;
      const error = httpError({
        status: response.status,
        headers: response.headers,
        body: text,
        operation: op.key,
        request: outgoing,
      });
      return { kind: "http", response, text, error };
    }

    /** The whole body as text, or the failure that stopped it (timeout, abort, connection cut mid-body). */
    async function readText(
      response: Response,
      attempt: Attempt,
      outgoing: RequestLike,
    ): Promise<string | Failed> {
      try {
        // A fetch may ignore the signal for the body too: the attempt still ends when it fires.
        return await untilAborted(response.text(), attempt.signal);
      } catch (cause) {
        let cutShort = false;
        const error = failureOf(cause, attempt, limits, op.key, outgoing, () => {
          const { status, headers } = response;
          const context = { status, headers, operation: op.key, request: outgoing };
          if (isDecodingFailure(cause)) return undecodableBodyError(context, cause);
          cutShort = response.status < 400;
          return cutShortBodyError(context, cause);
        });
        return { kind: "failed", error, cutShort };
      }
    }

    /** Milliseconds to wait before the next attempt, or undefined when `failure` is final. */
    function retryDelay(failure: DevRevKitError, number: number, cutShort: boolean): number | undefined {
      if (number > maxRetries) return undefined;
      // A success cut off mid-body is a connection dropped after the server acted: retried like one, only
      // where repeating is harmless.
      const decision = cutShort
        ? { retry: op.idempotent, minDelayMs: undefined }
        : getRetryDecision(failure, { idempotent: op.idempotent });
      if (!decision.retry) return undefined;
      const serverDelay = decision.minDelayMs;
      // The server's wait is never shortened; one longer than the cap is not sat out at all.
      if (serverDelay !== undefined && serverDelay > config.maxRetryAfterMs) return undefined;
      const delay = serverDelay ?? backoffDelay(number, hooks.random(), hooks.initialRetryDelayMs);
      // A wait that ends after the deadline cannot lead anywhere: fail now, with the real cause.
      if (hooks.now() + delay >= deadlineAt) return undefined;
      return delay;
    }
  }

  return { run, sendDirect, limitsOf, deadlineOf, logFailure };
}

/** The retry loop and the direct sender, shared by the resource methods and `devrev.raw`. */
export type Transport = ReturnType<typeof createTransport>;

/** A response whose body has been read, with that body again. */
export function rebuild(response: Response, text: string): Response {
  const copy = new Response(NULL_BODY_STATUSES.has(response.status) ? null : text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  return keepUrl(copy, response);
}

/**
 * A redirect an operation that is not idempotent (a create) gets is not followed, but returned, as an unusable
 * 3xx: fetch would follow it and might fail to connect to its target, an error that reads as "never sent" and
 * so would send the create again, though the server has seen it.
 */
export function redirectFor(op: Operation): NonNullable<RequestInit["redirect"]> {
  return op.idempotent ? "follow" : "manual";
}

/** `copy` with `original`'s `url` and `redirected`, which only fetch can set on a `Response`. */
export function keepUrl(copy: Response, original: Response): Response {
  const { url, redirected } = original;
  return Object.defineProperties(copy, { url: { value: url }, redirected: { value: redirected } });
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

// Failures while connecting, before any byte of the request was written: even a create can be retried
// after one. Anything else (a reset, a socket closed mid-response) may have reached the server.
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "ConnectionRefused",
]);

/** Whether fetch gave up following redirects (undici: "redirect count exceeded"), judged along the causes. */
function isRedirectLoop(error: unknown): boolean {
  return anyCause(
    error,
    ({ message }) => typeof message === "string" && /redirect count exceeded/i.test(message),
  );
}

/** Whether the request may have reached the server, judged from the error's `code` along its causes. */
export function requestSent(error: unknown): boolean {
  return !anyCause(
    error,
    ({ code, errors }) =>
      (typeof code === "string" && NOT_SENT_CODES.has(code)) ||
      // Happy eyeballs tries each address: an AggregateError of refusals never sent anything either.
      (Array.isArray(errors) && errors.length > 0 && errors.every((e) => !requestSent(e))),
  );
}

/** The HTTP status an error carries, when it came with a response. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status > 0 ? status : undefined;
}
