// The GitHub workflows cannot run here; these checks keep their load-bearing parts from rotting:
// pinned actions, least privilege, and the commands they run.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../src/workspace.ts";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const names = ["ci.yml", "release.yml", "spec-drift.yml"] as const;
const text = (name: string) => readFileSync(join(repoRoot, ".github/workflows", name), "utf8");
const workflow = (name: string) => parse(text(name)) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps);

describe.each(names)("%s", (name) => {
  it("pins every action to a full commit SHA with the release tag in a comment", () => {
    const uses = steps(workflow(name)).flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) {
      expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(text(name)).toMatch(
        new RegExp(`uses: ${ref.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} # v\\d+\\.\\d+\\.\\d+`),
      );
    }
  });

  it("grants the workflow token read-only contents by default", () => {
    expect(workflow(name).permissions ?? {}).not.toHaveProperty("id-token");
    expect(Object.values(workflow(name).permissions ?? {})).not.toContain("write");
  });
});

describe("ci.yml", () => {
  it("runs the README test command on Node 22 and 24", () => {
    const wf = workflow("ci.yml");
    expect(wf.jobs["test"]?.strategy?.matrix?.["node"]).toEqual([22, 24]);
    expect(wf.jobs["test"]?.steps.map((step) => step.run)).toContain("./dev test");
  });

  it("checks changesets against the pull request's base and rehearses the release", () => {
    const runs = workflow("ci.yml").jobs["release-checks"]?.steps.map((step) => step.run ?? "") ?? [];
    expect(runs).toContain('./dev changeset:check --base "$BASE_REF"');
    expect(runs.join("\n")).toContain("./dev release:dry");
  });
});

describe("release.yml", () => {
  it("versions and publishes with changesets/action, with provenance and only the permissions it needs", () => {
    const job = workflow("release.yml").jobs["release"];
    expect(job?.permissions).toEqual({ contents: "write", "pull-requests": "write", "id-token": "write" });
    const action = job?.steps.find((step) => step.uses?.startsWith("changesets/action@"));
    expect(action?.with).toMatchObject({
      version: "./dev changeset version",
      publish: "./dev changeset publish",
    });
    expect(action?.env).toMatchObject({ NPM_CONFIG_PROVENANCE: "true" });
    // Tests run before anything is versioned or published.
    const runs = job?.steps.map((step) => step.run) ?? [];
    expect(runs.indexOf("./dev test")).toBeGreaterThanOrEqual(0);
    expect(runs.indexOf("./dev test")).toBeLessThan(job?.steps.indexOf(action as Step) ?? 0);
  });
});

describe("spec-drift.yml", () => {
  it("runs weekly, compares with --strict, and files an issue on drift", () => {
    const wf = workflow("spec-drift.yml");
    expect(wf.on).toHaveProperty("schedule");
    const job = wf.jobs["drift"];
    expect(job?.permissions).toEqual({ contents: "read", issues: "write" });
    const script = job?.steps.map((step) => step.run ?? "").join("\n") ?? "";
    expect(script).toContain('./dev spec:drift --upstream "$RUNNER_TEMP/devrev-published.yaml" --strict');
    expect(script).toContain("gh issue create");
  });
});

describe("the test command (pnpm verify, run by ./dev test and CI)", () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const script = manifest.scripts["verify"] ?? "";
  // The check, then the rest (which has an `&&` of its own inside its parentheses).
  const steps = [script.slice(0, script.indexOf("&&")).trim(), script.slice(script.indexOf("&&") + 2).trim()];

  it("checks the generated files in a turbo run of their own, before anything can regenerate them", () => {
    // typecheck, test and build depend on generate: in the same run it could rewrite the files first.
    expect(steps[0]).toMatch(/^turbo run check:generated(?: --[\w-]+(?:=\S+)?)*$/);
    expect(steps.slice(1).join(" ")).not.toContain("check:generated");
    expect(steps.slice(1).some((step) => /\bturbo run .*\btest\b/.test(step))).toBe(true);
  });

  it("prints the summary line whether the run passed or failed, and fails when either did", () => {
    expect(steps[1]).toMatch(
      /^\(node scripts\/src\/test-summary\.ts --clean && turbo run [^;]+; status=\$\?; node scripts\/src\/test-summary\.ts && exit \$status\)$/,
    );
  });

  it("re-runs tasks when what they depend on changes: the generators' versions, the shared vitest config", () => {
    const turbo = JSON.parse(readFileSync(join(repoRoot, "turbo.json"), "utf8")) as {
      tasks: Record<string, { inputs?: string[] }>;
    };
    const global = (
      JSON.parse(readFileSync(join(repoRoot, "turbo.json"), "utf8")) as { globalDependencies: string[] }
    ).globalDependencies;
    // Every vitest config imports vitest.shared.ts; pnpm-workspace.yaml holds settings the lockfile does not.
    expect(global).toEqual(expect.arrayContaining(["vitest.shared.ts", "pnpm-workspace.yaml"]));
    for (const task of ["generate", "check:generated"]) {
      expect(turbo.tasks[task]?.inputs).toEqual(
        expect.arrayContaining(["$TURBO_ROOT$/pnpm-lock.yaml", "$TURBO_ROOT$/scripts/package.json"]),
      );
    }
  });
});
