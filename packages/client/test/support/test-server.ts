import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

/** One request exactly as it arrived on the wire. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, as sent (not decoded). */
  path: string;
  /** Raw query string without the leading `?` ("" when there was none). */
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Milliseconds since the server started, to check delays between attempts. */
  at: number;
}

/** What the server does with one request. */
export type Reply =
  | {
      status?: number;
      headers?: Record<string, string>;
      /** A string is sent as is; anything else is sent as JSON. */
      body?: unknown;
      /** Wait before sending the head. */
      delayMs?: number;
      /** Send the body chunked, without a `Content-Length` (a streamed reply, a proxy). */
      chunked?: boolean;
      /** Send the head and this much of the body, then wait `stallMs` before the rest. */
      stallAfterBytes?: number;
      stallMs?: number;
    }
  /** Never answer (until the server closes). */
  | { kind: "hang" }
  /** Close the socket without a response, after reading the request. */
  | { kind: "reset" }
  /** Announce `Content-Length` for the whole body, send half of it, then close the socket. */
  | { kind: "truncate"; status?: number; body: string };

export type Script = Reply | ((request: RecordedRequest, index: number) => Reply);

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  /** The request at `index` (negative counts from the end); throws if there is none. */
  request(index: number): RecordedRequest;
  /** Queue replies; each request takes the next one, the last one repeats. */
  reply(...replies: Script[]): void;
  close(): Promise<void>;
}

/**
 * The test file's server: started before its tests, closed after them, its recorded requests cleared before
 * each test. Use it from a test or hook, not at the file's top level (it starts in `beforeAll`).
 */
export function useTestServer(): TestServer {
  let current: TestServer | undefined;
  beforeAll(async () => {
    current = await startTestServer();
  });
  afterAll(() => current?.close());
  beforeEach(() => {
    if (current) current.requests.length = 0;
  });
  return new Proxy({} as TestServer, {
    get(_, key) {
      if (!current) throw new Error("the test server starts in beforeAll: use it inside a test or hook");
      const value = Reflect.get(current, key);
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
}

/** A loopback HTTP server that records every request and answers from a script. */
export async function startTestServer(): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let queue: Script[] = [{ status: 200, body: {} }];
  const started = performance.now();

  const server = createServer(async (req, res) => {
    const recorded = await record(req, started);
    const index = requests.push(recorded) - 1;
    const script = queue.length > 1 ? queue.shift() : queue[0];
    const reply = typeof script === "function" ? script(recorded, index) : (script ?? { status: 200 });
    await answer(reply, req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    request(index) {
      const found = requests.at(index);
      if (!found) throw new Error(`no request #${index}: the server saw ${requests.length}`);
      return found;
    },
    reply(...replies) {
      queue = replies;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on which nothing listens: a server is started, its port noted, and closed. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function record(req: IncomingMessage, started: number): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return {
    method: req.method ?? "",
    path: q === -1 ? url : url.slice(0, q),
    query: q === -1 ? "" : url.slice(q + 1),
    headers: req.headers,
    body: Buffer.concat(chunks).toString("utf8"),
    at: performance.now() - started,
  };
}

async function answer(reply: Reply, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if ("kind" in reply) {
    if (reply.kind === "hang") return;
    if (reply.kind === "reset") {
      req.socket.destroy();
      return;
    }
    const bytes = Buffer.from(reply.body);
    res.writeHead(reply.status ?? 200, {
      "content-type": "application/json",
      "content-length": bytes.length,
    });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
    return;
  }
  if (reply.delayMs) await wait(reply.delayMs);
  if (res.destroyed) return;
  const body =
    reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  const bytes = Buffer.from(body);
  res.writeHead(reply.status ?? 200, {
    "content-type": typeof reply.body === "string" ? "text/plain" : "application/json",
    ...(reply.chunked ? { "transfer-encoding": "chunked" } : { "content-length": bytes.length }),
    ...reply.headers,
  });
  if (reply.stallAfterBytes !== undefined) {
    res.write(bytes.subarray(0, reply.stallAfterBytes));
    await wait(reply.stallMs ?? 0);
    if (!res.destroyed) res.end(bytes.subarray(reply.stallAfterBytes));
    return;
  }
  res.end(bytes);
}

function wait(ms: number): Promise<void> {
  // Unref'd: a stalled reply must not keep the test process alive after the server closes.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
