import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkChangesets, formatChangesetCheck } from "../src/changeset-check.ts";
import { breakingBumpFor, parseChangeset } from "../src/changeset-files.ts";
import type { PublishedPackage } from "../src/published-packages.ts";
import { formatSpecDiff } from "../src/spec-diff.ts";
import { regeneratedPackages, specReleases } from "../src/spec-releases.ts";
import { UsageError } from "../src/usage-error.ts";
import { repoRoot } from "../src/workspace.ts";
import { createTempGitRepo, type TempGitRepo } from "./fixtures/changeset-check/temp-git-repo.ts";
import { runScript } from "./fixtures/run-script.ts";

const cli = join(repoRoot, "scripts/src/changeset-check.ts");
const slow = { timeout: 90_000 };

/** A package.json at 0.1.0 with these dependencies. */
function manifest(name: string, dependencies: Record<string, string>): string {
  return `${JSON.stringify({ name, version: "0.1.0", type: "module", dependencies }, null, 2)}\n`;
}

const runCli = (cwd: string, args: string[] = []) => runScript(cli, cwd, args);

let repo: TempGitRepo;
beforeEach(() => {
  repo = createTempGitRepo();
  // Work happens on a branch, as in a pull request; the default base is where it left main.
  repo.git("checkout", "--quiet", "-b", "feature");
});
afterEach(() => repo.remove());

/** A new optional widget property: a change users can see that breaks nothing. */
const compatibleSpecEdit = () =>
  repo.edit("openapi/components/schemas/widget.yaml", "  color:\n", "  size:\n    type: integer\n  color:\n");
const breakingSpecEdit = () =>
  repo.edit(
    "openapi/components/schemas/widgets-create-request.yaml",
    "required: [name]",
    "required: [name, color]",
  );

