// Errors from outside devrev-kit (a middleware's, the runtime's) can quote the value they refused: a header
// value (`Headers.set: "Bearer ..." is an invalid header value`, from undici and Firefox) or a URL with its
// user and password. Those are cut out of the message and out of every level of the cause chain, which is
// then made of copies: same class, same own properties (`code`, `errors`, ...), no stack (a stack repeats the
// message it was made with).

import { messageOf } from "../failures.ts";

const MAX_CHAIN = 4;
// The engine's verdict after the quoted value it refused.
const REFUSED_VERDICT = /" is an invalid header (?:value|name)/g;
const URL_USER_INFO = /\/\/([^\s/]*)@/g;
// Shorter pieces would match ordinary words elsewhere in the chain.
const MIN_SECRET_LENGTH = 8;

export interface Redacted {
  readonly message: string;
  readonly cause: unknown;
}

/** `error`'s message and the cause to keep, with any value it quoted cut out, at every level of its causes. */
export function redactForeign(error: unknown): Redacted {
  const secrets = new Set<string>();
  for (let level = 0, current = error; level < MAX_CHAIN && current != null; level++) {
    collect(messageOf(current), secrets);
    current = causeOf(current);
  }
  const message = messageOf(error);
  if (secrets.size === 0) return { message, cause: error };
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  return { message: scrub(message, sorted), cause: copyChain(error, sorted, 0) };
}

function causeOf(value: unknown): unknown {
  try {
    return (value as { cause?: unknown }).cause;
  } catch {
    return undefined; // a getter that throws: the chain ends here
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

function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret !== "") result = result.split(secret).join("[REDACTED]");
  return result;
}

/** A copy of `value` with its message scrubbed, its cause copied likewise; anything but an Error as text. */
function copyChain(value: unknown, secrets: readonly string[], level: number): unknown {
  try {
    return copyError(value, secrets, level);
  } catch {
    // An error that cannot be copied (a revoked Proxy, a throwing trap) is kept as its scrubbed message.
    return scrub(messageOf(value), secrets);
  }
}

function copyError(value: unknown, secrets: readonly string[], level: number): unknown {
  if (!(value instanceof Error)) return typeof value === "string" ? scrub(value, secrets) : value;
  const copy = Object.create(Object.getPrototypeOf(value)) as Error;
  // Read through the original (a DOMException's name and message are getters that check their receiver),
  // written as own data properties of the copy.
  const names = new Set(["name", "message", "code", ...Object.getOwnPropertyNames(value)]);
  names.delete("stack");
  for (const name of names) {
    let field: unknown;
    try {
      field = (value as unknown as Record<string, unknown>)[name];
    } catch {
      continue;
    }
    if (field === undefined && !Object.hasOwn(value, name)) continue;
    if (name === "message") field = scrub(String(field), secrets);
    else if (name === "cause")
      field = level + 1 < MAX_CHAIN ? copyChain(field, secrets, level + 1) : undefined;
    Object.defineProperty(copy, name, {
      value: field,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return copy;
}
