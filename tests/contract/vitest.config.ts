import { defineWorkspaceProject } from "../../vitest.shared.ts";

// The mock and Prism files run side by side (one worker each); each file's tests run in order, since later
// tests use the Rev organization the create test made.
export default defineWorkspaceProject("contract-tests", { testTimeout: 30_000, hookTimeout: 60_000 });
