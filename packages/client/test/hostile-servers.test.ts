// The client against hostile servers written here with node:http on loopback: cases an adversarial review
// found mishandled (2026-12-06), kept as regression tests.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type Socket } from "node:net";
import { inspect } from "node:util";
import { isConnectionError, isResponseError } from "@devrev-kit/errors";
import { afterEach, describe, expect, test } from "vitest";
import { rejection, TOKEN, testClient } from "./support/client.ts";

interface Server {
  url: string;
  /** Requests seen, as `METHOD path body`. */
  seen: string[];
  close(): Promise<void>;
}

const open: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function listen(
  handler: (request: IncomingMessage, response: ServerResponse, body: string) => void,
): Promise<Server> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      seen.push(`${request.method} ${request.url} ${body}`);
      handler(request, response, body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const handle: Server = {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  open.push(handle);
  return handle;
}

/** A loopback port nothing listens on: connecting to it is refused (ECONNREFUSED). */
async function refusingPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectNoToken(error: unknown): void {
  const printed = `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)} ${inspect(error, { depth: 8 })}`;
  expect(printed).not.toContain(TOKEN);
}

describe("a create redirected to a host that refuses the connection", () => {
  // README › Retries: "A create is retried after a connection failure only when the request certainly never
  // left (connection refused, DNS failure)"; Guarantees: "No request is sent twice when sending it twice could
  // do something twice". Here the create reached the API server, which answered with a redirect (303 is the
  // POST-redirect-GET answer of a server that has acted); only the redirect's target refused. fetch reports
  // ECONNREFUSED, the client read `requestSent: false` and sent the create again, twice. A create now gets the
  // redirect itself back, unfollowed.
  for (const status of [303, 307]) {
    test(`${status} to a refused port: the create reaches the server once, and the error says it was sent`, async () => {
      const dead = await refusingPort();
      const server = await listen((_request, response) => {
        response.writeHead(status, { Location: `http://127.0.0.1:${dead}/rev-orgs/ORG-1` });
        response.end();
      });
      const { client } = testClient(server.url);
      const error = await rejection(client.revOrgs.create({ account: "ACC-1", display_name: "Acme" }));
      // A create does not follow redirects: the 3xx comes back as an unusable response, sent once.
      expect(isResponseError(error) && error.reason === "unexpected_status" && error.status === status).toBe(
        true,
      );
      expectNoToken(error);
      expect(server.seen).toEqual([`POST /rev-orgs.create {"account":"ACC-1","display_name":"Acme"}`]);
    });
  }
});

describe("failures that are not dropped connections are not retried", () => {
  // README › Retries lists what is retried: 429/503; 500/502/504, timeouts and dropped connections where
  // repeating is harmless. A body whose Content-Encoding is a lie is none of these: every retry downloads
  // the same undecodable bytes. Today it is reported as "connection closed mid-body" (the connection did not
  // close) and retried twice.
  test("a 200 with Content-Encoding: gzip that is not gzip: one request, a DevRevResponseError that does not blame the connection", async () => {
    const server = await listen((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
      response.end(JSON.stringify({ rev_orgs: [] }));
    });
    const { client } = testClient(server.url);
    const error = await rejection(client.revOrgs.list({}));
    expect(isResponseError(error)).toBe(true);
    expectNoToken(error);
    expect((error as Error).message).not.toMatch(/connection closed/);
    expect(server.seen).toHaveLength(1);
  });

  // fetch gives up after 20 redirects; the client called that a dropped connection and started the whole
  // chain again, maxRetries times: 63 requests for one list call instead of 21.
  test("a redirect loop is one chain of redirects, not retried as a dropped connection", async () => {
    const server = await listen((_request, response) => {
      response.writeHead(302, { Location: "/rev-orgs.list" });
      response.end();
    });
    const { client } = testClient(server.url);
    const error = await rejection(client.revOrgs.list({}));
    expect(isConnectionError(error) && error.requestSent).toBe(true);
    expectNoToken(error);
    expect(server.seen.length).toBeLessThanOrEqual(21);
  });
});
