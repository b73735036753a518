// optic reports a `format` edit but never fails one. A request is checked against the format it
// declares (by the generated validators before it is sent, and by DevRev), so a format added or
// changed rejects values that were valid; one dropped only accepts more. A response format is a
// promise about what the client reads, and the generated types do not carry it.
import type { Side } from "./union-variants.ts";

export interface FormatChange {
  change: string;
  breaking: string | undefined;
}

/** The change from one `format` to another on `side`; undefined when it is the same. */
export function compareFormats(
  before: string | undefined,
  after: string | undefined,
  side: Side,
  where: string,
): FormatChange | undefined {
  if (before === after) return undefined;
  const change =
    before === undefined
      ? `format ${after} added`
      : after === undefined
        ? `format ${before} removed`
        : `format ${before} -> ${after}`;
  const narrows = after !== undefined;
  return {
    change,
    breaking:
      side === "request" && narrows
        ? `[prevent narrowing request formats] in the request, ${where} now requires format ${after}` +
          `${before === undefined ? "" : ` instead of ${before}`}: the generated validators and DevRev reject values that were valid. This is a breaking change.`
        : undefined,
  };
}
