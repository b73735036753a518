// Errors from outside devrev-kit (a middleware's, the runtime's) can quote the value they refused: a header
// value (`Headers.set: "Bearer ..." is an invalid header value`, from undici and Firefox) or a URL with its
// user and password. This finds those values; the error built around it (`secrets`) cuts them out of its
// message and of a copy of its cause, where it keeps every class, code and field.

import { messageOf } from "../failures.ts";

const MAX_CHAIN = 4;
// How many of an AggregateError's `errors` are read, at each level of the chain.
const MAX_AGGREGATED = 16;
// The engine's verdict after the quoted value it refused.
const REFUSED_VERDICT = /" is an invalid header (?:value|name)/g;
const URL_USER_INFO = /\/\/([^\s/]*)@/g;
// Shorter pieces would match ordinary words elsewhere in the chain.
const MIN_SECRET_LENGTH = 8;

/** The values `error` quotes, at any level of its causes or in an AggregateError's `errors`, longest first. */
export function quotedSecrets(error: unknown): string[] {
  const secrets = new Set<string>();
  for (let level = 0, current = error; level < MAX_CHAIN && current != null; level++) {
    collect(messageOf(current), secrets);
    for (const inner of aggregated(current)) collect(messageOf(inner), secrets);
    current = causeOf(current);
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** A foreign error's cause; undefined when its getter throws (the chain ends there). */
function causeOf(value: unknown): unknown {
  try {
    return (value as { cause?: unknown }).cause;
  } catch {
    return undefined;
  }
}

/** An AggregateError's first `errors`; none for anything else, or for a Proxy whose traps throw. */
function aggregated(value: unknown): unknown[] {
  try {
    const errors = value instanceof AggregateError ? value.errors : undefined;
    return Array.isArray(errors) ? errors.slice(0, MAX_AGGREGATED) : [];
  } catch {
    return [];
  }
}

function collect(text: string, secrets: Set<string>): void {
  const refused = refusedHeaderValue(text);
  if (refused !== undefined) secrets.add(refused);
  for (const [, userInfo] of text.matchAll(URL_USER_INFO)) if (userInfo) secrets.add(userInfo);
  // The parts of a value, too, where a wrapping message repeats only one (`Bearer <token>` -> `<token>`).
  for (const secret of [...secrets]) {
    for (const part of secret.split(/[\s:,;"={}]+/)) if (part.length >= MIN_SECRET_LENGTH) secrets.add(part);
  }
}

/**
 * The value quoted before the engine's verdict: from the first `"` to the last one before the verdict, since
 * the value may hold quotes itself. Found with indexOf, in time linear in the message (a regex that ran to the
 * end and backtracked was quadratic on a message quoting a large body).
 */
function refusedHeaderValue(text: string): string | undefined {
  let verdict = -1;
  for (const match of text.matchAll(REFUSED_VERDICT)) verdict = match.index;
  const start = text.indexOf('"');
  return verdict === -1 || start >= verdict ? undefined : text.slice(start + 1, verdict);
}
