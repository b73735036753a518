import { defineWorkspaceProject } from "../../vitest.shared.ts";

// Each test runs the quickstart as a child process; a run includes a deliberate 1 s wait for a 429.
export default defineWorkspaceProject("quickstart", { testTimeout: 60_000 });
