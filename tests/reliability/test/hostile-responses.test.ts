// Whatever a server (or something pretending to be one) sends back, a call ends with a valid result or a
// devrev-kit error: never a raw TypeError or SyntaxError, never a hang, never the token in what it prints.
// The errors package already checks its own parsing and guards under fast-check; this drives the client.

import { createServer, type Server, type Socket } from "node:net";
import { createDevRevClient, type DevRevClient } from "@devrev-kit/client";
import { responseValidator } from "@devrev-kit/client/validation";
import { isDevRevKitError } from "@devrev-kit/errors";
import { validateResponseBody } from "@devrev-kit/types/validators";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeakWatch } from "../src/leak-watch.ts";
import { type Ids, OPERATIONS, type OperationCase } from "../src/operations.ts";
import { TOKEN } from "../src/secret.ts";

const watch = createLeakWatch();
const IDS: Ids = { account: "ACC-abc123", revOrg: "REV-abc123", revUser: "REVU-abc123" };
const BASE_URL = "http://127.0.0.1:9";

/** Text that sometimes carries the token, as a server echoing the request back would. */
const echoing = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.boolean(), fc.nat()).map(([value, echo, at]) => {
    if (!echo) return value;
    const cut = at % (value.length + 1);
    return `${value.slice(0, cut)}Bearer ${TOKEN}${value.slice(cut)}`;
  });

const jsonish = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc
    .record({
      type: fc.string(),
      message: echoing(fc.string()),
      retry_after: fc.oneof(fc.integer(), fc.string()),
    })
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{"rev_org":',
    "{}",
    "[]",
    "null",
    '{"rev_orgs":[]}',
    '{"__proto__":{"x":1}}',
    "\uFEFF{}",
    `{"a":${"[".repeat(5000)}`,
  ),
);
const bodyArbitrary = fc.oneof(
  jsonish,
  echoing(fc.string({ unit: "binary", maxLength: 300 })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
);
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const headerValue = echoing(fc.stringMatching(/^[\x20-\x7e]{0,40}$/));
const headersArbitrary = fc.dictionary(
  fc.oneof(headerName, fc.constantFrom("retry-after", "content-type", "x-request-id", "content-encoding")),
  fc.oneof(
    headerValue,
    fc.constantFrom("application/json", "text/html", "gzip", "-1", "1e309", "Tue, 01 Jan 2999 00:00:00 GMT"),
  ),
  { maxKeys: 5 },
);

/** A call's outcome is acceptable: a value the spec allows, or a devrev-kit error that does not leak. */
function expectSafe(op: OperationCase, validated: boolean, outcome: { ok: boolean; value: unknown }): void {
  if (outcome.ok) {
    expect(typeof outcome.value).toBe("object");
    expect(outcome.value).not.toBeNull();
    if (validated)
      expect(validateResponseBody(op.key, op.successStatus, outcome.value)).toEqual({ valid: true });
    return;
  }
  const error = outcome.value;
  expect(isDevRevKitError(error), `${String(error)} ${(error as Error)?.stack}`).toBe(true);
  expect((error as Error).name).not.toMatch(/^(TypeError|SyntaxError|RangeError|AbortError)$/);
  watch.seen(error);
}

async function outcomeOf(call: () => Promise<unknown>): Promise<{ ok: boolean; value: unknown }> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, value: error };
  }
}

