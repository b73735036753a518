// Bundle bytes of a browser consumer: esbuild (platform browser, ESM, minified, tree-shaken), then gzip -9.
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export interface BundleSize {
  /** The consumer bundled, relative to bench/. */
  entry: string;
  /** What the page loads before its first call: the entry file and the files it imports statically. */
  minifiedBytes: number;
  /** The same files, each gzipped (as each is sent), summed. */
  gzippedBytes: number;
  /** Bytes each input file contributes to what the page loads first, largest first. */
  inputs: { path: string; bytes: number }[];
  /** Files split off behind a dynamic `import()`, loaded only when used (`devrev.raw`, middleware). */
  lazy: { minifiedBytes: number; gzippedBytes: number; inputs: { path: string; bytes: number }[] };
}

const benchDirectory = fileURLToPath(new URL("../../", import.meta.url));

// The packages' dist/ files are themselves one bundle per entry point; to see which source file the bytes
// come from, `fromSource` bundles the same code from src/ instead.
const SOURCES = {
  "@devrev-kit/client/validation": "../packages/client/src/validation.ts",
  "@devrev-kit/client": "../packages/client/src/index.ts",
  "@devrev-kit/errors": "../packages/errors/src/index.ts",
};

/** `errorsStandIn`: the same, with the errors package replaced by an empty stand-in (the client's floor). */
const STAND_IN = { ...SOURCES, "@devrev-kit/errors": "./consumers/bundle/errors-stand-in.ts" };

/**
 * Bundles `consumers/bundle/<name>.ts` in memory, split at dynamic imports as a web bundler splits it, and
 * measures what the page loads first apart from what it loads on demand: against the packages as published
 * (dist/), with `fromSource` against their src/ files, for a per-file breakdown, or with `errorsStandIn`
 * against src/ with `consumers/bundle/errors-stand-in.ts` for the errors package.
 */
export async function measureBundle(
  name: string,
  { fromSource = false, errorsStandIn = false } = {},
): Promise<BundleSize> {
  const entry = `consumers/bundle/${name}.ts`;
  const alias = errorsStandIn ? STAND_IN : fromSource ? SOURCES : undefined;
  const result = await build({
    ...(alias ? { alias } : {}),
    absWorkingDir: benchDirectory,
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    outdir: "out",
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const entryOutput = Object.keys(outputs).find((path) => outputs[path]?.entryPoint === entry);
  if (!entryOutput) throw new Error(`bench: esbuild wrote nothing for ${entry}`);
  // The entry and everything it imports statically load before the first line runs; the rest is lazy.
  const initial = new Set<string>();
  const visit = (path: string) => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement") visit(imported.path);
    }
  };
  visit(entryOutput);
  const contents = new Map(
    result.outputFiles.map((file) => [relative(benchDirectory, file.path), file.contents]),
  );
  const measure = (paths: string[]) => {
    let minifiedBytes = 0;
    let gzippedBytes = 0;
    const inputs = new Map<string, number>();
    for (const path of paths) {
      const code = contents.get(path);
      if (!code) throw new Error(`bench: esbuild's metafile names ${path}, which it did not write`);
      minifiedBytes += code.length;
      gzippedBytes += gzipSync(code, { level: 9 }).length;
      for (const [input, { bytesInOutput }] of Object.entries(outputs[path]?.inputs ?? {})) {
        const name = shorten(input);
        if (bytesInOutput > 0) inputs.set(name, (inputs.get(name) ?? 0) + bytesInOutput);
      }
    }
    const sorted = [...inputs].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
    return { minifiedBytes, gzippedBytes, inputs: sorted };
  };
  const jsOutputs = Object.keys(outputs).filter((path) => path.endsWith(".js"));
  return {
    entry,
    ...measure([...initial]),
    lazy: measure(jsOutputs.filter((path) => !initial.has(path))),
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
