// optic has no rule for response headers, yet callers read them: the client waits as long as a 429's
// Retry-After says. A declared header that disappears, or stops being promised, is like a response
// property removed or made optional; one whose type widens is like a response property's type widened
// (the generated response type changes, and code reading the header as before no longer compiles).
import { objectAt, sortedEntries } from "../drift/json.ts";
import { normalizeSchema } from "../drift/normalize-schema.ts";
import type { SpecChange } from "../optic-report.ts";
import type { OperationPair, OperationVersion } from "./operation-pairs.ts";
import { allowedTypes, allowsAll, describeTypes } from "./schema-types.ts";

interface DeclaredHeader {
  name: string;
  required: boolean;
  /** The JSON types its schema allows; undefined when any type goes. */
  types: ReadonlySet<string> | undefined;
}

/** For each status both versions declare, the headers the base declared that are gone, made optional or widened. */
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
        continue;
      }
      if (!allowsAll(header.types, now.types)) {
        const change = `type ${describeTypes(header.types)} -> ${describeTypes(now.types)}`;
        changes.push({
          operation: pair.label,
          direction: "response",
          location,
          change,
          breaking: [
            `[prevent response header type changes] expected response header '${header.name}' not to be expanded (${change}). This is a breaking change.`,
          ],
        });
      }
      if (header.required && !now.required) {
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
    const types = allowedTypes(normalizeSchema(header?.["schema"], version.resolve));
    headers.set(name.toLowerCase(), { name, required: header?.["required"] === true, types });
  }
  return headers;
}
