// pnpm changeset:check [--base <ref>]
//
// Fails when, since the base ref (default: where this branch left main), a published package's
// sources or manifest, or the spec, changed without a changeset naming the package; and when
// spec:diff finds a breaking change but the changesets do not bump @devrev-kit/types, and every
// published package that depends on it, by a major version (a minor while they are 0.x).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
import { diffSpec, formatSpecDiff, type SpecDiffReport } from "./spec-diff.ts";
import { runMain } from "./usage-error.ts";

/** The package the spec ships as: its generated types and validators. */
const typesPackage = "@devrev-kit/types";

export interface PublishedPackage {
  name: string;
  version: string;
  /** Repository-relative folder, e.g. `packages/types`. */
  dir: string;
  /** Published packages it depends on (dependencies and peerDependencies). */
  uses: string[];
}

/**
 * The packages whose public types follow the spec: @devrev-kit/types and every package that depends on it
 * (the client's methods, the errors' `ErrorType` and bodies, the fixtures' builders all name its types), so a
 * breaking spec change is a breaking release of each: a patch of one of them would hand its users the break.
 */
export function specPackages(packages: readonly PublishedPackage[]): PublishedPackage[] {
  const types = packages.filter((pkg) => pkg.name === typesPackage);
  return [...types, ...packages.filter((pkg) => pkg.uses.includes(typesPackage))];
}

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

/** Every non-private package under packages/ of the repository being checked. */
export function readPublishedPackages(repo: string): PublishedPackage[] {
  const parent = join(repo, "packages");
  if (!existsSync(parent)) return [];
  const found: PublishedPackage[] = [];
  for (const entry of readdirSync(parent, { withFileTypes: true })) {
    const manifestPath = join(parent, entry.name, "package.json");
    if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
      name?: string;
      version?: string;
      private?: boolean;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    if (manifest.private === true || !manifest.name) continue;
    const uses = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
    found.push({
      name: manifest.name,
      version: manifest.version ?? "0.0.0",
      dir: `packages/${entry.name}`,
      uses,
    });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
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

  const known = new Set(packages.map((pkg) => pkg.name));
  for (const changeset of changesets) {
    for (const name of changeset.releases.keys()) {
      if (!known.has(name))
        problems.push(`${changeset.file} names "${name}", which is not a published package.`);
    }
  }
  const emptyChangesets = changesets.filter((changeset) => changeset.releases.size === 0);
  const needsRelease = new Map<string, string>();
  for (const { pkg, files } of changedPackages) {
    needsRelease.set(pkg.name, `${files.length} file${files.length === 1 ? "" : "s"} under ${pkg.dir}`);
  }
  if (specFiles.length > 0 && !needsRelease.has(typesPackage)) {
    // The spec ships as @devrev-kit/types (its generated types and validators).
    needsRelease.set(
      typesPackage,
      `the spec (${specFiles.length} file${specFiles.length === 1 ? "" : "s"} under openapi/)`,
    );
  }
  for (const [name, why] of needsRelease) {
    const bump = combinedBump(changesets, name);
    if (bump !== "none") continue;
    if (emptyChangesets.length > 0) {
      notes.push(`${name}: ${why} changed; ${emptyChangesets[0]?.file} says no release is needed.`);
    } else {
      problems.push(
        `${name}: ${why} changed since ${base} but no changeset names it. ` +
          "Run `pnpm changeset`, pick the package and a bump, and commit the file it writes.",
      );
    }
  }

  let specDiff: SpecDiffReport | undefined;
  if (specFiles.length > 0) {
    specDiff = { ...(await diffSpec({ repo, base: baseCommit })), base };
    if (specDiff.result.breaking) {
      const count = specDiff.result.changes.filter((change) => change.breaking.length > 0).length;
      for (const pkg of specPackages(packages)) {
        const { name } = pkg;
        const required = breakingBumpFor(pkg.version);
        const bump = combinedBump(changesets, name);
        if (!isAtLeast(bump, required)) {
          problems.push(
            `${name}: spec:diff found ${count || "a"} breaking change${count === 1 ? "" : "s"}, so it needs a ${required} ` +
              `bump (it is at ${pkg.version}${required === "minor" ? ", and 0.x signals a break with a minor" : ""}); ` +
              `the changesets since ${base} give it ${bump === "none" ? "no bump" : `a ${bump}`}.`,
          );
        }
      }
    }
  }
  return { base, baseCommit, changedPackages, specFiles, changesets, specDiff, problems, notes };
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
        .map((line) => `  ${line}`),
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
