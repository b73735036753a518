// Bundle bytes of a browser consumer: esbuild (platform browser, ESM, minified, tree-shaken), then gzip -9.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export interface BundleSize {
  /** The consumer bundled, relative to bench/. */
  entry: string;
  minifiedBytes: number;
  gzippedBytes: number;
  /** Bytes each input file contributes to the minified output, largest first. */
  inputs: { path: string; bytes: number }[];
}

const benchDirectory = fileURLToPath(new URL("../../", import.meta.url));

// The packages' dist/ files are themselves one bundle per entry point; to see which source file the bytes
// come from, `fromSource` bundles the same code from src/ instead.
const SOURCES = {
  "@devrev-kit/client/validation": "../packages/client/src/validation.ts",
  "@devrev-kit/client": "../packages/client/src/index.ts",
  "@devrev-kit/errors": "../packages/errors/src/index.ts",
};

/**
 * Bundles `consumers/bundle/<name>.ts` in memory and measures it: against the packages as published
 * (dist/), or with `fromSource` against their src/ files, for a per-file breakdown.
 */
export async function measureBundle(name: string, { fromSource = false } = {}): Promise<BundleSize> {
  const entry = `consumers/bundle/${name}.ts`;
  const result = await build({
    ...(fromSource ? { alias: SOURCES } : {}),
    absWorkingDir: benchDirectory,
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`bench: esbuild wrote nothing for ${entry}`);
  const [meta] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(meta?.inputs ?? {})
    .map(([path, { bytesInOutput }]) => ({ path: shorten(path), bytes: bytesInOutput }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return {
    entry,
    minifiedBytes: output.contents.length,
    gzippedBytes: gzipSync(output.contents, { level: 9 }).length,
    inputs,
  };
}

/**
 * `../node_modules/.pnpm/openapi-fetch@0.17.0/node_modules/openapi-fetch/dist/index.mjs` → `openapi-fetch/dist/index.mjs`,
 * `../packages/errors/dist/retry.js` → `@devrev-kit/errors/dist/retry.js`.
 */
function shorten(path: string): string {
  const at = path.lastIndexOf("node_modules/");
  if (at !== -1) return path.slice(at + "node_modules/".length);
  return path.startsWith("../packages/") ? `@devrev-kit/${path.slice("../packages/".length)}` : path;
}
