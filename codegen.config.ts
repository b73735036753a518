/**
 * What `pnpm generate` derives from the spec. Each output lists the files it
 * writes (relative to the repository root) and the emitter that makes them;
 * adding a generated artifact is one more entry here. `pnpm check:generated`
 * regenerates the same list and fails when a committed file is stale.
 */
import { emitBundledSpec, emitProvenance, emitTypes } from "./scripts/src/codegen/emitters.ts";
import { emitErrorFields } from "./scripts/src/codegen/error-fields.ts";
import { defineCodegen } from "./scripts/src/codegen/types.ts";
import { emitValidators } from "./scripts/src/generate-validators.ts";

export default defineCodegen({
  spec: "openapi/devrev.yaml",
  redoclyConfig: "redocly.yaml",
  outputs: [
    { files: ["packages/types/src/generated/openapi.gen.json"], emit: emitBundledSpec },
    { files: ["packages/types/src/generated/schema.gen.ts"], emit: emitTypes },
    { files: ["packages/types/src/generated/provenance.gen.json"], emit: emitProvenance },
    {
      files: [
        "packages/types/src/generated/validators.gen.js",
        "packages/types/src/generated/validators.gen.d.ts",
      ],
      emit: emitValidators,
    },
    { files: ["packages/errors/src/generated/error-fields.gen.ts"], emit: emitErrorFields },
  ],
});
