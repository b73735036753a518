const ELLIPSIS = "…";

/** `text` cut to `max` characters, marked when cut, so one huge server string cannot flood a log line. */
export function clip(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}${ELLIPSIS}` : text;
}

/** The start of a raw body as one short line, for messages. */
export function snippet(text: string, max = 120): string {
  const line = text
    .slice(0, max * 2)
    .replace(/\s+/g, " ")
    .trim();
  return line === "" ? "(empty body)" : clip(line, max);
}

/**
 * Leaves RegExp's legacy statics (`RegExp.input`, `RegExp.lastMatch`, `RegExp.rightContext`), which any script
 * can read, holding an empty match rather than the last text a pattern matched, which may hold a credential.
 * Called at the end of each constructor that scrubs.
 */
export function forgetLastMatch(): void {
  /(?:)/.exec("");
}
