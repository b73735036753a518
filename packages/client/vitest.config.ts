import { defineWorkspaceProject } from "../../vitest.shared.ts";

export default defineWorkspaceProject("client", {
  typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
});
