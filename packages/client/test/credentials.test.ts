// Credentials never reach what the client produces, also on devrev.raw's paths and through middleware: a server
// or proxy that echoes them, a runtime error that quotes them, a path that carries one in its query.
import { inspect, types } from "node:util";
import { runInNewContext } from "node:vm";
import { isDevRevKitError, toDevRevError } from "@devrev-kit/errors";
import { describe, expect, test } from "vitest";
import { DevRevConfigError } from "../src/config-error.ts";
import { rejection, TOKEN, testClient } from "./support/client.ts";
import { useTestServer } from "./support/test-server.ts";

const server = useTestServer();

/** Everything an error prints or serializes, its raw body included. */
function printed(error: unknown): string {
  const e = error as Error & { rawBody?: unknown };
  return [String(e), e.stack, JSON.stringify(e), inspect(e, { depth: 10 }), JSON.stringify(e.rawBody)].join(
    "\n",
  );
}

describe("devrev.raw cuts the token out of what a server echoes, as the resource methods do", () => {
  test("an undeclared 502 from a proxy, echoing the Authorization header", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    server.reply({ status: 502, body: `<html>upstream rejected Authorization: Bearer ${TOKEN}</html>` });
    const error = await rejection(client.raw.GET("/rev-orgs.list", {}));
    expect(isDevRevKitError(error)).toBe(true);
    expect(printed(error)).not.toContain(TOKEN);
    expect(printed(error)).toContain("upstream rejected Authorization: [REDACTED]");
  });

  test("a 200 that is not JSON, echoing the token", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    server.reply({ status: 200, body: `debug proxy: got token ${TOKEN}` });
    const error = await rejection(client.raw.GET("/rev-orgs.list", {}));
    expect(isDevRevKitError(error)).toBe(true);
    expect(printed(error)).not.toContain(TOKEN);
  });

  test("a 401 echoing the token: neither `error` nor the error toDevRevError makes of it holds it", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    server.reply({ status: 401, body: { type: "unauthenticated", message: `token ${TOKEN} expired` } });
    const { error, response } = await client.raw.GET("/rev-orgs.list", {});
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(JSON.stringify(error)).toContain("token [REDACTED] expired");
    // As the errors README throws it.
    expect(printed(toDevRevError(response, error, "GET /rev-orgs.list"))).not.toContain(TOKEN);
  });

  test("a 401 echoing the token in a response header: toDevRevError(response, error) cuts it out there too", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    server.reply({
      status: 401,
      headers: { "www-authenticate": `Bearer error="invalid_token", token="${TOKEN}"` },
      body: { type: "unauthenticated", message: "expired" },
    });
    const { error, response } = await client.raw.GET("/rev-orgs.list", {});
    // Without the request as its fourth argument: the response remembers which request it answered.
    const built = toDevRevError(response, error, "GET /rev-orgs.list");
    expect(printed(built)).not.toContain(TOKEN);
    expect(JSON.stringify(built)).toContain('token=\\"[REDACTED]\\"');
    // What the response carries for that prints nothing of the request (its Authorization header).
    expect(inspect(response, { showHidden: true, depth: 10 }).toLowerCase()).not.toContain("authorization");
    for (const symbol of Object.getOwnPropertySymbols(response)) {
      expect(String(Object.getOwnPropertyDescriptor(response, symbol)?.value)).not.toContain(TOKEN);
    }
    // The user's own response keeps its headers as sent.
    expect(response.headers.get("www-authenticate")).toContain(TOKEN);
  });
});

