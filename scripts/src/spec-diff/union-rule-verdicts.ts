// optic's two union rules compare each member of the old union with every member of the new one and,
// when one has no match, word the closest pair's differences as the change, by member number: a variant
// removed from a response union reads `oneOf/8/type: enum value artifact_already_attached_to_a_parent was
// added`. Where our rules compare the union by tag (union-variants.ts) and found it breaking, their rows
// say what happened, so optic's verdict there is dropped rather than shown beside them. Everywhere else
// it stays: a new member of a request union, for one, is optic's to judge.
import type { SpecChange } from "../optic-report.ts";
import type { UnionPlace } from "./wire-rules.ts";

const opticUnionRules = [
  "prevent narrowing in response union types",
  "prevent expanded in request union types",
];

const isUnionRuleVerdict = (reason: string) => opticUnionRules.some((rule) => reason.startsWith(`[${rule}]`));

/**
 * optic's rows with the union-rule verdicts our findings explain taken out; a row left with no verdict is
 * then not breaking, and one that only carried the verdict (`owner: changed`, no edit of its own) goes.
 */
export function withoutExplainedUnionVerdicts(
  rows: readonly SpecChange[],
  findings: readonly SpecChange[],
  taggedUnions: readonly UnionPlace[],
): SpecChange[] {
  const explained = taggedUnions.filter((union) =>
    findings.some((finding) => finding.breaking.length > 0 && isWithin(finding, union)),
  );
  return rows.flatMap((row) => {
    if (!row.breaking.some(isUnionRuleVerdict) || !explained.some((union) => isUnionRow(row, union))) {
      return [row];
    }
    const breaking = row.breaking.filter((reason) => !isUnionRuleVerdict(reason));
    // optic-report.ts names a row without diffs by its rules' change types alone.
    const verdictOnly =
      breaking.length === 0 && /^(?:added|removed|changed)(?:, (?:added|removed|changed))*$/.test(row.change);
    return verdictOnly ? [] : [{ ...row, breaking }];
  });
}

/** `status 400 body property schema` is `status 400 body` and the body root, `schema`, as optic names it. */
function split(union: UnionPlace): { prefix: string; path: string } {
  const at = union.location.indexOf(" property ");
  return { prefix: union.location.slice(0, at), path: union.location.slice(at + " property ".length) };
}

const sameSide = (a: UnionPlace, b: UnionPlace) => a.operation === b.operation && a.direction === b.direction;

/** The union's own row; optic puts a body root's verdict on the media type's row, or on `property schema`. */
function isUnionRow(row: UnionPlace, union: UnionPlace): boolean {
  if (!sameSide(row, union)) return false;
  if (row.location === union.location) return true;
  const { prefix, path } = split(union);
  return (
    path === "schema" &&
    /^\S+$/.test(row.location.slice(prefix.length + 1)) &&
    row.location.startsWith(`${prefix} `)
  );
}

/** A finding at the union or inside one of its variants: `owner`, `owner<type=rev_user>.email`, `owners[]<...>`. */
function isWithin(finding: UnionPlace, union: UnionPlace): boolean {
  if (!sameSide(finding, union)) return false;
  const { prefix, path } = split(union);
  if (path === "schema") return finding.location.startsWith(`${prefix} `);
  if (!finding.location.startsWith(union.location)) return false;
  const next = finding.location.charAt(union.location.length);
  return next === "" || next === "<" || next === "." || next === "[";
}
