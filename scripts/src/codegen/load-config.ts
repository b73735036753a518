import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { CodegenConfig } from "./types.ts";

/** The repository root: every path in the codegen config is relative to it. */
export const repositoryRoot = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));

/** The repository's codegen config. */
export const defaultConfigPath = join(repositoryRoot, "codegen.config.ts");

export interface LoadedCodegenConfig {
  config: CodegenConfig;
  /** The folder holding the config, which its paths are relative to. */
  rootDir: string;
}

/** Loads a codegen config (the repository's unless `path` names another, as the scripts' tests do). */
export async function loadCodegenConfig(path = defaultConfigPath): Promise<LoadedCodegenConfig> {
  const absolute = resolve(path);
  const module: { default: CodegenConfig } = await import(pathToFileURL(absolute).href);
  return { config: module.default, rootDir: dirname(absolute) };
}
