// DevRev adds 400 error `type`s more often than anything else; the fixtures package must still compile when
// the spec gains one (docs/regeneration.md lists what else needs a hand). This compiles packages/fixtures/src
// against types generated from a copy of the spec with one more 400 variant.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitTypes } from "../src/codegen/emitters.ts";
import { runCodegen } from "../src/codegen/run-codegen.ts";
import { defineCodegen } from "../src/codegen/types.ts";
import { repoRoot } from "../src/workspace.ts";

const NEW_VARIANT = `
error-bad-request-quota-exceeded:
  description: A quota is used up.
  allOf:
    - $ref: "errors.yaml#/error-base"
    - type: object
      required: [type]
      properties:
        type:
          type: string
          description: Always \`quota_exceeded\`.
          enum: [quota_exceeded]
`;

/** The spec in `dir` with `quota_exceeded` added to the 400 union, as a spec edit would add it. */
function addBadRequestVariant(dir: string): void {
  const path = join(dir, "openapi/components/schemas/errors-bad-request.yaml");
  const text = readFileSync(path, "utf8");
  const member = '    - $ref: "#/error-bad-request-bad-request"\n';
  const mapping = '      bad_request: "#/error-bad-request-bad-request"\n';
  if (!text.includes(member) || !text.includes(mapping)) throw new Error(`unexpected layout of ${path}`);
  writeFileSync(
    path,
    text
      .replace(member, `${member}    - $ref: "#/error-bad-request-quota-exceeded"\n`)
      .replace(mapping, `${mapping}      quota_exceeded: "#/error-bad-request-quota-exceeded"\n`) +
      NEW_VARIANT,
  );
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "devrev-kit-fixtures-types-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("@devrev-kit/fixtures and a new 400 error type", () => {
  it("compiles with no edit when the spec adds a 400 variant", { timeout: 120_000 }, async () => {
    cpSync(join(repoRoot, "openapi"), join(scratch, "openapi"), { recursive: true });
    cpSync(join(repoRoot, "redocly.yaml"), join(scratch, "redocly.yaml"));
    addBadRequestVariant(scratch);
    const config = defineCodegen({
      spec: "openapi/devrev.yaml",
      redoclyConfig: "redocly.yaml",
      outputs: [{ files: ["types/generated/schema.gen.ts"], emit: emitTypes }],
    });
    const [schema] = await runCodegen(config, scratch);
    expect(schema?.contents).toContain('type: "quota_exceeded"');
    mkdirSync(join(scratch, "types/generated"), { recursive: true });
    writeFileSync(join(scratch, "types/generated/schema.gen.ts"), schema?.contents ?? "");
    cpSync(join(repoRoot, "packages/types/src/index.ts"), join(scratch, "types/index.ts"));

    const fixturesDir = join(repoRoot, "packages/fixtures");
    const base = ts.readConfigFile(join(fixturesDir, "tsconfig.json"), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, fixturesDir);
    const program = ts.createProgram({
      rootNames: parsed.fileNames.filter((file) => file.includes("/packages/fixtures/src/")),
      options: {
        ...parsed.options,
        // The fixtures see the regenerated types; the validators' declarations do not name error types.
        paths: {
          "@devrev-kit/types": [join(scratch, "types/index.ts")],
          "@devrev-kit/types/validators": [
            join(repoRoot, "packages/types/src/generated/validators.gen.d.ts"),
          ],
        },
      },
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    expect(errors).toEqual([]);
  });
});
