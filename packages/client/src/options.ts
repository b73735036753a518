/** Severity of a log line; `off` silences the logger. */
export type DevRevLogLevel = "debug" | "info" | "warn" | "error" | "off";

/**
 * Where the client writes its log lines. `console` fits; so do pino and winston loggers. Each method gets a
 * message and a record with the operation, status, attempt and duration; never headers, bodies or the token.
 */
export interface DevRevLogger {
  debug?: DevRevLogMethod | undefined;
  info?: DevRevLogMethod | undefined;
  warn?: DevRevLogMethod | undefined;
  error?: DevRevLogMethod | undefined;
}

/**
 * One log method. Written as a method (compared bivariantly), so loggers whose methods take wider or
 * overloaded parameters, such as pino's and winston's, fit as they are.
 */
export type DevRevLogMethod = {
  log(message: string, record: DevRevLogRecord): void;
}["log"];

/** What one log line is about. Never holds headers or bodies, so never the token. */
export interface DevRevLogRecord {
  /** Method and path, e.g. `POST /rev-orgs.create`. */
  operation: string;
  /**
   * 1 for the first try, 2 for the first retry, ...; 0 for a failure outside any try: an abort before the
   * first, an option the client refused, a page `listAll` refused.
   */
  attempt: number;
  /** How long the attempt took, in ms (for an `error` line, until the failure). */
  durationMs: number;
  /** The response's HTTP status, when there was one. */
  status?: number | undefined;
  /** The error's class name when the attempt failed. */
  error?: string | undefined;
  /** Milliseconds until the next attempt, when one is scheduled. */
  retryInMs?: number | undefined;
}

/** One problem a response validator found. */
export interface ResponseValidationIssue {
  /** JSON pointer to the offending value, e.g. `/rev_org/created_by/type`; `""` for the whole body. */
  path: string;
  /** What is wrong there, e.g. `must have required property 'type'`. */
  message: string;
}

/**
 * Checks a parsed response body against the spec. Returns the problems found, or `undefined` (or an empty
 * array) when the body is valid. Use `responseValidator` from `@devrev-kit/client/validation`.
 *
 * @param operation the operation's method and path, e.g. `POST /rev-orgs.create`
 */
export type ResponseValidator = (
  operation: string,
  status: number,
  body: unknown,
) => readonly ResponseValidationIssue[] | undefined;

/** Options of `createDevRevClient`. */
export interface DevRevClientOptions {
  /**
   * DevRev personal access token or service account token, sent as `Authorization: Bearer <token>`.
   * @default process.env.DEVREV_TOKEN (where the runtime has a process environment)
   */
  token?: string | undefined;
  /**
   * Base URL of the API. The token is only sent over `http://` to loopback hosts, unless `allowInsecureHttp`.
   * @default "https://api.devrev.ai"
   */
  baseUrl?: string | undefined;
  /**
   * The fetch implementation. It is called with one `Request` whose `signal` fires on the attempt's timeout,
   * the deadline or the caller's abort; pass that signal on (any real fetch does) so the connection is
   * closed too. An attempt ends when the signal fires even if this function ignores it.
   * @default globalThis.fetch (looked up at each request, so interceptors installed later still apply)
   */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /**
   * Headers sent with every request, as an object or a `Headers`. `Authorization` and `User-Agent` are set
   * by the client.
   * @default {}
   */
  headers?: Record<string, string> | Headers | undefined;
  /**
   * How many times a failed request is retried (so at most `maxRetries + 1` attempts). See the README for
   * which failures are retried.
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * Time limit of one attempt, from sending the request to the end of the response body, in milliseconds.
   * @default 60_000
   */
  timeoutMs?: number | undefined;
  /**
   * Time limit of a whole call, across every attempt and the waits between them, in milliseconds. When the
   * deadline passes the call fails with `DevRevTimeoutError`; a wait that would end after it is not started.
   * @default undefined (no overall limit beyond `timeoutMs` per attempt)
   */
  deadlineMs?: number | undefined;
  /**
   * The longest server-requested wait (`Retry-After`, `retry_after`) the client will sit out before retrying.
   * When the server asks for more, the error is thrown at once with `retryAfterMs` set.
   * @default 60_000
   */
  maxRetryAfterMs?: number | undefined;
  /**
   * Receives one line per attempt (operation, status, attempt, duration). Logging is off without one.
   * @default undefined
   */
  logger?: DevRevLogger | undefined;
  /**
   * The least severe level passed to `logger`: `debug` adds a line as each attempt starts, `info` one per
   * response, `warn` one per retry, `error` one per failed call.
   * @default "info"
   */
  logLevel?: DevRevLogLevel | undefined;
  /**
   * Appended to the `User-Agent` header, e.g. `"my-app/1.2.3"`.
   * @default undefined
   */
  userAgent?: string | undefined;
  /**
   * Allow sending the token over plain `http://` to a host that is not loopback. Anyone on the network path
   * can read it; meant for test proxies on a trusted network only.
   * @default false
   */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Check every successful response body against the spec and fail with `DevRevResponseError` (naming the
   * operation and the JSON path) when it does not match. Pass `responseValidator` from
   * `@devrev-kit/client/validation`; it is a separate entry point so clients that do not validate do not
   * carry the validators.
   * @default undefined (no validation)
   */
  validateResponses?: ResponseValidator | undefined;
}

/** Options of one call; each overrides the client's option of the same name. */
export interface RequestOptions {
  /** Aborts the call: the request in flight, any wait before a retry, and reading the body. */
  signal?: AbortSignal | undefined;
  /** @default the client's `timeoutMs` */
  timeoutMs?: number | undefined;
  /** @default the client's `deadlineMs` */
  deadlineMs?: number | undefined;
  /** @default the client's `maxRetries` */
  maxRetries?: number | undefined;
  /** Extra headers for this call only, as an object or a `Headers`. */
  headers?: Record<string, string> | Headers | undefined;
}
