import type { Difference } from "./compare-specs.ts";
import type { Facts } from "./schema-facts.ts";

// Characters that start a new step in a fact location: "response 429 application/json.items[]<type=a>{*}".
const STEP_SEPARATORS = new Set([" ", ".", "[", "<", "{"]);

/**
 * When one side lacks a whole part of the operation (a response, a property,
 * a variant), every fact below it differs. Report that part once instead:
 * `response 429: curated (absent), upstream present (16 facts)`.
 */
export function summarizeAbsentSubtrees(
  differences: Difference[],
  curated: Facts,
  upstream: Facts,
): Difference[] {
  const curatedLocations = locationsOf(curated);
  const upstreamLocations = locationsOf(upstream);
  const summaries = new Map<string, Difference>();
  const kept: Difference[] = [];
  for (const difference of differences) {
    const missingOn =
      difference.curated === undefined
        ? curatedLocations
        : difference.upstream === undefined
          ? upstreamLocations
          : undefined;
    const presentFacts = difference.curated === undefined ? upstream : curated;
    const root =
      missingOn === undefined ? undefined : outermostAbsentAncestor(locationOf(difference.fact), missingOn);
    if (root === undefined) {
      kept.push(difference);
      continue;
    }
    const present = `present (${countFactsUnder(root, presentFacts)} facts)`;
    summaries.set(root, {
      fact: root,
      curated: difference.curated === undefined ? undefined : present,
      upstream: difference.upstream === undefined ? undefined : present,
    });
  }
  return [...kept, ...summaries.values()];
}

function locationOf(factKey: string): string {
  return factKey.slice(0, factKey.indexOf(" :: "));
}

function locationsOf(facts: Facts): string[] {
  return [...facts.keys()].map(locationOf);
}

function ancestors(location: string): string[] {
  const prefixes: string[] = [];
  for (let index = 1; index < location.length; index++) {
    if (STEP_SEPARATORS.has(location[index] ?? "")) prefixes.push(location.slice(0, index));
  }
  prefixes.push(location);
  return prefixes;
}

function isWithin(location: string, ancestor: string): boolean {
  return (
    location === ancestor ||
    (location.startsWith(ancestor) && STEP_SEPARATORS.has(location[ancestor.length] ?? ""))
  );
}

/** The shortest ancestor of `location` under which the other side has no facts at all. */
function outermostAbsentAncestor(location: string, sideLocations: readonly string[]): string | undefined {
  return ancestors(location).find((ancestor) => !sideLocations.some((each) => isWithin(each, ancestor)));
}

function countFactsUnder(root: string, facts: Facts): number {
  return locationsOf(facts).filter((location) => isWithin(location, root)).length;
}
