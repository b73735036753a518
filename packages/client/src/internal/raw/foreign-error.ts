// Errors from outside devrev-kit (a middleware's, the runtime's) can quote the value they refused: a header
// value (`Headers.set: "Bearer ..." is an invalid header value`, from undici and Firefox) or a URL with its
// user and password. This finds those values; the error built around it (`secrets`) cuts them out of its
// message and of a copy of its cause, where it keeps every class, code and field.

import { messageOf } from "../failures.ts";

// How many errors are read, along the cause chain and through AggregateErrors' `errors` at any depth: as many
// objects as the errors package checks in a cause.
const MAX_ERRORS = 1000;
// The engine's verdict after the quoted value it refused.
const REFUSED_VERDICT = /" is an invalid header (?:value|name)/g;
const URL_USER_INFO = /\/\/([^\s/]*)@/g;
// Shorter pieces would match ordinary words elsewhere in the chain.
const MIN_SECRET_LENGTH = 8;

/**
 * The values `error` quotes, at any level of its causes or in an AggregateError's `errors` (nested ones too, and
 * one from another realm), longest first.
 */
export function quotedSecrets(error: unknown): string[] {
  const secrets = new Set<string>();
  const pending = [error];
  const seen = new Set<unknown>();
  for (let next = 0; next < pending.length; next++) {
    const current = pending[next];
    if (current == null || seen.has(current)) continue;
    seen.add(current);
    collect(messageOf(current), secrets);
    for (const inner of [causeOf(current), ...aggregated(current, MAX_ERRORS - pending.length)]) {
      if (pending.length < MAX_ERRORS) pending.push(inner);
    }
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

/**
 * The first `limit` of an AggregateError's `errors` (of this realm or another, so read off any object); none for
 * anything else, or for a Proxy whose traps throw.
 */
function aggregated(value: unknown, limit: number): unknown[] {
  try {
    const errors = typeof value === "object" ? (value as { errors?: unknown }).errors : undefined;
    return Array.isArray(errors) ? errors.slice(0, limit) : [];
  } catch {
    return [];
  }
}

function collect(text: string, secrets: Set<string>): void {
  const found: string[] = [];
  const refused = refusedHeaderValue(text);
  if (refused !== undefined) found.push(refused);
  for (const [, userInfo] of text.matchAll(URL_USER_INFO)) if (userInfo) found.push(userInfo);
  for (const value of found) {
    secrets.add(value);
    // Its parts too, where a wrapping message repeats only one (`Bearer <token>` -> `<token>`).
    for (const part of value.split(/[\s:,;"={}]+/)) if (part.length >= MIN_SECRET_LENGTH) secrets.add(part);
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
