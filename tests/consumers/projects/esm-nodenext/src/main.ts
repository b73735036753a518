// A user's ES module program: TypeScript with module and moduleResolution "nodenext", compiled by tsc.
import { runScenario } from "./scenario.js";

await runScenario("esm");
