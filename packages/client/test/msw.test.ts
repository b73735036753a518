// The fixtures' MSW handlers driven through the client by MSW's real interception of fetch, as a user
// testing in jsdom or a browser would: no server is started and nothing leaves the process.
import { isErrorOfType, isNotFoundError, isUnauthenticatedError } from "@devrev-kit/errors";
import { createMockState } from "@devrev-kit/fixtures";
import { createMswHandlers } from "@devrev-kit/fixtures/msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDevRevClient } from "../src/index.ts";

const state = createMockState({ seed: 9 });
const mocked = setupServer(...createMswHandlers({ state }));
// Created before MSW patches fetch: the client must look fetch up per request, not once.
const devrev = createDevRevClient({ token: "test" });

beforeAll(() => mocked.listen({ onUnhandledFrame: "error" }));
afterAll(() => mocked.close());
beforeEach(() => state.reset());

describe("the client against the MSW handlers (default base URL, intercepted)", () => {
  it("creates, updates and lists rev orgs in the handlers' state", async () => {
    const account = state.accounts()[0];
    if (!account) throw new Error("the seeded state has no account");
    const { rev_org } = await devrev.revOrgs.create({ account: account.id, display_name: "Msw Robotics" });
    expect(state.getRevOrg(rev_org.id)?.display_name).toBe("Msw Robotics");

    const { rev_org: updated } = await devrev.revOrgs.update({ id: rev_org.id, description: "via MSW" });
    expect(updated.description).toBe("via MSW");

    const names: string[] = [];
    for await (const org of devrev.revOrgs.listAll({ account: [account.id], limit: 1 })) {
      names.push(org.display_name ?? "");
    }
    expect(names).toContain("Msw Robotics");
    expect(state.requestCountFor("rev-orgs.list")).toBeGreaterThanOrEqual(names.length);
  });

  it("turns the handlers' error answers into the errors package's classes", async () => {
    const missing = await devrev.revOrgs.update({ id: "REV-missing1" }).catch((error: unknown) => error);
    expect(isNotFoundError(missing)).toBe(true);

    const invalid = await devrev.revOrgs
      .update({ id: "REV-missing1", display_name: 7 as unknown as string })
      .catch((error: unknown) => error);
    expect(isErrorOfType(invalid, "unexpected_json_type") || isErrorOfType(invalid, "invalid_field")).toBe(
      true,
    );

    const unauthenticated = await createDevRevClient({ token: "wrong" })
      .accounts.update({ id: "ACC-1" })
      .catch((error: unknown) => error);
    expect(isUnauthenticatedError(unauthenticated)).toBe(true);
  });
});
