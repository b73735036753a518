import { hasKind } from "./internal/brand.ts";

// RFC 9110 delay-seconds is digits only; a fraction is accepted because some gateways send one.
// Anchored at both ends so a megabyte of digits is matched in one linear pass.
const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;
// The three HTTP-date forms (RFC 9110 §5.6.7): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850
// `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`. Checked before `Date.parse`,
// which reads almost anything (`"Wed 1"` is a date in 2001), and would turn garbage into a wait of 0.
const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "\\d{2}:\\d{2}:\\d{2}";
const HTTP_DATE = new RegExp(
  // IMF-fixdate says GMT; UTC, +0000 and -0000, which some servers write, mean the same.
  `^(?:${DAY}, \\d{1,2} ${MONTH} \\d{4} ${TIME} (?:GMT|UTC|[+-]0000)` +
    `|${DAY}[a-z]*, \\d{1,2}-${MONTH}-\\d{2} ${TIME} GMT` +
    `|${DAY} ${MONTH} [ \\d]?\\d ${TIME} \\d{4})$`,
  "i",
);
const MAX_HTTP_DATE_LENGTH = 64;

/** Milliseconds for a wait of `seconds`, or `undefined` unless it is a non-negative number. */
export function secondsToMs(seconds: number): number | undefined {
  if (Number.isNaN(seconds) || seconds < 0) return undefined;
  // An absurd wait (or JSON's 1e400, which parses to Infinity) is capped rather than dropped.
  return Math.min(Math.ceil(seconds * 1000), Number.MAX_SAFE_INTEGER);
}

/**
 * Parses a `Retry-After` value, either delay-seconds (`"120"`) or an HTTP date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`), into milliseconds to wait from `nowMs`.
 * A date in the past gives 0. Anything unparsable gives `undefined`; the result is never negative or NaN.
 *
 * @param nowMs - the current time, for dates. @default Date.now()
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (DELAY_SECONDS.test(text)) return secondsToMs(Number(text));
  if (text.length > MAX_HTTP_DATE_LENGTH || !HTTP_DATE.test(text)) return undefined;
  // asctime dates carry no zone but are GMT by definition; Date.parse would read them as local time.
  const date = Date.parse(/:\d{2} \d{4}$/.test(text) ? `${text} GMT` : text);
  if (Number.isNaN(date)) return undefined;
  const now = Number.isFinite(nowMs) ? nowMs : Date.now();
  return Math.min(Math.max(0, date - now), Number.MAX_SAFE_INTEGER);
}

/** Options for {@link getRetryDecision}. */
export interface RetryDecisionOptions {
  /**
   * Whether sending the request twice is harmless (GETs, and list calls sent as POST). Failures that
   * may have happened after the server acted (500, 502, 504, timeouts, dropped connections) are only
   * retried when it is.
   */
  idempotent: boolean;
}

/** Whether to retry a failed request, and the least time to wait first. */
export interface RetryDecision {
  /** Whether the failure is worth retrying. */
  readonly retry: boolean;
  /** The wait the server asked for (`Retry-After` or `retry_after`), in ms, when retrying; a floor for backoff. */
  readonly minDelayMs: number | undefined;
}

const DO_NOT_RETRY: RetryDecision = Object.freeze({ retry: false, minDelayMs: undefined });
const ALWAYS_RETRY_STATUSES = new Set([429, 503]);
const IDEMPOTENT_RETRY_STATUSES = new Set([500, 502, 504]);

function serverDelay(error: object): number | undefined {
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function decide(retry: boolean, minDelayMs: number | undefined): RetryDecision {
  return retry ? { retry, minDelayMs } : DO_NOT_RETRY;
}

function classify(error: object, idempotent: boolean): RetryDecision {
  if (hasKind(error, "DevRevConnectionError")) {
    // A request that never left cannot have been acted on, so it is safe to send again.
    return decide(idempotent || (error as { requestSent?: unknown }).requestSent === false, undefined);
  }
  if (hasKind(error, "DevRevTimeoutError")) return decide(idempotent, undefined);
  if (hasKind(error, "DevRevError") || hasKind(error, "DevRevResponseError")) {
    const status = (error as { status?: unknown }).status as number;
    if (ALWAYS_RETRY_STATUSES.has(status)) return decide(true, serverDelay(error));
    if (IDEMPOTENT_RETRY_STATUSES.has(status)) return decide(idempotent, serverDelay(error));
  }
  // Aborts (the caller asked to stop), other 4xx (retrying changes nothing) and unknown errors.
  return DO_NOT_RETRY;
}

/**
 * Classifies a failure for retrying: 429 and 503 always (the server asked to come back); 500, 502, 504,
 * timeouts and connection failures only for idempotent requests, or when the request was never sent;
 * aborts, other 4xx and anything not from devrev-kit never. Works on errors from any installed copy of
 * this package, and never throws.
 */
export function getRetryDecision(error: unknown, options: RetryDecisionOptions): RetryDecision {
  if (typeof error !== "object" || error === null) return DO_NOT_RETRY;
  try {
    return classify(error, options.idempotent === true);
  } catch {
    return DO_NOT_RETRY;
  }
}
