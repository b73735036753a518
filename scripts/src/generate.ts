/**
 * Regenerates everything derived from the spec, as listed in codegen.config.ts.
 *
 *   node scripts/src/generate.ts [--only <directory>] [--config <codegen config>]
 *
 * `--only packages/types` limits the run to outputs under that directory
 * (each package's `generate` script passes its own). Generated files
 * (`*.gen.*`) beside the outputs that the config no longer lists are deleted.
 * A spec that cannot be read is one line naming the file (exit 2); lint
 * problems are listed (exit 1).
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { loadCodegenConfig } from "./codegen/load-config.ts";
import { findStrayGeneratedFiles } from "./codegen/owned-files.ts";
import { SpecLintError } from "./codegen/prepare-spec.ts";
import { runCodegen } from "./codegen/run-codegen.ts";
import { runMain } from "./usage-error.ts";

async function main(): Promise<number> {
  const started = performance.now();
  const { values } = parseArgs({ options: { only: { type: "string" }, config: { type: "string" } } });
  const { config, rootDir } = await loadCodegenConfig(values.config);
  try {
    const files = await runCodegen(config, rootDir, values.only);
    const changed: string[] = [];
    for (const file of files) {
      const target = join(rootDir, file.path);
      const current = await readFile(target, "utf8").catch(() => undefined);
      if (current === file.contents) continue;
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.contents);
      changed.push(file.path);
    }
    const stray = await findStrayGeneratedFiles(
      rootDir,
      files.map((file) => file.path),
      values.only,
    );
    for (const path of stray) await rm(join(rootDir, path));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const summary = [
      changed.length === 0 ? "all up to date" : `updated ${changed.join(", ")}`,
      stray.length === 0 ? undefined : `deleted ${stray.join(", ")} (no longer generated)`,
    ].filter((part) => part !== undefined);
    console.log(`generate: ${files.length} file(s), ${summary.join("; ")} (${seconds} s)`);
    return 0;
  } catch (error) {
    if (!(error instanceof SpecLintError)) throw error;
    console.error(`generate: ${error.message}`);
    return 1;
  }
}

runMain(main);