describe("pnpm changeset:check", () => {
  it("passes when nothing release-relevant changed (tests only)", async () => {
    repo.write("packages/types/test/widgets-check.ts", "// edited\n");
    repo.commitAll("Tests only");
    const report = await checkChangesets({ repo: repo.dir });
    expect(report.problems).toEqual([]);
    expect(report.changedPackages).toEqual([]);
  });

  it("fails when a package's source changed without a changeset, naming the package and the fix", async () => {
    repo.write("packages/client/src/index.ts", 'export const name = "client, improved";\n');
    repo.commitAll("Improve the client");

    const { code, stdout } = await runCli(repo.dir);

    expect(code).toBe(1);
    expect(stdout).toContain("FAIL @devrev-kit/client: 1 file under packages/client changed since");
    expect(stdout).toContain("Run `pnpm changeset`");
  });

  it("counts uncommitted and untracked changes too", async () => {
    repo.write("packages/types/src/extra.ts", "export const extra = 1;\n");
    const report = await checkChangesets({ repo: repo.dir });
    expect(report.problems).toEqual([
      expect.stringContaining("@devrev-kit/types: 1 file under packages/types"),
    ]);
  });

  it("passes when the changeset names the changed package", async () => {
    repo.write("packages/client/src/index.ts", 'export const name = "client, improved";\n');
    repo.addChangeset("quick-fox", { "@devrev-kit/client": "patch" });
    repo.commitAll("Improve the client, with a changeset");

    const { code, stdout } = await runCli(repo.dir);

    expect(code).toBe(0);
    expect(stdout).toContain(".changeset/quick-fox.md (@devrev-kit/client: patch)");
    expect(stdout.trim().endsWith("OK")).toBe(true);
  });

  it("does not accept a changeset that names only another package", async () => {
    repo.write("packages/client/src/index.ts", 'export const name = "client, improved";\n');
    repo.addChangeset("wrong-one", { "@devrev-kit/types": "patch" });
    const report = await checkChangesets({ repo: repo.dir });
    expect(report.problems).toEqual([expect.stringContaining("@devrev-kit/client")]);
  });

  it("ignores a changeset that was already on main: only changesets added since the base count", async () => {
    repo.git("checkout", "--quiet", "main");
    repo.addChangeset("old-news", { "@devrev-kit/client": "minor" });
    repo.commitAll("An unreleased changeset on main");
    repo.git("checkout", "--quiet", "-b", "feature-2");
    repo.write("packages/client/src/index.ts", 'export const name = "client, again";\n');

    const report = await checkChangesets({ repo: repo.dir });

    expect(report.changesets).toEqual([]);
    expect(report.problems).toEqual([expect.stringContaining("@devrev-kit/client")]);
  });

  it(
    "fails when the spec changed (not breaking) without a changeset for @devrev-kit/types",
    slow,
    async () => {
      compatibleSpecEdit();

      const report = await checkChangesets({ repo: repo.dir });

      expect(report.specDiff?.result.breaking).toBe(false);
      expect(report.problems).toEqual([
        expect.stringMatching(
          /^@devrev-kit\/types: the spec \(1 file under openapi\/\) changed since .* no changeset names it/,
        ),
      ]);
    },
  );

  it("passes a non-breaking spec change with a patch changeset for @devrev-kit/types", slow, async () => {
    compatibleSpecEdit();
    repo.addChangeset("widget-size", { "@devrev-kit/types": "patch" });
    const report = await checkChangesets({ repo: repo.dir });
    expect(report.problems).toEqual([]);
  });

  it(
    "refuses a breaking spec change released as a patch, asking for a minor while at 0.x",
    slow,
    async () => {
      breakingSpecEdit();
      repo.addChangeset("color-required", { "@devrev-kit/types": "patch", "@devrev-kit/client": "patch" });
      repo.commitAll("Require color (breaking) with only a patch");

      // In-process (the CLI's exit codes are covered above), so optic's result for this pair is reused below.
      const report = await checkChangesets({ repo: repo.dir });
      const stdout = formatChangesetCheck(report);

      expect(report.problems).toHaveLength(2);
      expect(stdout).not.toMatch(/[ \t]$/m); // the embedded spec:diff report is indented, its blank lines not
      expect(stdout).toMatch(
        /BREAKING\s+request\s+POST \/widgets\.create\s+body property color: required added/,
      );
      expect(stdout).toContain(
        "FAIL @devrev-kit/types: spec:diff found 1 breaking change, so it needs a minor bump (it is at 0.1.0",
      );
      expect(stdout).toContain(
        "FAIL @devrev-kit/client: spec:diff found 1 breaking change, so it needs a minor bump",
      );
      expect(stdout).toContain("give it a patch");
    },
  );

  it("refuses a breaking spec change when only @devrev-kit/types gets the minor", slow, async () => {
    breakingSpecEdit();
    repo.addChangeset("color-required", { "@devrev-kit/types": "minor" });
    const report = await checkChangesets({ repo: repo.dir });
    expect(report.problems).toEqual([
      expect.stringMatching(/^@devrev-kit\/client: .* gives? it no bump\. Give it a minor in a changeset/),
    ]);
  });

  it(
    "accepts a breaking spec change with a minor for both packages at 0.x (bumps may come from two changesets)",
    slow,
    async () => {
      breakingSpecEdit();
      repo.addChangeset("types-minor", { "@devrev-kit/types": "minor" });
      repo.addChangeset("client-minor", { "@devrev-kit/client": "minor" }, "The client follows the spec.");
      const report = await checkChangesets({ repo: repo.dir });
      expect(report.problems).toEqual([]);
      expect(report.specDiff?.result.breaking).toBe(true);
    },
  );

  it(
    "asks the same bump of every published package that depends on @devrev-kit/types, and only of those",
    slow,
    async () => {
      repo.git("checkout", "--quiet", "main");
      repo.write(
        "packages/errors/package.json",
        manifest("@devrev-kit/errors", { "@devrev-kit/types": "workspace:^" }),
      );
      repo.write("packages/other/package.json", manifest("@devrev-kit/other", {}));
      repo.commitAll("Two more packages, one on the types");
      repo.git("checkout", "--quiet", "-b", "feature-3");
      breakingSpecEdit();
      repo.addChangeset("color-required", {
        "@devrev-kit/types": "minor",
        "@devrev-kit/client": "minor",
        "@devrev-kit/errors": "patch",
      });
      const report = await checkChangesets({ repo: repo.dir });
      expect(report.problems).toEqual([
        expect.stringMatching(
          /^@devrev-kit\/errors: spec:diff found 1 breaking change, so it needs a minor bump/,
        ),
      ]);
    },
  );

  it(
    "asks for exactly the releases spec:diff advises: types and every package on it, each at a minor for a break",
    slow,
    async () => {
      repo.git("checkout", "--quiet", "main");
      for (const name of ["errors", "fixtures"]) {
        repo.write(
          `packages/${name}/package.json`,
          manifest(`@devrev-kit/${name}`, { "@devrev-kit/types": "workspace:^" }),
        );
      }
      repo.commitAll("errors and fixtures, on the types");
      repo.git("checkout", "--quiet", "-b", "feature-4");
      breakingSpecEdit();

      const report = await checkChangesets({ repo: repo.dir });
      const advised = report.specDiff?.releases.map((release) => `${release.name}@${release.bump}`);
      const advice = formatSpecDiff(report.specDiff ?? expect.fail("no spec diff"));

      const all = ["types", "client", "errors", "fixtures"].map((name) => `@devrev-kit/${name}`);
      expect(advised).toEqual(all.map((name) => `${name}@minor`));
      for (const name of all) expect(advice).toMatch(new RegExp(`^  ${name}\\s+minor\\s`, "m"));
      // The check asks for what spec:diff advised, no more and no less.
      expect(report.problems.map((problem) => problem.split(":")[0])).toEqual(all);
      repo.addChangeset("all-minor", Object.fromEntries(all.map((name) => [name, "minor"])));
      expect((await checkChangesets({ repo: repo.dir })).problems).toEqual([]);
    },
  );

  it("asks for a major once the packages are 1.x", slow, async () => {
    for (const name of ["types", "client"]) {
      repo.edit(`packages/${name}/package.json`, '"version": "0.1.0"', '"version": "1.2.0"');
    }
    repo.commitAll("1.x");
    repo.git("branch", "--force", "main");
    breakingSpecEdit();
    repo.addChangeset("color-required", { "@devrev-kit/types": "minor", "@devrev-kit/client": "minor" });

    const report = await checkChangesets({ repo: repo.dir });

    expect(report.problems).toEqual([
      expect.stringContaining(
        "@devrev-kit/types: spec:diff found 1 breaking change, so it needs a major bump (it is at 1.2.0)",
      ),
      expect.stringContaining(
        "@devrev-kit/client: spec:diff found 1 breaking change, so it needs a major bump (it is at 1.2.0)",
      ),
    ]);
  });

  it(
    "lets an empty changeset say a source change needs no release, but not a breaking spec change",
    slow,
    async () => {
      repo.write("packages/client/src/index.ts", "export const name = 'client'; // comment only\n");
      repo.write(".changeset/no-release.md", "---\n---\n");
      const quiet = await checkChangesets({ repo: repo.dir });
      expect(quiet.problems).toEqual([]);
      expect(quiet.notes).toEqual([
        expect.stringContaining(".changeset/no-release.md says no release is needed"),
      ]);

      breakingSpecEdit();
      const loud = await checkChangesets({ repo: repo.dir });
      expect(loud.problems).toHaveLength(2);
    },
  );

  it(
    "does not let an empty changeset release a spec change users can see, even one that breaks nothing",
    slow,
    async () => {
      compatibleSpecEdit();
      repo.write(".changeset/no-release.md", "---\n---\n");

      const report = await checkChangesets({ repo: repo.dir });

      expect(report.specDiff?.result.breaking).toBe(false);
      expect(report.notes).toEqual([]);
      expect(report.problems).toEqual([
        expect.stringMatching(
          /^@devrev-kit\/types: the spec .* no changeset names it .* An empty changeset says no release is needed/,
        ),
      ]);
    },
  );

  it("reports a changeset naming a package that is not published, listing those that are", async () => {
    repo.addChangeset("typo", { "@devrev-kit/typs": "patch" });
    const report = await checkChangesets({ repo: repo.dir });
    expect(report.problems).toEqual([
      '.changeset/typo.md names "@devrev-kit/typs", which is not a published package ' +
        "(they are @devrev-kit/client, @devrev-kit/types).",
    ]);
  });

  it("notes a major that takes a 0.x package to 1.0.0, where a break needs only a minor", async () => {
    repo.write("packages/client/src/index.ts", 'export const name = "client, improved";\n');
    repo.addChangeset("big-step", { "@devrev-kit/client": "major" });
    const report = await checkChangesets({ repo: repo.dir });
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([
      ".changeset/big-step.md gives @devrev-kit/client a major, taking it from 0.1.0 to 1.0.0; " +
        "while 0.x a breaking change needs only a minor. Keep it only to leave 0.x on purpose.",
    ]);
  });

  it("compares against an explicit --base", async () => {
    repo.write("packages/types/src/index.ts", 'export const name = "types 2";\n');
    repo.commitAll("Change types");
    const sinceHead = await checkChangesets({ repo: repo.dir, base: "HEAD" });
    expect(sinceHead.problems).toEqual([]);
    const { code, stderr } = await runCli(repo.dir, ["--base", "nope"]);
    expect(code).toBe(2);
    expect(stderr).toContain('"nope" is not a commit');
  });
});

