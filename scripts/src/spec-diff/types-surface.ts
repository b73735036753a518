// @devrev-kit/types exports openapi-typescript's `components` and `operations`, keyed by the spec's
// names: `components["schemas"]["rev-org"]`, `operations["rev-orgs-list"]`. Renaming a schema or an
// operationId leaves the wire as it was, so optic passes it, yet code that names the old key stops
// compiling. A name removed or renamed is breaking; one added is not.
import { isDeepStrictEqual } from "node:util";
import { compareText, type JsonObject, objectAt, sortedEntries, stringAt } from "../drift/json.ts";
import { listOperations } from "../drift/operation-facts.ts";
import { createRefResolver } from "../drift/ref-resolver.ts";
import type { SpecChange } from "../optic-report.ts";

/** The `components` sections openapi-typescript turns into named types. */
const COMPONENT_SECTIONS = ["schemas", "responses", "parameters", "requestBodies", "headers", "pathItems"];

const RULE = "[prevent removing exported type names]";
const consequence =
  "breaks TypeScript code that names it in @devrev-kit/types' components/operations. This is a breaking change.";

/** Names removed from or added to `components[section]` and `operations`, between two documents. */
export function typesSurfaceChanges(before: JsonObject, after: JsonObject): SpecChange[] {
  return [...componentNameChanges(before, after), ...operationIdChanges(before, after)];
}

function componentNameChanges(before: JsonObject, after: JsonObject): SpecChange[] {
  const changes: SpecChange[] = [];
  for (const section of COMPONENT_SECTIONS) {
    const was = new Map(sortedEntries(objectAt(before["components"])?.[section]));
    const now = new Map(sortedEntries(objectAt(after["components"])?.[section]));
    const added = [...now.keys()].filter((name) => !was.has(name));
    for (const [name, definition] of was) {
      if (now.has(name)) continue;
      // A definition that reappears unchanged under a new name was renamed: say which, to help the fix.
      const renamedTo = added.find((other) => isDeepStrictEqual(now.get(other), definition));
      const key = `components["${section}"]["${name}"]`;
      changes.push({
        direction: "document",
        location: key,
        change: renamedTo === undefined ? "removed" : `renamed to "${renamedTo}"`,
        breaking: [`${RULE} removing ${key} ${consequence}`],
      });
    }
    for (const name of added) {
      changes.push({
        direction: "document",
        location: `components["${section}"]["${name}"]`,
        change: "added",
        breaking: [],
      });
    }
  }
  return changes;
}

/**
 * An operation that keeps its method and path but changes its operationId is listed under that
 * operation, where optic notes `operationId changed` without judging it. An operation removed, and
 * with it its operationId, is optic's to fail; one added adds a name.
 */
function operationIdChanges(before: JsonObject, after: JsonObject): SpecChange[] {
  const beforeOperations = listOperations(before, createRefResolver(before));
  const afterOperations = listOperations(after, createRefResolver(after));
  const afterIds = new Set(
    [...afterOperations.values()].map((entry) => stringAt(entry.operation["operationId"])),
  );
  const changes: SpecChange[] = [];
  for (const [label, entry] of [...beforeOperations].sort(([a], [b]) => compareText(a, b))) {
    const was = stringAt(entry.operation["operationId"]);
    const afterEntry = afterOperations.get(label);
    if (was === undefined || afterEntry === undefined || afterIds.has(was)) continue;
    const now = stringAt(afterEntry.operation["operationId"]);
    const key = `operations["${was}"]`;
    changes.push({
      operation: label,
      direction: "operation",
      location: "operation",
      change: now === undefined ? `operationId ${was} removed` : `operationId ${was} -> ${now}`,
      breaking: [`${RULE} removing ${key} ${consequence}`],
    });
  }
  return changes;
}
