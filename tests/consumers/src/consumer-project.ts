// Builds throwaway consumer projects the way a user would: the packed tarballs (not workspace links)
// installed with a package manager into a fresh folder, type-checked with the user's tsconfig,
// compiled or bundled, and run under a given Node.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { NodeBinary } from "./node-binaries.ts";

const execFileAsync = promisify(execFile);
const requireFromHere = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

export const repoRoot = resolve(here, "../../..");
export const templatesDir = resolve(here, "../projects");

export interface PackedPackage {
  name: string;
  version: string;
  tarball: string;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

export interface ConsumerProjectSpec {
  /** Folder under projects/ and the project's name. */
  name: string;
  /** What kind of user it stands for. */
  description: string;
  /** `tsc -p tsconfig.json` first (type-check, and emit when the tsconfig says so). */
  typescript: boolean;
  /** Bundle `src/main.ts` with esbuild into `dist/main.mjs` (what a bundler user ships). */
  bundle: boolean;
  /** The file `node` runs, relative to the project. */
  entry: string;
  /**
   * Registry packages the project adds to the tarballs (name → exact version). Each must be in the pnpm
   * store already, as one of this package's own devDependencies, so that the install stays offline.
   */
  dependencies?: Record<string, string> | undefined;
}

/** The pnpm running these tests (`npm_execpath` under `pnpm run`), else `pnpm` from PATH. */
function pnpm(): { file: string; args: string[] } {
  const execPath = process.env["npm_execpath"];
  if (execPath && /pnpm\.[cm]?js$/.test(execPath)) return { file: process.execPath, args: [execPath] };
  return { file: "pnpm", args: [] };
}

async function run(
  file: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 120_000,
): Promise<CommandOutput> {
  try {
    return await execFileAsync(file, args, {
      cwd,
      timeout: timeoutMs,
      maxBuffer: 32 * 1024 * 1024,
      env: { ...process.env, npm_config_update_notifier: "false", FORCE_COLOR: "0" },
    });
  } catch (error) {
    const failed = error as Error & Partial<CommandOutput> & { code?: unknown };
    throw new Error(
      `\`${[file, ...args].join(" ")}\` failed in ${cwd} (${String(failed.code)}):\n${failed.stderr ?? ""}${failed.stdout ?? ""}`,
    );
  }
}

/** Every non-private package under packages/. */
export function publicPackageDirs(): string[] {
  const parent = join(repoRoot, "packages");
  return readdirSync(parent)
    .map((name) => join(parent, name))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .filter((dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).private !== true)
    .sort();
}

/** `pnpm pack` for every public package: the exact tarballs `pnpm publish` would upload. */
export async function packAll(destination: string): Promise<PackedPackage[]> {
  mkdirSync(destination, { recursive: true });
  const packed: PackedPackage[] = [];
  for (const dir of publicPackageDirs()) {
    const { file, args } = pnpm();
    const { stdout } = await run(file, [...args, "pack", "--pack-destination", destination, "--json"], dir);
    const json = JSON.parse(stdout.slice(stdout.indexOf("{"))) as {
      name: string;
      version: string;
      filename: string;
    };
    packed.push({ name: json.name, version: json.version, tarball: json.filename });
  }
  return packed;
}

/** The workspace's @types/node version: already in the pnpm store, so the consumer install can stay offline. */
function typesNodeVersion(): string {
  const manifest = requireFromHere("@types/node/package.json") as { version: string };
  return manifest.version;
}

/**
 * Copies a template into `workRoot/<name>`, points every @devrev-kit dependency (direct and
 * transitive, via pnpm overrides) at the tarballs, and installs, offline when the store has
 * everything (it normally does: openapi-fetch and @types/node come from the workspace install).
 */
export async function installConsumer(
  spec: ConsumerProjectSpec,
  packages: readonly PackedPackage[],
  workRoot: string,
): Promise<string> {
  const dir = join(workRoot, spec.name);
  cpSync(join(templatesDir, spec.name), dir, { recursive: true });
  if (spec.typescript) cpSync(join(templatesDir, "shared", "scenario.ts"), join(dir, "src", "scenario.ts"));
  const manifestPath = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>;
  const tarballs = Object.fromEntries(packages.map((pkg) => [pkg.name, `file:${pkg.tarball}`]));
  manifest["dependencies"] = { ...tarballs, ...spec.dependencies };
  manifest["devDependencies"] = { "@types/node": typesNodeVersion() };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const overrides = packages.map((pkg) => `  "${pkg.name}": "file:${pkg.tarball}"`).join("\n");
  // The registry packages a project adds run no install scripts: it uses them as libraries only.
  const noBuilds = Object.keys(spec.dependencies ?? {}).map((name) => `  "${name}": false`);
  const allowBuilds = noBuilds.length > 0 ? `allowBuilds:\n${noBuilds.join("\n")}\n` : "";
  writeFileSync(join(dir, "pnpm-workspace.yaml"), `overrides:\n${overrides}\n${allowBuilds}`);
  const { file, args } = pnpm();
  try {
    await run(file, [...args, "install", "--offline", "--reporter=silent"], dir);
  } catch {
    // Something was missing from the store: let pnpm fetch it, still preferring cached metadata.
    await run(file, [...args, "install", "--prefer-offline", "--reporter=silent"], dir);
  }
  return dir;
}

/** Type-checks (and, when the tsconfig emits, compiles) with the same TypeScript the repository uses. */
export async function typecheck(dir: string): Promise<CommandOutput> {
  const tsc = join(dirname(requireFromHere.resolve("typescript/package.json")), "bin", "tsc");
  return run(process.execPath, [tsc, "-p", "tsconfig.json"], dir);
}

/** Bundles src/main.ts and everything it imports from node_modules into one ES module, like an app bundler. */
export async function bundle(dir: string): Promise<void> {
  const esbuild = await import("esbuild");
  await esbuild.build({
    absWorkingDir: dir,
    entryPoints: ["src/main.ts"],
    outfile: "dist/main.mjs",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
  });
}

/** What every consumer's main script prints as its last line. */
export interface ScenarioResult {
  ok: boolean;
  node: string;
  format: string;
  created: string;
  listed: number;
  notFound: boolean;
  errorName: string;
  /** The generated request validator (`@devrev-kit/types/validators`) rejected a body without `account`. */
  invalidRequestRejected: boolean;
}

/** Runs the consumer's entry under one Node and parses the JSON line it prints last. */
export async function runConsumer(dir: string, entry: string, node: NodeBinary): Promise<ScenarioResult> {
  const { stdout } = await run(node.path, [entry], dir, 60_000);
  const last = stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(last) as ScenarioResult;
  } catch {
    throw new Error(`${entry} under Node ${node.version} printed no result line:\n${stdout}`);
  }
}
