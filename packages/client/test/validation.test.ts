import { isResponseError } from "@devrev-kit/errors";
import { describe, expect, test } from "vitest";
import type { ResponseValidator } from "../src/options.ts";
import { responseValidator } from "../src/validation.ts";
import { rejection, testClient } from "./support/client.ts";
import { useTestServer } from "./support/test-server.ts";

const server = useTestServer();

describe("validateResponses with a validator of our own", () => {
  // Insists on a string `id` under `rev_org`: enough to see what the client does with the verdict.
  const seen: Array<[string, number]> = [];
  const strict: ResponseValidator = (operation, status, body) => {
    seen.push([operation, status]);
    const org = (body as { rev_org?: { id?: unknown } }).rev_org;
    return typeof org?.id === "string" ? undefined : [{ path: "/rev_org/id", message: "must be string" }];
  };

  test("a valid body passes through, the validator told which operation and status", async () => {
    server.reply({ status: 201, body: { rev_org: { id: "REV-1" } } });
    const { client } = testClient(server.url, { validateResponses: strict });
    await expect(client.revOrgs.create({ account: "ACC-1", display_name: "A" })).resolves.toEqual({
      rev_org: { id: "REV-1" },
    });
    expect(seen.at(-1)).toEqual(["POST /rev-orgs.create", 201]);
  });

  test("an invalid body is a DevRevResponseError naming the operation and the JSON path", async () => {
    server.reply({ status: 200, body: { rev_org: { id: 42 } } });
    const { client } = testClient(server.url, { validateResponses: strict });
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    expect(isResponseError(error)).toBe(true);
    if (!isResponseError(error)) return;
    expect(error.reason).toBe("schema_mismatch");
    expect(error.path).toBe("/rev_org/id");
    expect(error.operation).toBe("POST /rev-orgs.update");
    expect(error.message).toContain("POST /rev-orgs.update");
    expect(error.message).toContain("/rev_org/id");
    expect(error.message).toContain("must be string");
  });

  test("devrev.raw's data is checked too, before it is handed over", async () => {
    server.reply({ status: 200, body: { rev_org: { id: 42 } } });
    const { client } = testClient(server.url, { validateResponses: strict });
    const error = await rejection(client.raw.POST("/rev-orgs.update", { body: { id: "REV-1" } }));
    expect(isResponseError(error) && [error.reason, error.path, error.operation]).toEqual([
      "schema_mismatch",
      "/rev_org/id",
      "POST /rev-orgs.update",
    ]);
    server.reply({ status: 200, body: { rev_org: { id: "REV-1" } } });
    const { data } = await client.raw.POST("/rev-orgs.update", { body: { id: "REV-1" } });
    expect(data).toEqual({ rev_org: { id: "REV-1" } });
    expect(seen.at(-1)).toEqual(["POST /rev-orgs.update", 200]);
  });

  test("devrev.raw's data is checked however the body is framed: chunked, or from a custom fetch", async () => {
    const { client } = testClient(server.url, { validateResponses: strict });
    const body = { rev_org: { id: 42 } };
    // openapi-fetch parses a body without Content-Length itself: raw reads it as the resource methods do.
    server.reply({ status: 200, body, chunked: true });
    const chunked = await rejection(client.raw.POST("/rev-orgs.update", { body: { id: "REV-1" } }));
    expect(isResponseError(chunked) && chunked.reason).toBe("schema_mismatch");
    const built = async () => new Response(JSON.stringify(body), { status: 200 });
    const { client: custom } = testClient(server.url, { validateResponses: strict, fetch: built });
    const fromFetch = await rejection(custom.raw.POST("/rev-orgs.update", { body: { id: "REV-1" } }));
    expect(isResponseError(fromFetch) && fromFetch.reason).toBe("schema_mismatch");
    const { client: plain } = testClient(server.url);
    for (const [reply, detail] of [
      ["[]", /not a JSON object/],
      ["<html>hi</html>", /content-type/],
    ] as const) {
      server.reply({ status: 200, body: reply, chunked: true });
      const error = await rejection(plain.raw.POST("/rev-orgs.update", { body: { id: "REV-1" } }));
      expect(isResponseError(error) && error.message).toMatch(detail);
    }
    // Other ways of reading are the caller's: text stays text.
    server.reply({ status: 200, body: "<html>hi</html>", chunked: true });
    const text = await plain.raw.POST("/rev-orgs.update", { body: { id: "REV-1" }, parseAs: "text" });
    expect(text.data).toBe("<html>hi</html>");
  });

  test("devrev.raw under a per-request baseUrl with a path of its own is checked as the same operation", async () => {
    const { client } = testClient(server.url, { validateResponses: strict });
    server.reply({ status: 200, body: { rev_org: { id: "REV-1" } } });
    const { data } = await client.raw.POST("/rev-orgs.update", {
      baseUrl: `${server.url}/proxy`,
      body: { id: "REV-1" },
    });
    expect(data).toEqual({ rev_org: { id: "REV-1" } });
    expect(server.request(-1).path).toBe("/proxy/rev-orgs.update");
    expect(seen.at(-1)).toEqual(["POST /rev-orgs.update", 200]);
  });

  test("without validateResponses nothing is checked but that the body is a JSON object", async () => {
    server.reply({ status: 200, body: { rev_org: { id: 42 } } });
    const { client } = testClient(server.url);
    await expect(client.revOrgs.update({ id: "REV-1" })).resolves.toEqual({ rev_org: { id: 42 } });
    await expect(client.raw.POST("/rev-orgs.update", { body: { id: "REV-1" } })).resolves.toMatchObject({
      data: { rev_org: { id: 42 } },
    });
    server.reply({ status: 200, body: [] });
    const error = await rejection(client.raw.POST("/rev-orgs.update", { body: { id: "REV-1" } }));
    expect(isResponseError(error) && error.message).toMatch(/not a JSON object/);
  });

  test("HTTP errors stay HTTP errors: only successful bodies are validated", async () => {
    server.reply({ status: 404, body: { type: "not_found", message: "gone" } });
    const count = seen.length;
    const { client } = testClient(server.url, { validateResponses: strict });
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    expect((error as Error).name).toBe("NotFoundError");
    expect(seen.length).toBe(count);
  });
});

