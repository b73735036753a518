// A user's CommonJS program in TypeScript ("type": "commonjs", module "nodenext"): tsc compiles the
// imports to require() calls of the ESM-only packages, which TypeScript allows under nodenext and
// Node >= 20.19 runs.
import { createDevRevClient } from "@devrev-kit/client";
import { responseValidator } from "@devrev-kit/client/validation";
import { isDevRevError, isNotFoundError } from "@devrev-kit/errors";
import { startMockServer } from "@devrev-kit/fixtures";
import type { RevOrgsCreateRequest } from "@devrev-kit/types";
import { validateRequestBody } from "@devrev-kit/types/validators";

async function main(): Promise<void> {
  const server = await startMockServer({ token: "consumer-token" });
  try {
    const devrev = createDevRevClient({
      token: "consumer-token",
      baseUrl: server.url,
      // Every response is checked against the spec by the generated validators (a subpath export).
      validateResponses: responseValidator,
    });
    const account = server.state.addAccount();
    const request: RevOrgsCreateRequest = { account: account.id, display_name: "Consumer Co" };
    const { rev_org } = await devrev.revOrgs.create(request);
    const page = await devrev.revOrgs.list({ limit: 10 });
    let notFound = false;
    let errorName = "";
    try {
      await devrev.revOrgs.update({ id: "don:identity:dvrv-us-1:devo/0:revo/missing" });
    } catch (error) {
      notFound = isNotFoundError(error);
      errorName = isDevRevError(error) ? error.name : String(error);
    }
    const result = {
      ok: true,
      node: process.version,
      format: "commonjs (tsc)",
      created: rev_org.display_name ?? "",
      listed: page.rev_orgs.length,
      notFound,
      errorName,
      invalidRequestRejected: !validateRequestBody("POST /rev-orgs.create", { display_name: "No account" })
        .valid,
    };
    console.log(JSON.stringify(result));
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
