// Regression tests from an adversarial review of the regeneration and release workflow
// (docs/regeneration.md, CONTRIBUTING.md#releasing). Each test states the promise it holds the scripts to.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { repoRoot } from "../src/workspace.ts";
import { createTempGitRepo, type TempGitRepo } from "./fixtures/changeset-check/temp-git-repo.ts";
import {
  createTempCodegenRoot,
  GENERATED_DIR,
  type TempCodegenRoot,
} from "./fixtures/codegen/temp-codegen-root.ts";
import { runScript } from "./fixtures/run-script.ts";

describe("generate from a checkout whose path has a space", () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), "devrev-kit-review-"));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  // docs/regeneration.md: `pnpm generate` rewrites packages/types/src/generated/, validators included.
  // A clone at `~/My Projects/devrev-kit` is an ordinary place for one; the validators' esbuild entry
  // imported the runtime by its URL-encoded path (`My%20Projects`), which esbuild cannot resolve.
  it("bundles the validators (scripts/src under `a dir/`)", { timeout: 60_000 }, async () => {
    const checkout = join(scratch, "a dir");
    mkdirSync(join(checkout, "scripts"), { recursive: true });
    cpSync(join(repoRoot, "scripts/src"), join(checkout, "scripts/src"), { recursive: true });
    // The copy resolves its dependencies through the real install.
    symlinkSync(join(repoRoot, "scripts/node_modules"), join(checkout, "scripts/node_modules"));
    symlinkSync(join(repoRoot, "node_modules"), join(checkout, "node_modules"));
    const spec = {
      openapi: "3.0.3",
      info: { title: "spaces", version: "1" },
      paths: {
        "/things.get": {
          get: {
            operationId: "things-get",
            responses: {
              "200": {
                description: "ok",
                content: {
                  "application/json": {
                    schema: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
                  },
                },
              },
            },
          },
        },
      },
    };
    const runner = join(checkout, "run.ts");
    writeFileSync(
      runner,
      [
        'import { generateValidators } from "./scripts/src/generate-validators.ts";',
        `const generated = await generateValidators(${JSON.stringify(spec)});`,
        'console.log(generated.js.includes("/things.get") ? "bundled" : "no operation");',
        "",
      ].join("\n"),
    );
    const run = await runScript(runner, checkout);
    expect(run.stderr).not.toContain("Could not resolve");
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout.trim()).toBe("bundled");
  });
});

describe("a generated folder the config no longer writes to at all", () => {
  let root: TempCodegenRoot;
  beforeEach(() => {
    root = createTempCodegenRoot();
  });
  afterEach(() => root.dispose());

  // docs/regeneration.md: "Generated files are named `*.gen.*` and sit in `packages/*/src/generated/`;
  // `generate` also deletes one there that `codegen.config.ts` no longer lists (an output removed or
  // renamed), and `check:generated` fails naming it." Stray files were looked for only in folders the
  // config still writes to, so removing (or moving) a package's last output left its file behind unseen.
  it("check:generated names, and generate deletes, the file of a package's last removed output", async () => {
    const config = root.read("codegen.config.ts");
    const other = "packages/other/src/generated/bundle.gen.json";
    root.write(
      "codegen.config.ts",
      config.replace("  ],", `    { files: ["${other}"], emit: emitBundledSpec },\n  ],`),
    );
    expect((await root.run("generate.ts")).code).toBe(0);
    expect(root.exists(other)).toBe(true);
    expect((await root.run("check-generated.ts")).code).toBe(0);

    // The output is removed from the config: nothing will ever update packages/other's file again.
    root.write("codegen.config.ts", config);
    const checked = await root.run("check-generated.ts");
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(other);

    const generated = await root.run("generate.ts");
    expect(generated.stdout).toContain(`deleted ${other}`);
    expect(root.exists(other)).toBe(false);
    expect(root.exists(`${GENERATED_DIR}/openapi.gen.json`)).toBe(true);
  });
});

describe("spec:diff on a request body made required", () => {
  let repo: TempGitRepo;
  beforeEach(() => {
    repo = createTempGitRepo();
  });
  afterEach(() => repo.remove());

  // docs/regeneration.md, step 4: "It exits 1 on a breaking change: a request property made required, ...".
  // A request body that was optional and is now required is the same break one level up: a caller that
  // sends no body is rejected by DevRev and by the generated validators, and openapi-typescript's
  // `requestBody?:` becomes `requestBody:`, so callers' code stops compiling. spec:diff listed it as
  // `ok  request  POST /widgets.create  request body: required changed`, exit 0, and changeset:check then
  // asked for a patch only.
  it("is breaking (exit 1), and the release it asks for is a breaking bump", {
    timeout: 90_000,
  }, async () => {
    repo.edit("openapi/paths/widgets-create.yaml", "    required: true", "    required: false");
    repo.commitAll("The body of widgets.create is optional");
    repo.edit("openapi/paths/widgets-create.yaml", "    required: false", "    required: true");

    const run = await runScript(join(repoRoot, "scripts/src/spec-diff.ts"), repo.dir, ["--base", "main"]);
    expect(run.stdout).toMatch(/BREAKING\s+request\s+POST \/widgets\.create/);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {2}@devrev-kit\/types\s+minor\s/m);
  });
});
