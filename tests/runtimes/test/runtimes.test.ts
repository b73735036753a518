import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type MockServer, startMockServer } from "@devrev-kit/fixtures";
import { EdgeRuntime } from "edge-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleEntry } from "../src/bundle.ts";
import { runProcess } from "../src/run-process.ts";
import { bunBinary, denoBinary, denoEnvironment } from "../src/runtime-binaries.ts";
import { runScenario, type ScenarioInput, type ScenarioResult } from "../src/scenario.ts";

const token = "runtime-test-token";
const workDir = mkdtempSync(join(tmpdir(), "devrev-kit-runtimes-"));
const cliBundle = join(workDir, "cli.mjs");
const edgeBundle = join(workDir, "edge.js");
let bundleInputs: string[] = [];

interface Run {
  mock: MockServer;
  result: ScenarioResult;
  /** Method, path, query and status of every request the mock saw, in order. */
  log: string[];
}

/** A fresh mock server per runtime; the first create is answered 429 (Retry-After: 0) once. */
async function runAgainstMock(run: (input: ScenarioInput) => Promise<ScenarioResult>): Promise<Run> {
  const mock = await startMockServer({ token });
  try {
    const [first, second] = mock.state.accounts();
    if (!first || !second) throw new Error("the mock server should seed two accounts");
    const fault = mock.inject({ operation: "rev-orgs.create", status: 429, retryAfter: 0 });
    const result = await run({ baseUrl: mock.url, token, accountIds: [first.id, second.id] });
    expect(fault.triggered).toBe(1);
    const log = mock.state.requests.map(
      (request) => `${request.method} ${request.path}?${request.query} ${request.status}`,
    );
    return { mock, result, log };
  } finally {
    await mock.close();
  }
}

function lastJsonLine(stdout: string): ScenarioResult {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as ScenarioResult;
}

function expectScenarioOutcome({ mock, result, log }: Run, reference: Run | undefined): void {
  expect(result.createdIds).toHaveLength(3);
  expect(new Set(result.createdIds).size).toBe(3);
  for (const id of result.createdIds) expect(mock.state.getRevOrg(id)?.id).toBe(id);
  // The first two orgs were created under the first account; the filter must return exactly those.
  expect(result.filteredIds).toEqual(result.createdIds.slice(0, 2));
  expect(result.listAllIds).toEqual(result.createdIds);
  expect(result.rawIds).toEqual(result.filteredIds);
  expect(result.notFound).toEqual({ guard: true, isKitError: true, status: 404, type: "not_found" });
  // One 429, then the retry and the two other creates.
  expect(mock.state.requestCountFor("POST /rev-orgs.create")).toBe(4);
  expect(log.slice(0, 2)).toEqual(["POST /rev-orgs.create? 429", "POST /rev-orgs.create? 201"]);
  // The filtered list, listAll's three one-org pages, then the filtered list again through devrev.raw.
  expect(mock.state.requestCountFor("GET /rev-orgs.list")).toBe(5);
  expect(log.filter((entry) => entry.startsWith("GET /rev-orgs.list?limit=1"))).toHaveLength(3);
  expect(mock.state.requestCountFor("POST /rev-orgs.update")).toBe(1);
  expect(log.at(-1)).toBe("POST /rev-orgs.update? 404");
  // Every runtime sends exactly what Node sends, query strings included (same seed, so the same IDs).
  if (reference) expect(log).toEqual(reference.log);
}

let nodeRun: Run | undefined;

beforeAll(async () => {
  const [cli, edge] = await Promise.all([
    bundleEntry(fileURLToPath(new URL("../src/entry-cli.ts", import.meta.url)), cliBundle),
    bundleEntry(fileURLToPath(new URL("../src/entry-edge.ts", import.meta.url)), edgeBundle),
  ]);
  bundleInputs = [...new Set([...cli.inputs, ...edge.inputs])];
  nodeRun = await runAgainstMock(runScenario);
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("the scenario bundle", () => {
  it("is built from the packages' dist under platform browser, with nothing from Node", () => {
    expect(bundleInputs.some((input) => input.includes("packages/client/dist/"))).toBe(true);
    expect(bundleInputs.some((input) => input.includes("packages/errors/dist/"))).toBe(true);
    expect(bundleInputs.filter((input) => /packages\/[^/]+\/src\//.test(input))).toEqual([]);
    expect(bundleInputs.filter((input) => input.startsWith("node:"))).toEqual([]);
    expect(readFileSync(edgeBundle, "utf8")).not.toMatch(/^\s*(import|export)\b/m);
  });

  it("gives the expected results in Node, the reference for the other runtimes", () => {
    if (!nodeRun) throw new Error("the Node run did not happen");
    expect(nodeRun.result.runtime).toMatch(/^Node\.js\//);
    expectScenarioOutcome(nodeRun, undefined);
  });
});

describe("runtimes", () => {
  it("runs under Bun", async () => {
    const run = await runAgainstMock(async ({ baseUrl, token, accountIds }) => {
      const { stdout } = await runProcess(bunBinary, ["run", cliBundle, baseUrl, token, ...accountIds], {
        cwd: workDir,
        env: { PATH: process.env["PATH"], HOME: workDir, DO_NOT_TRACK: "1", BUN_INSTALL_CACHE_DIR: workDir },
        timeoutMs: 30_000,
      });
      return lastJsonLine(stdout);
    });
    expect(run.result.runtime).toMatch(/^Bun\/1\.4\.5/);
    expectScenarioOutcome(run, nodeRun);
  });

  it("runs under Deno, allowed to reach 127.0.0.1 only", async () => {
    const run = await runAgainstMock(async ({ baseUrl, token, accountIds }) => {
      const args = ["run", "--allow-net=127.0.0.1", "--no-prompt", "--no-config", cliBundle, baseUrl, token];
      const { stdout } = await runProcess(denoBinary, [...args, ...accountIds], {
        cwd: workDir,
        env: denoEnvironment(workDir),
        timeoutMs: 30_000,
      });
      return lastJsonLine(stdout);
    });
    expect(run.result.runtime).toMatch(/^Deno\/2\.9\.6/);
    expectScenarioOutcome(run, nodeRun);
  });

  it("runs under the edge runtime", async () => {
    const run = await runAgainstMock(async (input) => {
      const runtime = new EdgeRuntime({ initialCode: readFileSync(edgeBundle, "utf8") });
      const line = await runtime.evaluate<Promise<string>>(
        `runDevRevScenario(${JSON.stringify(JSON.stringify(input))})`,
      );
      return JSON.parse(line) as ScenarioResult;
    });
    expect(run.result.runtime).toBe("edge-runtime");
    expectScenarioOutcome(run, nodeRun);
  });
});