test("a frozen response a middleware put in place still gives its error; the request is passed in instead", async () => {
  const { client } = testClient(server.url, { maxRetries: 0 });
  server.reply({ status: 200, body: {} });
  const headers = { "content-type": "application/json", "x-echo": TOKEN };
  client.raw.use({
    onResponse: () =>
      Object.freeze(
        new Response(JSON.stringify({ type: "not_found", message: "gone" }), { status: 404, headers }),
      ),
  });
  const { error, response } = await client.raw.GET("/rev-orgs.list", {});
  expect(error).toEqual({ type: "not_found", message: "gone" });
  expect(Object.getOwnPropertySymbols(response)).toEqual([]);
  const request = new Request(server.url, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(printed(toDevRevError(response, error, "GET /rev-orgs.list", request))).not.toContain(TOKEN);
});

describe("errors from outside devrev-kit do not quote credentials", () => {
  test("a per-request baseUrl with a user and password is refused before any Request is built", async () => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    const base = server.url.replace("http://", "http://svc:s3cretPassw0rd-XYZ@");
    const error = await rejection(client.raw.GET("/rev-orgs.list", { baseUrl: base }));
    expect(error).toBeInstanceOf(DevRevConfigError);
    expect(printed(error)).not.toContain("s3cretPassw0rd");
    expect(server.requests).toHaveLength(0);
  });

  // A secret read from a file with a newline in it, set by a middleware: the runtime refuses the header value
  // and quotes it in its message.
  const badSecret = "tok-FROM-VAULT-0123456789\nabcdef";

  test.each([
    ["a resource method", "X-Api-Key"],
    ["devrev.raw", "Authorization"],
  ])("%s whose middleware sets an invalid %s", async (via, header) => {
    const { client } = testClient(server.url, { maxRetries: 0 });
    client.raw.use({
      onRequest: ({ request }) => {
        request.headers.set(header, header === "Authorization" ? `Bearer ${badSecret}` : badSecret);
        return request;
      },
    });
    const error = await rejection(
      via === "devrev.raw" ? client.raw.GET("/rev-orgs.list", {}) : client.revOrgs.list(),
    );
    expect(isDevRevKitError(error)).toBe(true);
    expect(printed(error)).not.toContain("tok-FROM-VAULT");
    expect((error as Error).message).toMatch(/"\[REDACTED\]" is an invalid header value/);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });
});

describe("an error a middleware throws quoting the request's credentials", () => {
  const perCallKey = "per-call-key-0123456789";
  const quoting =
    (stage: string) =>
    ({ request }: { request: Request }): never => {
      const seen = `${request.headers.get("authorization")} and ${request.headers.get("x-api-key")}`;
      throw Object.assign(new Error(`${stage} saw ${seen}`), { seen });
    };

  test.each([
    ["devrev.raw", "onRequest"],
    ["devrev.raw", "onResponse"],
    ["a resource method", "onRequest"],
    ["a resource method", "onResponse"],
  ])(
    "%s, thrown in %s: the token and a per-call credential are cut out of it and its cause",
    async (via, stage) => {
      const { client } = testClient(server.url, { maxRetries: 0 });
      server.reply({ status: 200, body: { rev_orgs: [] } });
      client.raw.use(stage === "onRequest" ? { onRequest: quoting(stage) } : { onResponse: quoting(stage) });
      const headers = { "x-api-key": perCallKey };
      const error = await rejection(
        via === "devrev.raw"
          ? client.raw.GET("/rev-orgs.list", { headers })
          : client.revOrgs.list({}, { headers }),
      );
      expect(isDevRevKitError(error)).toBe(true);
      const text = [printed(error), inspect((error as Error).cause, { depth: 10, showHidden: true })].join(
        "\n",
      );
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(perCallKey);
      // Said as it happened: an onResponse middleware throws after the response arrived.
      expect((error as Error).message).toBe(
        `GET /rev-orgs.list failed: ${stage} saw [REDACTED] and [REDACTED]`,
      );
      expect((error as Error).cause).toBeInstanceOf(Error);
    },
  );
});

test("a devrev.raw path with a query of its own is logged without it", async () => {
  const lines: string[] = [];
  const write = (message: string, record: unknown) => void lines.push(message, JSON.stringify(record));
  const logger = { debug: write, info: write, warn: write, error: write };
  const { client } = testClient(server.url, { maxRetries: 0, logger, logLevel: "debug" });
  server.reply({ status: 404, body: { type: "not_found" } });
  const secret = "sk_live_0123456789abcdef";
  const { error } = await client.raw.GET(`/rev-orgs.list?access_token=${secret}` as "/rev-orgs.list", {});
  expect(error).toMatchObject({ type: "not_found" });
  expect(lines.join("\n")).not.toContain(secret);
  expect(lines).toContain("GET /rev-orgs.list 404");
});

const proxyMessage = "connect ECONNREFUSED via proxy http://svc:pr0xyPassw0rd@proxy.local:3128";

function throwing(thrown: () => unknown) {
  const { client } = testClient(server.url, { maxRetries: 0 });
  client.raw.use({
    onRequest: () => {
      throw thrown();
    },
  });
  return rejection(client.raw.GET("/rev-orgs.list", {}));
}

