import { defineWorkspaceProject } from "../vitest.shared.ts";

// Only the deterministic budgets run here; the timing benchmark is `pnpm bench`, never part of the tests.
export default defineWorkspaceProject("bench", { testTimeout: 120_000, hookTimeout: 120_000 });
