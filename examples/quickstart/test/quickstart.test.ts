import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type MockServer, startMockServer } from "@devrev-kit/fixtures";
import { afterEach, describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the quickstart as a user would, with none of the caller's DEVREV_* variables unless given. */
function runQuickstart(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith("DEVREV_"));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], {
      env: { ...Object.fromEntries(inherited), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The numbered step titles of a transcript, without their numbers. */
function stepTitles(transcript: string): string[] {
  return [...transcript.matchAll(/^(\d+)\. (.*)$/gm)].map((match) => match[2] ?? "");
}

/** The ten steps, in order; the 429 step's wording differs between the mock and live runs. */
const STEPS = [
  /^Create a rev org under account ACC-/,
  /^Update REV-\S+: tag TAG-\S+, tier "enterprise"$/,
  /^List the rev orgs of account ACC-\S+, 2 per page, following every page with for await$/,
  /^Update rev user REVU-\S+: description$/,
  /^Link REVU-\S+ to REV-\S+$/,
  /^Associate REVU-\S+ with account ACC-\S+$/,
  /^Update account ACC-\S+: set its websites, clear its tier \(tier: null\)$/,
  /^Get rate-limited/,
  /^Provoke a 400: rename REV-\S+ to ""$/,
  /^Provoke a 404: update rev org REV-quickstart404, which does not exist$/,
];

function expectEveryStep(titles: string[]): void {
  expect(titles).toHaveLength(STEPS.length);
  for (const [index, pattern] of STEPS.entries()) expect(titles[index]).toMatch(pattern);
}

describe("the quickstart against its built-in mock server", () => {
  it("walks every step, checks each result and exits 0", async () => {
    const run = await runQuickstart([]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const titles = stepTitles(run.stdout);
    expectEveryStep(titles);

    const out = run.stdout;
    expect(out).toMatch(/^devrev-kit quickstart against the mock DevRev server at http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(/^ {3}created REV-\S+ "Quickstart Robotics \w+" \(account ACC-\S+\)$/m);
    expect(out).toMatch(/^ {3}tags: renewal-q3$/m);
    // Three seeded rev orgs plus the new one, two per page.
    expect(out).toMatch(/^ {3}page 1: REV-\S+, REV-\S+$/m);
    expect(out).toMatch(/^ {3}page 2: REV-\S+, REV-\S+$/m);
    expect(out).toMatch(/^ {3}4 rev orgs on 2 pages, REV-\S+ among them$/m);
    expect(out).toMatch(/^ {3}REVU-\S+ "Sam Lee": "Onboarded by the devrev-kit quickstart \(\w+\)\."$/m);
    expect(out).toMatch(/^ {3}REVU-\S+ now belongs to REV-\S+$/m);
    expect(out).toMatch(/^ {3}websites: https:\/\/quickstart-\w+\.example; tier: \(none\)$/m);
    expect(out).toMatch(/^ {3}client: GET \/rev-orgs\.list 429, retrying in 1000 ms$/m);
    const waited =
      /^ {3}measured: the call took (\d+\.\d\d) s \(429, wait, retry\) and returned 1 rev org$/m.exec(out);
    expect(Number(waited?.[1])).toBeGreaterThanOrEqual(1);
    expect(out).toMatch(/^ {3}BadRequestError 400 invalid_field: display_name must not be empty\.$/m);
    expect(out).toMatch(/^ {3}body fields: field_name: "display_name"$/m);
    expect(out).toMatch(/^ {3}field to fix: display_name$/m);
    expect(out).toMatch(/^ {3}NotFoundError 404 not_found: No Rev organization with ID 'REV-quickstart404'/m);
    expect(out.trimEnd().split("\n").at(-1)).toBe("All 10 steps did what they said.");
  });

  it("answers a bad argument with the usage and exit code 2", async () => {
    const run = await runQuickstart(["--bogus"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Unknown option '--bogus'\nusage: \.\/dev start \[--live\]/);
  });
});

describe("the quickstart --live", () => {
  let devrev: MockServer | undefined;
  afterEach(async () => {
    await devrev?.close();
    devrev = undefined;
  });

  const oneLine = (text: string) => expect(text.trim().split("\n")).toHaveLength(1);

  it("without DEVREV_TOKEN prints one line saying what to do, and exits non-zero", async () => {
    const run = await runQuickstart(["--live"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    oneLine(run.stderr);
    expect(run.stderr).toMatch(
      /^--live needs a DevRev token: create a personal access token .*DEVREV_TOKEN=<token>/,
    );
  });

  it("without the IDs of the objects to work with names every variable to set", async () => {
    const run = await runQuickstart(["--live"], { DEVREV_TOKEN: "a-token", DEVREV_QUICKSTART_TAG: "TAG-1" });
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toContain("DEVREV_QUICKSTART_ACCOUNT=<an account ID, ACC-...>");
    expect(run.stderr).toContain("DEVREV_QUICKSTART_REV_USER=<a rev user ID, REVU-...>");
    expect(run.stderr).not.toContain("DEVREV_QUICKSTART_TAG");
  });

  // A mock server from the test stands in for DevRev (DEVREV_BASE_URL), so the live path runs for real.
  async function standIn() {
    devrev = await startMockServer({ token: "the-right-token-1234" });
    const account = devrev.state.addAccount({ tier: "growth" });
    const user = devrev.state.addRevUser();
    const tag = account.tags?.[0]?.tag;
    return {
      server: devrev,
      env: {
        DEVREV_BASE_URL: devrev.url,
        DEVREV_QUICKSTART_ACCOUNT: account.display_id ?? account.id,
        DEVREV_QUICKSTART_REV_USER: user.display_id ?? user.id,
        DEVREV_QUICKSTART_TAG: tag?.display_id ?? "",
      },
    };
  }

  it("with a rejected token prints one line saying what to do, without the token, and exits non-zero", async () => {
    const { env } = await standIn();
    const run = await runQuickstart(["--live"], { ...env, DEVREV_TOKEN: "a-revoked-token-5678" });
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr.trim()).toMatch(
      /^DevRev rejected DEVREV_TOKEN \(401\).*create a new personal access token/,
    );
    expect(run.stdout + run.stderr).not.toContain("a-revoked-token-5678");
  });

  it("says what it will change, runs the same flow without the 429 step, and exits 0", async () => {
    const { server, env } = await standIn();
    const run = await runQuickstart(["--live"], { ...env, DEVREV_TOKEN: "the-right-token-1234" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const intro = run.stdout.slice(0, run.stdout.indexOf("\n1. "));
    expect(intro).toContain(`LIVE against ${server.url}. It will:`);
    expect(intro).toContain(
      `create a rev org "Quickstart Robotics <run id>" under account ${env.DEVREV_QUICKSTART_ACCOUNT}`,
    );
    expect(intro).toContain(`replace the websites of account ${env.DEVREV_QUICKSTART_ACCOUNT}`);
    const titles = stepTitles(run.stdout);
    expectEveryStep(titles);
    expect(titles[7]).toMatch(/skipped live/);
    expect(server.state.requestCountFor("GET /rev-orgs.list")).toBe(1); // one page, and no 429 retry
    // What it said it would do, it did.
    const [org] = server.state.revOrgs();
    expect(org?.account?.display_id).toBe(env.DEVREV_QUICKSTART_ACCOUNT);
    expect(server.state.getRevUser(env.DEVREV_QUICKSTART_REV_USER)?.rev_org?.id).toBe(org?.id);
    expect(server.state.getAccount(env.DEVREV_QUICKSTART_ACCOUNT)?.tier).toBeUndefined();
  });

  it("exits 1 naming the step when a step fails", async () => {
    const { env } = await standIn();
    const run = await runQuickstart(["--live"], {
      ...env,
      DEVREV_TOKEN: "the-right-token-1234",
      DEVREV_QUICKSTART_ACCOUNT: "ACC-doesnotexist",
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      "Step 1 failed: POST /rev-orgs.create failed with 400 invalid_id: No account with ID 'ACC-doesnotexist' exists.",
    );
  });
});
