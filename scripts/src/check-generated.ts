/**
 * Fails when committed generated files differ from what the spec produces now.
 *
 *   node scripts/src/check-generated.ts [--only <directory>] [--config <codegen config>]
 *
 * Regenerates in memory and compares file by file with what is on disk; on
 * a mismatch it names the stale files and the command that refreshes them
 * (whose result `git diff` shows). It writes nothing, so no run, passed,
 * failed or crashed, leaves a scratch folder behind. A
 * generated file (`*.gen.*`) beside the outputs that the config no longer
 * lists fails it too. A spec that cannot be read is one line naming the
 * file (exit 2).
 */
import { parseArgs } from "node:util";
import { compareGenerated } from "./codegen/compare-generated.ts";
import { loadCodegenConfig } from "./codegen/load-config.ts";
import { SpecLintError } from "./codegen/prepare-spec.ts";
import { runMain } from "./usage-error.ts";

const FIX_COMMAND = "pnpm generate";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: "string" }, config: { type: "string" } } });
  const { config, rootDir } = await loadCodegenConfig(values.config);
  try {
    const { files, stale, stray } = await compareGenerated(config, rootDir, values.only);
    if (stale.length === 0 && stray.length === 0) {
      console.log(`check:generated: ${files.length} generated file(s) match the spec.`);
      return 0;
    }
    if (stale.length > 0) {
      console.error(`check:generated: ${stale.length} generated file(s) are out of date with the spec:`);
      for (const path of stale) console.error(`  ${path}`);
      console.error(`Run \`${FIX_COMMAND}\`, review the change with \`git diff\`, and commit the result.`);
    }
    if (stray.length > 0) {
      console.error(
        `check:generated: ${stray.length} file(s) look generated but the generator no longer writes them:`,
      );
      for (const path of stray) console.error(`  ${path}`);
      console.error(`Delete them, or run \`${FIX_COMMAND}\`, which deletes them, and commit the result.`);
    }
    return 1;
  } catch (error) {
    if (!(error instanceof SpecLintError)) throw error;
    console.error(`check:generated: ${error.message}`);
    return 1;
  }
}

runMain(main);