describe("responseValidator from @devrev-kit/client/validation (the generated validators)", () => {
  test("accepts a body that matches the spec", async () => {
    server.reply({
      status: 200,
      body: { rev_orgs: [{ id: "REV-1", display_name: "Acme" }], next_cursor: "p1" },
    });
    const { client } = testClient(server.url, { validateResponses: responseValidator });
    await expect(client.revOrgs.list()).resolves.toMatchObject({ next_cursor: "p1" });
  });

  test.each([
    { what: "a wrong type", body: { rev_org: { id: 7 } }, path: "/rev_org/id" },
    { what: "a missing property", body: {}, path: "/rev_org" },
  ])("rejects $what with the JSON path", async ({ body, path }) => {
    server.reply({ status: 200, body });
    const { client } = testClient(server.url, { validateResponses: responseValidator });
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    expect(isResponseError(error) && error.path).toBe(path);
  });

  test("rejects a bad enum deep inside a page", async () => {
    server.reply({
      status: 200,
      body: { rev_orgs: [{ id: "REV-1", created_by: { type: "robot", id: "x" } }] },
    });
    const { client } = testClient(server.url, { validateResponses: responseValidator });
    const error = await rejection(client.revOrgs.listPost({}));
    expect(isResponseError(error) && error.path).toBe("/rev_orgs/0/created_by/type");
  });

  test("rejects a success status the operation does not declare", async () => {
    server.reply({ status: 201, body: { rev_org: { id: "REV-1" } } });
    const { client } = testClient(server.url, { validateResponses: responseValidator });
    const error = await rejection(client.revOrgs.update({ id: "REV-1" }));
    expect(isResponseError(error) && error.message).toMatch(/does not declare status 201/);
  });
});