describe("specReleases: what a spec change must release", () => {
  const pkg = (
    name: string,
    version = "0.4.0",
    uses: string[] = ["@devrev-kit/types"],
  ): PublishedPackage => ({
    name: `@devrev-kit/${name}`,
    version,
    dir: `packages/${name}`,
    uses,
  });
  const packages = [
    pkg("client"),
    pkg("errors"),
    pkg("fixtures"),
    pkg("types", "0.4.0", []),
    pkg("other", "1.0.0", []),
  ];
  const summary = (releases: ReturnType<typeof specReleases>) =>
    releases.map((release) => `${release.name}@${release.bump}`);

  it("releases nothing when the bundled spec did not change", () => {
    expect(specReleases(packages, "none", new Set(["@devrev-kit/errors"]))).toEqual([]);
  });

  it("releases the types by a patch for a compatible change, and a package whose generated code changed", () => {
    const regenerated = regeneratedPackages(packages, [
      "packages/errors/src/generated/error-fields.gen.ts",
      "packages/client/src/index.ts",
    ]);
    expect([...regenerated]).toEqual(["@devrev-kit/errors"]);
    expect(summary(specReleases(packages, "compatible", regenerated))).toEqual([
      "@devrev-kit/types@patch",
      "@devrev-kit/errors@patch",
    ]);
  });

  it("releases the types and every package that depends on them by a breaking bump, by each one's version", () => {
    const later = packages.map((p) => (p.name === "@devrev-kit/fixtures" ? { ...p, version: "1.2.0" } : p));
    expect(summary(specReleases(later, "breaking"))).toEqual([
      "@devrev-kit/types@minor",
      "@devrev-kit/client@minor",
      "@devrev-kit/errors@minor",
      "@devrev-kit/fixtures@major",
    ]);
  });
});

