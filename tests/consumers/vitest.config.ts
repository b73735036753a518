import { defineWorkspaceProject } from "../../vitest.shared.ts";

// Packing, installing and type-checking real projects takes seconds, not milliseconds.
export default defineWorkspaceProject("consumer-tests", { testTimeout: 120_000, hookTimeout: 300_000 });
