// Cutting a request's credentials out of the text an error keeps. The secrets are found in one pass of a
// single pattern: a body may hold hundreds of thousands of strings and a request hundreds of secrets (one
// per session cookie), and searching each string for each secret in turn multiplied the two.
import { truncateUtf8 } from "./body.ts";

export const REDACTED = "[REDACTED]";

// Past this depth a body is not walked for secrets; the deeper part is replaced instead (see scrubValue).
const MAX_SCRUB_DEPTH = 64;

// V8 refuses a pattern holding one literal of some 32,000 characters or more ("Regular expression too
// large", thrown when it is first used), so longer secrets (a whole Cookie header) are searched for one by one.
const MAX_PATTERN_SECRET = 1024;

/** How a secret repeats itself: its smallest period, and its last period's characters. */
interface Repeat {
  readonly period: number;
  readonly tail: string;
}

/** A request's credential values, ready to be cut out. */
export interface Secrets {
  /** Whether there is any secret to look for. */
  readonly any: boolean;
  /** Secrets too long for the pattern, longest first. */
  readonly long: readonly string[];
  /** The other secrets, longest first (so the longest of two that start alike wins), or none. */
  readonly pattern: RegExp | undefined;
  /** The length of the longest secret in `pattern`. */
  readonly patternMaxLength: number;
  /** The secrets that repeat themselves (`abab…ab`), by value: their period and last period's characters. */
  readonly repeating: ReadonlyMap<string, Repeat>;
  /** Numbers a JSON body may echo a secret as: JSON.parse rounds an all-digit key past 2^53. */
  readonly numbers: ReadonlySet<number>;
}

export function toSecrets(values: Iterable<string>): Secrets {
  const long: string[] = [];
  const short: string[] = [];
  const numbers = new Set<number>();
  let patternMaxLength = 0;
  const repeating = new Map<string, Repeat>();
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    const repeat = repeatOf(value);
    if (repeat.period < value.length) repeating.set(value, repeat);
    // A number's own form, or an all-digit key too long for a double (what JSON.parse makes of it); not a key
    // with leading zeros, whose number (`0000000000000001` -> 1) is an ordinary value.
    const number = Number(value);
    if (String(number) === value || (/^\d+$/.test(value) && !Number.isSafeInteger(number)))
      numbers.add(number);
    if (value.length > MAX_PATTERN_SECRET) long.push(value);
    else {
      short.push(value.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&"));
      patternMaxLength = Math.max(patternMaxLength, value.length);
    }
  }
  const pattern = short.length === 0 ? undefined : new RegExp(short.join("|"), "g");
  return {
    any: long.length > 0 || pattern !== undefined,
    long,
    pattern,
    patternMaxLength,
    repeating,
    numbers,
  };
}

/**
 * `text` with every secret replaced by `[REDACTED]`. Where two secrets overlap (one begins inside the
 * other), their union is replaced: cutting only the leftmost would leave the other's tail readable.
 */
export function scrubText(text: string, secrets: Secrets): string {
  if (!secrets.any) return text;
  const spans = mergeSpans([...longSecretSpans(text, secrets), ...patternSpans(text, secrets)]);
  if (spans.length === 0) return text;
  let result = "";
  let from = 0;
  for (const [start, end] of spans) {
    result += text.slice(from, start) + REDACTED;
    from = end;
  }
  return result + text.slice(from);
}

type Span = [start: number, end: number];

function* longSecretSpans(text: string, secrets: Secrets): Generator<Span> {
  for (const secret of secrets.long) {
    for (let at = text.indexOf(secret); at !== -1; ) {
      const end = runEnd(text, secret, at, secrets);
      yield [at, end];
      at = text.indexOf(secret, end - secret.length + 1);
    }
  }
}

/**
 * Where the run of occurrences of `secret` that starts at `at` ends. A secret that repeats itself (`abab…ab`,
 * period 2) can occur again one period on, overlapping; each next occurrence is then checked by its last
 * period's characters alone, so a text repeating the secret is read once, not once per character.
 */
