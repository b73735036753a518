// A plain CommonJS program: require() of the ESM-only packages, which Node >= 20.19 loads
// synchronously (require(esm)); no build step, no TypeScript.
"use strict";
const { createDevRevClient } = require("@devrev-kit/client");
const { responseValidator } = require("@devrev-kit/client/validation");
const { isDevRevError, isNotFoundError } = require("@devrev-kit/errors");
const { startMockServer } = require("@devrev-kit/fixtures");
const { validateRequestBody } = require("@devrev-kit/types/validators");

async function main() {
  const server = await startMockServer({ token: "consumer-token" });
  try {
    const devrev = createDevRevClient({
      token: "consumer-token",
      baseUrl: server.url,
      // Every response is checked against the spec by the generated validators (a subpath export).
      validateResponses: responseValidator,
    });
    const account = server.state.addAccount();
    const { rev_org } = await devrev.revOrgs.create({ account: account.id, display_name: "Consumer Co" });
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
      format: "commonjs",
      created: rev_org.display_name,
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

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
