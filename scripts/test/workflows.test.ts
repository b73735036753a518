// The GitHub workflows cannot run here; these checks keep their load-bearing parts from rotting:
// pinned actions, least privilege, and the commands they run. The bootstrap they rely on (./dev,
// scripts/bootstrap.sh) runs below against fake node, pnpm and npm commands, so offline.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
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

  it("lists every stale generated file, of every package, not only the first package's", () => {
    // Without --continue turbo stops the other packages' checks when one fails.
    expect(steps[0]).toContain(" --continue");
    expect(manifest.scripts["check:generated"]).toMatch(/^turbo run check:generated\b.* --continue\b/);
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
    // A stray file in src/generated/ must re-run generate (which deletes it), not replay its cached outputs.
    expect(turbo.tasks["generate"]?.inputs).toContain("src/generated/**");
  });
});

describe("scripts/bootstrap.sh", () => {
  const nodeVersion = readFileSync(join(repoRoot, ".node-version"), "utf8").trim().replace(/^v/, "");
  const pnpmVersion = /"packageManager": *"pnpm@([^"+]+)/.exec(
    readFileSync(join(repoRoot, "package.json"), "utf8"),
  )?.[1];
  const floorVersion = readFileSync(join(repoRoot, "tests/consumers/floor-node-version"), "utf8").trim();
  const work = mkdtempSync(join(tmpdir(), "devrev-kit-bootstrap-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function script(path: string, body: string): void {
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
  }

  /**
   * Sources the bootstrap with `node` and `pnpm` faked to print the given versions (none: not on PATH),
   * its toolchain moved to a temporary folder, and an `npm` that records its arguments and, for a
   * `node@x` into node-floor/, leaves a node that prints vx. Returns npm's calls, stderr and PATH.
   */
  function bootstrap(
    machine: {
      node: string;
      pnpm?: string;
      offline?: boolean;
      nodeFails?: boolean;
      noToolchainNode?: boolean;
    },
    call: string,
  ) {
    const dir = mkdtempSync(join(work, "case-"));
    const bin = join(dir, "bin");
    mkdirSync(bin);
    script(
      join(bin, "node"),
      machine.nodeFails
        ? `echo "nodenv: version '${machine.node}' is not installed (set by .node-version)" >&2; exit 1`
        : `echo v${machine.node}`,
    );
    if (machine.pnpm) script(join(bin, "pnpm"), `echo ${machine.pnpm}`);
    script(
      join(bin, "npm"),
      [
        `echo "$*" >> "${dir}/npm.log"`,
        machine.offline ? 'echo "npm error code ECONNREFUSED" >&2; exit 1' : "",
        // npm install --prefix <dir> ... node@<version>
        `prefix="$3"; version="$(echo "$*" | sed 's/.* node@//')"`,
        'case "$prefix" in */node-floor) mkdir -p "$prefix/node_modules/.bin"',
        `  printf '#!/bin/sh\\necho v%s\\n' "$version" > "$prefix/node_modules/.bin/node"`,
        '  chmod +x "$prefix/node_modules/.bin/node" ;;',
        // The toolchain: a node that prints the pinned version, unless the machine's npm skips scripts.
        machine.noToolchainNode ? "" : '*/.toolchain) mkdir -p "$prefix/node_modules/.bin"',
        machine.noToolchainNode
          ? ""
          : `  printf '#!/bin/sh\\necho v${nodeVersion}\\n' > "$prefix/node_modules/.bin/node"`,
        machine.noToolchainNode ? "" : '  chmod +x "$prefix/node_modules/.bin/node" ;;',
        "esac",
      ].join("\n"),
    );
    const shell = [
      `set -euo pipefail; exec 2> "${dir}/stderr"`,
      `source "${join(repoRoot, "scripts/bootstrap.sh")}"`,
      `devrev_toolchain="${dir}/.toolchain"; devrev_floor_node_prefix="${dir}/.toolchain/node-floor"`,
      call,
      'echo "PATH=$PATH"',
    ].join("\n");
    const result = execFileSync("bash", ["-c", shell], {
      encoding: "utf8",
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir },
    });
    const read = (name: string) => {
      try {
        return readFileSync(join(dir, name), "utf8");
      } catch {
        return "";
      }
    };
    return {
      npm: read("npm.log").split("\n").filter(Boolean),
      stderr: read("stderr"),
      path: result.slice(result.lastIndexOf("PATH=") + 5).trim(),
      toolchainBin: join(dir, ".toolchain/node_modules/.bin"),
      bin,
    };
  }

  it("uses the machine's Node and pnpm when they are new enough and the pinned pnpm", () => {
    const run = bootstrap({ node: "24.18.0", pnpm: pnpmVersion ?? "" }, "devrev_ensure_toolchain");
    expect(run.npm).toEqual([]);
    expect(run.path.startsWith(run.bin)).toBe(true);
  });

  it("installs the pinned pnpm (and Node) into .toolchain/ when the machine's pnpm is another version", () => {
    const run = bootstrap({ node: "24.21.0", pnpm: "9.15.9" }, "devrev_ensure_toolchain");
    expect(run.npm).toHaveLength(1);
    expect(run.npm[0]).toMatch(/^install --prefix \S+\/\.toolchain /);
    expect(run.npm[0]).toContain(` node@${nodeVersion} pnpm@${pnpmVersion}`);
    expect(run.stderr).toContain("(found node 24.21.0, pnpm 9.15.9)");
    expect(run.path.startsWith(`${run.toolchainBin}:`)).toBe(true);
  });

  it("installs Node and pnpm into .toolchain/ when the machine's Node is older than 24.18", () => {
    const run = bootstrap({ node: "20.20.2" }, "devrev_ensure_toolchain");
    expect(run.npm[0]).toContain(` node@${nodeVersion} pnpm@${pnpmVersion}`);
    expect(run.stderr).toContain("(found node 20.20.2)");
    expect(run.path.startsWith(`${run.toolchainBin}:`)).toBe(true);
  });

  it("installs Node and pnpm into .toolchain/ when the machine's node is a version manager's shim that fails", () => {
    const run = bootstrap({ node: nodeVersion, nodeFails: true }, "devrev_ensure_toolchain");
    expect(run.npm[0]).toContain(` node@${nodeVersion} pnpm@${pnpmVersion}`);
    expect(run.stderr).toContain("(found node none)");
    expect(run.path.startsWith(`${run.toolchainBin}:`)).toBe(true);
  });

  it("runs the install scripts that put the Node binaries in place, even where the user's npm config ignores scripts", () => {
    const run = bootstrap({ node: "20.20.2" }, "devrev_ensure_toolchain; devrev_ensure_floor_node");
    expect(run.npm).toHaveLength(2);
    for (const call of run.npm) expect(call).toContain(" --ignore-scripts=false ");
  });

  it("stops, saying so, when npm leaves no node that runs in .toolchain/", () => {
    const run = bootstrap(
      { node: "20.20.2", noToolchainNode: true },
      'devrev_ensure_toolchain || echo "stopped" >&2',
    );
    expect(run.stderr).toContain(`node@${nodeVersion} was installed but`);
    expect(run.stderr).toContain("stopped");
  });

  it("installs the consumer tests' floor Node into .toolchain/node-floor/ once, off PATH", () => {
    const run = bootstrap(
      { node: "24.21.0", pnpm: pnpmVersion ?? "" },
      "devrev_ensure_floor_node; devrev_ensure_floor_node",
    );
    expect(run.npm).toHaveLength(1);
    expect(run.npm[0]).toMatch(
      new RegExp(`^install --prefix \\S+/\\.toolchain/node-floor .* node@${floorVersion}$`),
    );
    expect(run.path).not.toContain("node-floor");
  });

  it("is called by ./dev for the tests and setup, before pnpm runs them", () => {
    const dev = readFileSync(join(repoRoot, "dev"), "utf8");
    expect(dev).toMatch(/^ {2}test\) .*devrev_ensure_floor_node; .*exec pnpm run verify/m);
    expect(dev).toMatch(/^ {2}setup\)\n.*devrev_ensure_floor_node/m);
  });

  it("offline, says so and fails, and ./dev's other commands go on without it", () => {
    const run = bootstrap(
      { node: "24.21.0", pnpm: pnpmVersion ?? "", offline: true },
      'devrev_ensure_floor_node || echo "went on" >&2',
    );
    expect(run.stderr).toContain(`could not install node@${floorVersion} from the npm registry`);
    expect(run.stderr).toContain("went on");
    const dev = readFileSync(join(repoRoot, "dev"), "utf8");
    expect(dev).toMatch(/^ {2}\*\)\n(?:.*\n)*? {4}devrev_locked devrev_ensure_floor_node \|\| devrev_log /m);
  });

  it("lets one of two ./dev started at once install, and the other wait and find it installed", async () => {
    const dir = mkdtempSync(join(work, "race-"));
    const bin = join(dir, "bin");
    mkdirSync(bin);
    script(join(bin, "node"), "echo v20.20.2");
    // A slow npm that leaves the pinned Node and pnpm in .toolchain/, as the real one does.
    script(
      join(bin, "npm"),
      [
        `echo "$*" >> "${dir}/npm.log"; sleep 1; prefix="$3"; mkdir -p "$prefix/node_modules/.bin"`,
        `printf '#!/bin/sh\\necho v${nodeVersion}\\n' > "$prefix/node_modules/.bin/node"`,
        `printf '#!/bin/sh\\necho ${pnpmVersion}\\n' > "$prefix/node_modules/.bin/pnpm"`,
        'chmod +x "$prefix/node_modules/.bin/node" "$prefix/node_modules/.bin/pnpm"',
      ].join("\n"),
    );
    const shell = [
      "set -euo pipefail",
      `source "${join(repoRoot, "scripts/bootstrap.sh")}"`,
      `devrev_toolchain="${dir}/.toolchain"`,
      "devrev_locked devrev_ensure_toolchain",
      "node --version",
    ].join("\n");
    const start = () =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn("bash", ["-c", shell], { env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("close", (code) => done({ code, stdout, stderr }));
      });
    const runs = await Promise.all([start(), start()]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe(`v${nodeVersion}`);
    }
    expect(readFileSync(join(dir, "npm.log"), "utf8").trim().split("\n")).toHaveLength(1);
    expect(runs.map((run) => run.stderr).join("")).toContain(
      "waiting for another ./dev, which is installing",
    );
    expect(() => readFileSync(join(dir, ".toolchain/.lock/pid"))).toThrow();
  });

  it("takes over a lock whose holder is gone (a ./dev killed mid-install)", () => {
    const run = bootstrap(
      { node: "24.21.0", pnpm: pnpmVersion ?? "" },
      'mkdir -p "$devrev_toolchain/.lock"; echo 2147483646 > "$devrev_toolchain/.lock/pid"; devrev_locked true; test ! -e "$devrev_toolchain/.lock"',
    );
    expect(run.stderr).not.toContain("waiting");
  });

  it("./dev --help and ./dev alone print the usage without installing anything, even offline with no Node", () => {
    const home = mkdtempSync(join(tmpdir(), "devrev-kit-help-"));
    try {
      for (const args of [["--help"], []]) {
        const run = spawnSync("/bin/bash", [join(repoRoot, "dev"), ...args], {
          encoding: "utf8",
          // No node, npm or pnpm on PATH, and npm offline: anything that tried to install would fail.
          env: { PATH: "/nonexistent", HOME: home, npm_config_offline: "true" },
        });
        expect(run.status, run.stderr).toBe(0);
        expect(run.stdout).toBe("usage: ./dev start | ./dev test | ./dev setup | ./dev <pnpm args>\n");
        expect(run.stderr).toBe("");
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
