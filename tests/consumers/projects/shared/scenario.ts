// The one scenario every TypeScript consumer project runs; the test copies it into each project's src/,
// so it is compiled under that project's settings (nodenext ESM, bundler, nodenext CommonJS).
import { createDevRevClient, type DevRevClient } from "@devrev-kit/client";
import { responseValidator } from "@devrev-kit/client/validation";
import { isDevRevError, isNotFoundError } from "@devrev-kit/errors";
import { startMockServer } from "@devrev-kit/fixtures";
import type { RevOrg, RevOrgsCreateRequest } from "@devrev-kit/types";
import { validateRequestBody } from "@devrev-kit/types/validators";

/** Calls the client against the packed mock server and prints what happened as one JSON line. */
export async function runScenario(format: string): Promise<void> {
  const server = await startMockServer({ token: "consumer-token" });
  try {
    const devrev: DevRevClient = createDevRevClient({
      token: "consumer-token",
      baseUrl: server.url,
      // Every response is checked against the spec by the generated validators (a subpath export).
      validateResponses: responseValidator,
    });
    const account = server.state.addAccount();
    const request: RevOrgsCreateRequest = { account: account.id, display_name: "Consumer Co" };
    // @ts-expect-error display_name is a string: the published types are precise, not `any`.
    const wrong: RevOrgsCreateRequest = { account: account.id, display_name: 42 };
    void wrong;
    const { rev_org } = await devrev.revOrgs.create(request);
    const org: RevOrg = rev_org;
    const page = await devrev.revOrgs.list({ limit: 10 });
    // devrev.raw loads openapi-fetch's client on first use, from a chunk of the packed client.
    const raw = await devrev.raw.GET("/rev-orgs.list", { params: { query: { limit: 1 } } });
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
      format,
      created: org.display_name ?? "",
      listed: page.rev_orgs.length,
      rawListed: raw.data ? raw.data.rev_orgs.length : -1,
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
