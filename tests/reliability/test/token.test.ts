// The token: refused when it could smuggle a header, never sent over plain HTTP to a remote host unless the
// caller says so, and never printed: not in log lines, error messages, stacks, JSON or util.inspect, not even
// when the server echoes it back, and not in the mock server's request log.

import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { inspect } from "node:util";
import { createDevRevClient, type DevRevClientOptions, isDevRevConfigError } from "@devrev-kit/client";
import { responseValidator } from "@devrev-kit/client/validation";
import { isConnectionError, isDevRevKitError } from "@devrev-kit/errors";
import { createMockState, type MockServer, startMockServer } from "@devrev-kit/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardedFetch } from "../src/guarded-fetch.ts";
import { createLeakWatch } from "../src/leak-watch.ts";
import { arrange, OPERATIONS } from "../src/operations.ts";
import { TOKEN } from "../src/secret.ts";

const watch = createLeakWatch();

/** A TCP listener that only counts connections: proof that nothing was even attempted. */
let counter: TcpServer;
let connections = 0;
let counterUrl: string;
let mock: MockServer;

beforeAll(async () => {
  counter = createTcpServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => counter.listen(0, "127.0.0.1", resolve));
  counterUrl = `http://127.0.0.1:${(counter.address() as { port: number }).port}`;
  mock = await startMockServer({ state: createMockState({ token: TOKEN }) });
});
// One hook for the dump and the check: vitest runs after-hooks in reverse order, so a check in an afterAll
// registered further down would run before the dump.
afterAll(async () => {
  await new Promise((resolve) => counter.close(resolve));
  try {
    // The mock's request log counts only if it holds a request that carried the token.
    expect(mock.state.requests.some((request) => request.headers["authorization"] !== undefined)).toBe(true);
    watch.dump(mock.state);
    // Everything this file collected: config errors, call errors, logs at debug, the mock's request log.
    expect(watch.size).toBeGreaterThan(100);
    expect(watch.leaks(TOKEN)).toEqual([]);
  } finally {
    await mock.close();
  }
});

/** Calls `create` and returns what it threw. */
function thrownBy(create: () => unknown): unknown {
  try {
    create();
  } catch (error) {
    return error;
  }
  throw new Error("expected createDevRevClient to throw");
}

describe("a token that could smuggle a header is refused before any request", () => {
  const tokens: ReadonlyArray<readonly [string, string]> = [
    ["CR LF and a second header", `${TOKEN}\r\nX-Injected: 1`],
    ["a trailing newline (from a file)", `${TOKEN}\n`],
    ["a bare CR", `${TOKEN}\rX-Injected: 1`],
    ["a leading CR LF", `\r\n${TOKEN}`],
    ["a NUL", `${TOKEN}\u0000`],
    ["a space", `${TOKEN} x`],
    ["a tab", `${TOKEN}\tx`],
    ["a non-ASCII letter", `${TOKEN}ø`],
    ["a Unicode line separator", `${TOKEN}\u2028`],
    ['a "Bearer " prefix', `Bearer ${TOKEN}`],
  ];

  it.for(tokens)("%s: DevRevConfigError, no connection, the token not in the error", ([, token]) => {
    const before = connections;
    for (const options of [
      { token },
      { token, fetch: createGuardedFetch().fetch },
    ] as DevRevClientOptions[]) {
      const error = thrownBy(() =>
        createDevRevClient({ ...options, baseUrl: counterUrl, logger: watch.logger }),
      );
      expect(isDevRevConfigError(error)).toBe(true);
      expect(isDevRevKitError(error)).toBe(true);
      expect((error as Error).message).toMatch(/token/);
      watch.seen(error);
    }
    expect(connections).toBe(before);
  });

  it("from DEVREV_TOKEN too", () => {
    const saved = process.env["DEVREV_TOKEN"];
    process.env["DEVREV_TOKEN"] = `${TOKEN}\r\nX-Injected: 1`;
    try {
      const error = thrownBy(() => createDevRevClient({ baseUrl: counterUrl }));
      expect(isDevRevConfigError(error)).toBe(true);
      watch.seen(error);
    } finally {
      if (saved === undefined) delete process.env["DEVREV_TOKEN"];
      else process.env["DEVREV_TOKEN"] = saved;
    }
    expect(connections).toBe(0);
  });

  it.for(OPERATIONS)(
    "$name with per-call headers carrying CR/LF: refused, the mock saw nothing",
    async (op) => {
      const client = createDevRevClient({ token: TOKEN, baseUrl: mock.url, logger: watch.logger });
      const ids = arrange(mock.state);
      const before = mock.state.requestCount;
      for (const headers of [
        { "X-A": "a\r\nAuthorization: Bearer other" },
        { "X-A\r\nX-B": "b" },
        { "X-A": "a\nb" },
      ]) {
        const error = await op.call(client, ids, "Smuggled", { headers }).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(isDevRevKitError(error), String(error)).toBe(true);
        watch.seen(error);
      }
      expect(mock.state.requestCount).toBe(before);
    },
  );
});

