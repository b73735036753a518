import { prepareSpec } from "./prepare-spec.ts";
import type { CodegenConfig } from "./types.ts";

export interface GeneratedFile {
  /** Relative to the repository root. */
  path: string;
  contents: string;
}

/**
 * Lints and bundles the spec once, then runs every output of the config (or
 * only those whose files lie under `only`) and returns the files to write.
 */
export async function runCodegen(
  config: CodegenConfig,
  rootDir: string,
  only?: string,
): Promise<GeneratedFile[]> {
  const input = await prepareSpec(rootDir, config.spec, config.redoclyConfig);
  const selected = config.outputs.filter(
    (output) => only === undefined || output.files.some((file) => isUnder(file, only)),
  );
  const files: GeneratedFile[] = [];
  for (const output of selected) {
    const contents = await output.emit(input);
    if (contents.length !== output.files.length) {
      throw new Error(
        `Output for ${output.files.join(", ")} returned ${contents.length} file(s), expected ${output.files.length}`,
      );
    }
    output.files.forEach((path, index) => {
      files.push({ path, contents: contents[index] ?? "" });
    });
  }
  return files;
}

function isUnder(file: string, directory: string): boolean {
  const prefix = directory.replace(/\/+$/, "");
  return file === prefix || file.startsWith(`${prefix}/`);
}