describe("the cause a foreign error leaves keeps what users read off it, without what it quoted", () => {
  test("a Node-style system error keeps its `code` (and the one-line cause summary its [code])", async () => {
    const error = await throwing(() =>
      Object.assign(new Error(proxyMessage), { code: "ECONNREFUSED", syscall: "connect" }),
    );
    const cause = (error as Error).cause as { code?: unknown };
    expect(printed(error)).not.toContain("pr0xyPassw0rd");
    expect(cause.code).toBe("ECONNREFUSED");
    expect(JSON.stringify(error)).toContain("[ECONNREFUSED]");
  });

  test("an error whose cause getter throws is still wrapped, its message redacted", async () => {
    const error = await throwing(() => {
      const thrown = new Error(proxyMessage);
      Object.defineProperty(thrown, "cause", {
        get() {
          throw new Error("no cause for you");
        },
      });
      return thrown;
    });
    expect(isDevRevKitError(error)).toBe(true);
    expect(printed(error)).not.toContain("pr0xyPassw0rd");
  });

  test("an AggregateError keeps its `errors`: the caller's own where they quote nothing", async () => {
    const inner = [new Error("a"), new Error("b")];
    const error = await throwing(() => new AggregateError(inner, proxyMessage));
    const cause = (error as Error).cause as AggregateError;
    expect(cause).toBeInstanceOf(AggregateError);
    expect(types.isNativeError(cause)).toBe(true);
    expect(cause.errors[0]).toBe(inner[0]);
    expect(cause.errors[1]).toBe(inner[1]);
  });

  test("a value refused inside one of an AggregateError's `errors` is cut out there and everywhere", async () => {
    const refused = 'Headers.append: "Bearer tok_live_INNER_0123\n" is an invalid header value.';
    const untouched = new Error("other attempt: timeout");
    const error = await throwing(
      () => new AggregateError([new TypeError(refused), untouched], "every attempt failed"),
    );
    const cause = (error as Error).cause as AggregateError;
    expect(printed(error)).not.toContain("tok_live_INNER");
    expect(inspect(cause, { depth: 10, showHidden: true })).not.toContain("tok_live_INNER");
    expect(cause.errors[0]).toBeInstanceOf(TypeError);
    expect((cause.errors[0] as Error).message).toBe(
      'Headers.append: "[REDACTED]" is an invalid header value.',
    );
    expect(cause.errors[1]).toBe(untouched);
  });

  test("a value refused deeper among an AggregateError's `errors`: nested, past the 16th, or from another realm", async () => {
    const refused = 'Headers.set: "Bearer tok_live_DEEP_0123456789" is an invalid header value.';
    const otherRealm = runInNewContext("(errors) => new AggregateError(errors, 'every attempt failed')");
    for (const thrown of [
      () => new AggregateError([new AggregateError([new TypeError(refused)])], "every attempt failed"),
      () => new AggregateError([...Array(20).fill(new Error("timeout")), new TypeError(refused)]),
      () => otherRealm([new TypeError(refused)]),
    ]) {
      const error = await throwing(thrown);
      expect(printed(error)).not.toContain("tok_live_DEEP");
      expect(inspect((error as Error).cause, { depth: 10, showHidden: true })).not.toContain("tok_live_DEEP");
    }
  });

  test("a value quoted in any field of the error, not only its causes, is cut out there too", async () => {
    const refused = 'Headers.set: "Bearer tok_live_FIELD_0123456" is an invalid header value.';
    const error = await throwing(() =>
      Object.assign(new Error("vault middleware failed"), {
        inner: new TypeError(refused),
        config: { proxy: "http://svc:pw0rdFROMconfig@proxy.local:3128" },
      }),
    );
    const shown = inspect((error as Error).cause, { depth: 10, showHidden: true });
    for (const secret of ["tok_live_FIELD", "pw0rdFROMconfig"]) {
      expect(shown).not.toContain(secret);
      expect(printed(error)).not.toContain(secret);
    }
  });

  test("a DOMException quoting URL credentials is wrapped, its name and message readable on the copy", async () => {
    const error = await throwing(() => new DOMException(proxyMessage, "NetworkError"));
    expect(isDevRevKitError(error)).toBe(true);
    expect(printed(error)).not.toContain("pr0xyPassw0rd");
    const cause = (error as Error).cause as DOMException;
    expect(cause).toBeInstanceOf(DOMException);
    expect([cause.name, cause.message]).toEqual([
      "NetworkError",
      proxyMessage.replace("svc:pr0xyPassw0rd", "[REDACTED]"),
    ]);
  });
});

