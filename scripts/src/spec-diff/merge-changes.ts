// Puts the wire-rule findings (wire-rules.ts) into optic's list of changes, so that one edit shows
// up once, with the strictest verdict.
import type { OpticDiffResult, SpecChange } from "../optic-report.ts";

/**
 * optic lists the same edits without judging them: a parameter's `explode` as "changed", a member's
 * property as `created_by/oneOf/1.external_ref: removed`. Such a row gives way to the finding at the
 * same place (read without union steps, since optic numbers members where we name their tags). A row
 * optic failed is always kept, and a finding that breaks nothing gives way to it: optic's union rules
 * judge a member added to a request union, for instance, where ours let it pass.
 */
export function mergeWireRuleChanges(
  optic: OpticDiffResult,
  findings: readonly SpecChange[],
): OpticDiffResult {
  const isBreaking = (change: SpecChange) => change.breaking.length > 0;
  const judged = new Set(findings.map(placeOf));
  const failedByOptic = new Set(optic.changes.filter(isBreaking).map(placeOf));
  return {
    ...optic,
    changes: [
      ...optic.changes.filter((change) => isBreaking(change) || !judged.has(placeOf(change))),
      ...findings.filter((finding) => isBreaking(finding) || !failedByOptic.has(placeOf(finding))),
    ],
    breaking: optic.breaking || findings.some(isBreaking),
  };
}

/** `status 200 body property a/oneOf/1.b` and `status 200 body property a<type=x>.b` are one place. */
function placeOf(change: SpecChange): string {
  const location = change.location.replace(/<[^<>]*>/g, "").replace(/\/?\b(?:oneOf|anyOf|allOf)\/\d+/g, "");
  return [change.operation ?? "", change.direction, location].join("\0");
}
