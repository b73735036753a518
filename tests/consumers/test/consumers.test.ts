// Installs the packed packages into fresh projects of the kinds our users have, type-checks them and
// runs a program that calls the client against the packed mock server, under every Node we find.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundle,
  type ConsumerProjectSpec,
  installConsumer,
  type PackedPackage,
  packAll,
  repoRoot,
  runConsumer,
  typecheck,
} from "../src/consumer-project.ts";
import {
  compareVersions,
  findNodeBinaries,
  minimumNode,
  systemNodeCandidates,
  versionOf,
} from "../src/node-binaries.ts";

const projects: ConsumerProjectSpec[] = [
  {
    name: "esm-nodenext",
    description: "TypeScript ES module, module/moduleResolution nodenext, compiled by tsc",
    typescript: true,
    bundle: false,
    entry: "dist/main.js",
  },
  {
    name: "bundler",
    description: "TypeScript with moduleResolution bundler, bundled by esbuild",
    typescript: true,
    bundle: true,
    entry: "dist/main.mjs",
  },
  {
    name: "commonjs",
    description: "plain CommonJS JavaScript calling require()",
    typescript: false,
    bundle: false,
    entry: "main.js",
  },
  {
    name: "cjs-nodenext",
    description: "TypeScript CommonJS (type commonjs, module nodenext), compiled to require() by tsc",
    typescript: true,
    bundle: false,
    entry: "dist/main.js",
  },
];

const expectedFormat: Record<string, string> = {
  "esm-nodenext": "esm",
  bundler: "bundle",
  commonjs: "commonjs",
  "cjs-nodenext": "commonjs (tsc)",
};

// Found when the suite is collected, so every Node gets its own named test.
const { nodes, unsupported } = findNodeBinaries();

let workRoot: string;
let packed: PackedPackage[];
const projectDirs = new Map<string, string>();

beforeAll(async () => {
  workRoot = mkdtempSync(join(tmpdir(), "devrev-kit-consumers-"));
  packed = await packAll(join(workRoot, "tarballs"));
  for (const project of projects) {
    projectDirs.set(project.name, await installConsumer(project, packed, workRoot));
  }
});
afterAll(() => {
  if (workRoot) rmSync(workRoot, { recursive: true, force: true });
});

function dirOf(project: ConsumerProjectSpec): string {
  const dir = projectDirs.get(project.name);
  if (!dir) throw new Error(`${project.name} was not installed`);
  return dir;
}

describe("the packed packages", () => {
  it("are the four public packages at their workspace versions", () => {
    const expected = ["client", "errors", "fixtures", "types"].map((name) => {
      const manifest = JSON.parse(readFileSync(join(repoRoot, "packages", name, "package.json"), "utf8"));
      return { name: manifest.name as string, version: manifest.version as string };
    });
    expect(packed.map(({ name, version }) => ({ name, version }))).toEqual(expected);
  });

  it("are installed as copies from the tarballs, not links into the workspace, with no workspace ranges", () => {
    const dir = dirOf(projects[0] as ConsumerProjectSpec);
    for (const pkg of packed) {
      const installed = realpathSync(join(dir, "node_modules", pkg.name));
      expect(installed.startsWith(realpathSync(repoRoot))).toBe(false);
      const manifest = readFileSync(join(installed, "package.json"), "utf8");
      expect(manifest).not.toContain("workspace:");
      expect(manifest).not.toContain("catalog:");
    }
    // The client's own dependency on the types is the packed copy too (pnpm overrides), not the registry's.
    const clientDir = realpathSync(join(dir, "node_modules", "@devrev-kit/client"));
    const typesFromClient = realpathSync(join(clientDir, "..", "types"));
    expect(typesFromClient).toContain("devrev-kit-types-");
  });
});

describe("the Node versions consumers run under", () => {
  it("include the one running the tests and every machine Node the packages support", () => {
    const tested = nodes.map((node) => node.version);
    expect(tested).toContain(process.versions.node);
    for (const path of systemNodeCandidates()) {
      const version = versionOf(path);
      if (compareVersions(version, minimumNode) >= 0)
        expect(tested, `system node ${path}`).toContain(version);
    }
    // A machine Node older than engines.node is outside what we support; say so rather than hide it.
    for (const node of unsupported)
      console.warn(`not testing Node ${node.version} (${node.path}): below ${minimumNode}`);
  });
});

describe.each(projects)("$name: $description", (project) => {
  if (project.typescript) {
    it("type-checks against the published declarations (and compiles)", async () => {
      await typecheck(dirOf(project));
    });
  }
  if (project.bundle) {
    it("bundles with esbuild", async () => {
      await bundle(dirOf(project));
    });
  }
  it.each(nodes.map((node) => [`${node.version} (${node.origin})`, node] as const))(
    "calls the client against the packed mock server under Node %s",
    async (_label, node) => {
      const result = await runConsumer(dirOf(project), project.entry, node);
      expect(result).toEqual({
        ok: true,
        node: `v${node.version}`,
        format: expectedFormat[project.name],
        created: "Consumer Co",
        listed: expect.any(Number),
        rawListed: 1,
        notFound: true,
        errorName: "NotFoundError",
        invalidRequestRejected: true,
      });
      expect(result.listed).toBeGreaterThanOrEqual(1);
    },
  );
});
