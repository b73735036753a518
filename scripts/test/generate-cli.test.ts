import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generatedCodeNote } from "../src/spec-diff/generated-note.ts";
import {
  createTempCodegenRoot,
  GENERATED_DIR,
  type TempCodegenRoot,
} from "./fixtures/codegen/temp-codegen-root.ts";

let root: TempCodegenRoot;
beforeEach(() => {
  root = createTempCodegenRoot();
});
afterEach(() => root.dispose());

const scripts = ["generate.ts", "check-generated.ts"] as const;

/** The one line a script printed on stderr, failing the test when it printed more (a stack, a list). */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines, stderr).toHaveLength(1);
  return lines[0] ?? "";
}

describe("generate and check:generated on a readable spec", () => {
  it("writes every output, after which check:generated passes", async () => {
    expect((await root.run("check-generated.ts")).code).toBe(1);
    const generated = await root.run("generate.ts");
    expect(generated.stdout).toMatch(
      /^generate: 2 file\(s\), updated packages\/demo\/src\/generated\/openapi\.gen\.json/,
    );
    expect(JSON.parse(root.read(`${GENERATED_DIR}/openapi.gen.json`)).info.title).toBe("Widgets");
    const checked = await root.run("check-generated.ts");
    expect(checked).toMatchObject({ code: 0, stderr: "" });
    expect(checked.stdout).toContain("check:generated: 2 generated file(s) match the spec.");
  });
});

describe("check:generated's temporary files", () => {
  it("leaves nothing in the temp folder, whether it passes, fails or stops on an unreadable spec", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "devrev-kit-check-tmp-"));
    try {
      const check = () => root.run("check-generated.ts", { TMPDIR: tmp });
      const stale = await check();
      expect(readdirSync(tmp)).toEqual([]);
      expect(stale.stderr).toContain(`${GENERATED_DIR}/openapi.gen.json (missing)`);
      expect(stale.stderr).toContain("Run `pnpm generate`, review the change with `git diff`");

      await root.run("generate.ts");
      expect((await check()).code).toBe(0);
      expect(readdirSync(tmp)).toEqual([]);

      root.write("openapi/spec.yaml", "openapi: [3.0.3\n");
      expect((await check()).code).toBe(2);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("generated files the config no longer lists", () => {
  it("check:generated names a stray *.gen.ts beside the outputs; generate deletes it and nothing else", async () => {
    await root.run("generate.ts");
    root.write(`${GENERATED_DIR}/widgets.gen.ts`, "export type Widget = { id: string };\n");
    // Not the generator's: a file not named .gen. in its folder, and a .gen. file in a folder it does not write.
    root.write(`${GENERATED_DIR}/README.md`, "Hand-written notes.\n");
    root.write("packages/demo/src/widgets.gen.ts", "export {};\n");

    const checked = await root.run("check-generated.ts");
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(
      `check:generated: 1 file(s) look generated but the generator no longer writes them:\n  ${GENERATED_DIR}/widgets.gen.ts\n`,
    );
    expect(checked.stderr).toContain("Delete them, or run `pnpm generate`, which deletes them");
    expect(checked.stderr).not.toContain("README.md");

    const generated = await root.run("generate.ts");
    expect(generated.stdout).toContain(`deleted ${GENERATED_DIR}/widgets.gen.ts (no longer generated)`);
    expect(root.exists(`${GENERATED_DIR}/widgets.gen.ts`)).toBe(false);
    expect(root.exists(`${GENERATED_DIR}/README.md`)).toBe(true);
    expect(root.exists("packages/demo/src/widgets.gen.ts")).toBe(true);
    expect((await root.run("check-generated.ts")).code).toBe(0);
  });
});

describe("generate and check:generated on a spec they cannot read", () => {
  it.each(scripts)(
    "%s: an entry file that is not YAML is one line with its line and column, exit 2",
    async (script) => {
      root.write(
        "openapi/spec.yaml",
        root.read("openapi/spec.yaml").replace("info:\n", "info:\n   bad: [indent\n"),
      );
      const { code, stderr } = await root.run(script);
      expect(code).toBe(2);
      expect(oneLine(stderr)).toMatch(
        /^error: openapi\/spec\.yaml:4:3 is not valid YAML \(deficient indentation\)/,
      );
    },
  );

  it.each(scripts)("%s: a missing entry file is one line naming it, exit 2", async (script) => {
    root.remove("openapi/spec.yaml");
    const { code, stderr } = await root.run(script);
    expect(code).toBe(2);
    expect(oneLine(stderr)).toMatch(
      /^error: the spec's entry file openapi\/spec\.yaml does not exist: restore it/,
    );
  });

  it("a referenced file that is not YAML is one line naming it, not a problem per $ref", async () => {
    root.write("openapi/schemas/widget.yaml", "type: object\n  required: [id\n");
    const { code, stderr } = await root.run("generate.ts");
    expect(code).toBe(2);
    expect(oneLine(stderr)).toMatch(
      /^error: openapi\/spec\.yaml cannot be read: openapi\/schemas\/widget\.yaml:2:\d+ is not valid YAML .*; the \$ref at openapi\/spec\.yaml:15:17 points to it$/,
    );
  });

  it("a $ref to a file that does not exist names the file and the $ref", async () => {
    root.write("openapi/spec.yaml", root.read("openapi/spec.yaml").replace("widget.yaml", "gadget.yaml"));
    const { code, stderr } = await root.run("check-generated.ts");
    expect(code).toBe(2);
    expect(oneLine(stderr)).toBe(
      "error: openapi/spec.yaml cannot be read: openapi/schemas/gadget.yaml does not exist; the $ref at openapi/spec.yaml:15:17 points to it",
    );
  });
});

describe("spec:diff's note on the generated code", () => {
  it("says nothing once generated, names the stale files after a spec edit, and quotes a lint failure", async () => {
    await root.run("generate.ts");
    expect(await generatedCodeNote(root.dir)).toBeUndefined();

    root.write(
      "openapi/schemas/widget.yaml",
      "type: object\nrequired: [id]\nproperties:\n  id:\n    type: integer\n",
    );
    const stale = await generatedCodeNote(root.dir);
    expect(stale).toContain(`${GENERATED_DIR}/openapi.gen.json`);
    expect(stale).toMatch(/run `pnpm generate` and commit it with the spec\.$/);

    // Two operations with one operationId: Redocly's lint, which generate stops on, refuses it.
    const spec = root.read("openapi/spec.yaml");
    root.write(
      "openapi/spec.yaml",
      spec.replace(
        "paths:\n",
        'paths:\n  /widgets.other:\n    get:\n      operationId: widgets-get\n      responses:\n        "200":\n          description: Other.\n',
      ),
    );
    expect(await generatedCodeNote(root.dir)).toMatch(
      /^note: the spec fails the lint `pnpm generate` stops on:\n/,
    );
  });

  it("says nothing where there is no codegen config (a repository that does not generate)", async () => {
    root.remove("codegen.config.ts");
    expect(await generatedCodeNote(root.dir)).toBeUndefined();
  });
});
