// Finds the Node.js binaries to run the consumer projects under: the one running the tests (the
// project's Node 24, from .toolchain/ when the machine's is older), the oldest Node the packages
// support (which ./dev installs into .toolchain/node-floor/), and the machine's own Node, which is
// what a user's CI or laptop would have (Node 20 here, Node 22 on one of our CI legs).
import { execFileSync } from "node:child_process";
import { accessSync, constants, readFileSync, realpathSync } from "node:fs";
import { delimiter, dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export interface NodeBinary {
  path: string;
  version: string;
  /** How it was found, for test names and messages. */
  origin: "running the tests" | "floor" | "system" | "DEVREV_CONSUMER_NODES";
}

/**
 * The Nodes the packages support (`engines.node`): those where require() of an ES module works without a
 * flag, 20.19 and later on the 20 line and 22.12 and later (Node 21 and 22.0 to 22.11 need the flag).
 */
export const supportedNodes = "^20.19.0 || >=22.12.0";
/** The oldest of them. */
export const minimumNode = "20.19.0";

export function isSupportedNode(version: string): boolean {
  const major = Number(version.split(".")[0]);
  return major === 20 ? compareVersions(version, minimumNode) >= 0 : compareVersions(version, "22.12.0") >= 0;
}

const consumersDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The Node 20 release pinned for the consumer tests; scripts/bootstrap.sh installs this one. */
export const floorNodeVersion = readFileSync(join(consumersDir, "floor-node-version"), "utf8").trim();

/** Where scripts/bootstrap.sh installs it (`npm install node@<floorNodeVersion>`). */
export const floorNodePath = join(consumersDir, "../../.toolchain/node-floor/node_modules/.bin/node");

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Directories that hold project-local tool shims rather than the machine's Node. */
function isProjectLocal(dir: string): boolean {
  return (
    dir.includes(`${sep}.toolchain${sep}`) ||
    dir.includes(`${sep}node_modules${sep}`) ||
    dir.endsWith(`${sep}.bin`)
  );
}

export function versionOf(nodePath: string): string {
  return execFileSync(nodePath, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The machine's `node` executables: every `node` on PATH outside project-local tool folders, plus
 * the usual install locations, deduplicated by real path.
 */
export function systemNodeCandidates(pathVariable = process.env["PATH"] ?? ""): string[] {
  const dirs = pathVariable.split(delimiter).filter((dir) => dir !== "" && !isProjectLocal(dir));
  const candidates = [
    ...dirs.map((dir) => join(dir, "node")),
    "/usr/bin/node",
    "/usr/local/bin/node",
    "/bin/node",
  ];
  const seen = new Set<string>();
  const found: string[] = [];
  for (const candidate of candidates) {
    if (!isExecutable(candidate)) continue;
    const real = realpathSync(candidate);
    if (seen.has(real)) continue;
    seen.add(real);
    found.push(candidate);
  }
  return found;
}

/**
 * The Node binaries to test with, one per distinct version: the running one first, then the floor
 * Node (when installed; the tests fail without it), then the machine's. `DEVREV_CONSUMER_NODES`
 * (paths separated by the PATH delimiter) adds more.
 * Nodes outside {@link supportedNodes} are returned in `unsupported`, not silently dropped.
 */
export function findNodeBinaries(): { nodes: NodeBinary[]; unsupported: NodeBinary[] } {
  const all: NodeBinary[] = [
    { path: process.execPath, version: process.versions.node, origin: "running the tests" },
  ];
  if (isExecutable(floorNodePath))
    all.push({ path: floorNodePath, version: versionOf(floorNodePath), origin: "floor" });
  for (const path of systemNodeCandidates()) all.push({ path, version: versionOf(path), origin: "system" });
  for (const path of (process.env["DEVREV_CONSUMER_NODES"] ?? "").split(delimiter).filter(Boolean)) {
    all.push({ path, version: versionOf(path), origin: "DEVREV_CONSUMER_NODES" });
  }
  const byVersion = new Map<string, NodeBinary>();
  for (const node of all) if (!byVersion.has(node.version)) byVersion.set(node.version, node);
  const distinct = [...byVersion.values()];
  return {
    nodes: distinct.filter((node) => isSupportedNode(node.version)),
    unsupported: distinct.filter((node) => !isSupportedNode(node.version)),
  };
}
