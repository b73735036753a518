// Builds the packages in release:dry's copy after `changeset version`, as the release workflow builds
// them before `changeset publish`: from the current sources, at the versions being published (the
// client's User-Agent carries its version). A dist/ left in the checkout never reaches a tarball.
import { pnpmInvocation } from "./package-tarball.ts";
import { runCommand } from "./run-command.ts";

/**
 * Runs the `build` script of each named package in the workspace at `root`, dependencies first (pnpm
 * orders them). Generated code is not regenerated: it is committed, and `check:generated` keeps it current.
 * Returns undefined on success, else what went wrong.
 */
export async function buildPackages(root: string, names: readonly string[]): Promise<string | undefined> {
  const pnpm = pnpmInvocation();
  const args = [
    "--recursive",
    "--if-present",
    ...names.flatMap((name) => ["--filter", name]),
    "run",
    "build",
  ];
  const result = await runCommand(pnpm.file, [...pnpm.args, ...args], {
    cwd: root,
    env: { npm_config_update_notifier: "false" },
    timeoutMs: 600_000,
  });
  if (result.code === 0) return undefined;
  return `the build failed in the copy (pnpm ${args.join(" ")}):\n${`${result.stdout}${result.stderr}`.trim()}`;
}
