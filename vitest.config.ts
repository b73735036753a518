import { defineConfig } from "vitest/config";

// Lets an editor or `pnpm vitest` at the root run every project at once; CI runs them per package via turbo.
export default defineConfig({
  test: { projects: ["packages/*", "scripts", "tests/*", "examples/*", "bench"] },
});