describe("no token over plain HTTP to a host that is not loopback, unless told to", () => {
  const remote = [
    "http://api.devrev.ai",
    "http://example.com:8080/base",
    "http://10.0.0.1",
    "http://192.168.1.10",
    "http://0.0.0.0",
    "http://[::ffff:127.0.0.1]",
    "http://[fe80::1]",
    "http://localhost.example.com",
    "http://127.0.0.1.nip.io",
    "http://localhost.",
  ];

  it.for(remote)("%s: refused at creation; the guarded fetch saw no request", (baseUrl) => {
    const guarded = createGuardedFetch();
    const error = thrownBy(() => createDevRevClient({ token: TOKEN, baseUrl, fetch: guarded.fetch }));
    expect(isDevRevConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(/allowInsecureHttp|https/);
    watch.seen(error);
    expect(guarded.requests).toEqual([]);
  });

  it("with allowInsecureHttp: true the caller's choice is honoured (the guarded fetch refuses to connect)", async () => {
    const guarded = createGuardedFetch();
    const client = createDevRevClient({
      token: TOKEN,
      baseUrl: "http://example.com",
      allowInsecureHttp: true,
      fetch: guarded.fetch,
      maxRetries: 0,
      logger: watch.logger,
    });
    const error = await client.revOrgs.list().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isConnectionError(error)).toBe(true);
    watch.seen(error);
    expect(guarded.requests).toEqual([
      { url: "http://example.com/rev-orgs.list", hostname: "example.com", authorization: `Bearer ${TOKEN}` },
    ]);
  });

  it("https to any host, and http to loopback, are allowed", async () => {
    const guarded = createGuardedFetch();
    const https = createDevRevClient({
      token: TOKEN,
      baseUrl: "https://api.devrev.ai",
      fetch: guarded.fetch,
      maxRetries: 0,
    });
    watch.seen(await https.revOrgs.list().catch((caught: unknown) => caught));
    const loopback = createDevRevClient({
      token: TOKEN,
      baseUrl: mock.url.replace("127.0.0.1", "localhost"),
      fetch: guarded.fetch,
    });
    await expect(loopback.revOrgs.list()).resolves.toHaveProperty("rev_orgs");
    expect(guarded.requests.map((request) => request.hostname)).toEqual(["api.devrev.ai", "localhost"]);
  });

  it("a redirect to another origin does not carry the token there", async () => {
    const seen: IncomingHttpHeaders[] = [];
    const target = await listen((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { "content-type": "application/json" }).end('{"rev_orgs":[]}');
    });
    const redirector = await listen((_req, res) => {
      res.writeHead(307, { location: `http://localhost:${port(target)}/rev-orgs.list` }).end();
    });
    try {
      const client = createDevRevClient({
        token: TOKEN,
        baseUrl: `http://127.0.0.1:${port(redirector)}`,
        logger: watch.logger,
      });
      // fetch follows the redirect and, the origin being another, drops Authorization on the way.
      await expect(client.revOrgs.list()).resolves.toEqual({ rev_orgs: [] });
      expect(seen).toHaveLength(1);
      expect(seen[0]?.authorization).toBeUndefined();
      expect(JSON.stringify(seen)).not.toContain(TOKEN);
    } finally {
      await Promise.all([close(target), close(redirector)]);
    }
  });
});

