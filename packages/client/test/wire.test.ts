import { NotFoundError } from "@devrev-kit/errors";
import { beforeEach, describe, expect, test } from "vitest";
import type { DevRevClient } from "../src/client.ts";
import { DevRevConfigError } from "../src/config-error.ts";
import { VERSION } from "../src/internal/version.ts";
import { rejection, TOKEN, testClient } from "./support/client.ts";
import { useTestServer } from "./support/test-server.ts";

const server = useTestServer();
beforeEach(() => {
  server.reply({ status: 200, body: { ok: true } });
});

interface WireCase {
  name: string;
  call: (client: DevRevClient) => Promise<unknown>;
  method: "GET" | "POST";
  path: string;
  query?: string;
  body?: unknown;
}

const cases: WireCase[] = [
  {
    name: "revOrgs.create",
    call: (c) => c.revOrgs.create({ account: "ACC-1", display_name: "Acme" }),
    method: "POST",
    path: "/rev-orgs.create",
    body: { account: "ACC-1", display_name: "Acme" },
  },
  {
    name: "revOrgs.update",
    call: (c) => c.revOrgs.update({ id: "REV-1", display_name: "Acme Inc", tier: "enterprise" }),
    method: "POST",
    path: "/rev-orgs.update",
    body: { id: "REV-1", display_name: "Acme Inc", tier: "enterprise" },
  },
  {
    name: "revOrgs.list with no query",
    call: (c) => c.revOrgs.list(),
    method: "GET",
    path: "/rev-orgs.list",
    query: "",
  },
  {
    name: "revOrgs.list with arrays, dotted dates, numbers and an enum",
    call: (c) =>
      c.revOrgs.list({
        account: ["ACC-1", "ACC-2"],
        "created_date.after": "2024-01-01T00:00:00Z",
        "modified_date.before": "2024-02-01T00:00:00Z",
        limit: 50,
        mode: "after",
        sort_by: ["created_date:desc"],
      }),
    method: "GET",
    path: "/rev-orgs.list",
    query:
      "account=ACC-1,ACC-2&created_date.after=2024-01-01T00%3A00%3A00Z" +
      "&modified_date.before=2024-02-01T00%3A00%3A00Z&limit=50&mode=after&sort_by=created_date%3Adesc",
  },
  {
    name: "revOrgs.list encodes commas inside items so the separator stays unambiguous",
    call: (c) => c.revOrgs.list({ display_name: ["Acme, Inc", "B&B"], external_ref: [] }),
    method: "GET",
    path: "/rev-orgs.list",
    query: "display_name=Acme%2C%20Inc,B%26B",
  },
  {
    name: "revOrgs.list repeats custom_field_filter, whose items are comma lists themselves",
    call: (c) => c.revOrgs.list({ custom_field_filter: ["tier:gold,silver", "region:eu"], cursor: "abc=" }),
    method: "GET",
    path: "/rev-orgs.list",
    query: "custom_field_filter=tier%3Agold%2Csilver&custom_field_filter=region%3Aeu&cursor=abc%3D",
  },
  {
    name: "revOrgs.listPost",
    call: (c) =>
      c.revOrgs.listPost({ account: ["ACC-1"], created_date: { after: "2024-01-01T00:00:00Z" }, limit: 2 }),
    method: "POST",
    path: "/rev-orgs.list",
    body: { account: ["ACC-1"], created_date: { after: "2024-01-01T00:00:00Z" }, limit: 2 },
  },
  {
    name: "revOrgs.listPost with no body sends {}",
    call: (c) => c.revOrgs.listPost(),
    method: "POST",
    path: "/rev-orgs.list",
    body: {},
  },
  {
    name: "revUsers.update",
    call: (c) => c.revUsers.update({ id: "REVU-1", email: "a@example.com" }),
    method: "POST",
    path: "/rev-users.update",
    body: { id: "REVU-1", email: "a@example.com" },
  },
  {
    name: "revUsers.link",
    call: (c) => c.revUsers.link({ rev_org_don: "don:identity:dvrv-us-1:devo/1:revo/2", user_don: "don:x" }),
    method: "POST",
    path: "/rev-users.link",
    body: { rev_org_don: "don:identity:dvrv-us-1:devo/1:revo/2", user_don: "don:x" },
  },
  {
    name: "revUsers.associations.add",
    call: (c) =>
      c.revUsers.associations.add({ rev_user_id: "REVU-1", associations: [{ associated_to: "REV-1" }] }),
    method: "POST",
    path: "/rev-users.associations.add",
    body: { rev_user_id: "REVU-1", associations: [{ associated_to: "REV-1" }] },
  },
  {
    name: "accounts.update",
    call: (c) => c.accounts.update({ id: "ACC-1", display_name: "Acme", domains: ["acme.com"] }),
    method: "POST",
    path: "/accounts.update",
    body: { id: "ACC-1", display_name: "Acme", domains: ["acme.com"] },
  },
];

