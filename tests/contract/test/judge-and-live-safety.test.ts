// What an adversarial review of the contract suite found it did not check (2026-12-06), kept as regression
// tests: each states something tests/contract/README.md says the suite checks.

import { createDevRevClient } from "@devrev-kit/client";
import { type MockServer, startMockServer } from "@devrev-kit/fixtures";
import type { RevOrgsListQuery } from "@devrev-kit/types";
import { afterAll, describe, expect, it } from "vitest";
import { type Exchange, requestProblems } from "../src/recorder.ts";
import { defineContractSuite } from "../src/suite.ts";
import { LIVE_ENV, liveTarget } from "../src/targets.ts";

function listExchange(search: string): Exchange {
  return {
    operation: "GET /rev-orgs.list",
    method: "GET",
    path: "/rev-orgs.list",
    search,
    contentType: null,
    bearer: true,
    requestText: undefined,
    expectInvalid: false,
    label: "review",
  };
}

// README: "the query decoded as the spec declares it"; every array parameter of GET /rev-orgs.list is
// `style: form, explode: false`, so two accounts are `account=ACC-1,ACC-2`, never the parameter repeated.
// decodeQuery takes a repetition as one item each, so a client that explodes every array passes the judge
// (and Prism and the mock accept it too): mutating query-serializer.ts to repeat every array stays green.
describe("the judge reads the query as the spec declares it", () => {
  it("an explode:false array parameter sent exploded (account=A&account=B) is reported", () => {
    expect(requestProblems(listExchange("account=ACC-1&account=ACC-2&limit=1"))).not.toEqual([]);
  });

  // custom_fields is `type: object, style: form, explode: false`: `custom_fields=tnt__tier,gold`. Dotted
  // member names are another serialization (deepObject-like); the mock ignores them, so a client sending
  // them has its filter silently dropped, and the suite stays green (mutation: formObjects = new Set()).
  it("the object parameter custom_fields sent as dotted names (custom_fields.tnt__tier=gold) is reported", () => {
    expect(requestProblems(listExchange("custom_fields.tnt__tier=gold&limit=1"))).not.toEqual([]);
  });
});

// README: "Every query parameter of GET /rev-orgs.list (but the cursor) is sent once", custom_field_filter
// once per filter. Sent through the real client, the suite's own query must show exactly that.
describe("every query parameter is sent once", () => {
  it("the suite's all-parameters query puts each parameter name in the URL once, custom_field_filter once per filter", async () => {
    let sent = "";
    const client = createDevRevClient({
      baseUrl: "http://127.0.0.1:9",
      token: "t",
      maxRetries: 0,
      fetch: async (request: Request) => {
        sent = new URL(request.url).search.slice(1);
        return new Response(JSON.stringify({ rev_orgs: [] }), {
          status: 200,
          headers: { "content-type": "application/json" },
        });
      },
    });
    const query: RevOrgsListQuery = {
      account: ["ACC-1"],
      display_name: ["a", "Acme, Inc."],
      sort_by: ["display_name:asc", "created_date:desc"],
      tags: ["TAG-12345"],
      custom_field_filter: ["tnt__tier:gold,silver", "tnt__region:emea"],
      custom_fields: { tnt__tier: "gold" },
      limit: 5,
    };
    await client.revOrgs.list(query);
    const names = sent.split("&").map((pair) => decodeURIComponent(pair.slice(0, pair.indexOf("="))));
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    expect(repeated, `sent: ${sent}`).toEqual(["custom_field_filter"]);
    expect(requestProblems(listExchange(sent))).toEqual([]);
  });
});

// README (Live): "`rev-users.update` sends only the ID, so nothing else about the user changes",
// "`accounts.update` sends only the ID; nothing changes". The live code path, run against the mock through
// DEVREV_BASE_URL: no request with a valid token may send the existing Rev user or account anything but the
// ID (the 400 tests used to, relying on DevRev to refuse the rest).
describe("the live run and the objects it did not create", () => {
  let mock: MockServer | undefined;
  const saved = { ...process.env };
  const target = {
    ...liveTarget,
    async start() {
      mock = await startMockServer({ token: "review-live-token", seed: 7 });
      const account = mock.state.accounts()[0];
      const revUser = mock.state.revUsers()[0];
      process.env[LIVE_ENV.token] = "review-live-token";
      process.env[LIVE_ENV.baseUrl] = mock.url;
      process.env[LIVE_ENV.account] = account?.display_id ?? "";
      process.env[LIVE_ENV.revUser] = revUser?.display_id ?? "";
      return liveTarget.start();
    },
  };
  afterAll(async () => {
    for (const key of Object.values(LIVE_ENV)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await mock?.close();
  });

  defineContractSuite(target);

  it("sends the existing Rev user and account nothing but their ID, whatever the request", () => {
    const extra = (mock?.state.requests ?? [])
      .filter(
        (entry) =>
          entry.operation === "POST /rev-users.update" || entry.operation === "POST /accounts.update",
      )
      .filter((entry) => entry.headers["authorization"] !== undefined && entry.status !== 401)
      .map((entry) => ({ operation: entry.operation, keys: Object.keys(JSON.parse(entry.body ?? "{}")) }))
      // A request that names the object (by `id`) may carry nothing else.
      .filter((entry) => entry.keys.includes("id") && entry.keys.some((key) => key !== "id"));
    expect(extra).toEqual([]);
  });
});

// README: "the two must agree, so a bug in the generator's schema conversion shows up as a disagreement". No
// recorded exchange carries a bad date, so the generated validators' date-time check was never exercised: with
// it made to accept anything (validators.gen.js), every other contract test stayed green.
describe("the generated validators reject a date-time that is not one", () => {
  it("in the query, a request body and a response body", async () => {
    const { validateQuery, validateRequestBody, validateResponseBody } = await import(
      "@devrev-kit/types/validators"
    );
    expect(validateQuery("GET /rev-orgs.list", { "created_date.after": "yesterday" }).valid).toBe(false);
    expect(validateRequestBody("POST /rev-orgs.list", { created_date: { after: "yesterday" } }).valid).toBe(
      false,
    );
    expect(
      validateResponseBody("POST /rev-orgs.create", 201, {
        rev_org: {
          id: "don:identity:dvrv-us-1:devo/0:revo/1",
          display_id: "REV-1",
          display_name: "a",
          created_date: "yesterday",
        },
      }).valid,
    ).toBe(false);
  });
});
