// Entry for runtimes started from the command line (Bun, Deno): `<runtime> bundle.mjs <baseUrl> <token>
// <account> <account>`, prints the scenario's result as one JSON line. A failure rejects the top-level await,
// which exits the runtime with a non-zero status.
import { runScenario } from "./scenario.ts";

const runtimeGlobals = globalThis as { Deno?: { args: string[] }; Bun?: { argv: string[] } };
const args = runtimeGlobals.Deno?.args ?? runtimeGlobals.Bun?.argv.slice(2) ?? [];
const [baseUrl, token, firstAccount, secondAccount] = args;
if (!baseUrl || !token || !firstAccount || !secondAccount) {
  throw new Error("usage: bundle.mjs <baseUrl> <token> <account> <account>");
}
const result = await runScenario({ baseUrl, token, accountIds: [firstAccount, secondAccount] });
console.log(JSON.stringify(result));