describe("nothing prints the token, whatever the server echoes", () => {
  type Reply = {
    status: number;
    headers?: Record<string, string>;
    body: (auth: string) => string;
    hang?: boolean;
  };
  const echoes: ReadonlyArray<readonly [string, Reply]> = [
    [
      "401 naming the token",
      { status: 401, body: (a) => JSON.stringify({ type: "unauthenticated", message: `bad token ${a}` }) },
    ],
    [
      "400 with the token as field_name",
      { status: 400, body: (a) => JSON.stringify({ type: "invalid_field", message: "x", field_name: a }) },
    ],
    [
      "404 as HTML",
      { status: 404, headers: { "content-type": "text/html" }, body: (a) => `<html>${a}</html>` },
    ],
    [
      "429 with the token in Retry-After",
      {
        status: 429,
        headers: { "retry-after": TOKEN },
        body: (a) => `{"type":"too_many_requests","message":"${a}"}`,
      },
    ],
    [
      "500 with the token as reference_id",
      { status: 500, body: (a) => JSON.stringify({ type: "internal_error", message: "m", reference_id: a }) },
    ],
    [
      "502 from a proxy",
      {
        status: 502,
        headers: { "content-type": "text/html" },
        body: (a) => `<h1>Bad Gateway</h1><pre>${a}</pre>`,
      },
    ],
    ["200 that is not JSON", { status: 200, body: (a) => `not json ${a}` }],
    [
      "200 that fails validation",
      { status: 200, body: (a) => JSON.stringify({ rev_orgs: a, next_cursor: 7 }) },
    ],
    [
      "200 cut short",
      { status: 200, headers: { "content-length": "5000" }, body: (a) => `{"rev_orgs":[{"id":"${a}"` },
    ],
    ["no answer (timeout)", { status: 200, body: () => "", hang: true }],
  ];

  let echo: Server;
  let reply: Reply;
  beforeAll(async () => {
    echo = await listen((req, res) => {
      const auth = req.headers.authorization ?? "";
      if (reply.hang) return;
      const body = reply.body(auth);
      const headers = { "content-type": "application/json", "x-echo": auth, ...reply.headers };
      if (reply.headers?.["content-length"]) {
        res.writeHead(reply.status, headers);
        res.write(body, () => res.destroy());
        return;
      }
      res.writeHead(reply.status, headers).end(body);
    });
  });
  afterAll(() => close(echo));

  it.for(echoes)("%s: a devrev-kit error that never shows it", async ([, echoReply]) => {
    reply = echoReply;
    const client = createDevRevClient({
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${port(echo)}`,
      maxRetries: 0,
      timeoutMs: 300,
      logger: watch.logger,
      logLevel: "debug",
      validateResponses: responseValidator,
    });
    const error = await client.revOrgs.list().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isDevRevKitError(error), String(error)).toBe(true);
    watch.seen(error);
    // The kept copy of the request is redacted too.
    watch.seen((error as { request?: unknown }).request);
    expect(watch.leaks(TOKEN)).toEqual([]);
  });

  it("nor does the client object, inspected or serialized", () => {
    const client = createDevRevClient({ token: TOKEN, baseUrl: mock.url });
    watch.seen(client);
    watch.seen(client.raw);
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(TOKEN);
  });
});

function listen(handler: Parameters<typeof createHttpServer>[1]): Promise<Server> {
  const server = createHttpServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function port(server: Server): number {
  return (server.address() as { port: number }).port;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
