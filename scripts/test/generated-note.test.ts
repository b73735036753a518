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
