// Starts the real Prism mock server (@stoplight/prism-cli) on the spec, on a free loopback port, and stops it.
// Prism validates every request against the spec (security, parameters, body) and answers one it rejects
// with the operation's 400 example and an `sl-violations` header; `--errors` also turns violations of its
// own responses into errors.

import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

/** Prism 5.16's own engines field. */
export const PRISM_MIN_NODE = "24.18.0";

export interface PrismServer {
  /** Base URL such as `http://127.0.0.1:43210`. */
  readonly url: string;
  /** What Prism has printed so far (the last 64 KB), for failure messages. */
  output(): string;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartPrismOptions {
  /** The spec to serve (Prism reads the YAML and follows its relative `$ref`s). */
  spec: string;
  /** Seed of Prism's dynamic examples (`Prefer: dynamic=true`), so runs repeat. */
  seed?: string | undefined;
  /** How long to wait for Prism to answer. @default 45_000 */
  readyTimeoutMs?: number | undefined;
  /** The Node version to check against Prism's floor. @default process.versions.node */
  nodeVersion?: string | undefined;
}

function atLeast(version: string, floor: string): boolean {
  const parse = (v: string) => v.split(".").map((part) => Number.parseInt(part, 10) || 0);
  const [a, b] = [parse(version), parse(floor)];
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** Throws a message saying how to get a Node that can run Prism, when this one cannot. */
export function assertNodeCanRunPrism(version: string = process.versions.node): void {
  if (!atLeast(version, PRISM_MIN_NODE)) {
    throw new Error(
      `The Prism contract target needs Node >= ${PRISM_MIN_NODE} (Prism 5.16's floor); this is Node ${version}. ` +
        "Run it through ./dev (the repository's Node 24 toolchain in .toolchain/), or use --target mock.",
    );
  }
}

function prismEntry(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

const OUTPUT_LIMIT = 64 * 1024;

async function startOnce(options: StartPrismOptions): Promise<PrismServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    prismEntry(),
    "mock",
    options.spec,
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--errors",
  ];
  if (options.seed !== undefined) args.push("--seed", options.seed);
  // Warnings and errors only: request violations travel in the sl-violations header anyway.
  args.push("--verboseLevel", "warn");
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", SCARF_ANALYTICS: "false", DO_NOT_TRACK: "1" },
  });
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    exited = `exited with ${signal ?? `status ${code}`}`;
  });
  child.once("error", (error) => {
    exited = `could not be started: ${error.message}`;
  });

  const deadline = Date.now() + (options.readyTimeoutMs ?? 45_000);
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`Prism ${exited} before it was ready on ${url}.\nIts output:\n${output.trim()}`);
    }
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`Prism did not answer on ${url} within the time limit.\nIts output:\n${output.trim()}`);
    }
    try {
      // Any answer means it is listening; without a token this is a 401 from its security check.
      const response = await fetch(`${url}/rev-orgs.list`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  // Should the worker end without afterAll (a crash, a timeout), Prism must not outlive it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  return {
    url,
    output: () => output,
    stop: async () => {
      process.off("exit", killOnExit);
      await stopProcess(child);
    },
  };
}

/** Starts Prism and resolves once it answers; retries on another port if the chosen one was taken meanwhile. */
export async function startPrism(options: StartPrismOptions): Promise<PrismServer> {
  assertNodeCanRunPrism(options.nodeVersion);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (attempt < 3 && String(error).includes("EADDRINUSE")) continue;
      throw error;
    }
  }
}
