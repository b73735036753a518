// Where the flow runs: the fixtures mock server started in this process (the default), or DevRev itself.

import { createDevRevClient, type DevRevClientOptions } from "@devrev-kit/client";
import { startMockServer } from "@devrev-kit/fixtures";
import type { FlowInput } from "./flow.ts";

export interface Target extends FlowInput {
  /** Lines printed before the first step: where the flow runs and what it will change. */
  intro: string[];
  close(): Promise<void>;
}

/** The existing objects a live run works with, by environment variable, each with what to put in it. */
export const LIVE_VARIABLES = {
  DEVREV_QUICKSTART_ACCOUNT: "<an account ID, ACC-...>",
  DEVREV_QUICKSTART_REV_USER: "<a rev user ID, REVU-...>",
  DEVREV_QUICKSTART_TAG: "<a tag ID, TAG-...>",
} as const;

// Any token works for the mock. Errors cut the token out of any text the server echoes, so it must not be a
// word the flow uses (with "quickstart" as the token, REV-quickstart404 would print as REV-[REDACTED]404).
const MOCK_TOKEN = "mock-token-7f3a9c";

type ClientSettings = Pick<DevRevClientOptions, "logger" | "logLevel">;

/** Starts the mock server and gives it a customer to work with: an account with rev orgs, a rev user. */
export async function startMockTarget(client: ClientSettings): Promise<Target> {
  const mock = await startMockServer({ token: MOCK_TOKEN });
  const account = mock.state.addAccount({
    display_name: "Acme Robotics",
    description: "Robot arms for warehouses.",
    websites: ["https://acme-robotics.example"],
    domains: ["acme-robotics.example"],
    tier: "growth",
  });
  const accountSummary = {
    id: account.id,
    display_id: account.display_id,
    display_name: account.display_name,
  };
  for (const name of ["Acme Robotics (EMEA)", "Acme Robotics (APAC)", "Acme Labs"]) {
    mock.state.addRevOrg({ display_name: name, account: accountSummary });
  }
  const email = "sam.lee@acme-robotics.example";
  const user = mock.state.addRevUser({
    display_name: "Sam Lee",
    full_name: "Sam Lee",
    email,
    external_ref: email,
    external_refs: [email],
  });
  // The mock put one of its seeded tags on the account; the flow puts the same tag on the new rev org.
  const tag = account.tags?.[0]?.tag;
  if (tag === undefined) throw new Error("the mock server seeded the account without a tag");

  return {
    intro: [
      `devrev-kit quickstart against the mock DevRev server at ${mock.url} (started in this process).`,
      `It holds account ${account.display_id} "${account.display_name}" with 3 rev orgs, and rev user ${user.display_id} "${user.display_name}".`,
      "Run with --live to do the same against DevRev (see examples/quickstart/README.md).",
    ],
    devrev: createDevRevClient({ ...client, baseUrl: mock.url, token: MOCK_TOKEN }),
    accountId: account.display_id ?? account.id,
    revUserId: user.display_id ?? user.id,
    tagId: tag.display_id ?? tag.id,
    mock,
    close: () => mock.close(),
  };
}

/**
 * The live target, or the one line that says what to set when something is missing. Creates the client
 * (which may throw DevRevConfigError for a malformed token or URL) but sends nothing yet.
 */
export function liveTarget(env: NodeJS.ProcessEnv, client: ClientSettings): Target | string {
  const token = env["DEVREV_TOKEN"];
  if (!token) {
    return (
      "--live needs a DevRev token: create a personal access token in DevRev (Settings > Account > " +
      "Personal Access Token, preferably in a demo org) and run DEVREV_TOKEN=<token> ./dev start --live"
    );
  }
  const missing = Object.entries(LIVE_VARIABLES).filter(([name]) => !env[name]);
  if (missing.length > 0) {
    return `--live needs existing objects to work with; set ${missing.map(([name, what]) => `${name}=${what}`).join(", ")}`;
  }
  const accountId = env["DEVREV_QUICKSTART_ACCOUNT"] ?? "";
  const revUserId = env["DEVREV_QUICKSTART_REV_USER"] ?? "";
  const tagId = env["DEVREV_QUICKSTART_TAG"] ?? "";
  const baseUrl = env["DEVREV_BASE_URL"] || "https://api.devrev.ai";
  return {
    intro: [
      `devrev-kit quickstart LIVE against ${baseUrl}. It will:`,
      `  - create a rev org "Quickstart Robotics <run id>" under account ${accountId}, tag it ${tagId} and`,
      "    set its tier (it stays: delete it in DevRev when you are done);",
      `  - set rev user ${revUserId}'s description, link it to that rev org and associate it with ${accountId};`,
      `  - replace the websites of account ${accountId} with one .example address and clear its tier;`,
      "  - make two requests that fail on purpose (a 400 and a 404). The 429 step is skipped live.",
    ],
    devrev: createDevRevClient({ ...client, baseUrl, token }),
    accountId,
    revUserId,
    tagId,
    close: async () => {},
  };
}
