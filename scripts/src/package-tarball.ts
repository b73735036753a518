// Packs a workspace package exactly as `pnpm publish` would (`pnpm pack`) and inspects the tarball:
// what it contains, how big it is, and whether it is fit to publish.
import { mkdirSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { runCommand } from "./run-command.ts";

export interface TarballFile {
  /** Path inside the package, without tar's `package/` prefix. */
  path: string;
  size: number;
}

export interface TarballReport {
  tarball: string;
  name: string;
  version: string;
  files: TarballFile[];
  packedBytes: number;
  unpackedBytes: number;
  /** The package.json that would be published (pnpm rewrites workspace: and catalog: ranges into it). */
  manifest: Record<string, unknown>;
  /** Why this tarball must not be published; empty when it is fine. */
  problems: string[];
}

/** The pnpm that runs this script (`npm_execpath` under `pnpm run`), else `pnpm` from PATH. */
export function pnpmInvocation(): { file: string; args: string[] } {
  const execPath = process.env["npm_execpath"];
  if (execPath && /pnpm\.[cm]?js$/.test(execPath)) return { file: process.execPath, args: [execPath] };
  return { file: "pnpm", args: [] };
}

/** Runs `pnpm pack` in a package folder and returns the tarball's path. */
export async function packPackage(packageDir: string, destination: string): Promise<string> {
  mkdirSync(destination, { recursive: true });
  const pnpm = pnpmInvocation();
  const result = await runCommand(
    pnpm.file,
    [...pnpm.args, "pack", "--pack-destination", destination, "--json"],
    {
      cwd: packageDir,
      env: { npm_config_update_notifier: "false" },
      timeoutMs: 120_000,
    },
  );
  if (result.code !== 0) {
    throw new Error(`pnpm pack failed in ${packageDir}:\n${result.stderr}${result.stdout}`);
  }
  // pnpm may print lifecycle output before the JSON; the JSON object is the last thing printed.
  const jsonStart = result.stdout.indexOf("{");
  const parsed = JSON.parse(result.stdout.slice(jsonStart)) as { filename?: string };
  if (!parsed.filename) throw new Error(`pnpm pack printed no filename in ${packageDir}:\n${result.stdout}`);
  return parsed.filename;
}

/** Reads the entries of a gzipped tar (ustar, as npm and pnpm write it). */
export function readTarball(tarballPath: string): Array<TarballFile & { content: Buffer }> {
  const tar = gunzipSync(readFileSync(tarballPath));
  const entries: Array<TarballFile & { content: Buffer }> = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const content = tar.subarray(offset + 512, offset + 512 + size);
    if (type === "L") {
      longName = content.toString("utf8").replace(/\0.*$/s, "");
    } else if (type === "0" || type === "" || type === "7") {
      entries.push({ path: name.replace(/^[^/]+\//, ""), size, content: Buffer.from(content) });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

const testFilePatterns = [
  /(^|\/)(test|tests|__tests__|__mocks__)\//,
  /\.(test|spec)(-d)?\.[cm]?[jt]sx?$/,
  /\.test-d\.ts$/,
  /(^|\/)vitest\.config\./,
  /(^|\/)test-results\.json$/,
];

const dependencyFields = [
  "dependencies",
  "peerDependencies",
  "optionalDependencies",
  "devDependencies",
] as const;

/** Every file path the manifest points at (exports targets, main, types, module, bin), without `./`. */
function manifestTargets(manifest: Record<string, unknown>): string[] {
  const targets: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === "string") targets.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(visit);
  };
  visit(manifest["exports"]);
  for (const key of ["main", "types", "typings", "module", "bin"]) visit(manifest[key]);
  return [...new Set(targets)]
    .filter((target) => !target.includes("*"))
    .map((target) => target.replace(/^\.\//, ""));
}

/** Inspects a packed tarball and lists the reasons it must not be published. */
export function inspectTarball(tarballPath: string): TarballReport {
  const entries = readTarball(tarballPath);
  const manifestEntry = entries.find((entry) => entry.path === "package.json");
  if (!manifestEntry) throw new Error(`${tarballPath} has no package.json`);
  const manifest = JSON.parse(manifestEntry.content.toString("utf8")) as Record<string, unknown>;
  const paths = new Set(entries.map((entry) => entry.path));
  const problems: string[] = [];

  for (const field of dependencyFields) {
    const deps = (manifest[field] ?? {}) as Record<string, string>;
    for (const [dep, range] of Object.entries(deps)) {
      if (range.startsWith("workspace:") || range.startsWith("catalog:")) {
        problems.push(`${field}.${dep} is "${range}": a workspace-only range that npm cannot install`);
      }
    }
  }
  if (![...paths].some((path) => path.startsWith("dist/"))) {
    problems.push("no dist/ in the tarball: build the package (`pnpm build`) before publishing");
  }
  for (const target of manifestTargets(manifest)) {
    if (!paths.has(target)) problems.push(`package.json points at ${target}, which is not in the tarball`);
  }
  const testFiles = [...paths].filter((path) => testFilePatterns.some((pattern) => pattern.test(path)));
  if (testFiles.length > 0) problems.push(`test files would be published: ${testFiles.join(", ")}`);
  // esbuild renames a class that names itself in its own body (`var X = class _X`), and `_X` is then its
  // `name` in stacks and `constructor.name`: brand classes with `this` in their static block instead.
  for (const entry of entries) {
    const renamed = entry.path.endsWith(".js")
      ? /= class (_[A-Za-z]\w*)/.exec(entry.content.toString())
      : null;
    if (renamed)
      problems.push(
        `${entry.path}: class renamed ${renamed[1]} by the bundler (a class naming itself in its body)`,
      );
  }

  return {
    tarball: tarballPath,
    name: String(manifest["name"]),
    version: String(manifest["version"]),
    files: entries.map(({ path, size }) => ({ path, size })).sort((a, b) => a.path.localeCompare(b.path)),
    packedBytes: readFileSync(tarballPath).length,
    unpackedBytes: entries.reduce((sum, entry) => sum + entry.size, 0),
    manifest,
    problems,
  };
}

/** `1234` -> `1.2 kB`, the way npm prints sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}
