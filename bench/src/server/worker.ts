// The benchmark's loopback server, run in a worker thread so that serving requests does not share an event
// loop with the clients being measured. It answers two routes the way DevRev does, and counts what it saw:
// - POST /rev-orgs.create: checks the bearer token and the JSON body, replies 201 with a ~1.5 KB rev_org;
//   requests are counted per `display_name`, which each client sets to its own name;
// - GET /rev-orgs.list?limit=&cursor=: pages over `listTotal` generated orgs, the cursor being an offset.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { createPageWriter, createReply, PAGE_SIZE, TOKEN } from "./bodies.ts";
import type { ServerCounts, ToServer, WorkerData } from "./protocol.ts";

const { listTotal } = workerData as WorkerData;
const reply = Buffer.from(createReply().text);
const writePage = createPageWriter(listTotal);
const authorization = `Bearer ${TOKEN}`;

let counts: ServerCounts = { create: {}, list: 0, rejected: 0 };

function answer(res: ServerResponse, status: number, body: string | Buffer): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": typeof body === "string" ? Buffer.byteLength(body) : body.length,
  });
  res.end(body);
}

function reject(res: ServerResponse, status: number, type: string, message: string): void {
  counts.rejected++;
  answer(res, status, JSON.stringify({ type, message }));
}

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = req.url ?? "/";
  if (req.headers.authorization !== authorization) {
    reject(res, 401, "unauthenticated", "bad token");
  } else if (req.method === "POST" && url === "/rev-orgs.create") {
    const name = displayNameOf(body);
    if (name === undefined) {
      reject(res, 400, "bad_request", "the body must be JSON with a display_name string");
    } else {
      counts.create[name] = (counts.create[name] ?? 0) + 1;
      answer(res, 201, reply);
    }
  } else if (req.method === "GET" && url.startsWith("/rev-orgs.list")) {
    const query = new URLSearchParams(url.slice(url.indexOf("?") + 1));
    const offset = Number(query.get("cursor") ?? "0");
    const limit = Math.min(Number(query.get("limit") ?? "50"), PAGE_SIZE);
    counts.list++;
    answer(res, 200, writePage(offset, limit));
  } else {
    reject(res, 404, "not_found", `${req.method} ${url}`);
  }
}

function displayNameOf(body: string): string | undefined {
  try {
    const name = (JSON.parse(body) as { display_name?: unknown }).display_name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
});

const port = parentPort;
if (!port) throw new Error("bench: src/server/worker.ts runs as a worker thread");
port.on("message", (message: ToServer) => {
  if (message.kind === "counts") {
    port.postMessage({ kind: "counts", counts });
    counts = { create: {}, list: 0, rejected: 0 };
  } else if (message.kind === "close") {
    server.closeAllConnections();
    server.close(() => port.close());
  }
});
server.listen(0, "127.0.0.1", () => {
  const { port: listening } = server.address() as AddressInfo;
  port.postMessage({ kind: "listening", url: `http://127.0.0.1:${listening}` });
});
