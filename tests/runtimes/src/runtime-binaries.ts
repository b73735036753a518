// The runtimes' own binaries, as their npm packages install them (the postinstall scripts put the platform's
// binary there), run directly rather than through the package managers' shims.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export const bunBinary = join(packageDir("bun"), "bin", "bun.exe");
export const denoBinary = join(packageDir("deno"), "deno");

/** Deno's environment for a test: its caches under `home`, no update check, no colours in its output. */
export function denoEnvironment(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env["PATH"],
    HOME: home,
    DENO_DIR: join(home, "deno-dir"),
    DENO_NO_UPDATE_CHECK: "1",
    NO_COLOR: "1",
  };
}
