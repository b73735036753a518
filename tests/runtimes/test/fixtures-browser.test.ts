// The fixtures as a browser test gets them: the main entry through the `browser` export condition (builders
// and state, no mock server), the MSW handlers, and the client, bundled for the browser platform (where a
// Node built-in fails the build) and run by Deno with no network and no files (msw's debug logging reads the
// environment). Not the edge runtime: msw needs MessageEvent, which it lacks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, expect, it } from "vitest";
import { bundleEntry } from "../src/bundle.ts";
import type { FixturesResult } from "../src/entry-fixtures.ts";
import { runProcess } from "../src/run-process.ts";
import { denoBinary, denoEnvironment } from "../src/runtime-binaries.ts";

const workDir = mkdtempSync(join(tmpdir(), "devrev-kit-fixtures-browser-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

it("builders, state and MSW handlers bundle for the browser and serve the client, offline, in Deno", async () => {
  const outfile = join(workDir, "fixtures.mjs");
  const { inputs } = await bundleEntry(
    fileURLToPath(new URL("../src/entry-fixtures.ts", import.meta.url)),
    outfile,
  );
  expect(inputs.some((input) => input.endsWith("packages/fixtures/dist/browser.js"))).toBe(true);
  expect(inputs.some((input) => input.endsWith("packages/fixtures/dist/index.js"))).toBe(false);
  expect(inputs.filter((input) => input.startsWith("node:"))).toEqual([]);

  const { stdout } = await runProcess(
    denoBinary,
    ["run", "--no-prompt", "--no-config", "--allow-env", "--deny-net", outfile],
    {
      cwd: workDir,
      env: denoEnvironment(workDir),
      timeoutMs: 30_000,
    },
  );
  const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as FixturesResult;
  expect(result).toEqual({
    runtime: expect.stringMatching(/^Deno\//),
    storedName: "Browser Org",
    createCount: 1,
    throttled: true,
    builtId: expect.stringMatching(/^don:identity:.*:revo\//),
  });
});

it("a browser bundle that imports the mock server fails at build time, naming it", async () => {
  const bundling = build({
    stdin: {
      contents: 'import { startMockServer } from "@devrev-kit/fixtures";\nconsole.log(startMockServer);\n',
      resolveDir: fileURLToPath(new URL("..", import.meta.url)),
      loader: "ts",
    },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  await expect(bundling).rejects.toThrow(/No matching export .* for import "startMockServer"/);
});