function runEnd(text: string, secret: string, at: number, secrets: Secrets): number {
  let end = at + secret.length;
  const repeat = secrets.repeating.get(secret);
  if (repeat !== undefined) while (text.startsWith(repeat.tail, end)) end += repeat.period;
  return end;
}

/**
 * The smallest period of `secret` (its length when it does not repeat itself) and its last period's characters,
 * from its longest proper prefix that is also a suffix (Knuth-Morris-Pratt), in time linear in the secret.
 */
function repeatOf(secret: string): Repeat {
  const border = new Array<number>(secret.length).fill(0);
  let k = 0;
  for (let i = 1; i < secret.length; i++) {
    while (k > 0 && secret[i] !== secret[k]) k = border[k - 1] as number;
    if (secret[i] === secret[k]) k++;
    border[i] = k;
  }
  const period = secret.length - k;
  return { period, tail: secret.slice(secret.length - period) };
}

/**
 * Every place a pattern secret starts, with the longest secret starting there. Each search resumes one past
 * the last match's start rather than at its end, so a secret beginning inside another is found too. A secret
 * that repeats itself is followed through its run of overlapping occurrences at once (runEnd); the search then
 * resumes where a secret starting could still reach past the run, as one starting earlier would end inside it.
 */
function* patternSpans(text: string, secrets: Secrets): Generator<Span> {
  const { pattern, patternMaxLength } = secrets;
  if (pattern === undefined) return;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const end = runEnd(text, match[0], match.index, secrets);
    yield [match.index, end];
    pattern.lastIndex = Math.max(match.index + 1, end - patternMaxLength + 1);
  }
}

/** The spans in order, overlapping ones joined (adjacent ones are kept apart, each its own marker). */
function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const [start, end] of spans) {
    const last = merged.at(-1);
    if (last !== undefined && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * A copy of a parsed JSON value with secrets cut out of every string and key (and numbers that are one),
 * or the value itself when there are no secrets. Subtrees deeper than 64 levels are replaced by a marker
 * rather than walked, so a hostile body cannot exhaust the stack.
 */
export function scrubValue(value: unknown, secrets: Secrets, depth = 0): unknown {
  if (!secrets.any) return value;
  if (typeof value === "string") return scrubText(value, secrets);
  // A numeric key parses to a number: it can only be redacted whole.
  if (typeof value === "number" && secrets.numbers.has(value)) return REDACTED;
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_SCRUB_DEPTH) return "[omitted: nested too deep to check for credentials]";
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  // fromEntries defines properties, so a `__proto__` key stays a plain property of the copy.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      scrubText(key, secrets),
      scrubValue(item, secrets, depth + 1),
    ]),
  );
}

/**
 * `headers` with secrets cut out of every value (the same object when there are no secrets). A header whose
 * name holds a secret is left out, since `[REDACTED]` is not a valid header name; names are compared ignoring
 * case, as `Headers` lowercases them.
 */
export function scrubHeaders(headers: Headers, secrets: Secrets): Headers {
  if (!secrets.any) return headers;
  const holdsSecret = headerNameTest(secrets);
  const scrubbed = new Headers();
  for (const [name, value] of headers) {
    if (holdsSecret(name)) continue;
    scrubbed.append(name, scrubText(value, secrets));
  }
  return scrubbed;
}

/** Whether a header name holds a secret, compared ignoring case, as `Headers` lowercases names. */
export function headerNameTest(secrets: Secrets): (name: string) => boolean {
  const pattern = secrets.pattern && new RegExp(secrets.pattern.source, "i");
  const long = secrets.long.map((secret) => secret.toLowerCase());
  return (name) => {
    if (pattern?.test(name) === true) return true;
    const lowered = name.toLowerCase();
    return long.some((secret) => lowered.includes(secret));
  };
}

/**
 * At most 1 KB of `text` with secrets cut out. The whole text is scrubbed before it is cut: cutting first
 * would leave the start of a secret that straddles the cut, and every secret replaced before the cut pulls
 * more text in behind it.
 */
export function keepRawBody(text: string, secrets: Secrets): string {
  return truncateUtf8(scrubText(text, secrets)).text;
}