test("a quoted header value one level down the cause chain is cut out too", async () => {
  const badSecret = "tok-FROM-VAULT-0123456789\nabcdef";
  const { client } = testClient(server.url, { maxRetries: 0 });
  client.raw.use({
    onRequest: ({ request }) => {
      try {
        request.headers.set("Authorization", `Bearer ${badSecret}`);
      } catch (cause) {
        throw new Error("vault middleware: could not apply the token", { cause });
      }
      return request;
    },
  });
  const error = await rejection(client.raw.GET("/rev-orgs.list", {}));
  expect(isDevRevKitError(error)).toBe(true);
  expect(printed(error)).not.toContain("tok-FROM-VAULT");
});

describe("devrev.raw errors describe the request that was sent, as a middleware replaced it", () => {
  const key = "ak_live_from_middleware_0123456789";
  /** A client whose middleware replaces each request with one carrying an API key. */
  function clientAddingKey(maxRetries: number) {
    const { client } = testClient(server.url, { maxRetries });
    client.raw.use({
      onRequest: ({ request }) => {
        const headers = new Headers(request.headers);
        headers.set("X-Api-Key", key);
        return new Request(request, { headers });
      },
    });
    return client;
  }
  test("a middleware that replaces the request and adds a key; a 503 retried, then a 401 echoing the key", async () => {
    const client = clientAddingKey(1);
    server.reply(
      { status: 503, body: { type: "service_unavailable" } },
      { status: 401, body: { type: "unauthenticated", message: `key ${key} revoked` } },
    );
    const { error } = await client.raw.GET("/rev-orgs.list", {});
    expect(JSON.stringify(error)).not.toContain(key);
  });
  test("an HTML 502 echoing it", async () => {
    const client = clientAddingKey(0);
    server.reply({ status: 502, body: `<html>${key}</html>` });
    const error = await rejection(client.raw.GET("/rev-orgs.list", {}));
    expect(printed(error)).not.toContain(key);
  });
});

test("a refused header value holding a double quote is cut out whole", async () => {
  const secret = "ak_live_0123456789abcdef";
  const { client } = testClient(server.url, { maxRetries: 0 });
  client.raw.use({
    onRequest: ({ request }) => {
      request.headers.set("X-Api-Key", `{"key":"${secret}",\n"region":"us-east-1"}`); // pretty-printed JSON read from a file
      return request;
    },
  });
  const error = await rejection(client.raw.GET("/rev-orgs.list", {}));
  expect(printed(error)).not.toContain(secret);
});

describe("a foreign error redaction cannot fully read still becomes a devrev-kit error", () => {
  const quoted = 'Headers.set: "Bearer tok_live_SECRET_0123456789" is an invalid header value.';

  test("a revoked Proxy as the cause, on devrev.raw and on a resource method", async () => {
    const { proxy, revoke } = Proxy.revocable(new Error("inner"), {});
    revoke();
    for (const via of ["raw", "resource"] as const) {
      const { client } = testClient(server.url, { maxRetries: 0 });
      client.raw.use({
        onRequest: () => {
          throw new Error(quoted, { cause: proxy });
        },
      });
      const error = await rejection(
        via === "raw" ? client.raw.GET("/rev-orgs.list", {}) : client.revOrgs.list({}),
      );
      expect(isDevRevKitError(error), String(error)).toBe(true);
      expect(printed(error)).not.toContain("tok_live_SECRET");
    }
  });

  test("a cause whose getPrototypeOf trap throws, and a message that is a Symbol", async () => {
    const trapped = new Proxy(new Error("inner"), {
      getPrototypeOf() {
        throw new Error("trap");
      },
    });
    for (const thrown of [
      () => new Error(quoted, { cause: trapped }),
      () => Object.assign(new Error("x"), { message: Symbol("m") }),
    ]) {
      const error = await throwing(thrown);
      expect(isDevRevKitError(error), String(error)).toBe(true);
    }
  });

  test("a middleware error quoting a 350 KB body is wrapped in linear time", async () => {
    const body = JSON.stringify(
      Array.from({ length: 10_000 }, (_, i) => ({ id: `don:${i}`, name: `org${i}` })),
    );
    const started = performance.now();
    const error = await throwing(() => new Error(`upstream said ${body}`));
    expect(isDevRevKitError(error)).toBe(true);
    // Quadratic matching took 33 s here; linear takes milliseconds. The bound is generous for a busy machine.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
