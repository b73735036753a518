import { REDACTED, type Secrets, scrubText } from "./scrub.ts";
import { clip } from "./text.ts";

const MAX_CAUSE_CHAIN = 4;

function describeCauseLevel(value: object): { line: string; next: unknown } {
  const { name, message, code, cause } = value as Record<string, unknown>;
  if (typeof message !== "string") return { line: Object.prototype.toString.call(value), next: undefined };
  const label = typeof name === "string" ? name : "Error";
  return { line: `${label}${typeof code === "string" ? ` [${code}]` : ""}: ${message}`, next: cause };
}

// One line for the whole cause chain, computed once (credentials cut out) so that printing the error
// later never needs the credentials and never prints a cause's own properties (which may hold them).
export function summarizeCause(cause: unknown, secrets: Secrets): string | undefined {
  const parts: string[] = [];
  let current = cause;
  try {
    for (let level = 0; level < MAX_CAUSE_CHAIN && current !== undefined && current !== null; level++) {
      if (typeof current !== "object") {
        parts.push(clip(scrubText(String(current), secrets)));
        break;
      }
      const { line, next } = describeCauseLevel(current);
      // Scrubbed before it is clipped: a credential cut in two by the clip would no longer be found.
      parts.push(clip(scrubText(line, secrets)));
      current = next;
    }
  } catch {
    parts.push("[unreadable cause]");
  }
  return parts.length === 0 ? undefined : parts.join(" <- ");
}

// How far into a cause a copy goes (levels of the chain and of its fields), and how many objects it copies.
const MAX_COPY_DEPTH = 8;
const MAX_COPIED_OBJECTS = 1000;
const OMITTED = "[omitted: too large to check for credentials]";

interface Copying {
  readonly secrets: Secrets;
  readonly copies: Map<object, unknown>;
  budget: number;
  /** Whether a credential (or a part too large to check) was cut out. */
  changed: boolean;
}

/**
 * The cause to keep on an error: `cause` itself when nothing in it (message, stack, fields, nested causes) is a
 * credential, so a caller's abort reason stays theirs; otherwise a copy with the credentials cut out, its errors
 * of the same classes with the same codes and fields. A cause that cannot be copied is kept as `summary`.
 */
export function keepCause(cause: unknown, secrets: Secrets, summary: string | undefined): unknown {
  if (!secrets.any) return cause;
  const copying: Copying = { secrets, copies: new Map(), budget: MAX_COPIED_OBJECTS, changed: false };
  try {
    const copy = copyValue(cause, copying, 0);
    return copying.changed ? copy : cause;
  } catch {
    return summary;
  }
}

function copyValue(value: unknown, copying: Copying, depth: number): unknown {
  if (typeof value === "string") return scrubCopied(value, copying);
  if (typeof value === "number" && copying.secrets.numbers.has(value)) {
    copying.changed = true;
    return REDACTED;
  }
  if (typeof value !== "object" || value === null) return value;
  const known = copying.copies.get(value);
  if (known !== undefined) return known;
  if (depth >= MAX_COPY_DEPTH || --copying.budget < 0) {
    copying.changed = true;
    return OMITTED;
  }
  const prototype = Object.getPrototypeOf(value);
  const isError = value instanceof Error;
  // Anything else with internal state (a Map, a Headers, a socket) cannot be copied field by field.
  if (!isError && !Array.isArray(value) && prototype !== Object.prototype && prototype !== null)
    return Object.prototype.toString.call(value);
  const copy = Array.isArray(value) ? [] : Object.create(prototype);
  copying.copies.set(value, copy);
  // An error's name and message may be prototype getters that check their receiver (a DOMException's): read
  // through the original and kept as the copy's own.
  const names = new Set(
    isError ? ["name", "message", ...Object.getOwnPropertyNames(value)] : Object.keys(value),
  );
  for (const name of names) {
    let field: unknown;
    try {
      field = (value as Record<string, unknown>)[name];
    } catch {
      continue;
    }
    const enumerable = Object.getOwnPropertyDescriptor(value, name)?.enumerable ?? false;
    Object.defineProperty(copy, name, {
      value: copyValue(field, copying, depth + 1),
      enumerable,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function scrubCopied(text: string, copying: Copying): string {
  const scrubbed = scrubText(text, copying.secrets);
  if (scrubbed !== text) copying.changed = true;
  return scrubbed;
}
