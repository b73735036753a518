/**
 * Fails when committed generated files differ from what the spec produces now.
 *
 *   node scripts/src/check-generated.ts [--only <directory>]
 *
 * Regenerates into a scratch directory and compares file by file; on a
 * mismatch it names the stale files and the command that refreshes them,
 * and leaves the fresh copies in the scratch directory for a diff.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { loadCodegenConfig, repositoryRoot } from "./codegen/load-config.ts";
import { SpecLintError } from "./codegen/prepare-spec.ts";
import { runCodegen } from "./codegen/run-codegen.ts";

const FIX_COMMAND = "pnpm generate";
const { values } = parseArgs({ options: { only: { type: "string" } } });

try {
  const files = await runCodegen(await loadCodegenConfig(), repositoryRoot, values.only);
  const scratch = await mkdtemp(join(tmpdir(), "devrev-kit-generated-"));
  const stale: string[] = [];
  for (const file of files) {
    const fresh = join(scratch, file.path);
    await mkdir(dirname(fresh), { recursive: true });
    await writeFile(fresh, file.contents);
    const committed = await readFile(join(repositoryRoot, file.path), "utf8").catch(() => undefined);
    if (committed !== file.contents)
      stale.push(committed === undefined ? `${file.path} (missing)` : file.path);
  }
  if (stale.length === 0) {
    await rm(scratch, { recursive: true, force: true });
    console.log(`check:generated: ${files.length} generated file(s) match the spec.`);
  } else {
    console.error(`check:generated: ${stale.length} generated file(s) are out of date with the spec:`);
    for (const path of stale) console.error(`  ${path}`);
    console.error(`Run \`${FIX_COMMAND}\` and commit the result. Fresh copies for comparison: ${scratch}`);
    process.exitCode = 1;
  }
} catch (error) {
  if (!(error instanceof SpecLintError)) throw error;
  console.error(`check:generated: ${error.message}`);
  process.exitCode = 1;
}
