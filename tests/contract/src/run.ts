// `pnpm test:contract [--target mock|prism|live] [vitest args...]`: runs the contract suite against the
// chosen targets (comma-separated or repeated; default: CONTRACT_TARGET, else mock and prism), plus the
// target-independent checks of the spec's examples and of the recorder itself.

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { requestedTargets } from "./target-names.ts";

// `--target` is ours; everything else goes to vitest unchanged.
const chosen: string[] = [];
const passThrough: string[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? "";
  if (arg === "--target") chosen.push(args[++i] ?? "");
  else if (arg.startsWith("--target=")) chosen.push(arg.slice("--target=".length));
  else passThrough.push(arg);
}

let targets: string[];
try {
  targets = requestedTargets(chosen.length > 0 ? chosen.join(",") : process.env["CONTRACT_TARGET"]);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const files = [
  ...targets.map((name) => `test/${name}.test.ts`),
  "test/spec-examples.test.ts",
  "test/recorder.test.ts",
];
console.log(`contract targets: ${targets.join(", ")}`);
const result = spawnSync(process.execPath, [vitest, "run", ...files, ...passThrough], {
  cwd: packageDir,
  stdio: "inherit",
  env: { ...process.env, CONTRACT_TARGET: targets.join(",") },
});
if (targets.includes("live") && !process.env["DEVREV_TOKEN"]) {
  console.log(
    "\ncontract: the live target was SKIPPED (DEVREV_TOKEN is not set); nothing was sent to DevRev.",
  );
}
process.exit(result.status ?? 1);