describe("each operation's exact wire request", () => {
  test.each(cases)("$name", async ({ call, method, path, query, body }) => {
    const { client } = testClient(server.url, { userAgent: "my-app/1.2.3" });
    await expect(call(client)).resolves.toEqual({ ok: true });

    expect(server.requests).toHaveLength(1);
    const request = server.request(0);
    expect(request.method).toBe(method);
    expect(request.path).toBe(path);
    expect(request.query).toBe(query ?? "");
    expect(request.headers["authorization"]).toBe(`Bearer ${TOKEN}`);
    expect(request.headers["user-agent"]).toBe(`devrev-kit-client/${VERSION} my-app/1.2.3`);
    expect(request.headers["accept"]).toBe("application/json");
    if (method === "POST") {
      expect(request.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(request.body)).toEqual(body);
    } else {
      expect(request.headers["content-type"]).toBeUndefined();
      expect(request.body).toBe("");
    }
  });
});

describe("headers", () => {
  test("client headers and per-call headers are sent; the call's win", async () => {
    const { client } = testClient(server.url, { headers: { "X-Team": "core", "X-Trace": "client" } });
    await client.revOrgs.update({ id: "REV-1" }, { headers: { "X-Trace": "call" } });
    const { headers } = server.request(0);
    expect(headers["x-team"]).toBe("core");
    expect(headers["x-trace"]).toBe("call");
  });

  test("without a suffix the User-Agent is the client's own", async () => {
    const { client } = testClient(server.url);
    await client.revOrgs.update({ id: "REV-1" });
    expect(server.request(0).headers["user-agent"]).toBe(`devrev-kit-client/${VERSION}`);
  });

  test("a base URL with a path prefix keeps it", async () => {
    const { client } = testClient(`${server.url}/proxy/devrev/`);
    await client.accounts.update({ id: "ACC-1" });
    expect(server.request(0).path).toBe("/proxy/devrev/accounts.update");
  });
});

