import { brandClass } from "./internal/brand.ts";
import { summarizeCause } from "./internal/cause.ts";
import { describeRequest } from "./internal/redact.ts";
import { DevRevKitError, type DevRevKitErrorOptions } from "./kit-error.ts";

function subject(operation: unknown): string {
  return typeof operation === "string" ? operation : "DevRev API request";
}

/** What a {@link DevRevConnectionError} is built from. */
export interface DevRevConnectionErrorInit extends DevRevKitErrorOptions {
  /**
   * Whether the request may have reached the server. `false` only when it certainly did not (DNS
   * failure, connection refused), which makes a retry safe even for a non-idempotent request.
   */
  requestSent: boolean;
}

/** The request failed below HTTP: DNS, a refused or reset connection, TLS. The cause says which. */
export class DevRevConnectionError extends DevRevKitError {
  static {
    brandClass(this, "DevRevConnectionError");
  }

  /** Whether the request may have reached the server (see {@link DevRevConnectionErrorInit.requestSent}). */
  readonly requestSent: boolean;

  constructor(init: DevRevConnectionErrorInit) {
    const when = init.requestSent ? "after the request was sent" : "before the request was sent";
    // The cause (e.g. `ECONNREFUSED`) is what the reader needs, with the request's credentials cut out.
    const cause = summarizeCause(init.cause, describeRequest(init.request, init.secrets).secrets);
    super(`${subject(init.operation)} failed: connection error ${when}${cause ? ` (${cause})` : ""}`, init);
    this.requestSent = init.requestSent;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), requestSent: this.requestSent };
  }
}

/** What a {@link DevRevTimeoutError} is built from. */
export interface DevRevTimeoutErrorInit extends DevRevKitErrorOptions {
  /** The time limit that was exceeded, in ms. */
  timeoutMs: number;
}

/** No complete response arrived within the time limit. */
export class DevRevTimeoutError extends DevRevKitError {
  static {
    brandClass(this, "DevRevTimeoutError");
  }

  /** The time limit that was exceeded, in ms. */
  readonly timeoutMs: number;

  constructor(init: DevRevTimeoutErrorInit) {
    super(`${subject(init.operation)} timed out after ${init.timeoutMs} ms`, init);
    this.timeoutMs = init.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}

/** The caller aborted the request (its `AbortSignal` fired); `cause` is the signal's reason. */
export class DevRevAbortError extends DevRevKitError {
  static {
    brandClass(this, "DevRevAbortError");
  }

  /**
   * The signal's reason. Declared (it is the `cause` every error may have) so that the class differs from
   * `DevRevKitError` to TypeScript: a guard that says "not an abort" then leaves a `DevRevKitError`, not `never`.
   */
  declare readonly cause: unknown;

  constructor(init: DevRevKitErrorOptions = {}) {
    super(`${subject(init.operation)} was aborted by the caller`, init);
  }
}
