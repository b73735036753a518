import { truncateUtf8 } from "./internal/body.ts";
import { brandClass } from "./internal/brand.ts";
import { type HeadersLike, printableHeaders, requestIdOf, toHeaders } from "./internal/headers.ts";
import { describeRequest } from "./internal/redact.ts";
import { scrubHeaders, scrubText } from "./internal/scrub.ts";
import { normalizeStatus } from "./internal/status.ts";
import { clip, forgetLastMatch, snippet } from "./internal/text.ts";
import { DevRevKitError, type DevRevKitErrorOptions } from "./kit-error.ts";
import { parseRetryAfter } from "./retry.ts";

/**
 * Why a response could not be used:
 * - `unexpected_status`: an error status without a DevRev error body, e.g. an HTML 502 from a proxy
 *   (or a status that is not an HTTP error at all);
 * - `invalid_json`: a body that should be JSON and is not;
 * - `schema_mismatch`: JSON that does not have the shape the spec promises (see `path`).
 */
export type ResponseErrorReason = "unexpected_status" | "invalid_json" | "schema_mismatch";

/** What a {@link DevRevResponseError} is built from. */
export interface DevRevResponseErrorInit extends DevRevKitErrorOptions {
  /** HTTP status of the response (0 when there was none usable). */
  status: number;
  /** Why the response could not be used. */
  reason: ResponseErrorReason;
  /** The response text, any length: at most 1 KB is kept. @default "" */
  rawBody?: string | undefined;
  /** Response headers. */
  headers?: HeadersLike | undefined;
  /** For `schema_mismatch`: JSON pointer to the offending value, e.g. `/rev_org/display_name`. */
  path?: string | undefined;
  /** What exactly was wrong, appended to the message, e.g. a validation issue's text. */
  detail?: string | undefined;
}

/** `text` with credentials cut out, before anything clips it (a clipped credential is no longer found). */
type Scrub = (text: string) => string;

function describe(init: DevRevResponseErrorInit, status: number, raw: string, scrub: Scrub): string {
  const operation = typeof init.operation === "string" ? init.operation : "DevRev API request";
  let text: string;
  if (init.reason === "schema_mismatch") {
    text = `${operation} returned ${status} with a body that does not match the API spec`;
    if (typeof init.path === "string") text += ` at ${clip(scrub(init.path), 200)}`;
  } else if (init.reason === "invalid_json") {
    text = `${operation} returned ${status} with a body that is not valid JSON: ${snippet(raw)}`;
  } else {
    text = `${operation} failed with ${status} and a response that is not a DevRev error: ${snippet(raw)}`;
  }
  return typeof init.detail === "string" && init.detail !== ""
    ? `${text} (${clip(scrub(init.detail))})`
    : text;
}

/**
 * A response devrev-kit could not use: a 2xx whose body is not the JSON the spec promises, or an error
 * status from something between the client and DevRev (an HTML 502 from a proxy).
 */
export class DevRevResponseError extends DevRevKitError {
  static {
    brandClass(this, "DevRevResponseError");
  }

  /** HTTP status of the response (0 when there was none usable). */
  readonly status: number;
  /** Why the response could not be used. */
  readonly reason: ResponseErrorReason;
  /** Up to 1 KB of the response text. */
  readonly rawBody: string;
  /** For `schema_mismatch`: JSON pointer to the offending value. */
  readonly path: string | undefined;
  /** The response headers. */
  readonly headers: Headers;
  /** The request id from the response headers, when present. */
  readonly requestId: string | undefined;
  /** How long the response asked to wait (`Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(init: DevRevResponseErrorInit) {
    const { secrets } = describeRequest(init.request, init.secrets);
    const scrub: Scrub = (text) => scrubText(text, secrets);
    const status = normalizeStatus(init.status);
    const headers = scrubHeaders(toHeaders(init.headers), secrets);
    const raw = scrub(typeof init.rawBody === "string" ? init.rawBody : "");
    super(describe(init, status, raw, scrub), init);
    this.status = status;
    this.reason = init.reason;
    this.rawBody = truncateUtf8(raw).text;
    this.path = typeof init.path === "string" ? scrub(init.path) : undefined;
    this.headers = headers;
    this.requestId = requestIdOf(headers);
    this.retryAfterMs = parseRetryAfter(headers.get("retry-after"));
    forgetLastMatch();
  }

  /** A plain object safe to log. */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      reason: this.reason,
      path: this.path,
      requestId: this.requestId,
      retryAfterMs: this.retryAfterMs,
      headers: printableHeaders(this.headers),
      rawBody: this.rawBody,
    };
  }
}
