import { brandClass } from "./internal/brand.ts";
import { keepCause, summarizeCause } from "./internal/cause.ts";
import { describeRequest, type RedactedRequest, type RequestLike } from "./internal/redact.ts";
import { scrubText } from "./internal/scrub.ts";
import { forgetLastMatch } from "./internal/text.ts";

/** Options every devrev-kit error accepts. */
export interface DevRevKitErrorOptions {
  /** The operation that failed, e.g. `POST /rev-orgs.create`. */
  operation?: string | undefined;
  /**
   * The request that failed. Kept on the error as a redacted copy: credential headers, user info and
   * token-like query parameters are replaced by `[REDACTED]`; the object passed in is not modified.
   */
  request?: RequestLike | undefined;
  /** The underlying error, e.g. the `TypeError` fetch threw. */
  cause?: unknown;
  /**
   * Values to cut out of the message, the kept request and the cause besides the request's credentials, e.g. a
   * token that an error being wrapped quoted. Each is replaced by `[REDACTED]` wherever it appears; none is kept.
   */
  secrets?: readonly string[] | undefined;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

type Inspect = (value: unknown, options?: unknown) => string;

// One line per error in the cause chain, computed once (credentials cut out) so that printing the error
// later never needs the credentials and never prints a cause's own properties (which may hold them).
/**
 * The base of everything devrev-kit throws, so one `isDevRevKitError(e)` (or `instanceof`) catches
 * HTTP errors, connection failures, timeouts, aborts and unreadable responses alike.
 */
export class DevRevKitError extends Error {
  static {
    brandClass(this, "DevRevKitError");
    // Defined here rather than as a class member so the key is not part of the public types, and so
    // nothing imports node:util: the package runs unchanged in browsers and edge runtimes.
    Object.defineProperty(this.prototype, INSPECT, {
      value(this: DevRevKitError, depth: number, options: unknown, inspect?: Inspect): string {
        const head = this.stack ?? `${this.name}: ${this.message}`;
        if (depth < 0) return `[${this.name}: ${this.message}]`;
        // Name and message are in the stack's first line; unset fields are left out.
        const { name: _name, message: _message, ...fields } = this.toJSON();
        const details = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
        const body =
          typeof inspect === "function" ? inspect(details, options) : JSON.stringify(details, null, 2);
        return `${head} ${body}`;
      },
    });
  }

  /** The operation that failed, e.g. `POST /rev-orgs.create`. */
  readonly operation: string | undefined;
  /** A redacted copy of the request that failed, when one was given. */
  readonly request: RedactedRequest | undefined;
  /** The cause chain as one line, credentials removed; what `toJSON()` and `util.inspect` show of the cause. */
  readonly #causeSummary: string | undefined;

  constructor(message: string, options: DevRevKitErrorOptions = {}) {
    const { request, secrets } = describeRequest(options.request, options.secrets);
    const summary = "cause" in options ? summarizeCause(options.cause, secrets) : undefined;
    super(
      scrubText(message, secrets),
      "cause" in options ? { cause: keepCause(options.cause, secrets, summary) } : undefined,
    );
    this.operation =
      typeof options.operation === "string" ? scrubText(options.operation, secrets) : undefined;
    this.request = request;
    this.#causeSummary = summary;
    forgetLastMatch();
  }

  /** A plain object safe to log: no credentials, no raw cause (its one-line summary instead). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      operation: this.operation,
      request: this.request,
      // A copy of this error inside another's cause (cause.ts) is made without running the constructor.
      cause: #causeSummary in this ? this.#causeSummary : undefined,
    };
  }
}
