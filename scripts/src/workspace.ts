import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, whichever folder a script is started from. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface WorkspacePackage {
  dir: string;
  manifest: {
    name: string;
    private?: boolean;
    version: string;
    [key: string]: unknown;
  };
}

const workspaceFolders = ["packages", "tests", "examples"];
const workspaceDirs = ["scripts", "bench"];

/** Every workspace package (not the root), read from disk. */
export function listWorkspacePackages(): WorkspacePackage[] {
  const dirs = workspaceDirs.map((dir) => join(repoRoot, dir));
  for (const folder of workspaceFolders) {
    const parent = join(repoRoot, folder);
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(join(parent, entry.name));
    }
  }
  return dirs
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }));
}

/** The packages we publish to npm. */
export function listPublicPackages(): WorkspacePackage[] {
  return listWorkspacePackages().filter((pkg) => pkg.manifest.private !== true);
}
