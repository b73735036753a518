// A user's CommonJS program in TypeScript ("type": "commonjs", module "nodenext"): tsc compiles the
// imports to require() calls of the ESM-only packages, which TypeScript allows under nodenext and
// Node >= 20.19 runs.
import { runScenario } from "./scenario.js";

runScenario("commonjs (tsc)").catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
