// devrev.raw and middleware: a case an adversarial review found mishandled (2026-12-06), kept as a regression
// test with its control; each states what packages/client/README.md promises.
import { isConflictError, isNotFoundError } from "@devrev-kit/errors";
import { describe, expect, test } from "vitest";
import { rejection, testClient } from "./support/client.ts";
import { useTestServer } from "./support/test-server.ts";

const server = useTestServer();

/** A logging middleware of the simplest kind: it reads the body (without cloning it). */
const bodyLogger = {
  async onResponse({ response }: { response: Response }) {
    await response.text();
  },
};

describe("a middleware that reads the response body", () => {
  // README, Operations: methods "reject only with the @devrev-kit/errors classes", an HTTP error as the
  // `DevRevError` subclass its status names (the Example branches on isConflictError). README, The raw client:
  // "once a middleware is registered, resource methods go through openapi-fetch too, so that it sees them".
  // A success body a middleware consumed is still returned; an error body a middleware consumed turns the
  // ConflictError into a bare DevRevKitError "Body is unusable".
  test("leaves a resource method's HTTP error the class its status names", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    client.raw.use(bodyLogger);
    server.reply({ status: 201, body: { rev_org: { id: "ORG-1", display_name: "Acme" } } });
    await expect(client.revOrgs.create({ display_name: "Acme" } as never)).resolves.toBeDefined();

    server.reply({ status: 409, body: { type: "conflict", message: "already exists" } });
    const error = await rejection(client.revOrgs.create({ display_name: "Acme" } as never));
    expect(isConflictError(error), String(error)).toBe(true);
  });
});

describe("a middleware that does not read the body", () => {
  test("a middleware that clones before reading changes nothing", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    client.raw.use({
      onResponse: async ({ response }: { response: Response }) => void (await response.clone().text()),
    });
    server.reply({ status: 404, body: { type: "not_found", message: "x" } });
    expect(isNotFoundError(await rejection(client.revOrgs.update({ id: "ORG-1" } as never)))).toBe(true);
  });
});
