import type { Middleware } from "openapi-fetch";
import { describe, expect, test } from "vitest";
import { createLazyRaw } from "../src/internal/lazy-raw.ts";
import type { RawClient } from "../src/internal/raw/raw-client.ts";

/** A stand-in for openapi-fetch's client that records what reaches it. */
function fakeRaw() {
  const calls: unknown[][] = [];
  const middleware: Middleware[] = [];
  const client = {
    use: (...added: Middleware[]) => middleware.push(...added),
    eject: (...removed: Middleware[]) => {
      for (const m of removed) middleware.splice(middleware.indexOf(m), 1);
    },
    GET: (...args: unknown[]) => Promise.resolve(calls.push(["GET", ...args])),
    POST: (...args: unknown[]) => Promise.resolve(calls.push(["POST", ...args])),
    request: (...args: unknown[]) => Promise.resolve(calls.push(["request", ...args])),
  };
  return {
    raw: { client, send: () => Promise.reject(new Error("unused")) } as unknown as RawClient,
    calls,
    middleware,
  };
}

const first: Middleware = { onRequest: () => undefined };
const second: Middleware = { onResponse: () => undefined };

describe("devrev.raw loads openapi-fetch's client on first use", () => {
  test("nothing is loaded until a call, and every call after the first reuses the client", async () => {
    const fake = fakeRaw();
    let loads = 0;
    const lazy = createLazyRaw(async () => {
      loads++;
      return fake.raw;
    });
    lazy.raw.use(first);
    expect(loads).toBe(0);
    await lazy.raw.GET("/rev-orgs.list" as never, {} as never);
    await lazy.raw.POST("/rev-orgs.update" as never, { body: { id: "REV-1" } } as never);
    await lazy.raw.request("post" as never, "/rev-orgs.create" as never, {} as never);
    expect(loads).toBe(1);
    expect(fake.calls).toEqual([
      ["GET", "/rev-orgs.list", {}],
      ["POST", "/rev-orgs.update", { body: { id: "REV-1" } }],
      ["request", "post", "/rev-orgs.create", {}],
    ]);
  });

  test("middleware registered and ejected before the load is applied as it stands, in order", async () => {
    const fake = fakeRaw();
    const lazy = createLazyRaw(async () => fake.raw);
    const third: Middleware = { onError: () => undefined };
    lazy.raw.use(first, third);
    lazy.raw.use(second);
    lazy.raw.eject(third);
    expect(lazy.middlewareUsed()).toBe(true);
    await lazy.ready();
    expect(fake.middleware).toEqual([first, second]);
    lazy.raw.eject(first);
    lazy.raw.use(third);
    expect(fake.middleware).toEqual([second, third]);
  });

  test("without middleware the resource methods are told not to go through openapi-fetch", () => {
    const lazy = createLazyRaw(async () => fakeRaw().raw);
    expect(lazy.middlewareUsed()).toBe(false);
  });

  test("a load that fails rejects that call, and the next call tries again", async () => {
    const fake = fakeRaw();
    let loads = 0;
    const lazy = createLazyRaw(async () => {
      loads++;
      if (loads === 1) throw new Error("chunk failed to load");
      return fake.raw;
    });
    lazy.raw.use(first);
    await expect(lazy.raw.GET("/rev-orgs.list" as never, {} as never)).rejects.toThrow(
      "chunk failed to load",
    );
    await lazy.raw.GET("/rev-orgs.list" as never, {} as never);
    expect(loads).toBe(2);
    expect(fake.middleware).toEqual([first]);
    expect(fake.calls).toHaveLength(1);
  });
});
