import { defineWorkspaceProject } from "../../vitest.shared.ts";

// The .test-d.ts files are checked by the compiler here under strict settings, and again by
// `tsc -p tsconfig.consumer.json` (typecheck) under a consumer's looser ones.
export default defineWorkspaceProject("types", {
  typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
});
