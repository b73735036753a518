import { summarizeAbsentSubtrees } from "./absent-subtrees.ts";
import { compareText, type JsonObject } from "./json.ts";
import { describeOperation, listOperations, type OperationShape } from "./operation-facts.ts";
import { createRefResolver } from "./ref-resolver.ts";
import { collectSchemaFactPair, type FactPair } from "./schema-facts.ts";

/** One wire fact on which the two specs disagree; `undefined` means the fact is absent on that side. */
export interface Difference {
  fact: string;
  curated: string | undefined;
  upstream: string | undefined;
}

export interface OperationDrift {
  /** `METHOD /path`. */
  label: string;
  /** Facts compared (the union of both sides' facts); 0 when the operation is missing on one side. */
  factCount: number;
  differences: Difference[];
}

export interface DriftResult {
  operations: OperationDrift[];
}

/**
 * Compares the operations of the curated spec with the same operations in
 * an upstream (published) spec. Upstream operations on paths the curated
 * spec does not cover are out of scope; upstream operations on covered
 * paths that the curated spec lacks are reported.
 */
export function compareSpecs(curated: JsonObject, upstream: JsonObject): DriftResult {
  const resolveCurated = createRefResolver(curated);
  const resolveUpstream = createRefResolver(upstream);
  const curatedOperations = listOperations(curated, resolveCurated);
  const upstreamOperations = listOperations(upstream, resolveUpstream);
  const curatedPaths = new Set([...curatedOperations.values()].map((entry) => entry.path));
  const operations: OperationDrift[] = [];

  for (const [label, entry] of curatedOperations) {
    const upstreamEntry = upstreamOperations.get(label);
    if (upstreamEntry === undefined) {
      operations.push({
        label,
        factCount: 0,
        differences: [{ fact: "operation", curated: "present", upstream: undefined }],
      });
      continue;
    }
    const { curated: curatedFacts, upstream: upstreamFacts } = collectFactPair(
      describeOperation(curated, resolveCurated, entry),
      describeOperation(upstream, resolveUpstream, upstreamEntry),
    );
    const keys = [...new Set([...curatedFacts.keys(), ...upstreamFacts.keys()])].sort(compareText);
    const differences = keys
      .filter((key) => curatedFacts.get(key) !== upstreamFacts.get(key))
      .map((key) => ({ fact: key, curated: curatedFacts.get(key), upstream: upstreamFacts.get(key) }));
    const summarized = summarizeAbsentSubtrees(differences, curatedFacts, upstreamFacts);
    operations.push({
      label,
      factCount: keys.length,
      differences: summarized.sort((a, b) => compareText(a.fact, b.fact)),
    });
  }

  for (const [label, entry] of upstreamOperations) {
    if (curatedPaths.has(entry.path) && !curatedOperations.has(label)) {
      operations.push({
        label,
        factCount: 0,
        differences: [{ fact: "operation", curated: undefined, upstream: "present" }],
      });
    }
  }
  operations.sort(
    (a, b) =>
      compareText(a.label.split(" ")[1] ?? "", b.label.split(" ")[1] ?? "") || compareText(a.label, b.label),
  );
  return { operations };
}

function collectFactPair(curated: OperationShape, upstream: OperationShape): FactPair {
  const sink: FactPair = { curated: new Map(curated.facts), upstream: new Map(upstream.facts) };
  const locations = new Set([...curated.schemas.keys(), ...upstream.schemas.keys()]);
  for (const location of [...locations].sort(compareText)) {
    collectSchemaFactPair(curated.schemas.get(location), upstream.schemas.get(location), location, sink);
  }
  return sink;
}

export function countDifferences(result: DriftResult): number {
  return result.operations.reduce((total, operation) => total + operation.differences.length, 0);
}
