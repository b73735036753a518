// The packages this repository publishes, read from their manifests under packages/.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface PublishedPackage {
  name: string;
  version: string;
  /** Repository-relative folder, e.g. `packages/types`. */
  dir: string;
  /** Published packages it depends on (dependencies and peerDependencies). */
  uses: string[];
}

/** Every non-private package under packages/ of the repository, sorted by name. */
export function readPublishedPackages(repo: string): PublishedPackage[] {
  const parent = join(repo, "packages");
  if (!existsSync(parent)) return [];
  const found: PublishedPackage[] = [];
  for (const entry of readdirSync(parent, { withFileTypes: true })) {
    const manifestPath = join(parent, entry.name, "package.json");
    if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
      name?: string;
      version?: string;
      private?: boolean;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    if (manifest.private === true || !manifest.name) continue;
    const uses = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
    found.push({
      name: manifest.name,
      version: manifest.version ?? "0.0.0",
      dir: `packages/${entry.name}`,
      uses,
    });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
