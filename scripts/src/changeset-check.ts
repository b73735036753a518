// pnpm changeset:check [--base <ref>]
//
// Fails when, since the base ref (default: where this branch left main), a published package's
// sources or manifest changed without a changeset naming the package (an empty changeset may say no
// release is needed), and when the spec changed but the changesets do not release what spec:diff says
// it needs (spec-releases.ts: @devrev-kit/types by a patch, or by a breaking bump with every published
// package that depends on it; an empty changeset does not answer a spec change).
import { parseArgs } from "node:util";
import {
  breakingBumpFor,
  type Changeset,
  combinedBump,
  isAtLeast,
  isChangesetPath,
  readChangesets,
} from "./changeset-files.ts";
import { changedFilesSince, defaultBranchBase, gitTopLevel, resolveCommit } from "./git-history.ts";
import { type PublishedPackage, readPublishedPackages } from "./published-packages.ts";
import { diffSpec, formatSpecDiff, type SpecDiffReport } from "./spec-diff.ts";
import type { SpecRelease } from "./spec-releases.ts";
import { runMain } from "./usage-error.ts";

export interface ChangesetCheckReport {
  base: string;
  baseCommit: string;
  /** Published packages whose src/ or package.json changed, with the changed files. */
  changedPackages: Array<{ pkg: PublishedPackage; files: string[] }>;
  specFiles: string[];
  changesets: Changeset[];
  specDiff: SpecDiffReport | undefined;
  problems: string[];
  notes: string[];
}

/** The release-relevant files of a package: its sources and its manifest (not tests, docs or config). */
function isReleaseRelevant(pkg: PublishedPackage, file: string): boolean {
  return file === `${pkg.dir}/package.json` || file.startsWith(`${pkg.dir}/src/`);
}

export interface ChangesetCheckOptions {
  repo: string;
  /** @default the merge base of HEAD and main (or origin/main) */
  base?: string | undefined;
}

export async function checkChangesets(options: ChangesetCheckOptions): Promise<ChangesetCheckReport> {
  const repo = await gitTopLevel(options.repo);
  const { commit: baseCommit, label: base } =
    options.base === undefined
      ? await defaultBranchBase(repo)
      : { commit: await resolveCommit(repo, options.base), label: options.base };
  const changed = await changedFilesSince(repo, baseCommit);
  const packages = readPublishedPackages(repo);
  const changedPackages = packages
    .map((pkg) => ({ pkg, files: changed.filter((file) => isReleaseRelevant(pkg, file)) }))
    .filter(({ files }) => files.length > 0);
  const specFiles = changed.filter((file) => file.startsWith("openapi/"));
  const changesets = readChangesets(repo, changed.filter(isChangesetPath));
  const problems: string[] = [];
  const notes: string[] = [];

  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const published = [...byName.keys()].sort().join(", ");
  for (const changeset of changesets) {
    for (const [name, bump] of changeset.releases) {
      const pkg = byName.get(name);
      if (pkg === undefined) {
        problems.push(
          `${changeset.file} names "${name}", which is not a published package (they are ${published}).`,
        );
      } else if (bump === "major" && breakingBumpFor(pkg.version) === "minor") {
        // Allowed (leaving 0.x is a choice), but `pnpm changeset` offers major for a break, and 1.0.0 is rarely meant.
        notes.push(
          `${changeset.file} gives ${name} a major, taking it from ${pkg.version} to 1.0.0; ` +
            "while 0.x a breaking change needs only a minor. Keep it only to leave 0.x on purpose.",
        );
      }
    }
  }
  // The spec first: what it requires (spec-releases.ts, as spec:diff prints it) covers the package's own files.
  let specDiff: SpecDiffReport | undefined;
  if (specFiles.length > 0) {
    specDiff = { ...(await diffSpec({ repo, base: baseCommit })), base };
    for (const release of specDiff.releases) {
      const problem = unreleasedSpecChange(release, changesets, specDiff, specFiles, base);
      if (problem !== undefined) problems.push(problem);
    }
  }
  const releasedForSpec = new Set(specDiff?.releases.map((release) => release.name));
  const emptyChangesets = changesets.filter((changeset) => changeset.releases.size === 0);
  for (const { pkg, files } of changedPackages) {
    if (releasedForSpec.has(pkg.name) || combinedBump(changesets, pkg.name) !== "none") continue;
    const why = `${files.length} file${files.length === 1 ? "" : "s"} under ${pkg.dir}`;
    if (emptyChangesets.length > 0) {
      notes.push(`${pkg.name}: ${why} changed; ${emptyChangesets[0]?.file} says no release is needed.`);
    } else {
      problems.push(
        `${pkg.name}: ${why} changed since ${base} but no changeset names it. ` +
          "Run `pnpm changeset`, pick the package and a bump, and commit the file it writes.",
      );
    }
  }
  return { base, baseCommit, changedPackages, specFiles, changesets, specDiff, problems, notes };
}

