import { joinSignals } from "../signals.ts";

/** Where a request built by the client keeps what a retry needs. */
export const CALL_STATE: unique symbol = Symbol("devrev-kit.call-state");

export interface RequestState {
  /** The caller's signal, if any; aborting it aborts every attempt and wait. */
  readonly caller: AbortSignal | undefined;
  /**
   * With a custom `fetch`, the signal that aborts the first attempt is built into the request (a custom fetch
   * may take only the request); later attempts get their own. Absent with the global fetch, which is given
   * each attempt's signal in its `init` instead: cheaper than a request that follows a second signal.
   */
  readonly controller: AbortController | undefined;
  /** The serialized body, kept so a retry can send it again without cloning the stream. */
  readonly body: string | undefined;
  /** False when the body is not a string (a raw caller's FormData, say): a retry must copy it first. */
  readonly bodyReusable: boolean;
  /** When the call started (performance.now), for the overall deadline. */
  readonly startedAt: number;
}

export type DevRevRequest = Request & { readonly [CALL_STATE]: RequestState };

export function stateOf(request: Request): RequestState | undefined {
  return (request as Partial<DevRevRequest>)[CALL_STATE];
}

/**
 * The `Request` class handed to openapi-fetch. It keeps the serialized body string, so the first attempt can
 * be sent as built and a retry can send the body again without cloning a stream; and, for a custom fetch,
 * gives the request an abort controller of its own joined to the caller's signal.
 */
export function createRequestClass(
  Base: typeof Request,
  now: () => number,
  withSignal: boolean,
): typeof Request {
  return class extends Base {
    // openapi-fetch checks a middleware's replacement with `instanceof` this class; any Request will do.
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof Base;
    }

    readonly [CALL_STATE]: RequestState;

    constructor(input: string | URL | Request, init?: RequestInit) {
      const caller = init?.signal ?? undefined;
      const controller = withSignal ? new AbortController() : undefined;
      super(input, controller ? { ...init, signal: joinSignals(caller, controller) } : init);
      const body = init?.body;
      this[CALL_STATE] = {
        caller,
        controller,
        body: typeof body === "string" ? body : undefined,
        bodyReusable: body === undefined || body === null || typeof body === "string",
        startedAt: now(),
      };
    }
  };
}
