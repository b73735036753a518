// spec:diff compares specs, not the code generated from them: a spec edited without `pnpm generate` (or one
// that fails the lint `generate` stops on) would read as ready to release while the packages carry the old
// code. check:generated fails on it in CI; this says so where the maintainer is looking.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { compareGenerated } from "../codegen/compare-generated.ts";
import { loadCodegenConfig } from "../codegen/load-config.ts";
import { SpecLintError } from "../codegen/prepare-spec.ts";

/** A note when the generated files under `repo` are not what its spec makes now; undefined when they are. */
export async function generatedCodeNote(repo: string): Promise<string | undefined> {
  const configPath = join(repo, "codegen.config.ts");
  if (!existsSync(configPath)) return undefined;
  const { config, rootDir } = await loadCodegenConfig(configPath);
  try {
    const { stale, stray } = await compareGenerated(config, rootDir);
    const differing = [...stale, ...stray];
    if (differing.length === 0) return undefined;
    return `note: the generated code does not match this spec (${differing.join(", ")}): run \`pnpm generate\` and commit it with the spec.`;
  } catch (error) {
    if (!(error instanceof SpecLintError)) throw error;
    return `note: the spec fails the lint \`pnpm generate\` stops on:\n${error.message}`;
  }
}
