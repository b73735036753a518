import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { CodegenConfig } from "./types.ts";

/** The repository root: every path in the codegen config is relative to it. */
export const repositoryRoot = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));

export async function loadCodegenConfig(): Promise<CodegenConfig> {
  const module: { default: CodegenConfig } = await import("../../../codegen.config.ts");
  return module.default;
}
