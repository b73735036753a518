import { defineWorkspaceProject } from "../../vitest.shared.ts";

export default defineWorkspaceProject("reliability", {
  // The files share two cores with the rest of the run: one file at a time keeps the timing bounds honest.
  fileParallelism: false,
  // The fault matrix runs the eight operations of a case side by side.
  maxConcurrency: 8,
  testTimeout: 30_000,
  hookTimeout: 30_000,
});
