// Entry for the edge runtime, which evaluates scripts rather than modules: the bundle has no imports, exports
// or top-level await, and leaves one global the host calls with the input as JSON. It resolves with the result
// as one JSON line, so nothing but a string crosses the VM boundary.
import { runScenario, type ScenarioInput } from "./scenario.ts";

(globalThis as { runDevRevScenario?: (input: string) => Promise<string> }).runDevRevScenario = async (
  input,
) => JSON.stringify(await runScenario(JSON.parse(input) as ScenarioInput));
