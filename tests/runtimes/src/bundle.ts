// Bundles an entry the way a browser or edge app would: the built packages by normal package resolution (their
// `dist`), platform "browser" so any Node built-in fails the build instead of being shimmed or left external.
import { build } from "esbuild";

export interface BundleResult {
  outfile: string;
  /** Every input file, relative to the working directory: shows which package files went in. */
  inputs: string[];
}

export async function bundleEntry(entry: string, outfile: string): Promise<BundleResult> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    metafile: true,
    logLevel: "silent",
  });
  return { outfile, inputs: Object.keys(result.metafile.inputs) };
}
