// What the spec would generate now against what is on disk, in memory: `check:generated` fails on a
// difference, and `spec:diff` notes one (it compares specs, so a spec edited without `pnpm generate` would
// otherwise look released while the packages still carry the old code).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { findStrayGeneratedFiles } from "./owned-files.ts";
import { type GeneratedFile, runCodegen } from "./run-codegen.ts";
import type { CodegenConfig } from "./types.ts";

export interface GeneratedComparison {
  files: GeneratedFile[];
  /** Files whose committed contents differ, `(missing)` after those not on disk. */
  stale: string[];
  /** Generated-looking files beside the outputs that the config no longer lists. */
  stray: string[];
}

/** Regenerates in memory (linting first: SpecLintError) and compares file by file with the disk. */
export async function compareGenerated(
  config: CodegenConfig,
  rootDir: string,
  only?: string,
): Promise<GeneratedComparison> {
  const files = await runCodegen(config, rootDir, only);
  const stale: string[] = [];
  for (const file of files) {
    const committed = await readFile(join(rootDir, file.path), "utf8").catch(() => undefined);
    if (committed !== file.contents)
      stale.push(committed === undefined ? `${file.path} (missing)` : file.path);
  }
  const stray = await findStrayGeneratedFiles(
    rootDir,
    files.map((file) => file.path),
    only,
  );
  return { files, stale, stray };
}
