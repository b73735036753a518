import { type Secrets, scrubText } from "./scrub.ts";
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
