// pnpm spec:diff [--base <ref>] [--spec <entry>] [--json]
//
// Compares the curated spec at a git ref (default: the last release tag of @devrev-kit/types, else
// where the branch left main) with the working tree, using optic's breaking-change rules plus our own for what optic does
// not judge (spec-diff/wire-rules.ts: union variants, request parameters and formats, response
// headers, and the type names @devrev-kit/types exports), and
// prints every change marked breaking or not, on the request or the response side, then the releases
// the change needs (spec-releases.ts, which changeset:check enforces). Exits 1 when a change is breaking.
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { isDeepStrictEqual, parseArgs } from "node:util";
import type { JsonObject } from "./drift/json.ts";
import { changedFilesSince, defaultSpecBase, gitTopLevel, resolveCommit } from "./git-history.ts";
import { invocationDir } from "./invocation-dir.ts";
import { type OpticDiffResult, opticDiff, type SpecChange } from "./optic-report.ts";
import { readPublishedPackages } from "./published-packages.ts";
import { generatedCodeNote } from "./spec-diff/generated-note.ts";
import { groupChanges } from "./spec-diff/group-changes.ts";
import { mergeWireRuleChanges } from "./spec-diff/merge-changes.ts";
import { reviewWireRules } from "./spec-diff/wire-rules.ts";
import {
  formatSpecReleases,
  regeneratedPackages,
  type SpecChangeKind,
  type SpecRelease,
  specReleases,
} from "./spec-releases.ts";
import { bundleSpec, checkoutSpecAtRef, emptySpec, specEntry } from "./spec-snapshot.ts";
import { runMain, UsageError } from "./usage-error.ts";

export interface SpecDiffOptions {
  /** The repository to look at (any folder inside it). */
  repo: string;
  /** The ref to compare from. @default the last `@devrev-kit/types@*` tag, else the merge base with `main` */
  base?: string | undefined;
  /** The spec's entry file, relative to the repository root. @default "openapi/devrev.yaml" */
  entry?: string | undefined;
}

export interface SpecDiffReport {
  base: string;
  /** How the header names the base: the ref given, or why the default was picked (`the last release, …`). */
  baseLabel: string;
  baseCommit: string;
  entry: string;
  /** False when the entry file did not exist at the base ref (everything counts as added). */
  baseHadSpec: boolean;
  /** optic's findings with our own rules' merged in. */
  result: OpticDiffResult;
  /** The packages the change must release, and by how much (spec-releases.ts; changeset:check enforces it). */
  releases: SpecRelease[];
}

const noChanges: OpticDiffResult = {
  changes: [],
  breaking: false,
  checksRun: 0,
  checksFailed: 0,
  output: "",
};

