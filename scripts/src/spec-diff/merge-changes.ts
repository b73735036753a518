// Puts the wire-rule findings (wire-rules.ts) into optic's list of changes, so that one edit shows
// up once, with the strictest verdict.
import type { OpticDiffResult, SpecChange } from "../optic-report.ts";
import { withoutExplainedUnionVerdicts } from "./union-rule-verdicts.ts";
import type { UnionPlace } from "./wire-rules.ts";

/**
 * optic lists the same edits without judging them: a parameter's `explode` as "changed", a member's
 * property as `created_by/oneOf/1.external_ref: removed`. Such a row gives way to the finding at the
 * same place (read without union steps, since optic numbers members where we name their tags). A row
 * optic failed is always kept, and a finding that breaks nothing gives way to it: optic's union rules
 * judge a member added to a request union, for instance, where ours let it pass.
 *
 * Inside a union our rules compare by tag, optic pairs members by position: one member inserted, and
 * every later one is compared with its neighbour, in hundreds of rows (`oneOf/8.dependencies: removed`).
 * Those rows go too, and so do such edits listed on the union's own row (`oneOf/15/required added`);
 * a row optic failed stays unless our rules judged the same place, by tag. optic's union rules word
 * their verdict by position too; where our rules found the union breaking, it goes
 * (union-rule-verdicts.ts).
 */
export function mergeWireRuleChanges(
  optic: OpticDiffResult,
  findings: readonly SpecChange[],
  taggedUnions: readonly UnionPlace[] = [],
): OpticDiffResult {
  const opticChanges = withoutExplainedUnionVerdicts(optic.changes, findings, taggedUnions);
  const isBreaking = (change: SpecChange) => change.breaking.length > 0;
  const judged = new Set(findings.map(placeOf));
  const comparedByTag = new Set(taggedUnions.map(placeOf));
  const isPositional = (change: SpecChange) =>
    enclosingUnions(change.location).some((location) => comparedByTag.has(placeOf({ ...change, location })));
  const keep = (change: SpecChange) =>
    isPositional(change)
      ? isBreaking(change) && !judged.has(placeOf(change))
      : isBreaking(change) || !judged.has(placeOf(change));
  const failedByOptic = new Set(opticChanges.filter(isBreaking).map(placeOf));
  const withoutMemberEdits = (change: SpecChange): SpecChange | undefined => {
    if (isBreaking(change) || !comparedByTag.has(placeOf(change))) return change;
    const edits = change.change.split(", ").filter((edit) => !/^(?:oneOf|anyOf)\b/.test(edit));
    return edits.length === 0 ? undefined : { ...change, change: edits.join(", ") };
  };
  return {
    ...optic,
    changes: [
      ...opticChanges.filter(keep).flatMap((change) => withoutMemberEdits(change) ?? []),
      ...findings.filter((finding) => isBreaking(finding) || !failedByOptic.has(placeOf(finding))),
    ],
    breaking: optic.breaking || findings.some(isBreaking),
  };
}

const unionStep = /\/?\b(?:oneOf|anyOf)\/\d+/g;

/** `status 200 body property a/oneOf/1.b` and `status 200 body property a<type=x>.b` are one place. */
function placeOf(change: UnionPlace): string {
  const location = change.location
    .replace(/<[^<>]*>/g, "")
    .replace(/\/?\b(?:oneOf|anyOf|allOf)\/\d+/g, "")
    .trimEnd();
  return [change.operation ?? "", change.direction, location].join("\0");
}

/**
 * The unions a row of optic's sits in, by member number: `a/oneOf/1.b/oneOf/0.c` is in `a` and
 * `a/oneOf/1.b`; `status 400 body property oneOf/8.id` is in the body root, which optic calls `schema`.
 */
function enclosingUnions(location: string): string[] {
  return [...location.matchAll(unionStep)].map((step) => {
    const union = location.slice(0, step.index);
    return union.endsWith(" property ") ? `${union}schema` : union;
  });
}
