// The devrev-kit quickstart: `./dev start` walks a realistic DevRev flow through @devrev-kit/client against
// the fixtures mock server, started in this process; `./dev start --live` runs it against DevRev.
// Exit code: 0 when every step did what it says, 1 when one did not, 2 when the setup is incomplete.

import { parseArgs } from "node:util";
import { type DevRevLogger, isDevRevConfigError } from "@devrev-kit/client";
import {
  isConnectionError,
  isDevRevKitError,
  isForbiddenError,
  isUnauthenticatedError,
} from "@devrev-kit/errors";
import { runFlow } from "./flow.ts";
import { liveTarget, startMockTarget, type Target } from "./targets.ts";
import { createTranscript } from "./transcript.ts";

const USAGE = "usage: ./dev start [--live]   (or, in examples/quickstart: pnpm start [--live])";

async function main(): Promise<number> {
  let live: boolean;
  try {
    const { values } = parseArgs({ options: { live: { type: "boolean" }, help: { type: "boolean" } } });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    live = values.live === true;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const out = createTranscript();
  // The client reports each retry it schedules; printing them shows the 429 being waited out.
  const logger: DevRevLogger = { warn: (message) => out.result(`client: ${message}`) };
  let target: Target | string;
  try {
    target = live ? liveTarget(process.env, { logger, logLevel: "warn" }) : await startMockTarget({ logger });
  } catch (error) {
    if (!isDevRevConfigError(error)) throw error;
    // A malformed DEVREV_TOKEN or DEVREV_BASE_URL. The message never contains the token.
    console.error(`Cannot use DEVREV_TOKEN / DEVREV_BASE_URL: ${error.message}`);
    return 2;
  }
  if (typeof target === "string") {
    console.error(target);
    return 2;
  }

  for (const line of target.intro) console.log(line);
  if (!live && process.env["DEVREV_TOKEN"]) console.log("(DEVREV_TOKEN is set but unused without --live.)");
  try {
    await runFlow(target, out);
    console.log(`\nAll ${out.steps} steps did what they said.`);
    return 0;
  } catch (error) {
    console.error(`\n${explain(error, out.steps)}`);
    return isUnauthenticatedError(error) || isForbiddenError(error) ? 2 : 1;
  } finally {
    await target.close();
  }
}

/** One line for whatever stopped the flow; a token problem gets what to do about it. */
function explain(error: unknown, step: number): string {
  if (isUnauthenticatedError(error)) {
    return "DevRev rejected DEVREV_TOKEN (401): it is wrong or expired; create a new personal access token and set DEVREV_TOKEN to it.";
  }
  if (isForbiddenError(error)) {
    return "DEVREV_TOKEN is valid but not allowed to do this (403): use a token of a user who may edit customers.";
  }
  if (isConnectionError(error))
    return `Could not reach DevRev (${error.message}); check DEVREV_BASE_URL and your network.`;
  const message = isDevRevKitError(error) || error instanceof Error ? error.message : String(error);
  return `Step ${step} failed: ${message}`;
}

process.exitCode = await main();
