// Lines up the operations two versions of the spec share, each with the resolver of its own document.
import type { JsonObject } from "../drift/json.ts";
import { listOperations, type OperationEntry } from "../drift/operation-facts.ts";
import { createRefResolver, type Resolved } from "../drift/ref-resolver.ts";

export type Resolve = (node: unknown) => Resolved;

export interface OperationVersion {
  entry: OperationEntry;
  resolve: Resolve;
}

export interface OperationPair {
  /** `METHOD /path`, as optic names operations. */
  label: string;
  before: OperationVersion;
  after: OperationVersion;
}

/** Operations in both documents; added and removed ones are optic's to judge. */
export function pairOperations(before: JsonObject, after: JsonObject): OperationPair[] {
  const resolveBefore = createRefResolver(before);
  const resolveAfter = createRefResolver(after);
  const afterOperations = listOperations(after, resolveAfter);
  const pairs: OperationPair[] = [];
  for (const [label, entry] of listOperations(before, resolveBefore)) {
    const afterEntry = afterOperations.get(label);
    if (afterEntry === undefined) continue;
    pairs.push({
      label,
      before: { entry, resolve: resolveBefore },
      after: { entry: afterEntry, resolve: resolveAfter },
    });
  }
  return pairs;
}
