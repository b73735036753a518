// pnpm release:dry [--keep] [--files] [--with <changeset.md>]...
//
// Rehearses a release without touching the checkout: copies the repository (tracked and untracked
// files and the workspace links, not dist/) to a temporary folder, applies the pending changesets there
// with `changeset version`, builds the public packages (release-build.ts: a stale dist/ in the checkout
// cannot be packed), packs each with `pnpm pack` (what `pnpm publish` uploads) and prints name, version,
// files, sizes and the new CHANGELOG entries. Fails when the build fails, or a tarball would carry a
// workspace:/catalog: range, lacks its dist/ or entry points, or contains test files.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { parseChangeset, readPendingChangesets } from "./changeset-files.ts";
import { typedPath } from "./invocation-dir.ts";
import { formatBytes, inspectTarball, packPackage, type TarballReport } from "./package-tarball.ts";
import { readPublishedPackages } from "./published-packages.ts";
import { buildPackages } from "./release-build.ts";
import { runCommand } from "./run-command.ts";
import { runMain, UsageError } from "./usage-error.ts";
import { repoRoot } from "./workspace.ts";

const requireFromHere = createRequire(import.meta.url);

export interface PackageRelease {
  name: string;
  dir: string;
  previousVersion: string;
  version: string;
  /** The section `changeset version` added to CHANGELOG.md; undefined when the version did not move. */
  changelogEntry: string | undefined;
  tarball: TarballReport;
}

export interface ReleaseDryReport {
  workDir: string;
  changesetCount: number;
  versionOutput: string;
  /** `changeset version` failed: nothing was built or packed. */
  versionFailed: boolean;
  packages: PackageRelease[];
  problems: string[];
}

export interface ReleaseDryOptions {
  /** The repository to rehearse. @default this repository */
  repo?: string | undefined;
  /** Leave the temporary copy on disk for inspection. @default false */
  keep?: boolean | undefined;
  /**
   * Changeset files to add to the copy before versioning, to rehearse a changeset before committing it.
   * @default []
   */
  withChangesets?: readonly string[] | undefined;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

/**
 * Copies what a fresh clone plus `pnpm install` would have: every tracked or untracked (not ignored)
 * file, and node_modules as links (pnpm pack reads the workspace links to turn `workspace:^` into real
 * versions). The packages' dist/ stays behind: the copy builds its own.
 */
function copyCheckout(repo: string, target: string): void {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repo,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = listed.split("\0").filter((file) => file !== "" && existsSync(join(repo, file)));
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(repo, file), join(target, file), { verbatimSymlinks: true });
  }
  linkEntries(join(repo, "node_modules"), join(target, "node_modules"));
  // Every workspace package's own node_modules (the build runs scripts/src/build-package.ts, whose
  // esbuild is the scripts package's). They hold relative links (../../types,
  // ../../../node_modules/.pnpm/...) that resolve inside the copy, so the copy's own package versions
  // are the ones pnpm pack sees.
  for (const manifest of files.filter((file) => basename(file) === "package.json")) {
    const modules = join(dirname(manifest), "node_modules");
    if (modules === "node_modules" || !existsSync(join(repo, modules))) continue;
    cpSync(join(repo, modules), join(target, modules), { recursive: true, verbatimSymlinks: true });
  }
}

// pnpm's state of a run (`.pnpm-task-run-state-v1`, `.pnpm-workspace-state-v1.json`): the copy's own
// runs keep theirs, and pnpm refuses a state folder that is a link.
const PNPM_RUN_STATE = /^\.pnpm-.*state/;

/**
 * A folder of links to each entry of `source`, not one link to it: pnpm refuses to run scripts when the
 * root node_modules is a link, as it keeps the state of a run there.
 */
function linkEntries(source: string, target: string): void {
  if (!existsSync(source)) return;
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source)) {
    if (!PNPM_RUN_STATE.test(entry)) symlinkSync(join(source, entry), join(target, entry));
  }
}

/**
 * `@changesets/changelog-github` asks the GitHub API about every changeset's commit and PR, which
 * needs a token and the network. The rehearsal swaps in changesets' offline formatter, whose entries
 * are the same minus the PR links and "Thanks @user!".
 */
