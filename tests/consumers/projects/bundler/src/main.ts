// A user's app built with a bundler: TypeScript with moduleResolution "bundler", bundled by esbuild.
import { runScenario } from "./scenario.js";

await runScenario("bundle");