/**
 * Why the changesets do not release what the spec change needs, or undefined when they do. An empty
 * changeset ("no release needed") answers a package's own edits, never a spec change users will see.
 */
function unreleasedSpecChange(
  release: SpecRelease,
  changesets: readonly Changeset[],
  specDiff: SpecDiffReport,
  specFiles: readonly string[],
  base: string,
): string | undefined {
  const bump = combinedBump(changesets, release.name);
  if (isAtLeast(bump, release.bump)) return undefined;
  const emptyOnly =
    bump === "none" && changesets.some((changeset) => changeset.releases.size === 0)
      ? " An empty changeset says no release is needed, which is not so when the spec changed."
      : "";
  if (specDiff.result.breaking) {
    const count = specDiff.result.changes.filter((change) => change.breaking.length > 0).length;
    return (
      `${release.name}: spec:diff found ${count || "a"} breaking change${count === 1 ? "" : "s"}, so it needs a ${release.bump} ` +
      `bump (it is at ${release.version}${release.bump === "minor" ? ", and 0.x signals a break with a minor" : ""}); ` +
      `the changesets since ${base} give it ${bump === "none" ? "no bump" : `a ${bump}`}. ` +
      `Give it a ${release.bump} in a changeset (\`pnpm changeset\`, or edit one).${emptyOnly}`
    );
  }
  const spec = `the spec (${specFiles.length} file${specFiles.length === 1 ? "" : "s"} under openapi/)`;
  return (
    `${release.name}: ${spec} changed since ${base} but no changeset names it (${release.why}). ` +
    `Run \`pnpm changeset\`, pick it and at least a ${release.bump}, and commit the file it writes.${emptyOnly}`
  );
}

function describeReleases(changeset: Changeset): string {
  if (changeset.releases.size === 0) return "empty: no release";
  return [...changeset.releases].map(([name, bump]) => `${name}: ${bump}`).join(", ");
}

export function formatChangesetCheck(report: ChangesetCheckReport): string {
  const lines = [`changeset:check since ${report.base} (${report.baseCommit.slice(0, 7)})`];
  const changed = [
    ...report.changedPackages.map(
      ({ pkg, files }) => `${pkg.name} (${files.length} file${files.length === 1 ? "" : "s"})`,
    ),
    ...(report.specFiles.length > 0
      ? [`openapi/ (${report.specFiles.length} file${report.specFiles.length === 1 ? "" : "s"})`]
      : []),
  ];
  lines.push(
    `  changed: ${changed.length > 0 ? changed.join(", ") : "no published package sources and no spec"}`,
  );
  lines.push(
    `  changesets: ${report.changesets.length > 0 ? report.changesets.map((c) => `${c.file} (${describeReleases(c)})`).join("; ") : "none"}`,
  );
  if (report.specDiff) {
    lines.push(
      "",
      ...formatSpecDiff(report.specDiff)
        .split("\n")
        .map((line) => (line === "" ? line : `  ${line}`)),
      "",
    );
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  for (const problem of report.problems) lines.push(`FAIL ${problem}`);
  lines.push(
    report.problems.length === 0
      ? "OK"
      : `${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}.`,
  );
  return lines.join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { base: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    strict: true,
  });
  if (values.help) {
    console.log(
      "usage: pnpm changeset:check [--base <git ref>]   (default base: merge-base of HEAD and main)",
    );
    return 0;
  }
  const report = await checkChangesets({ repo: process.cwd(), base: values.base });
  console.log(formatChangesetCheck(report));
  return report.problems.length === 0 ? 0 : 1;
}

if (import.meta.main) runMain(main);