describe("arbitrary responses from a custom fetch", () => {
  const responseArbitrary = fc.record({
    status: fc.oneof(
      fc.integer({ min: 200, max: 599 }),
      fc.constantFrom(200, 201, 204, 400, 404, 429, 500, 502, 503),
    ),
    headers: headersArbitrary,
    body: bodyArbitrary,
    /** Where the body stream fails, if it does, and with what. */
    breakAt: fc.option(fc.nat({ max: 300 }), { freq: 4 }),
    breakWith: fc.anything(),
  });

  it("a response of any status, headers and body: a valid result or a devrev-kit error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPERATIONS),
        fc.boolean(),
        responseArbitrary,
        async (op, validated, spec) => {
          const fetch = async () => {
            const bytes = new TextEncoder().encode(spec.body);
            const nullBody = [204, 205, 304].includes(spec.status);
            let body: Uint8Array | ReadableStream<Uint8Array> | null = nullBody ? null : bytes;
            if (!nullBody && spec.breakAt !== null) {
              const at = Math.min(spec.breakAt, bytes.length);
              body = new ReadableStream<Uint8Array>({
                start(controller) {
                  controller.enqueue(bytes.subarray(0, at));
                  controller.error(spec.breakWith);
                },
              });
            }
            const headers = new Headers();
            for (const [name, value] of Object.entries(spec.headers)) headers.set(name, value);
            return new Response(body, { status: spec.status, headers });
          };
          const client = createDevRevClient({
            token: TOKEN,
            baseUrl: BASE_URL,
            fetch,
            maxRetries: 0,
            logger: watch.logger,
            logLevel: "debug",
            ...(validated ? { validateResponses: responseValidator } : {}),
          });
          expectSafe(op, validated, await outcomeOf(() => op.call(client, IDS, "Hostile")));
        },
      ),
      { numRuns: 600 },
    );
  });

  it("a fetch that throws or rejects with anything at all: a devrev-kit error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPERATIONS),
        fc.anything(),
        fc.boolean(),
        async (op, thrown, sync) => {
          const fetch = sync
            ? () => {
                throw thrown;
              }
            : () => Promise.reject(thrown);
          const client = createDevRevClient({
            token: TOKEN,
            baseUrl: BASE_URL,
            fetch,
            maxRetries: 0,
            logger: watch.logger,
          });
          const outcome = await outcomeOf(() => op.call(client, IDS, "Hostile"));
          expect(outcome.ok).toBe(false);
          expectSafe(op, false, outcome);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a fetch that resolves with something that is not a Response: a devrev-kit error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPERATIONS), fc.anything(), async (op, value) => {
        const fetch = () => Promise.resolve(value as Response);
        const client = createDevRevClient({
          token: TOKEN,
          baseUrl: BASE_URL,
          fetch,
          maxRetries: 0,
          logger: watch.logger,
        });
        const outcome = await outcomeOf(() => op.call(client, IDS, "Hostile"));
        expect(outcome.ok).toBe(false);
        expectSafe(op, false, outcome);
      }),
      { numRuns: 200 },
    );
  });
});

describe("arbitrary bytes over a real loopback socket", () => {
  let server: Server;
  let reply: Buffer = Buffer.alloc(0);
  const sockets = new Set<Socket>();
  let client: DevRevClient;

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
      // Answer once the request head has arrived, with exactly the bytes under test, then hang up.
      socket.once("data", () => socket.end(reply));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    client = createDevRevClient({
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 0,
      timeoutMs: 5_000,
      logger: watch.logger,
      logLevel: "debug",
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const httpish = fc
    .record({
      version: fc.constantFrom("HTTP/1.1", "HTTP/1.0", "HTTP/2", "HTTP/1.1 ", "ICY", ""),
      status: fc.oneof(
        fc.integer({ min: 100, max: 999 }),
        fc.constantFrom(200, 201, 429, 500, 503),
        fc.string({ maxLength: 4 }),
      ),
      reason: fc.string({ unit: "binary-ascii", maxLength: 12 }),
      headers: headersArbitrary,
      framing: fc.constantFrom("exact", "short", "long", "chunked", "bad-chunked", "none"),
      body: bodyArbitrary,
    })
    .map(({ version, status, reason, headers, framing, body }) => {
      const bytes = Buffer.from(body, "utf8");
      const lines = [`${version} ${status} ${reason}`.replace(/[\r\n]/g, "")];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      let payload: Buffer = bytes;
      if (framing === "exact") lines.push(`content-length: ${bytes.length}`);
      if (framing === "short") lines.push(`content-length: ${Math.max(0, bytes.length - 3)}`);
      if (framing === "long") lines.push(`content-length: ${bytes.length + 50}`);
      if (framing === "chunked" || framing === "bad-chunked") {
        lines.push("transfer-encoding: chunked");
        const size = framing === "chunked" ? bytes.length.toString(16) : "zz";
        payload = Buffer.concat([Buffer.from(`${size}\r\n`), bytes, Buffer.from("\r\n0\r\n\r\n")]);
      }
      return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), payload]);
    });

  it("any response bytes, well-formed HTTP or not: a valid result or a devrev-kit error, never a hang", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPERATIONS),
        fc.oneof(
          { weight: 4, arbitrary: httpish },
          { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)) },
        ),
        async (op, bytes) => {
          reply = bytes;
          const started = performance.now();
          const outcome = await outcomeOf(() => op.call(client, IDS, "Hostile"));
          expectSafe(op, false, outcome);
          expect(performance.now() - started).toBeLessThan(5_000 + 2_000);
        },
      ),
      { numRuns: 150 },
    );
  });
});

afterAll(() => {
  expect(watch.size).toBeGreaterThan(0);
  expect(watch.leaks(TOKEN)).toEqual([]);
});