/** Bundles the spec at `base` and in the working tree and compares them with optic and our own rules. */
export async function diffSpec(options: SpecDiffOptions): Promise<SpecDiffReport> {
  const repo = await gitTopLevel(options.repo);
  const entry = repoRelative(repo, options.repo, options.entry);
  const { ref: base, label: baseLabel } =
    options.base === undefined ? await defaultSpecBase(repo) : { ref: options.base, label: options.base };
  const baseCommit = await resolveCommit(repo, base);
  const after = await bundleSpec(join(repo, entry), { root: repo, checkStructure: true });
  const scratch = mkdtempSync(join(tmpdir(), "devrev-kit-spec-base-"));
  try {
    const baseEntry = await checkoutSpecAtRef(repo, baseCommit, entry, scratch);
    const before = baseEntry === undefined ? emptySpec : await bundleBase(baseEntry, scratch, base);
    // Identical documents need no optic run (it takes a few seconds to start).
    const result = isDeepStrictEqual(before, after) ? noChanges : await compareSpecs(before, after);
    const packages = readPublishedPackages(repo);
    const regenerated = regeneratedPackages(packages, await changedFilesSince(repo, baseCommit));
    const releases = specReleases(packages, changeKind(result), regenerated);
    const baseHadSpec = baseEntry !== undefined;
    return { base, baseLabel, baseCommit, entry, baseHadSpec, result, releases };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The spec at the base ref, checked out under `scratch`; a message about it says which ref it is. */
async function bundleBase(entryPath: string, scratch: string, base: string): Promise<JsonObject> {
  try {
    return await bundleSpec(entryPath, { root: scratch, checkStructure: true });
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`the spec at ${base}: ${error.message}`);
    throw error;
  }
}

/**
 * The entry as a repository-relative path with forward slashes, as git names files: `--spec` is read from
 * the folder it was given in (`./openapi/devrev.yaml`, an absolute path, `../openapi/...` from a subfolder).
 */
function repoRelative(repo: string, cwd: string, entry: string | undefined): string {
  if (entry === undefined) return specEntry;
  const path = relative(realPath(repo), realPath(resolve(cwd, entry)))
    .split(sep)
    .join("/");
  if (path === "" || path.startsWith("../") || isAbsolute(path)) {
    throw new UsageError(`--spec ${entry} is not a file inside the repository ${repo}.`);
  }
  return path;
}

/** `path` with symlinks resolved (a temp folder may be one), or as given when it does not exist. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function changeKind(result: OpticDiffResult): SpecChangeKind {
  if (result.breaking) return "breaking";
  return result.changes.length > 0 ? "compatible" : "none";
}

async function compareSpecs(before: JsonObject, after: JsonObject): Promise<OpticDiffResult> {
  const { findings, taggedUnions } = reviewWireRules(before, after);
  return mergeWireRuleChanges(await opticDiff(before, after), findings, taggedUnions);
}

const directionOrder = ["operation", "request", "response", "document"] as const;

const REASON_INDENT = " ".repeat(22);

function placeOf(change: SpecChange): string {
  return [change.operation, change.location].filter(Boolean).join("  ");
}

/**
 * Each change on its line; the rules it failed once below the group of the same change at other places (one
 * shared schema edited reaches many), worded for the first place.
 */
function formatChangeGroup(group: readonly SpecChange[]): string[] {
  const lines = group.map((change) => {
    const verdict = change.breaking.length > 0 ? "BREAKING" : "ok";
    return `  ${verdict.padEnd(10)}${change.direction.padEnd(10)}${placeOf(change)}: ${change.change}`;
  });
  const [first] = group as [SpecChange];
  const said = group.length > 1 ? ` (said of the first of these ${group.length} places)` : "";
  for (const reason of first.breaking) lines.push(`${REASON_INDENT}${reason}${said}`);
  return lines;
}

/** The human summary `pnpm spec:diff` prints. */
export function formatSpecDiff(report: SpecDiffReport): string {
  const { result } = report;
  const header = [
    `spec:diff ${report.entry}: ${report.baseLabel} (${report.baseCommit.slice(0, 7)}) -> working tree`,
    report.baseHadSpec
      ? undefined
      : `  (${report.entry} did not exist at ${report.base}: every operation is new)`,
    result.checksRun > 0
      ? `optic --check: ${result.checksRun} checks run, ${result.checksFailed} failed`
      : undefined,
  ].filter((line) => line !== undefined);
  if (result.changes.length === 0 && !result.breaking) {
    return [...header, "", "No changes."].join("\n");
  }
  const sorted = [...result.changes].sort(
    (a, b) =>
      Number(b.breaking.length > 0) - Number(a.breaking.length > 0) ||
      directionOrder.indexOf(a.direction) - directionOrder.indexOf(b.direction) ||
      (a.operation ?? "").localeCompare(b.operation ?? ""),
  );
  const breaking = sorted.filter((change) => change.breaking.length > 0);
  const byDirection = directionOrder
    .map(
      (direction) => [direction, breaking.filter((change) => change.direction === direction).length] as const,
    )
    .filter(([, count]) => count > 0)
    .map(([direction, count]) => `${count} ${direction}`);
  const lines = [...header, "", ...groupChanges(sorted).flatMap(formatChangeGroup), ""];
  lines.push(
    `${sorted.length} change${sorted.length === 1 ? "" : "s"}: ${breaking.length} breaking` +
      (byDirection.length > 0 ? ` (${byDirection.join(", ")})` : "") +
      `, ${sorted.length - breaking.length} not breaking.`,
  );
  if (result.breaking && breaking.length === 0) {
    // optic failed a check we could not place: show its own report rather than hide it.
    lines.push("optic reported a breaking change; its output:", result.output);
  }
  lines.push(...formatSpecReleases(report.releases));
  return lines.join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      base: { type: "string" },
      spec: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log("usage: pnpm spec:diff [--base <git ref>] [--spec openapi/devrev.yaml] [--json]");
    return 0;
  }
  const report = await diffSpec({ repo: invocationDir(), base: values.base, entry: values.spec });
  const note = await generatedCodeNote(await gitTopLevel(invocationDir()));
  if (values.json) {
    const { output: _output, ...result } = report.result;
    console.log(JSON.stringify({ ...report, result, notes: note === undefined ? [] : [note] }, null, 2));
  } else {
    console.log(formatSpecDiff(report));
    if (note !== undefined) console.log(note);
  }
  return report.result.breaking ? 1 : 0;
}

if (import.meta.main) runMain(main);