function useOfflineChangelog(workDir: string): void {
  const configPath = join(workDir, ".changeset", "config.json");
  if (!existsSync(configPath))
    throw new UsageError("no .changeset/config.json: is this a changesets repository?");
  const config = readJson(configPath);
  config["changelog"] = [requireFromHere.resolve("@changesets/cli/changelog"), null];
  config["commit"] = false;
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * Reads each `--with` file as changesets will, before anything is copied: a file it would skip (not .md)
 * or reject (bad front matter) fails here, named by the path the user gave rather than by its copy's.
 */
function checkRehearsalChangesets(files: readonly string[]): void {
  for (const file of files) {
    if (!existsSync(file)) throw new UsageError(`--with ${file}: no such file`);
    if (!file.endsWith(".md")) {
      throw new UsageError(
        `--with ${file}: changesets reads only .md files, so it would never release this one; name it .md`,
      );
    }
    parseChangeset(file, readFileSync(file, "utf8"));
  }
}

/**
 * Adds the `--with` changesets to the copy. One the copy already holds (pending in the checkout's
 * .changeset/, committed or not) or named twice is added once: files are compared by resolved path, so
 * `./.changeset/x.md`, an absolute path and one through a symlink are the same file.
 */
function addRehearsalChangesets(repo: string, workDir: string, files: readonly string[]): void {
  const pendingDir = realpathSync(join(repo, ".changeset"));
  const added = new Set<string>();
  for (const file of files) {
    const real = realpathSync(file);
    const alreadyPending =
      dirname(real) === pendingDir && existsSync(join(workDir, ".changeset", basename(real)));
    if (alreadyPending || added.has(real)) continue;
    added.add(real);
    cpSync(real, join(workDir, ".changeset", `rehearsal-${added.size}-${basename(real)}`));
  }
}

/** The newest section of a changesets CHANGELOG.md (from its first `## ` heading to the next). */
export function latestChangelogEntry(changelog: string): string | undefined {
  const start = changelog.search(/^## /m);
  if (start === -1) return undefined;
  const rest = changelog.slice(start + 3);
  const next = rest.search(/^## /m);
  return `## ${next === -1 ? rest : rest.slice(0, next)}`.trim();
}

export async function releaseDry(options: ReleaseDryOptions = {}): Promise<ReleaseDryReport> {
  const repo = options.repo ?? repoRoot;
  checkRehearsalChangesets(options.withChangesets ?? []);
  const workDir = mkdtempSync(join(tmpdir(), "devrev-kit-release-dry-"));
  try {
    copyCheckout(repo, workDir);
    useOfflineChangelog(workDir);
    addRehearsalChangesets(repo, workDir, options.withChangesets ?? []);
    const published = readPublishedPackages(workDir);
    const changesetCount = readPendingChangesets(workDir).length;
    const problems: string[] = [];
    let versionOutput = "";
    if (changesetCount > 0) {
      const changesetBin = join(dirname(requireFromHere.resolve("@changesets/cli/package.json")), "bin.js");
      const result = await runCommand(process.execPath, [changesetBin, "version"], {
        cwd: workDir,
        // No GitHub token may leak into the rehearsal; nothing here should need one.
        env: { GITHUB_TOKEN: undefined },
        timeoutMs: 120_000,
      });
      versionOutput = `${result.stdout}${result.stderr}`.trim();
      if (result.code !== 0) {
        // Building and packing now would only list every package at its old version.
        const withoutStack = versionOutput.replace(/^\s+at .*\n?/gm, "");
        problems.push(`changeset version failed:\n${withoutStack}`);
        return { workDir, changesetCount, versionOutput, versionFailed: true, packages: [], problems };
      }
    }

    const buildFailure = await buildPackages(
      workDir,
      published.map((pkg) => pkg.name),
    );
    if (buildFailure !== undefined) problems.push(buildFailure);

    const packages: PackageRelease[] = [];
    for (const { dir: relativeDir, version: previousVersion } of published) {
      const dir = join(workDir, relativeDir);
      const manifest = readJson(join(dir, "package.json"));
      const version = String(manifest["version"]);
      const changelogPath = join(dir, "CHANGELOG.md");
      const changelogEntry =
        version !== previousVersion && existsSync(changelogPath)
          ? latestChangelogEntry(readFileSync(changelogPath, "utf8"))
          : undefined;
      const tarball = inspectTarball(await packPackage(dir, join(workDir, ".release-dry-tarballs")));
      for (const problem of tarball.problems) problems.push(`${tarball.name}: ${problem}`);
      packages.push({
        name: String(manifest["name"]),
        dir: relativeDir,
        previousVersion,
        version,
        changelogEntry,
        tarball,
      });
    }
    return { workDir, changesetCount, versionOutput, versionFailed: false, packages, problems };
  } finally {
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

/** How much `formatReleaseDry` prints. */
export interface ReleaseDryFormat {
  /** Say where the temporary copy was kept. */
  keep?: boolean | undefined;
  /** List every file of each tarball, not only its folders. */
  files?: boolean | undefined;
}

/**
 * A tarball's files as one line per top folder (`dist/  24 files  180 kB`) and per file at its root, so
 * four packages fit on a screen; `--files` lists them all.
 */
function fileGroups(files: readonly { path: string; size: number }[]): { label: string; size: number }[] {
  const groups = new Map<string, { count: number; size: number }>();
  for (const file of files) {
    const slash = file.path.indexOf("/");
    const key = slash === -1 ? file.path : file.path.slice(0, slash + 1);
    const group = groups.get(key) ?? { count: 0, size: 0 };
    groups.set(key, { count: group.count + 1, size: group.size + file.size });
  }
  return [...groups].map(([key, { count, size }]) => ({
    label: key.endsWith("/") ? `${key} (${count} file${count === 1 ? "" : "s"})` : key,
    size,
  }));
}

export function formatReleaseDry(report: ReleaseDryReport, format: ReleaseDryFormat = {}): string {
  const { keep = false } = format;
  const lines = [
    report.versionFailed
      ? `release:dry: \`changeset version\` could not apply the ${report.changesetCount} pending changesets in a temporary copy`
      : report.changesetCount > 0
        ? `release:dry: applied ${report.changesetCount} pending changeset${report.changesetCount === 1 ? "" : "s"} with \`changeset version\` in a temporary copy`
        : "release:dry: no pending changesets; packing the current versions",
  ];
  if (!report.versionFailed) {
    lines.push(
      "  (changelog entries use changesets' offline formatter; the release workflow's @changesets/changelog-github adds PR links and authors)",
    );
  }
  if (keep) lines.push(`  copy kept at ${report.workDir}`);
  for (const pkg of report.packages) {
    const { tarball } = pkg;
    const moved =
      pkg.version === pkg.previousVersion
        ? `${pkg.version} (unchanged)`
        : `${pkg.previousVersion} -> ${pkg.version}`;
    lines.push(
      "",
      `${pkg.name} ${moved}`,
      `  ${tarball.files.length} files, ${formatBytes(tarball.packedBytes)} packed, ${formatBytes(tarball.unpackedBytes)} unpacked`,
    );
    const rows = format.files
      ? tarball.files.map((file) => ({ label: file.path, size: file.size }))
      : fileGroups(tarball.files);
    const width = Math.max(...rows.map((row) => row.label.length));
    for (const row of rows)
      lines.push(`    ${row.label.padEnd(width)}  ${formatBytes(row.size).padStart(8)}`);
    const deps = (tarball.manifest["dependencies"] ?? {}) as Record<string, string>;
    if (Object.keys(deps).length > 0) {
      lines.push(
        `  dependencies: ${Object.entries(deps)
          .map(([name, range]) => `${name}@${range}`)
          .join(", ")}`,
      );
    }
    if (pkg.changelogEntry) {
      lines.push("  CHANGELOG.md:", ...pkg.changelogEntry.split("\n").map((line) => `    ${line}`));
    }
    for (const problem of tarball.problems) lines.push(`  FAIL ${problem}`);
  }
  lines.push("");
  const other = report.problems.filter(
    (problem) => !report.packages.some((pkg) => problem.startsWith(`${pkg.name}: `)),
  );
  for (const problem of other) lines.push(`FAIL ${problem}`);
  lines.push(
    report.problems.length === 0
      ? `OK: ${report.packages.length} package${report.packages.length === 1 ? "" : "s"} would publish.`
      : `${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}: nothing may be published until they are fixed.`,
  );
  return lines.join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      keep: { type: "boolean", default: false },
      files: { type: "boolean", default: false },
      with: { type: "string", multiple: true, default: [] },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      "usage: pnpm release:dry [--keep] [--files] [--with <changeset.md>]...   (builds the packages in its copy; --files lists every file of each tarball)",
    );
    return 0;
  }
  const withChangesets = values.with.map(typedPath);
  const report = await releaseDry({ keep: values.keep, withChangesets });
  console.log(formatReleaseDry(report, { keep: values.keep, files: values.files }));
  return report.problems.length === 0 ? 0 : 1;
}

if (import.meta.main) runMain(main);
