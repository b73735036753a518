// Turns whatever the response body was (raw text, bytes, or JSON someone already parsed) into either a
// JSON object or a short piece of raw text. Bodies are only JSON-parsed when they start with `{`, since
// only objects are DevRev error bodies: a 10 MB HTML page or array is never parsed, only cut to 1 KB.

export const MAX_RAW_BODY_BYTES = 1024;

export type JsonObject = Record<string, unknown>;

export interface ReadBody {
  /** The body when it is a JSON object. */
  readonly json: JsonObject | undefined;
  /** The body as text, whole: as received when it came as text or bytes, else described (`""` for none). */
  readonly text: string | undefined;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstNonSpace(text: string): string | undefined {
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (char !== " " && char !== "\n" && char !== "\r" && char !== "\t") return char;
  }
  return undefined;
}

function parseText(text: string): ReadBody {
  if (firstNonSpace(text) === "{") {
    try {
      const parsed: unknown = JSON.parse(text);
      // A body starting with `{` that parses is an object.
      return { json: parsed as JsonObject, text };
    } catch {
      // Not JSON after all (truncated, or a template like `{{error}}`): kept as text.
    }
  }
  return { json: undefined, text };
}

/** `value` as JSON text for a log, or what kind of thing it was when it cannot be. Never throws. */
export function stringifyForLog(value: unknown): string {
  if (value === undefined) return "";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Too deep to stringify, a BigInt, a cycle: say what it was instead.
    return Object.prototype.toString.call(value);
  }
}

/**
 * `value` when `JSON.stringify` can write it, else a note saying it cannot, so that logging an error
 * never throws (a body nested deeper than the stack, or a pre-parsed one holding a BigInt or a cycle).
 */
export function jsonSafe(value: unknown): unknown {
  try {
    JSON.stringify(value);
    return value;
  } catch {
    return "[not serializable as JSON]";
  }
}

/** Reads `body` without ever throwing. */
export function readBody(body: unknown): ReadBody {
  if (typeof body === "string") return parseText(body);
  if (ArrayBuffer.isView(body)) return parseText(new TextDecoder().decode(body as Uint8Array));
  // By tag, not `instanceof`: an ArrayBuffer from another realm (a vm context, a Jest environment) or a
  // SharedArrayBuffer is bytes too, not an object without fields.
  const tag = Object.prototype.toString.call(body);
  if (tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]") {
    // A copy, since browsers' TextDecoder refuses views of shared memory.
    return parseText(new TextDecoder().decode(new Uint8Array(body as ArrayBuffer).slice()));
  }
  if (isJsonObject(body)) return { json: body, text: undefined };
  return { json: undefined, text: stringifyForLog(body) };
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a character. */
export function truncateUtf8(
  text: string,
  maxBytes = MAX_RAW_BODY_BYTES,
): { readonly text: string; readonly truncated: boolean } {
  // Each UTF-16 unit is at most 3 UTF-8 bytes, so short text needs no counting.
  if (text.length * 3 <= maxBytes) return { text, truncated: false };
  let bytes = 0;
  let index = 0;
  while (index < text.length) {
    const codePoint = text.codePointAt(index) as number;
    const size = utf8Length(codePoint);
    if (bytes + size > maxBytes) break;
    bytes += size;
    index += codePoint > 0xffff ? 2 : 1;
  }
  return { text: text.slice(0, index), truncated: index < text.length };
}
