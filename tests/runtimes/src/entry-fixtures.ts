// A browser test's setup without a service worker: the fixtures' state and MSW handlers, resolved through the
// `browser` export condition (no mock server, no node:http), answering the client through msw's getResponse.
// Run by Deno with the network denied: prints the result as one JSON line.
import { createDevRevClient } from "@devrev-kit/client";
import { isTooManyRequestsError } from "@devrev-kit/errors";
import { buildRevOrg, createMockState } from "@devrev-kit/fixtures";
import { createMswHandlers } from "@devrev-kit/fixtures/msw";
import { getResponse } from "msw";

export interface FixturesResult {
  runtime: string;
  /** The org the client created, as the state holds it. */
  storedName: string | undefined;
  createCount: number;
  /** Whether an injected 429 reached the client as a TooManyRequestsError. */
  throttled: boolean;
  /** An org from the builders, which run in the browser too. */
  builtId: string;
}

async function runFixturesScenario(): Promise<FixturesResult> {
  const token = "browser-test-token";
  const state = createMockState({ seed: 7, token });
  const handlers = createMswHandlers({ state });
  const devrev = createDevRevClient({
    token,
    maxRetries: 0,
    fetch: async (request) =>
      (await getResponse(handlers, request)) ?? new Response("no handler", { status: 501 }),
  });
  const account = state.accounts()[0];
  if (!account) throw new Error("the state should seed an account");
  const { rev_org } = await devrev.revOrgs.create({ account: account.id, display_name: "Browser Org" });
  state.inject({ operation: "rev-orgs.update", status: 429, retryAfter: 1 });
  let throttled = false;
  try {
    await devrev.revOrgs.update({ id: rev_org.id, description: "never stored" });
  } catch (error) {
    throttled = isTooManyRequestsError(error);
  }
  return {
    runtime: navigator.userAgent,
    storedName: state.getRevOrg(rev_org.id)?.display_name,
    createCount: state.requestCountFor("POST /rev-orgs.create"),
    throttled,
    builtId: buildRevOrg().id,
  };
}

console.log(JSON.stringify(await runFixturesScenario()));