describe("changeset files", () => {
  it("parses packages and bumps from the front matter", () => {
    const changeset = parseChangeset(
      ".changeset/a.md",
      '---\n"@devrev-kit/types": minor\n"@devrev-kit/client": patch\n---\n\nSummary line.\n',
    );
    expect([...changeset.releases]).toEqual([
      ["@devrev-kit/types", "minor"],
      ["@devrev-kit/client", "patch"],
    ]);
    expect(changeset.summary).toBe("Summary line.");
  });

  it("rejects an unknown bump with the file name and the allowed values", () => {
    expect(() => parseChangeset(".changeset/b.md", '---\n"@devrev-kit/types": huge\n---\n')).toThrow(
      '.changeset/b.md: "@devrev-kit/types" has bump "huge"; use patch, minor or major.',
    );
  });

  it("rejects front matter that is not YAML (an unquoted @ name) with the file name and the fix", () => {
    const parse = () => parseChangeset(".changeset/c.md", "---\n@devrev-kit/types: minor\n---\nSummary.\n");
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(
      /^\.changeset\/c\.md: its front matter is not valid YAML \(.+\); quote package names/,
    );
  });

  it.each([
    ["0.1.0", "minor"],
    ["0.9.3", "minor"],
    ["1.0.0", "major"],
    ["2.4.1", "major"],
  ])("a breaking change of %s needs a %s bump", (version, bump) => {
    expect(breakingBumpFor(version)).toBe(bump);
  });
});
