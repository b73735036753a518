import { defineWorkspaceProject } from "../../vitest.shared.ts";

export default defineWorkspaceProject("runtimes", {
  // Each test starts a whole runtime; one at a time keeps them from fighting over two cores.
  fileParallelism: false,
  testTimeout: 45_000,
});
