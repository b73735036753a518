import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inspectTarball, pnpmInvocation } from "../src/package-tarball.ts";
import { formatReleaseDry, latestChangelogEntry, releaseDry } from "../src/release-dry.ts";

const fixture = join(dirname(fileURLToPath(import.meta.url)), "fixtures/release-dry/repo");
const slow = { timeout: 90_000 };

let dir: string;

function write(path: string, text: string) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** A dist/ left from an older build (dist/ is git-ignored, as in the real repository). */
function fabricateStaleDist(pkg: string) {
  write(`packages/${pkg}/dist/index.js`, `export const ${pkg} = "stale";\n`);
  write(`packages/${pkg}/dist/index.d.ts`, `export declare const ${pkg}: string;\n`);
}

/** Every .js file under a folder, read. */
function readScripts(folder: string): string[] {
  return readdirSync(folder, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith(".js"))
    .map((file) => readFileSync(join(folder, file), "utf8"));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "devrev-kit-release-dry-test-"));
  cpSync(fixture, dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd: dir });
  git("init", "--quiet", "--initial-branch=main");
  git("add", "--all");
  git("commit", "--quiet", "-m", "fixture");
  // Real workspace links, made by pnpm itself; the fixture has no registry dependencies, so offline is enough.
  const pnpm = pnpmInvocation();
  execFileSync(pnpm.file, [...pnpm.args, "install", "--offline", "--silent"], { cwd: dir });
  write(
    ".changeset/shiny-alpha.md",
    '---\n"@fixture/alpha": minor\n"@fixture/beta": patch\n---\n\nAlpha learns a new trick; beta gets a fix.\n',
  );
});
const rmAfter: string[] = [];
afterEach(() => {
  for (const folder of [dir, ...rmAfter.splice(0)]) rmSync(folder, { recursive: true, force: true });
});

