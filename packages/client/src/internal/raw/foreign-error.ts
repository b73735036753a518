// Errors from outside devrev-kit (a middleware's, the runtime's) can quote the value they refused: a header
// value (`Headers.set: "Bearer ..." is an invalid header value`, from undici and Firefox) or a URL with its
// user and password. This finds those values; the error built around it (`secrets`) cuts them out of its
// message and of a copy of its cause, where it keeps every class, code and field.

// How many values are read, through the fields of the error and of everything it holds: as many objects as the
// errors package checks in a cause.
const MAX_VALUES = 1000;
// The engine's verdict after the quoted value it refused.
const REFUSED_VERDICT = /" is an invalid header (?:value|name)/g;
const URL_USER_INFO = /\/\/([^\s/]*)@/g;
// Shorter pieces would match ordinary words elsewhere in the chain.
const MIN_SECRET_LENGTH = 8;

/**
 * The values `error` quotes, in its message or any field, of its causes, its AggregateError `errors`, or anything
 * else it holds (nested, or from another realm). The errors package orders them for matching.
 */
export function quotedSecrets(error: unknown): string[] {
  const secrets = new Set<string>();
  const pending: unknown[] = [error];
  const seen = new Set<unknown>();
  for (let next = 0; next < pending.length; next++) {
    const current = pending[next];
    if (typeof current === "string") collect(current, secrets);
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const message = messageFieldOf(current);
    if (message !== undefined) collect(message, secrets);
    for (const field of fieldsOf(current)) if (pending.length < MAX_VALUES) pending.push(field);
  }
  return [...secrets];
}

/** An error's message (a DOMException's is a getter on its prototype), or any object's `message` string. */
function messageFieldOf(value: object): string | undefined {
  try {
    const { message } = value as { message?: unknown };
    return typeof message === "string" ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The strings and objects in `value`'s own fields (`cause`, `errors`, a library's `config`), but its message,
 * read above, and its stack, which repeats it; a field whose getter throws, or a Proxy whose traps do, gives
 * nothing.
 */
function fieldsOf(value: object): unknown[] {
  const fields: unknown[] = [];
  try {
    for (const key of Reflect.ownKeys(value)) {
      if (key === "message" || key === "stack") continue;
      try {
        const field = (value as Record<PropertyKey, unknown>)[key];
        if (typeof field === "string" || (typeof field === "object" && field !== null)) fields.push(field);
      } catch {
        // a getter that throws: that field gives nothing
      }
    }
  } catch {
    // a Proxy whose ownKeys trap throws
  }
  return fields;
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
