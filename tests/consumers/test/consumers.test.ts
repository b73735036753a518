// Installs the packed packages into fresh projects of the kinds our users have, type-checks them and
// runs a program that calls the client against the packed mock server, under every Node we find.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundle,
  type ConsumerProjectSpec,
  installConsumer,
  type PackedPackage,
  packAll,
  publicPackageDirs,
  repoRoot,
  runConsumer,
  typecheck,
} from "../src/consumer-project.ts";
import {
  compareVersions,
  findNodeBinaries,
  floorNodePath,
  floorNodeVersion,
  isSupportedNode,
  minimumNode,
  supportedNodes,
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

// The oldest msw the fixtures' peer range allows, kept in the store by this package's `msw-floor` alias.
const ownManifest = JSON.parse(readFileSync(join(repoRoot, "tests/consumers/package.json"), "utf8"));
const mswFloor = /^npm:msw@(\d+\.\d+\.\d+)$/.exec(ownManifest.devDependencies["msw-floor"])?.[1] ?? "";
const mswProject: ConsumerProjectSpec = {
  name: "msw-floor",
  description: `MSW handlers on msw ${mswFloor}, the oldest the fixtures' peer range allows`,
  typescript: false,
  bundle: false,
  entry: "main.js",
  dependencies: { msw: mswFloor },
};

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
  for (const project of [...projects, mswProject]) {
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

// What the consumers must run under, read from the declarations rather than from node-binaries.ts, so
// that a broken discovery fails here instead of quietly testing fewer Nodes.
function engineRange(manifestPath: string): string {
  const range = (JSON.parse(readFileSync(manifestPath, "utf8")) as { engines?: { node?: string } }).engines
    ?.node;
  if (!range) throw new Error(`${manifestPath}: no engines.node`);
  return range;
}
/** The oldest Node a range allows: its first version, `>=x.y.z` or `^x.y.z`. */
function engineFloor(manifestPath: string): string {
  const range = engineRange(manifestPath);
  const floor = /^(?:>=|\^)(\d+\.\d+\.\d+)(?:$| \|\| )/.exec(range)?.[1];
  if (!floor)
    throw new Error(`${manifestPath}: expected engines.node ">=x.y.z" or "^x.y.z || ...", found ${range}`);
  return floor;
}
const major = (version: string) => version.split(".")[0];
const setupHint = `./dev setup installs node@${floorNodeVersion} into .toolchain/node-floor/`;

/** The machine's Nodes as bash sees them: every `node` on PATH and in the usual places, outside this repository. */
function machineNodesPerShell(): string[] {
  const script =
    'type -ap node; for f in /usr/bin/node /usr/local/bin/node /bin/node; do [ -x "$f" ] && echo "$f"; done; exit 0';
  const listed = execFileSync("bash", ["-c", script], { encoding: "utf8" }).split("\n").filter(Boolean);
  const root = realpathSync(repoRoot) + sep;
  const real = listed.map((path) => realpathSync(path));
  return [...new Set(real)].filter(
    (path) => !path.startsWith(root) && !path.includes(`${sep}node_modules${sep}`),
  );
}

describe("the Node versions consumers run under", () => {
  const tested = nodes.map((node) => node.version);

  it("include the packages' oldest supported Node line (engines.node) and the one we develop on (.node-version)", () => {
    const ranges = publicPackageDirs().map((dir) => engineRange(join(dir, "package.json")));
    expect(new Set(ranges), "every public package declares the same engines.node").toEqual(
      new Set([supportedNodes]),
    );
    expect(engineFloor(join(publicPackageDirs()[0] ?? "", "package.json"))).toBe(minimumNode);
    const devFloor = engineFloor(join(repoRoot, "package.json"));
    const devVersion = readFileSync(join(repoRoot, ".node-version"), "utf8").trim().replace(/^v/, "");
    const required = [
      { line: major(minimumNode), atLeast: minimumNode, why: `engines.node >=${minimumNode}; ${setupHint}` },
      {
        line: major(devVersion),
        atLeast: devFloor,
        why: `.node-version ${devVersion}, root engines >=${devFloor}`,
      },
    ];
    expect(tested).toContain(process.versions.node);
    for (const { line, atLeast, why } of required) {
      const found = tested.some((v) => major(v) === line && compareVersions(v, atLeast) >= 0);
      expect(found, `no Node ${line}.x >= ${atLeast} among ${tested.join(", ")} (${why})`).toBe(true);
    }
  });

  it(`include the pinned floor Node ${floorNodeVersion}, from .toolchain/node-floor/`, () => {
    // The pin stays on the supported floor's line: a bump to 22 would leave Node 20 untested.
    expect(major(floorNodeVersion)).toBe(major(minimumNode));
    expect(compareVersions(floorNodeVersion, minimumNode)).toBeGreaterThanOrEqual(0);
    let installed: string;
    try {
      installed = versionOf(floorNodePath);
    } catch {
      throw new Error(`no Node at ${floorNodePath}: ${setupHint}`);
    }
    expect(installed, `${floorNodePath} is stale: ${setupHint}`).toBe(floorNodeVersion);
    expect(tested).toContain(floorNodeVersion);
  });

  it("include every machine Node the packages support", () => {
    for (const path of machineNodesPerShell()) {
      const version = versionOf(path);
      if (isSupportedNode(version)) expect(tested, `machine node ${path}`).toContain(version);
    }
    // A machine Node older than engines.node is outside what we support; say so rather than hide it.
    for (const node of unsupported)
      console.warn(`not testing Node ${node.version} (${node.path}): outside ${supportedNodes}`);
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

describe(`${mswProject.name}: ${mswProject.description}`, () => {
  it("is the floor of the fixtures' msw peer range, which Node 20 users need (msw 3 requires Node 22.12)", () => {
    const fixtures = JSON.parse(readFileSync(join(repoRoot, "packages/fixtures/package.json"), "utf8"));
    const range: string = fixtures.peerDependencies.msw;
    expect(range.split("||").map((part) => part.trim())[0]).toBe(`^${mswFloor}`);
  });

  it.each(nodes.map((node) => [`${node.version} (${node.origin})`, node] as const))(
    "intercepts the client's calls under Node %s",
    async (_label, node) => {
      const result = await runConsumer(dirOf(mswProject), mswProject.entry, node);
      expect(result).toEqual({
        ok: true,
        node: `v${node.version}`,
        msw: mswFloor,
        created: "Msw Co",
        stored: "Msw Co",
        notFound: true,
      });
    },
  );
});