describe("pnpm release:dry", () => {
  it(
    "applies the sample changeset in a copy and reports versions, files, sizes and changelog entries",
    slow,
    async () => {
      const report = await releaseDry({ repo: dir });

      expect(report.problems).toEqual([]);
      expect(report.changesetCount).toBe(1);
      expect(report.packages.map((pkg) => [pkg.name, pkg.previousVersion, pkg.version])).toEqual([
        ["@fixture/alpha", "0.1.0", "0.2.0"],
        ["@fixture/beta", "0.3.0", "0.3.1"],
      ]);
      const [alpha, beta] = report.packages;
      // pnpm pack turned workspace:^ into the version the copy just got, not the checkout's 0.3.0.
      expect(alpha?.tarball.manifest["dependencies"]).toEqual({ "@fixture/beta": "^0.3.1" });
      expect(alpha?.tarball.files.map((file) => file.path)).toEqual([
        "CHANGELOG.md",
        "dist/index.d.ts",
        "dist/index.js",
        "package.json",
        "README.md",
      ]);
      expect(alpha?.tarball.packedBytes).toBeGreaterThan(100);
      expect(alpha?.changelogEntry).toBe(
        "## 0.2.0\n\n### Minor Changes\n\n- Alpha learns a new trick; beta gets a fix.\n\n### Patch Changes\n\n- Updated dependencies\n  - @fixture/beta@0.3.1",
      );
      expect(beta?.changelogEntry).toContain(
        "### Patch Changes\n\n- Alpha learns a new trick; beta gets a fix.",
      );

      const printed = formatReleaseDry(report);
      expect(printed).toContain("@fixture/alpha 0.1.0 -> 0.2.0");
      // A line per top folder by default; every file with --files.
      expect(printed).toMatch(/^ {4}dist\/ \(\d+ files?\)\s+\d+ B$/m);
      expect(printed).not.toContain("dist/index.js");
      expect(formatReleaseDry(report, { files: true })).toMatch(/^ {4}dist\/index\.js\s+\d+ B$/m);
      expect(printed).toContain("dependencies: @fixture/beta@^0.3.1");
      expect(printed).toContain("OK: 2 packages would publish.");

      // The checkout itself is untouched: the changeset is still pending, no CHANGELOG was written.
      expect(existsSync(join(dir, ".changeset/shiny-alpha.md"))).toBe(true);
      expect(existsSync(join(dir, "packages/alpha/CHANGELOG.md"))).toBe(false);
      expect(JSON.parse(readFileSync(join(dir, "packages/alpha/package.json"), "utf8")).version).toBe(
        "0.1.0",
      );
      expect(existsSync(report.workDir)).toBe(false);
    },
  );

  it(
    "builds the packages in its copy after versioning, as the release does, never packing a stale dist/",
    slow,
    async () => {
      fabricateStaleDist("alpha");
      const report = await releaseDry({ repo: dir, keep: true });
      try {
        expect(report.problems).toEqual([]);
        const [built] = readScripts(join(report.workDir, "packages/alpha/dist"));
        expect(built).toContain('export const alpha = "alpha";');
        // Built at the version being published (the client's User-Agent names it), not the checkout's 0.1.0.
        expect(built).toContain('builtAs = "@fixture/alpha@0.2.0"');
        // The checkout's own dist/ is left as it was.
        expect(readFileSync(join(dir, "packages/alpha/dist/index.js"), "utf8")).toContain('"stale"');
      } finally {
        rmSync(report.workDir, { recursive: true, force: true });
      }
    },
  );

  it("reports a build that fails, with its output", slow, async () => {
    writeFileSync(join(dir, "build.mjs"), 'console.error("cannot build"); process.exit(1);\n');
    const report = await releaseDry({ repo: dir });
    expect(report.problems[0]).toMatch(
      /^the build failed in the copy \(pnpm .*run build\):\n[\s\S]*cannot build/,
    );
  });

  it("fails when a package's build writes no dist/", slow, async () => {
    const manifest = join(dir, "packages/beta/package.json");
    const { scripts: _scripts, ...withoutBuild } = JSON.parse(readFileSync(manifest, "utf8"));
    writeFileSync(manifest, JSON.stringify(withoutBuild));
    const report = await releaseDry({ repo: dir });
    expect(report.problems).toEqual([
      "@fixture/beta: no dist/ in the tarball: build the package (`pnpm build`) before publishing",
      "@fixture/beta: package.json points at dist/index.d.ts, which is not in the tarball",
      "@fixture/beta: package.json points at dist/index.js, which is not in the tarball",
    ]);
    expect(formatReleaseDry(report)).toMatch(/3 problems: nothing may be published/);
  });

  it("fails when test files would be published", slow, async () => {
    write("packages/alpha/src/index.test.ts", "// a test\n");
    write("packages/alpha/src/__tests__/helper.ts", "// a helper\n");
    const report = await releaseDry({ repo: dir });
    expect(report.problems).toEqual([
      expect.stringMatching(
        /^@fixture\/alpha: test files would be published: .*dist\/__tests__\/helper\.js.*dist\/index\.test\.js/,
      ),
    ]);
  });

  it(
    "counts a --with changeset once when it is already pending in .changeset/ (uncommitted), however its path is written",
    slow,
    async () => {
      // beforeEach wrote .changeset/shiny-alpha.md after the commit: pending, not committed.
      const pending = join(dir, ".changeset/shiny-alpha.md");
      const sameFileOtherPath = join(dir, "packages/../.changeset/shiny-alpha.md");
      const report = await releaseDry({ repo: dir, withChangesets: [pending, sameFileOtherPath] });
      expect(report.problems).toEqual([]);
      expect(report.changesetCount).toBe(1);
      const alpha = report.packages.find((pkg) => pkg.name === "@fixture/alpha");
      expect(alpha?.changelogEntry?.match(/Alpha learns a new trick/g)).toHaveLength(1);
    },
  );

  it("adds a --with changeset from outside .changeset/ to the pending ones", slow, async () => {
    const outside = join(dir, "draft.md");
    writeFileSync(outside, '---\n"@fixture/beta": minor\n---\n\nBeta grows.\n');
    const report = await releaseDry({ repo: dir, withChangesets: [outside, outside] });
    expect(report.changesetCount).toBe(2);
    expect(report.packages.find((pkg) => pkg.name === "@fixture/beta")?.version).toBe("0.4.0");
  });

  it("refuses a --with file changesets would not read (not .md), naming it", async () => {
    const draft = join(dir, "draft.txt");
    writeFileSync(draft, '---\n"@fixture/beta": minor\n---\n\nBeta grows.\n');
    await expect(releaseDry({ repo: dir, withChangesets: [draft] })).rejects.toThrow(
      `--with ${draft}: changesets reads only .md files`,
    );
  });

  it("names the --with file itself, not its copy, when its front matter is malformed", async () => {
    const draft = join(dir, "draft.md");
    writeFileSync(draft, "---\n@fixture/beta: minor\n---\n\nBeta grows.\n");
    const error = await releaseDry({ repo: dir, withChangesets: [draft] }).catch((e: unknown) => e);
    expect(String(error)).toContain(`${draft}: its front matter is not valid YAML`);
    expect(String(error)).not.toContain("rehearsal-");
  });

  it(
    "stops after a failed `changeset version`: nothing is built or packed at the old versions",
    slow,
    async () => {
      const draft = join(dir, "draft.md");
      writeFileSync(draft, '---\n"@fixture/typo": minor\n---\n\nNo such package.\n');
      const report = await releaseDry({ repo: dir, withChangesets: [draft] });
      expect(report.packages).toEqual([]);
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatch(/^changeset version failed:[\s\S]*@fixture\/typo/);
      const text = formatReleaseDry(report);
      expect(text).not.toContain("applied");
      expect(text).not.toMatch(/^\s+at /m);
      expect(text.split("\n").length).toBeLessThan(10);
    },
  );

  it("packs the current versions when no changeset is pending", slow, async () => {
    rmSync(join(dir, ".changeset/shiny-alpha.md"));
    const report = await releaseDry({ repo: dir });
    expect(report.changesetCount).toBe(0);
    expect(report.packages.map((pkg) => `${pkg.name}@${pkg.version}`)).toEqual([
      "@fixture/alpha@0.1.0",
      "@fixture/beta@0.3.0",
    ]);
    expect(report.packages.every((pkg) => pkg.changelogEntry === undefined)).toBe(true);
    expect(report.problems).toEqual([]);
  });
});

