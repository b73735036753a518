// node scripts/src/check-packages.ts [package dir...]
//
// Packs every public package with `pnpm pack` (the tarball `pnpm publish` would upload) and checks
// the tarball three ways: publint (package.json against the files), arethetypeswrong (can TypeScript
// find the types under node10, node16/nodenext from CJS and from ESM, and bundler resolution), and
// our own publish rules (no workspace ranges, dist present, no test files).
//
// The packages are ESM-only with `engines.node` `^20.19.0 || >=22.12.0`, where `require()` of an ES module works
// without a flag. attw models TypeScript 5.6, which predates TypeScript's own support for that (5.8,
// `module: node20`/`nodenext`), so it flags every require as CJSResolvesToESM. We ignore exactly that
// rule, and only that rule; tests/consumers proves the require() path for real on Node 20 and 24.
// node10 resolution ("moduleResolution": "node") is deprecated in TypeScript 6 and is reported but
// not required (attw's "node16" profile).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { inspectTarball, packPackage, type TarballReport } from "./package-tarball.ts";
import { runCommand } from "./run-command.ts";
import { runMain } from "./usage-error.ts";
import { listPublicPackages } from "./workspace.ts";

const requireFromHere = createRequire(import.meta.url);

/** attw's resolution kinds, in the order the table shows them, with what a user would call them. */
export const resolutionColumns = [
  ["node16-esm", "import (node16/nodenext ESM)"],
  ["node16-cjs", "require (nodenext/node20 CJS)"],
  ["bundler", "bundler"],
  ["node10", "node10 (not required)"],
] as const;

type ResolutionKind = (typeof resolutionColumns)[number][0];

/** The one attw rule we ignore, and why (see the header comment). */
const ignoredProblemKinds = new Set(["CJSResolvesToESM"]);
const ignoredResolutions = new Set<ResolutionKind>(["node10"]);

interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: ResolutionKind;
}

interface AttwJson {
  analysis: {
    types: unknown;
    entrypoints: Record<
      string,
      {
        resolutions: Partial<
          Record<ResolutionKind, { resolution?: { fileName?: string; isJson?: boolean } }>
        >;
      }
    >;
    problems?: AttwProblem[];
  };
}

export interface AttwReport {
  /** Entrypoint (".", "./validators", ...) -> resolution kind -> cell text. */
  table: Record<string, Record<ResolutionKind, string>>;
  failures: string[];
}

export interface PackageCheck {
  name: string;
  version: string;
  tarball: TarballReport;
  publint: { failures: string[]; suggestions: string[] };
  attw: AttwReport;
  problems: string[];
}

async function runPublint(tarballPath: string): Promise<PackageCheck["publint"]> {
  const bytes = readFileSync(tarballPath);
  const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const { messages, pkg } = await publint({ pack: { tarball }, level: "suggestion", strict: true });
  const describe = (message: (typeof messages)[number]) =>
    `${message.code}: ${formatMessage(message, pkg, { color: false }) ?? message.path.join(".")}`;
  return {
    failures: messages.filter((message) => message.type !== "suggestion").map(describe),
    suggestions: messages.filter((message) => message.type === "suggestion").map(describe),
  };
}

function attwBin(): string {
  return join(dirname(requireFromHere.resolve("@arethetypeswrong/cli/package.json")), "dist", "index.js");
}

