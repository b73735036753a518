// Prints one closing line for the whole test run, summed from each project's vitest JSON report.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { listWorkspacePackages, repoRoot } from "./workspace.ts";

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

// `--clean`, before a run: removes every report, so that the summary after it counts only this run's
// (turbo restores a cached task's report; a task that failed before writing one has none to count).
if (process.argv.includes("--clean")) {
  for (const { dir } of listWorkspacePackages()) rmSync(join(dir, "test-results.json"), { force: true });
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const rows: string[] = [];
for (const { dir, manifest } of listWorkspacePackages()) {
  const file = join(dir, "test-results.json");
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8")) as VitestJsonReport;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  rows.push(
    `  ${manifest.name.padEnd(30)} ${String(report.numPassedTests).padStart(5)} passed  (${relative(repoRoot, file)})`,
  );
}
console.log(rows.join("\n"));
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
