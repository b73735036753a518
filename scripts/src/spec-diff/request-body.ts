// optic lists a request body made required as "required changed" and lets it pass. On the wire a caller that
// sends no body is then refused, and @devrev-kit/types' `requestBody?:` becomes `requestBody:`, so code that
// leaves it out stops compiling: a breaking change, like a request property made required.
import { objectAt } from "../drift/json.ts";
import type { SpecChange } from "../optic-report.ts";
import type { OperationPair, OperationVersion } from "./operation-pairs.ts";

function bodyRequired(version: OperationVersion): boolean | undefined {
  const body = objectAt(version.resolve(version.entry.operation["requestBody"]).node);
  return body === undefined ? undefined : body["required"] === true;
}

/** A request body both versions declare, optional before and required after. */
export function requestBodyChanges(pair: OperationPair): SpecChange[] {
  if (bodyRequired(pair.before) !== false || bodyRequired(pair.after) !== true) return [];
  return [
    {
      operation: pair.label,
      direction: "request",
      location: "request body",
      change: "made required",
      breaking: [
        "[prevent request body made required] a caller that sends no body is refused, and @devrev-kit/types' " +
          "requestBody is no longer optional. This is a breaking change.",
      ],
    },
  ];
}