async function runAttw(tarballPath: string): Promise<AttwReport> {
  const result = await runCommand(
    process.execPath,
    [
      attwBin(),
      tarballPath,
      "--format",
      "json",
      "--profile",
      "node16",
      "--ignore-rules",
      "cjs-resolves-to-esm",
    ],
    { cwd: dirname(tarballPath), env: { NO_COLOR: "1", FORCE_COLOR: "0" }, timeoutMs: 120_000 },
  );
  let json: AttwJson;
  try {
    json = JSON.parse(result.stdout) as AttwJson;
  } catch {
    return {
      table: {},
      failures: [`attw did not run (exit ${result.code}): ${result.stderr || result.stdout}`],
    };
  }
  const problems = json.analysis.problems ?? [];
  const failures: string[] = [];
  // attw passes a package with no types at all; a TypeScript package must ship them.
  if (!json.analysis.types) failures.push("attw found no type declarations in the package");
  const table: AttwReport["table"] = {};
  for (const [entrypoint, { resolutions }] of Object.entries(json.analysis.entrypoints)) {
    const row = {} as Record<ResolutionKind, string>;
    for (const [kind] of resolutionColumns) {
      const here = problems.filter(
        (problem) => problem.entrypoint === entrypoint && problem.resolutionKind === kind,
      );
      const blocking = here.filter((problem) => !ignoredProblemKinds.has(problem.kind));
      if (!resolutions[kind]) {
        row[kind] = "-";
      } else if (blocking.length > 0) {
        row[kind] = `✗ ${blocking.map((problem) => problem.kind).join(", ")}`;
        if (!ignoredResolutions.has(kind)) {
          failures.push(`${entrypoint} under ${kind}: ${blocking.map((problem) => problem.kind).join(", ")}`);
        }
      } else if (here.length > 0) {
        row[kind] = "ok (require(esm))";
      } else {
        row[kind] = resolutions[kind]?.resolution?.isJson ? "ok (json)" : "ok";
      }
    }
    table[entrypoint] = row;
  }
  // Problems not tied to one entrypoint and resolution (rare) still count.
  for (const problem of problems) {
    if (problem.entrypoint === undefined && !ignoredProblemKinds.has(problem.kind))
      failures.push(problem.kind);
  }
  if (result.code !== 0 && failures.length === 0) failures.push(`attw exited ${result.code}`);
  return { table, failures };
}

/** Packs one package folder and runs every check on the tarball. */
export async function checkPackage(packageDir: string, scratch: string): Promise<PackageCheck> {
  const tarball = inspectTarball(await packPackage(packageDir, scratch));
  const [lint, attw] = [await runPublint(tarball.tarball), await runAttw(tarball.tarball)];
  const problems = [
    ...tarball.problems,
    ...lint.failures.map((failure) => `publint ${failure}`),
    ...attw.failures.map((failure) => `attw ${failure}`),
  ];
  return { name: tarball.name, version: tarball.version, tarball, publint: lint, attw, problems };
}

export async function checkPackages(packageDirs: readonly string[]): Promise<PackageCheck[]> {
  const scratch = mkdtempSync(join(tmpdir(), "devrev-kit-check-packages-"));
  try {
    const checks: PackageCheck[] = [];
    for (const dir of packageDirs) checks.push(await checkPackage(dir, scratch));
    return checks;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The attw result of several packages as one table: a row per package entrypoint. */
export function formatAttwTable(checks: readonly PackageCheck[]): string {
  const header = ["entrypoint", ...resolutionColumns.map(([, label]) => label)];
  const rows = checks.flatMap((check) =>
    Object.entries(check.attw.table).map(([entrypoint, row]) => [
      entrypoint === "." ? check.name : `${check.name}${entrypoint.slice(1)}`,
      ...resolutionColumns.map(([kind]) => row[kind]),
    ]),
  );
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

export function formatPackageChecks(checks: readonly PackageCheck[]): string {
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(
      `${check.name}@${check.version}  ${basename(check.tarball.tarball)}  ${check.tarball.files.length} files`,
      `  publint: ${check.publint.failures.length === 0 ? "ok" : `${check.publint.failures.length} problem(s)`}` +
        (check.publint.suggestions.length > 0 ? `, ${check.publint.suggestions.length} suggestion(s)` : ""),
    );
    for (const suggestion of check.publint.suggestions) lines.push(`    suggestion ${suggestion}`);
    for (const problem of check.problems) lines.push(`  FAIL ${problem}`);
  }
  lines.push(
    "",
    "attw (profile node16; ignores only cjs-resolves-to-esm: Node >= 20.19 require()s ES modules):",
    formatAttwTable(checks),
    "",
  );
  const failed = checks.filter((check) => check.problems.length > 0);
  lines.push(
    failed.length === 0
      ? `OK: ${checks.length} packages pass publint, attw and the publish rules.`
      : `FAIL: ${failed.map((check) => check.name).join(", ")}`,
  );
  return lines.join("\n");
}

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, strict: true });
  const dirs =
    positionals.length > 0
      ? positionals.map((dir) => resolve(dir))
      : listPublicPackages().map((pkg) => pkg.dir);
  const checks = await checkPackages(dirs);
  console.log(formatPackageChecks(checks));
  return checks.every((check) => check.problems.length === 0) ? 0 : 1;
}

if (import.meta.main) runMain(main);
