/**
 * Regenerates everything derived from the spec, as listed in codegen.config.ts.
 *
 *   node scripts/src/generate.ts [--only <directory>]
 *
 * `--only packages/types` limits the run to outputs under that directory
 * (each package's `generate` script passes its own).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { loadCodegenConfig, repositoryRoot } from "./codegen/load-config.ts";
import { SpecLintError } from "./codegen/prepare-spec.ts";
import { runCodegen } from "./codegen/run-codegen.ts";

const started = performance.now();
const { values } = parseArgs({ options: { only: { type: "string" } } });

try {
  const files = await runCodegen(await loadCodegenConfig(), repositoryRoot, values.only);
  const changed: string[] = [];
  for (const file of files) {
    const target = join(repositoryRoot, file.path);
    const current = await readFile(target, "utf8").catch(() => undefined);
    if (current === file.contents) continue;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.contents);
    changed.push(file.path);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const summary = changed.length === 0 ? "all up to date" : `updated ${changed.join(", ")}`;
  console.log(`generate: ${files.length} file(s), ${summary} (${seconds} s)`);
} catch (error) {
  if (!(error instanceof SpecLintError)) throw error;
  console.error(`generate: ${error.message}`);
  process.exitCode = 1;
}
