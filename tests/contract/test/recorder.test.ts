// The suite's own machinery: the judge must catch what it is there to catch, or a green run means nothing.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDevRevClient } from "@devrev-kit/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertNodeCanRunPrism, startPrism } from "../src/prism.ts";
import { decodeQuery } from "../src/query.ts";
import { createRecorder, type Exchange, requestProblems, responseProblems } from "../src/recorder.ts";
import { specOperations } from "../src/spec.ts";
import { runPrefix, unknownLike } from "../src/suite.ts";
import { requestedTargets } from "../src/target-names.ts";

const listParams = specOperations().find((op) => op.key === "GET /rev-orgs.list")?.parameters ?? [];

function exchange(overrides: Partial<Exchange>): Exchange {
  return {
    operation: "POST /rev-orgs.create",
    method: "POST",
    path: "/rev-orgs.create",
    search: "",
    contentType: "application/json",
    bearer: true,
    requestText: JSON.stringify({ account: "ACC-1", display_name: "Acme" }),
    status: 201,
    responseText: JSON.stringify({
      rev_org: { id: "don:identity:dvrv-us-1:devo/0:revo/1", display_id: "REV-1", display_name: "Acme" },
    }),
    expectInvalid: false,
    label: "self-test",
    ...overrides,
  };
}

describe("decodeQuery", () => {
  it("splits comma lists, decoding each item on its own", () => {
    const { query, problems } = decodeQuery(
      "account=ACC-1,a%2Cb&limit=5&created_date.after=2024-01-01T00%3A00%3A00Z",
      listParams,
    );
    expect(problems).toEqual([]);
    expect(query).toEqual({
      account: ["ACC-1", "a,b"],
      limit: 5,
      "created_date.after": "2024-01-01T00:00:00Z",
    });
  });

  it("takes a repeated array parameter one item per repetition", () => {
    const { query } = decodeQuery(
      "custom_field_filter=tier%3Agold%2Csilver&custom_field_filter=x%3Ay",
      listParams,
    );
    expect(query["custom_field_filter"]).toEqual(["tier:gold,silver", "x:y"]);
  });

  it("reports undeclared names and a scalar sent twice, and keeps a non-number limit as text", () => {
    const { problems } = decodeQuery("acount=ACC-1&limit=1&limit=2&mode=after&mode=before", listParams);
    expect(problems).toEqual([
      'query parameter "acount" is not declared by the spec',
      "limit is sent 2 times but is not an array",
      "mode is sent 2 times but is not an array",
    ]);
    expect(decodeQuery("limit=many", listParams).query).toEqual({ limit: "many" });
  });

  it("reports an object parameter's members sent as dotted names, which DevRev would not read as the object", () => {
    const decoded = decodeQuery("custom_fields.tnt__tier=gold", listParams);
    expect(decoded.query).toEqual({});
    expect(decoded.problems).toEqual([
      expect.stringContaining("custom_fields.tnt__tier: custom_fields is a form object"),
    ]);
  });

  it("reports an array sent repeated, but for custom_field_filter, which DevRev reads once per filter", () => {
    expect(decodeQuery("account=ACC-1&account=ACC-2", listParams).problems).toEqual([
      "account is sent 2 times; explode false puts the items in one, comma-separated",
    ]);
    expect(decodeQuery("custom_field_filter=a%3A1&custom_field_filter=b%3A2", listParams)).toEqual({
      query: { custom_field_filter: ["a:1", "b:2"] },
      problems: [],
    });
  });
});

describe("requestProblems", () => {
  it("accepts a valid request", () => {
    expect(requestProblems(exchange({}))).toEqual([]);
  });

  it.each([
    [
      "a body missing a required field",
      { requestText: JSON.stringify({ account: "ACC-1" }) },
      "display_name",
    ],
    [
      "a body of the wrong type",
      { requestText: JSON.stringify({ account: "ACC-1", display_name: 4 }) },
      "must be string",
    ],
    ["a body that is not JSON", { requestText: "{" }, "not JSON"],
    ["no content-type", { contentType: null }, "content-type"],
    ["no bearer token", { bearer: false }, "Authorization"],
    ["a path outside the spec", { operation: undefined, path: "/rev-orgs.delete" }, "not an operation"],
    ["a query on a body operation", { search: "x=1" }, "query string"],
    [
      "a GET with a non-integer limit",
      {
        operation: "GET /rev-orgs.list",
        method: "GET",
        path: "/rev-orgs.list",
        requestText: undefined,
        search: "limit=many",
      },
      "limit",
    ],
    [
      "a GET with an undeclared parameter",
      {
        operation: "GET /rev-orgs.list",
        method: "GET",
        path: "/rev-orgs.list",
        requestText: undefined,
        search: "acount=ACC-1",
      },
      "not declared",
    ],
    [
      "a GET with a body",
      { operation: "GET /rev-orgs.list", method: "GET", path: "/rev-orgs.list", requestText: "{}" },
      "body was sent",
    ],
    [
      "a GET with an invalid mode",
      {
        operation: "GET /rev-orgs.list",
        method: "GET",
        path: "/rev-orgs.list",
        requestText: undefined,
        search: "mode=sideways",
      },
      "mode",
    ],
  ] as const)("rejects %s", (_name, overrides, expected) => {
    const problems = requestProblems(exchange(overrides as Partial<Exchange>));
    expect(problems.join("\n")).toContain(expected);
  });
});

