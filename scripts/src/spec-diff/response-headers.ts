// optic has no rule for response headers, yet callers read them: the client waits as long as a 429's
// Retry-After says. A declared header that disappears, or stops being promised, is like a response
// property removed or made optional.
import { objectAt, sortedEntries } from "../drift/json.ts";
import type { SpecChange } from "../optic-report.ts";
import type { OperationPair, OperationVersion } from "./operation-pairs.ts";

interface DeclaredHeader {
  name: string;
  required: boolean;
}

/** For each status both versions declare, the headers the base declared that are gone or made optional. */
export function responseHeaderChanges(pair: OperationPair): SpecChange[] {
  const changes: SpecChange[] = [];
  const afterResponses = new Map(sortedEntries(pair.after.entry.operation["responses"]));
  for (const [status, beforeResponse] of sortedEntries(pair.before.entry.operation["responses"])) {
    if (!afterResponses.has(status)) continue; // a removed status is optic's to report
    const after = declaredHeaders(pair.after, afterResponses.get(status));
    for (const [key, header] of declaredHeaders(pair.before, beforeResponse)) {
      const now = after.get(key);
      const location = `status ${status} header ${header.name}`;
      if (now === undefined) {
        changes.push({
          operation: pair.label,
          direction: "response",
          location,
          change: "removed",
          breaking: [
            `[prevent removing response header] cannot remove response header '${header.name}'. This is a breaking change.`,
          ],
        });
      } else if (header.required && !now.required) {
        changes.push({
          operation: pair.label,
          direction: "response",
          location,
          change: "required removed",
          breaking: [
            `[prevent making response header optional] cannot make required response header '${header.name}' optional. This is a breaking change.`,
          ],
        });
      }
    }
  }
  return changes;
}

/** Headers keyed by lower-case name: HTTP header names are case-insensitive. */
function declaredHeaders(version: OperationVersion, rawResponse: unknown): Map<string, DeclaredHeader> {
  const headers = new Map<string, DeclaredHeader>();
  const response = objectAt(version.resolve(rawResponse).node);
  for (const [name, rawHeader] of sortedEntries(response?.["headers"])) {
    const header = objectAt(version.resolve(rawHeader).node);
    headers.set(name.toLowerCase(), { name, required: header?.["required"] === true });
  }
  return headers;
}
