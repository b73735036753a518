import { defineProject, type UserWorkspaceConfig, type ViteUserConfig } from "vitest/config";

/**
 * The settings every workspace project shares. Each project writes a JSON report next to its
 * package.json so `scripts/src/test-summary.ts` can print one closing line for the whole run,
 * including projects whose results turbo restored from cache.
 */
export function defineWorkspaceProject(
  name: string,
  test: NonNullable<ViteUserConfig["test"]> = {},
  vite: Omit<UserWorkspaceConfig, "test"> = {},
) {
  return defineProject({
    ...vite,
    test: {
      name,
      include: ["test/**/*.test.ts"],
      reporters: ["default", ["json", { outputFile: "test-results.json" }]],
      // Generous limits: `./dev test` runs several projects at once on a 2-core machine. A test that
      // checks speed asserts its own bound; these only stop a hung test.
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
    },
  });
}
