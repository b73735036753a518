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
