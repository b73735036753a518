import { beforeAll, describe, expect, it } from "vitest";
import {
  judgeClientBundle,
  judgeClientGoal,
  judgeValidationBundle,
  readBudgets,
} from "../src/budgets/budgets.ts";
import { type BundleSize, measureBundle } from "../src/budgets/bundle-size.ts";

describe("bundle budget (esbuild browser bundle, min+gz)", () => {
  let client: BundleSize;
  let withValidation: BundleSize;
  beforeAll(async () => {
    [client, withValidation] = await Promise.all([
      measureBundle("client"),
      measureBundle("client-validation"),
    ]);
  });

  it("bundles the real client and errors packages, tree-shaken, without the validators", () => {
    const paths = client.inputs.map((input) => input.path);
    expect(paths.some((path) => path.startsWith("@devrev-kit/client/dist/"))).toBe(true);
    expect(paths.some((path) => path.startsWith("@devrev-kit/errors/dist/"))).toBe(true);
    expect(paths.some((path) => path.includes("validators"))).toBe(false);
    expect(client.gzippedBytes).toBeLessThan(client.minifiedBytes);
  });

  it("loads openapi-fetch only on demand: resource methods do not need it, devrev.raw does", () => {
    expect(client.inputs.some((input) => input.path.startsWith("openapi-fetch/"))).toBe(false);
    expect(client.lazy.inputs.some((input) => input.path.startsWith("openapi-fetch/"))).toBe(true);
    expect(client.lazy.inputs.some((input) => input.path.includes("/chunks/raw-client-"))).toBe(true);
    expect(client.lazy.gzippedBytes).toBeGreaterThan(0);
  });

  it("a browser consumer of the client and errors stays within its budget", () => {
    const verdict = judgeClientBundle(client);
    expect(verdict.ok, verdict.message).toBe(true);
  });

  it("the optional validation entry stays within its own budget", () => {
    expect(withValidation.inputs.some((input) => input.path.includes("validators.gen.js"))).toBe(true);
    const verdict = judgeValidationBundle(client, withValidation);
    expect(verdict.ok, verdict.message).toBe(true);
  });
});

describe("the client's floor (pnpm --filter @devrev-kit/bench budgets)", () => {
  it("bundles the client's own source against the empty errors stand-in, and nothing of the errors package", async () => {
    const floor = await measureBundle("client", { errorsStandIn: true });
    const paths = floor.inputs.map((input) => input.path);
    expect(paths).toContain("consumers/bundle/errors-stand-in.ts");
    expect(paths).toContain("@devrev-kit/client/src/internal/transport.ts");
    expect(paths.some((path) => path.startsWith("@devrev-kit/errors/"))).toBe(false);
    expect(floor.gzippedBytes).toBeGreaterThan(0);
  });
});

describe("bundle budget messages", () => {
  const size = (gzippedBytes: number, lazyGzippedBytes = 0): BundleSize => ({
    entry: "consumers/bundle/client.ts",
    minifiedBytes: gzippedBytes * 3,
    gzippedBytes,
    inputs: [{ path: "@devrev-kit/errors/dist/index.js", bytes: 11_665 }],
    lazy: {
      minifiedBytes: lazyGzippedBytes * 3,
      gzippedBytes: lazyGzippedBytes,
      inputs: [{ path: "openapi-fetch/dist/index.mjs", bytes: 6_589 }],
    },
  });

  it("say by how much the bundle is over, where the budget lives, and what is in it", () => {
    const limit = readBudgets().budgets.bundle.client.maxGzipBytes;
    const verdict = judgeClientBundle(size(limit + 512));
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toContain("512 B (");
    expect(verdict.message).toContain("bench/budgets.json");
    expect(verdict.message).toContain("@devrev-kit/errors/dist/index.js 11,665 B");
    expect(verdict.message).toContain("bytes of every source file: pnpm --filter @devrev-kit/bench budgets");
    expect(judgeClientBundle(size(limit)).ok).toBe(true);
  });

  it("say so when what loads on demand grew", () => {
    const lazyLimit = readBudgets().budgets.bundle.client.maxLazyGzipBytes;
    const verdict = judgeClientBundle(size(1_000, lazyLimit + 100));
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toContain("on demand (devrev.raw, middleware)");
    expect(verdict.message).toContain("100 B (");
    expect(verdict.message).toContain("openapi-fetch/dist/index.mjs 6,589 B");
    expect(judgeClientBundle(size(1_000, lazyLimit)).ok).toBe(true);
  });

  it("the goal is judged apart from the budget, so the bench can report it missed", () => {
    const goal = readBudgets().budgets.bundle.client.goalGzipBytes;
    expect(judgeClientGoal(size(goal)).ok).toBe(true);
    expect(judgeClientGoal(size(goal + 1)).ok).toBe(false);
  });
});
