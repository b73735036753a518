import { defineWorkspaceProject } from "../../vitest.shared.ts";

export default defineWorkspaceProject("errors", {
  // The fast-check properties run thousands of cases; on a loaded 2-core machine that takes a while.
  testTimeout: 120_000,
  // Type tests (test/*.test-d.ts) run with the unit tests: every guard's narrowing is checked by tsc.
  typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  // 100 % of lines and branches, enforced on every `pnpm test` of this package.
  coverage: {
    enabled: true,
    provider: "v8",
    include: ["src/**/*.ts"],
    reporter: ["text-summary", "json-summary"],
    thresholds: { lines: 100, branches: 100, functions: 100, statements: 100 },
  },
});
