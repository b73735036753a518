// A devrev.raw per-request `fetch` behaves as a client-level custom `fetch` does.
import { getEventListeners } from "node:events";
import { isConnectionError } from "@devrev-kit/errors";
import { describe, expect, test } from "vitest";
import { rejection, testClient } from "./support/client.ts";
import { useTestServer } from "./support/test-server.ts";

const server = useTestServer();

describe("devrev.raw with a per-request fetch, compared with the client's own custom fetch", () => {
  test("leaves no listener on a long-lived caller signal, as createDevRevClient({ fetch }) does", async () => {
    server.reply({ status: 200, body: { rev_orgs: [] } });
    const viaClient = new AbortController();
    const { client: custom } = testClient(server.url, { fetch: (request) => fetch(request) });
    for (let i = 0; i < 10; i++) await custom.raw.GET("/rev-orgs.list", { signal: viaClient.signal });
    expect(getEventListeners(viaClient.signal, "abort")).toHaveLength(0);

    const perRequest = new AbortController();
    const { client } = testClient(server.url);
    const own = (request: Request) => fetch(request);
    for (let i = 0; i < 10; i++)
      await client.raw.GET("/rev-orgs.list", { signal: perRequest.signal, fetch: own });
    // Not one undici listener per call, held until each openapi-fetch Request is garbage-collected.
    expect(getEventListeners(perRequest.signal, "abort")).toHaveLength(0);
  });

  test("a fetch that resolves with no Response fails at once and leaves no attempt timer running", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === "Timeout").length;
    const { client } = testClient(server.url, { maxRetries: 0, timeoutMs: 60_000 });
    const notAResponse = (() => Promise.resolve(undefined)) as unknown as (r: Request) => Promise<Response>;
    const before = timers();
    for (let i = 0; i < 3; i++) {
      const error = await rejection(client.raw.GET("/rev-orgs.list", { fetch: notAResponse }));
      expect(isConnectionError(error)).toBe(true);
      expect(String((error as Error).cause)).toContain("fetch resolved with undefined, not a Response");
    }
    // No attempt's 60 s timer left armed, which would keep Node running for a minute after the call failed.
    expect(timers()).toBe(before);
  });
});
