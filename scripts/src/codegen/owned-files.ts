// Which files on disk belong to the generator. Generated files are named `<name>.gen.<ext>` and live beside
// the other outputs of the config (packages/*/src/generated/); one there that the config no longer lists
// was left by an output since removed or renamed, and nothing will update it again.
import { readdir } from "node:fs/promises";
import { join, posix } from "node:path";

const GENERATED_NAME = /\.gen\./;

/** Where generated files sit, whether or not the config still writes there (repository-relative). */
const GENERATED_FOLDERS = { parent: "packages", child: "src/generated" };

/**
 * Files named like generated output in the folders `written` (repository-relative paths, as the config
 * lists them) are in, or in any `packages/*\/src/generated/` (under `only`, when given: a folder whose last
 * output was removed is still the generator's), that `written` does not include; repository-relative and
 * sorted.
 */
export async function findStrayGeneratedFiles(
  rootDir: string,
  written: readonly string[],
  only?: string,
): Promise<string[]> {
  const expected = new Set(written);
  const folders = new Set(written.map((path) => posix.dirname(path)));
  const packages = await readdir(join(rootDir, GENERATED_FOLDERS.parent), { withFileTypes: true }).catch(
    () => [],
  );
  const prefix = only?.replace(/\/+$/, "");
  for (const entry of packages) {
    if (!entry.isDirectory()) continue;
    const folder = posix.join(GENERATED_FOLDERS.parent, entry.name, GENERATED_FOLDERS.child);
    if (prefix === undefined || folder === prefix || folder.startsWith(`${prefix}/`)) folders.add(folder);
  }
  const stray: string[] = [];
  for (const folder of folders) {
    const entries = await readdir(join(rootDir, folder), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = posix.join(folder, entry.name);
      if (entry.isFile() && GENERATED_NAME.test(entry.name) && !expected.has(path)) stray.push(path);
    }
  }
  return stray.sort();
}