describe("pnpm release:dry on this repository", () => {
  it("rehearses a breaking-change release of the four packages with a sample changeset", {
    timeout: 240_000,
  }, async () => {
    const sample = join(dir, "sample-changeset.md");
    writeFileSync(
      sample,
      '---\n"@devrev-kit/types": minor\n"@devrev-kit/client": minor\n---\n\nA sample breaking spec change.\n',
    );

    const report = await releaseDry({ withChangesets: [sample], keep: true });
    rmAfter.push(report.workDir);

    expect(report.problems).toEqual([]);
    const byName = new Map(report.packages.map((pkg) => [pkg.name, pkg]));
    expect([...byName.keys()].sort()).toEqual([
      "@devrev-kit/client",
      "@devrev-kit/errors",
      "@devrev-kit/fixtures",
      "@devrev-kit/types",
    ]);
    const types = byName.get("@devrev-kit/types");
    const client = byName.get("@devrev-kit/client");
    expect(types?.version).not.toBe(types?.previousVersion);
    expect(types?.version).toMatch(/^0\.\d+\.0$/);
    expect(types?.changelogEntry).toContain("A sample breaking spec change.");
    // The client's published manifest names the bumped types version, never a workspace range.
    const clientDeps = client?.tarball.manifest["dependencies"] as Record<string, string>;
    expect(clientDeps["@devrev-kit/types"]).toBe(`^${types?.version}`);
    // The client was built at its new version, which its User-Agent carries.
    expect(client?.version).not.toBe(client?.previousVersion);
    expect(readScripts(join(report.workDir, "packages/client/dist")).join("\n")).toContain(
      `VERSION = "${client?.version}"`,
    );
    for (const pkg of report.packages) {
      expect(pkg.tarball.files.map((file) => file.path)).toEqual(
        expect.arrayContaining(["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts"]),
      );
    }
  });
});

describe("inspectTarball", () => {
  it("flags workspace: and catalog: ranges left in a published manifest", () => {
    const staging = mkdtempSync(join(tmpdir(), "devrev-kit-tarball-"));
    try {
      mkdirSync(join(staging, "package/dist"), { recursive: true });
      writeFileSync(
        join(staging, "package/package.json"),
        JSON.stringify({
          name: "@fixture/leaky",
          version: "1.0.0",
          main: "./dist/index.js",
          dependencies: { "@fixture/beta": "workspace:^", "openapi-fetch": "catalog:" },
          peerDependencies: { msw: "^2.7.0" },
        }),
      );
      writeFileSync(join(staging, "package/dist/index.js"), "export {};\n");
      execFileSync("tar", ["-czf", "leaky.tgz", "package"], { cwd: staging });

      const report = inspectTarball(join(staging, "leaky.tgz"));

      expect(report.problems).toEqual([
        'dependencies.@fixture/beta is "workspace:^": a workspace-only range that npm cannot install',
        'dependencies.openapi-fetch is "catalog:": a workspace-only range that npm cannot install',
      ]);
      expect(report.files.map((file) => file.path)).toEqual(["dist/index.js", "package.json"]);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  });
});

describe("latestChangelogEntry", () => {
  it("returns the newest section only", () => {
    const changelog = "# @x/y\n\n## 0.3.0\n\n### Minor Changes\n\n- New.\n\n## 0.2.0\n\n- Old.\n";
    expect(latestChangelogEntry(changelog)).toBe("## 0.3.0\n\n### Minor Changes\n\n- New.");
    expect(latestChangelogEntry("# @x/y\n")).toBeUndefined();
  });
});
