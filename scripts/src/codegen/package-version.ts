import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The installed version of a dependency, read from its package.json. Found
 * by walking up from the package's entry point, since not every package
 * exports its package.json.
 */
export function installedVersion(packageName: string): string {
  let directory = dirname(fileURLToPath(import.meta.resolve(packageName)));
  while (true) {
    try {
      const manifest: unknown = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
      if (
        typeof manifest === "object" &&
        manifest !== null &&
        "name" in manifest &&
        manifest.name === packageName
      ) {
        return "version" in manifest && typeof manifest.version === "string" ? manifest.version : "unknown";
      }
    } catch {
      // No package.json at this level; keep walking up.
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`Could not find the package.json of ${packageName}`);
    directory = parent;
  }
}