describe("the direct path and the openapi-fetch path", () => {
  // Without middleware a resource method builds its request itself; with one, openapi-fetch builds it. The
  // server and the errors must not see a difference.
  const calls: Array<[string, (c: DevRevClient) => Promise<unknown>]> = [
    [
      "a create with per-call headers",
      (c) => c.revOrgs.create({ account: "A", display_name: "Acme" }, { headers: { "X-Call": "1" } }),
    ],
    [
      "a form-encoded Content-Type from the call",
      (c) =>
        c.revOrgs.update(
          { id: "REV-1", display_name: "Acme" },
          { headers: { "Content-Type": "application/x-www-form-urlencoded" } },
        ),
    ],
    [
      "a GET with a quote and a comma in the query",
      (c) => c.revOrgs.list({ account: ["O'Brien,1", "ACC-2"] }),
    ],
    ["a POST without a body", (c) => (c.revOrgs.update as (body?: unknown) => Promise<unknown>)()],
    [
      "per-call headers as a Headers object",
      (c) => c.revOrgs.update({ id: "REV-1" }, { headers: new Headers({ "X-Call": "yes" }) }),
    ],
  ];

  test.each(calls)("%s: the same request on the wire", async (_name, call) => {
    const options = { headers: { "X-Team": "core" } };
    await call(testClient(server.url, options).client);
    const withMiddleware = testClient(server.url, options).client;
    withMiddleware.raw.use({ onRequest: () => undefined });
    await call(withMiddleware);
    const [direct, built] = [server.request(0), server.request(1)].map(({ at: _at, ...request }) => request);
    expect(direct).toEqual(built);
  });

  test("a FormData body, which only openapi-fetch serializes, gets the parsed reply and the typed error", async () => {
    const { client } = testClient(server.url);
    const form = new FormData();
    form.append("id", "REV-1");
    const update = client.revOrgs.update as (body: unknown) => Promise<unknown>;
    server.reply(
      { status: 200, body: { rev_org: { id: "REV-1" } } },
      { status: 404, body: { type: "not_found", message: "no such org" } },
    );
    await expect(update(form)).resolves.toEqual({ rev_org: { id: "REV-1" } });
    expect(server.request(0).headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(server.request(0).body).toContain('name="id"');
    const error = await rejection(update(form));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).serverMessage).toBe("no such org");
  });

  test("errors describe the request the same way", async () => {
    server.reply({ status: 404, body: { type: "not_found", message: "no" } });
    const plain = testClient(server.url).client;
    const withMiddleware = testClient(server.url).client;
    withMiddleware.raw.use({ onRequest: () => undefined });
    const call = (c: DevRevClient) =>
      c.revOrgs.list({ account: ["O'Brien"] }, { headers: { "X-Call": "1" } });
    const [a, b] = [await rejection(call(plain)), await rejection(call(withMiddleware))];
    expect(a).toBeInstanceOf(NotFoundError);
    // All but the Date header, which differs when the two calls straddle a second.
    const comparable = (error: unknown) => {
      const { headers, ...rest } = (error as NotFoundError).toJSON();
      const { date: _date, ...others } = headers as Record<string, string>;
      return { ...rest, headers: others };
    };
    expect(comparable(a)).toEqual(comparable(b));
    expect(Object.keys(comparable(a).headers)).toContain("content-type");
    expect((a as NotFoundError).request?.url).toContain("O%27Brien");
    expect(JSON.stringify(a)).not.toContain(TOKEN);
  });
});

