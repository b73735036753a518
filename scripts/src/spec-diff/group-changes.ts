// One change to a shared schema shows up at every place that schema is used (an enum value removed from a
// user's `state` is 70 rows across the operations, variants and fields that reach it). The human report
// keeps each place on its line, and says the rules such a group failed once, not 70 times.
import type { SpecChange } from "../optic-report.ts";

/** The rule names a change failed (`[prevent removing response enum options]`), without their wording. */
function ruleNames(change: SpecChange): string {
  return change.breaking.map((reason) => /^\[[^\]]+\]/.exec(reason)?.[0] ?? reason).join(" ");
}

/**
 * What a place ends in (`rev_orgs[].created_by<type=dev_user>.state` -> `state`): a change is the same one at
 * two places when it is to the same-named thing, since `added` alone says nothing about what was added.
 */
function leafOf(location: string): string {
  return location.split(/[.\s]/).at(-1) ?? location;
}

/** `changes` in groups of the same change under the same rules, each group where its first member was. */
export function groupChanges(changes: readonly SpecChange[]): SpecChange[][] {
  const groups = new Map<string, SpecChange[]>();
  for (const change of changes) {
    const key = [change.direction, leafOf(change.location), change.change, ruleNames(change)].join("\n");
    const group = groups.get(key);
    if (group) group.push(change);
    else groups.set(key, [change]);
  }
  return [...groups.values()];
}