describe("responseProblems", () => {
  it("accepts a valid response and rejects broken ones", () => {
    expect(responseProblems(exchange({}))).toEqual([]);
    expect(responseProblems(exchange({ responseText: JSON.stringify({ rev_org: {} }) })).join()).toContain(
      "required",
    );
    expect(responseProblems(exchange({ responseText: "<html>" })).join()).toContain("not JSON");
    expect(responseProblems(exchange({ status: 418, responseText: "{}" }))).not.toEqual([]);
    expect(
      responseProblems(exchange({ status: 404, responseText: JSON.stringify({ type: "not_found" }) })),
    ).not.toEqual([]);
    expect(responseProblems(exchange({ status: undefined, failure: "ECONNRESET" })).join()).toContain(
      "ECONNRESET",
    );
  });
});

// The recorder between the real client and a real loopback server that breaks the contract.
describe("recording the client's traffic", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(201, {
          "content-type": "application/json",
          "sl-violations": '[{"message":"from the server"}]',
        });
        res.end(JSON.stringify({ rev_org: { id: 7 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("keeps the request as sent, the response as received, and Prism's violations header", async () => {
    const recorder = createRecorder(`${url}/base`);
    const client = createDevRevClient({
      baseUrl: `${url}/base`,
      token: "t0k3n",
      fetch: recorder.fetch,
      maxRetries: 0,
    });
    recorder.setLabel("broken server");
    const body = await recorder.expectInvalid(() =>
      client.revOrgs.create({ account: "ACC-1", display_name: "Acme" }),
    );
    expect(body).toEqual({ rev_org: { id: 7 } });
    const [recorded] = recorder.exchanges;
    expect(recorded).toMatchObject({
      operation: "POST /rev-orgs.create",
      path: "/rev-orgs.create",
      bearer: true,
      status: 201,
      violations: '[{"message":"from the server"}]',
      expectInvalid: true,
      label: "broken server",
    });
    expect(JSON.stringify(recorded)).not.toContain("t0k3n");
    expect(JSON.parse(recorded?.requestText ?? "")).toEqual({ account: "ACC-1", display_name: "Acme" });
    expect(requestProblems(recorded as Exchange)).toEqual([]);
    expect(responseProblems(recorded as Exchange).join()).toContain("/rev_org/id");
    expect(() => recorder.last("POST /accounts.update")).toThrow("no POST /accounts.update request");
  });
});

describe("targets and helpers", () => {
  it("reads the requested targets, mock and prism by default, and refuses unknown names", () => {
    expect(requestedTargets("")).toEqual(["mock", "prism"]);
    expect(requestedTargets("live")).toEqual(["live"]);
    expect(requestedTargets("mock, live,mock")).toEqual(["mock", "live"]);
    expect(() => requestedTargets("staging")).toThrow('Unknown contract target "staging"');
  });

  it("names runs by a findable prefix and makes unknown IDs of the same shape", () => {
    expect(runPrefix(new Date("2026-11-25T05:53:21.123Z"))).toMatch(
      /^devrev-kit-contract-20261125T055321Z-[a-z0-9]{1,4}$/,
    );
    expect(unknownLike("don:identity:dvrv-us-1:devo/0:revo/AbCd", "x1")).toBe(
      "don:identity:dvrv-us-1:devo/0:revo/DevRevKitMissingx1",
    );
    expect(unknownLike("ACC-12345", "x1")).toBe("ACC-DevRevKitMissingx1");
  });

  it("refuses a Node older than Prism's floor with a message that says what to do", () => {
    expect(() => assertNodeCanRunPrism("24.17.9")).toThrow(
      /needs Node >= 24\.18\.0.*this is Node 24\.17\.9.*\.\/dev/s,
    );
    expect(() => assertNodeCanRunPrism("22.20.0")).toThrow("--target mock");
    expect(() => assertNodeCanRunPrism("24.18.0")).not.toThrow();
    expect(() => assertNodeCanRunPrism("25.0.0")).not.toThrow();
  });

  it("fails clearly, with Prism's own output, when Prism cannot start", async () => {
    const failure = await startPrism({ spec: "/nonexistent/devrev.yaml", readyTimeoutMs: 30_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure)).toMatch(/Prism exited with status \d+ before it was ready/);
    expect(String(failure)).toContain("nonexistent");
  });
});