describe("devrev.raw", () => {
  test("shares auth, headers and the query serializer", async () => {
    const { client } = testClient(server.url);
    server.reply({ status: 200, body: { rev_orgs: [] } });
    const { data, error } = await client.raw.GET("/rev-orgs.list", {
      params: { query: { account: ["ACC-1", "ACC-2"], "created_date.after": "2024-01-01" } },
    });
    expect(error).toBeUndefined();
    expect(data).toEqual({ rev_orgs: [] });
    expect(server.request(0).query).toBe("account=ACC-1,ACC-2&created_date.after=2024-01-01");
    expect(server.request(0).headers["authorization"]).toBe(`Bearer ${TOKEN}`);
  });

  test("HTTP errors come back as `error` with the body, after retries", async () => {
    const { client, sleeps } = testClient(server.url);
    server.reply(
      { status: 503, body: { type: "service_unavailable", message: "busy" } },
      { status: 404, body: { type: "not_found", message: "no such org" } },
    );
    const { data, error, response } = await client.raw.POST("/rev-orgs.update", { body: { id: "REV-404" } });
    expect(data).toBeUndefined();
    expect(error).toEqual({ type: "not_found", message: "no such org" });
    expect(response.status).toBe(404);
    expect(server.requests).toHaveLength(2);
    expect(JSON.parse(server.request(1).body)).toEqual({ id: "REV-404" });
    expect(sleeps).toHaveLength(1);
  });

  test("a middleware that is not one is refused at once, before and after the load, and breaks nothing", async () => {
    const { client } = testClient(server.url);
    const seen: string[] = [];
    const good = { onRequest: () => void seen.push("good") };
    for (const bad of [{}, "log", 5]) {
      expect(() => client.raw.use(bad as never, good)).toThrow(DevRevConfigError);
    }
    await expect(client.revOrgs.update({ id: "REV-1" })).resolves.toEqual({ ok: true });
    expect(seen).toEqual([]);
    client.raw.use(good);
    await client.raw.GET("/rev-orgs.list", {});
    expect(() => client.raw.use({} as never)).toThrow(/onRequest, onResponse or onError/);
    await expect(client.revOrgs.update({ id: "REV-1" })).resolves.toEqual({ ok: true });
    expect(seen).toEqual(["good", "good"]);
  });

  test("never sends the token over plain http:// to a remote host, whatever changed the URL", async () => {
    const sent: string[] = [];
    const recording = async (request: Request) => {
      sent.push(request.url);
      return Response.json({ rev_orgs: [] });
    };
    const { client } = testClient(server.url, { fetch: recording });
    const perRequest = client.raw.GET("/rev-orgs.list", { baseUrl: "http://api.example.com" });
    await expect(perRequest).rejects.toThrow(
      /Refusing to send the token over plain http:\/\/ to api\.example\.com/,
    );
    client.raw.use({
      onRequest: ({ request }) =>
        new Request(request.url.replace(server.url, "http://localhost.example.com"), request),
    });
    await expect(client.revOrgs.update({ id: "REV-1" })).rejects.toBeInstanceOf(DevRevConfigError);
    expect(sent).toEqual([]);
    // https, loopback, and allowInsecureHttp: sent.
    await client.raw.GET("/rev-orgs.list", { baseUrl: "https://api.example.com" });
    const { client: insecure } = testClient(server.url, { fetch: recording, allowInsecureHttp: true });
    await insecure.raw.GET("/rev-orgs.list", { baseUrl: "http://api.example.com" });
    expect(sent).toEqual(["https://api.example.com/rev-orgs.list", "http://api.example.com/rev-orgs.list"]);
  });

  test("middleware registered on raw applies to the resource methods", async () => {
    const { client } = testClient(server.url);
    const seen: string[] = [];
    client.raw.use({
      onRequest({ request }) {
        request.headers.set("X-From-Middleware", "yes");
        seen.push(`request ${request.method} ${new URL(request.url).pathname}`);
      },
      onResponse({ response }) {
        seen.push(`response ${response.status}`);
      },
    });
    await client.revOrgs.update({ id: "REV-1" });
    expect(seen).toEqual(["request POST /rev-orgs.update", "response 200"]);
    expect(server.request(0).headers["x-from-middleware"]).toBe("yes");
  });

  test("a middleware may read the response body before the resource method does", async () => {
    const { client } = testClient(server.url);
    const bodies: unknown[] = [];
    client.raw.use({
      async onResponse({ response }) {
        bodies.push(await response.clone().json());
      },
    });
    server.reply({ status: 200, body: { rev_org: { id: "REV-1" } } });
    await expect(client.revOrgs.update({ id: "REV-1" })).resolves.toEqual({ rev_org: { id: "REV-1" } });
    expect(bodies).toEqual([{ rev_org: { id: "REV-1" } }]);
  });

  test("a middleware may answer in place of the server", async () => {
    const { client } = testClient(server.url);
    client.raw.use({ onRequest: () => Response.json({ cached: true }) });
    await expect(client.revOrgs.update({ id: "REV-1" })).resolves.toEqual({ cached: true });
    expect(server.requests).toHaveLength(0);
  });

  test("a middleware that replaces the request still gets retries with the body intact", async () => {
    const { client } = testClient(server.url);
    client.raw.use({
      onRequest({ request }) {
        return new Request(request, {
          headers: { ...Object.fromEntries(request.headers), "x-replaced": "1" },
        });
      },
    });
    server.reply({ status: 503, body: {} }, { status: 200, body: { ok: true } });
    await expect(client.revOrgs.update({ id: "REV-1" })).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(request.headers["x-replaced"]).toBe("1");
      expect(JSON.parse(request.body)).toEqual({ id: "REV-1" });
    }
  });
});
