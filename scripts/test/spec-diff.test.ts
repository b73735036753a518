import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeSchemaPointer } from "../src/optic-report.ts";
import { diffSpec, formatSpecDiff } from "../src/spec-diff.ts";
import { repoRoot } from "../src/workspace.ts";
import { createTempGitRepo, type TempGitRepo } from "./fixtures/changeset-check/temp-git-repo.ts";
import { runScript } from "./fixtures/run-script.ts";

const specDiffCli = join(repoRoot, "scripts/src/spec-diff.ts");
// optic takes a few seconds to start; the machine is shared.
const slow = { timeout: 90_000 };

const runCli = (cwd: string, args: string[] = []) => runScript(specDiffCli, cwd, args);

let repo: TempGitRepo;
beforeEach(() => {
  repo = createTempGitRepo();
});
afterEach(() => repo.remove());

describe("pnpm spec:diff", () => {
  it(
    "flags a request property made required and a response property removed as breaking, and exits 1",
    slow,
    async () => {
      repo.edit(
        "openapi/components/schemas/widgets-create-request.yaml",
        "required: [name]",
        "required: [name, color]",
      );
      repo.edit("openapi/components/schemas/widget.yaml", "  color:\n    type: string\n", "");

      const { code, stdout } = await runCli(repo.dir, ["--base", "main"]);

      expect(code).toBe(1);
      expect(stdout).toMatch(
        /BREAKING\s+request\s+POST \/widgets\.create\s+body property color: required added/,
      );
      expect(stdout).toContain("cannot make a request property required");
      expect(stdout).toMatch(
        /BREAKING\s+response\s+POST \/widgets\.create\s+status 201 body property color: removed/,
      );
      // The schema is shared, so the list response loses the property too.
      expect(stdout).toMatch(
        /BREAKING\s+response\s+GET \/widgets\.list\s+status 200 body property widgets\[\]\.color: removed/,
      );
      expect(stdout).toMatch(/3 changes: 3 breaking \(1 request, 2 response\), 0 not breaking\./);
      expect(stdout).toContain("minor while they are 0.x");
    },
  );

  it(
    "passes additive changes (new optional request field, new response field, new operation) with exit 0",
    slow,
    async () => {
      repo.edit(
        "openapi/components/schemas/widgets-create-request.yaml",
        "  color:\n",
        "  size:\n    type: integer\n  color:\n",
      );
      repo.edit(
        "openapi/components/schemas/widget.yaml",
        "  color:\n",
        "  created_date:\n    type: string\n  color:\n",
      );
      repo.edit(
        "openapi/devrev.yaml",
        "  /widgets.list:\n",
        "  /widgets.count:\n    get:\n      operationId: widgets-count\n      responses:\n        '200':\n          description: How many.\n  /widgets.list:\n",
      );

      const { code, stdout } = await runCli(repo.dir, ["--base", "main"]);

      expect(code).toBe(0);
      expect(stdout).toMatch(/ok\s+operation\s+GET \/widgets\.count\s+operation: added/);
      expect(stdout).toMatch(/ok\s+request\s+POST \/widgets\.create\s+body property size: added/);
      expect(stdout).toMatch(
        /ok\s+response\s+POST \/widgets\.create\s+status 201 body property created_date: added/,
      );
      expect(stdout).toMatch(/: 0 breaking, \d+ not breaking\./);
      expect(stdout).not.toContain("BREAKING");
    },
  );

  it(
    "defaults the base to the highest @devrev-kit/types release tag (semver order, not text order)",
    slow,
    async () => {
      repo.git("tag", "@devrev-kit/types@0.2.0");
      repo.edit("openapi/components/schemas/widget.yaml", "required: [id, name]", "required: [id]");
      repo.commitAll("Make widget.name optional in responses (breaking)");
      repo.git("tag", "@devrev-kit/types@0.10.0");

      const sinceLatest = await diffSpec({ repo: repo.dir });
      expect(sinceLatest.base).toBe("@devrev-kit/types@0.10.0");
      expect(sinceLatest.result.changes).toEqual([]);
      expect(formatSpecDiff(sinceLatest)).toContain("No changes.");

      const sinceOlder = await diffSpec({ repo: repo.dir, base: "@devrev-kit/types@0.2.0" });
      expect(sinceOlder.result.breaking).toBe(true);
      expect(sinceOlder.result.changes).toContainEqual(
        expect.objectContaining({
          operation: "POST /widgets.create",
          direction: "response",
          location: "status 201 body property name",
          breaking: [expect.stringContaining("prevent making response property optional")],
        }),
      );
    },
  );

  it("falls back to main when nothing has been released yet", slow, async () => {
    repo.git("checkout", "--quiet", "-b", "feature");
    repo.edit(
      "openapi/paths/widgets-list.yaml",
      "      in: query\n",
      "      in: query\n      required: true\n",
    );
    repo.commitAll("Require limit");

    const report = await diffSpec({ repo: repo.dir });

    expect(report.base).toBe("main");
    expect(report.result.breaking).toBe(true);
    expect(report.result.changes).toContainEqual(
      expect.objectContaining({
        direction: "request",
        location: "query parameter limit",
        change: "required added",
      }),
    );
  });

  it("treats a spec that did not exist at the base as all new operations, not breaking", slow, async () => {
    repo.git("rm", "-r", "--quiet", "openapi");
    repo.commitAll("No spec yet");
    const before = repo.git("rev-parse", "HEAD").trim();
    repo.git("checkout", "--quiet", "HEAD~1", "--", "openapi");

    const report = await diffSpec({ repo: repo.dir, base: before });

    expect(report.baseHadSpec).toBe(false);
    expect(report.result.breaking).toBe(false);
    expect(
      report.result.changes.filter((change) => change.change === "added").map((change) => change.operation),
    ).toEqual(expect.arrayContaining(["POST /widgets.create", "GET /widgets.list"]));
  });

  it("skips optic and reports no changes when the bundled specs are equal", async () => {
    // Reformatting a file changes bytes but not the document.
    repo.edit(
      "openapi/components/schemas/widget.yaml",
      "required: [id, name]",
      "required:\n  - id\n  - name",
    );
    const report = await diffSpec({ repo: repo.dir, base: "main" });
    expect(report.result).toMatchObject({ breaking: false, changes: [], checksRun: 0 });
  });

  it("exits 2 with a message naming the ref when --base does not exist", async () => {
    const { code, stderr } = await runCli(repo.dir, ["--base", "no-such-ref"]);
    expect(code).toBe(2);
    expect(stderr).toContain('"no-such-ref" is not a commit, branch or tag');
  });

  it("exits 2 and names the broken reference when the working-tree spec does not bundle", async () => {
    repo.edit("openapi/devrev.yaml", "paths/widgets-list.yaml", "paths/widgets-gone.yaml");
    const { code, stderr } = await runCli(repo.dir, ["--base", "main"]);
    expect(code).toBe(2);
    expect(stderr).toContain("could not bundle");
    expect(stderr).toContain("widgets-gone.yaml");
  });
});

describe("describeSchemaPointer", () => {
  it.each([
    ["/schema", "schema"],
    ["/schema/properties/name", "name"],
    ["/schema/properties/rev_org/properties/tags/items/properties/id", "rev_org.tags[].id"],
    ["/schema/oneOf/0/properties/type", "oneOf/0.type"],
  ])("%s -> %s", (pointer, label) => {
    expect(describeSchemaPointer(pointer)).toBe(label);
  });
});
