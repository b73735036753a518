// The MSW handlers with the oldest msw the fixtures' peer range allows, intercepting the client's own fetch.
import { readFileSync } from "node:fs";
import { createDevRevClient } from "@devrev-kit/client";
import { isNotFoundError } from "@devrev-kit/errors";
import { createMockState } from "@devrev-kit/fixtures";
import { createMswHandlers } from "@devrev-kit/fixtures/msw";
import { setupServer } from "msw/node";

const state = createMockState({ seed: 1, token: "test" });
const server = setupServer(...createMswHandlers({ state }));
server.listen({ onUnhandledRequest: "error" });
try {
  const devrev = createDevRevClient({ token: "test", maxRetries: 0 });
  const account = state.addAccount({ display_name: "Msw Co" });
  const { rev_org } = await devrev.revOrgs.create({ account: account.id, display_name: "Msw Co" });
  let notFound = false;
  try {
    await devrev.revOrgs.update({ id: "REV-missing1" });
  } catch (error) {
    notFound = isNotFoundError(error);
  }
  const msw = JSON.parse(readFileSync(new URL("node_modules/msw/package.json", import.meta.url), "utf8"));
  const result = {
    ok: true,
    node: process.version,
    msw: msw.version,
    created: rev_org.display_name,
    stored: state.getRevOrg(rev_org.id)?.display_name,
    notFound,
  };
  console.log(JSON.stringify(result));
} finally {
  server.close();
}
