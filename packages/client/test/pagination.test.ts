import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { isAbortError, isResponseError } from "@devrev-kit/errors";
import { describe, expect, test } from "vitest";
import { rejection, testClient } from "./support/client.ts";
import { type RecordedRequest, useTestServer } from "./support/test-server.ts";

const PAGE_SIZE = 5;

const server = useTestServer();

/** The cursor a request asked for, from the query (GET) or the body (POST). */
function cursorOf(request: RecordedRequest): string | undefined {
  if (request.method === "GET") return new URLSearchParams(request.query).get("cursor") ?? undefined;
  return (JSON.parse(request.body) as { cursor?: string }).cursor;
}

/** Serves `pageCount` pages of orgs; the cursor of page n is `p<n>`. */
function servePages(pageCount: number) {
  server.reply((request) => {
    const cursor = cursorOf(request);
    const page = cursor === undefined ? 0 : Number(cursor.slice(1));
    const rev_orgs = Array.from({ length: PAGE_SIZE }, (_, i) => ({
      id: `REV-${page * PAGE_SIZE + i}`,
      display_name: `Org ${page * PAGE_SIZE + i}`,
    }));
    const next_cursor = page + 1 < pageCount ? `p${page + 1}` : undefined;
    return { status: 200, body: { rev_orgs, next_cursor, prev_cursor: cursor } };
  });
}

describe.each([
  { method: "GET", all: "listAll", pages: "pages" },
  { method: "POST", all: "listAllPost", pages: "pagesPost" },
] as const)("$method pagination", ({ method, all, pages }) => {
  test("yields every org of every page, in order, keeping the filters on every page", async () => {
    servePages(40);
    const { client } = testClient(server.url);
    const ids: string[] = [];
    for await (const org of client.revOrgs[all]({ account: ["ACC-1"], limit: PAGE_SIZE })) ids.push(org.id);
    expect(ids).toHaveLength(40 * PAGE_SIZE);
    expect(ids[0]).toBe("REV-0");
    expect(ids.at(-1)).toBe(`REV-${40 * PAGE_SIZE - 1}`);
    expect(server.requests).toHaveLength(40);
    expect(server.requests.every((r) => r.method === method)).toBe(true);
    expect(server.requests.map(cursorOf)).toEqual([
      undefined,
      ...Array.from({ length: 39 }, (_, i) => `p${i + 1}`),
    ]);
    const last = server.request(-1);
    if (method === "GET") expect(last.query).toBe("account=ACC-1&limit=5&cursor=p39");
    else expect(JSON.parse(last.body)).toEqual({ account: ["ACC-1"], limit: 5, cursor: "p39" });
  });

  test("the page iterator yields whole pages", async () => {
    servePages(3);
    const { client } = testClient(server.url);
    const sizes: number[] = [];
    const cursors: Array<string | undefined> = [];
    for await (const page of client.revOrgs[pages]()) {
      sizes.push(page.rev_orgs.length);
      cursors.push(page.next_cursor);
    }
    expect(sizes).toEqual([5, 5, 5]);
    expect(cursors).toEqual(["p1", "p2", undefined]);
  });

  test("break stops fetching: no page is requested past the one being read", async () => {
    servePages(100);
    const { client } = testClient(server.url);
    let seen = 0;
    for await (const _org of client.revOrgs[all]()) {
      if (++seen === 7) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(2);
  });

  test("a starting cursor is honoured", async () => {
    servePages(10);
    const { client } = testClient(server.url);
    const ids: string[] = [];
    for await (const org of client.revOrgs[all]({ cursor: "p8" })) ids.push(org.id);
    expect(ids).toHaveLength(2 * PAGE_SIZE);
    expect(ids[0]).toBe("REV-40");
  });

  test("aborting the signal stops the loop, even within a page already fetched", async () => {
    servePages(100);
    const { client } = testClient(server.url);
    const controller = new AbortController();
    let seen = 0;
    const error = await rejection(
      (async () => {
        for await (const _org of client.revOrgs[all]({}, { signal: controller.signal })) {
          if (++seen === 12) controller.abort();
        }
      })(),
    );
    expect(isAbortError(error)).toBe(true);
    expect(seen).toBe(12);
    expect(server.requests).toHaveLength(3);
  });
});

describe("pagination safety", () => {
  test("a server that hands back the same cursor is not followed forever", async () => {
    server.reply({ status: 200, body: { rev_orgs: [{ id: "REV-1" }], next_cursor: "again" } });
    const { client } = testClient(server.url);
    const error = await rejection(
      (async () => {
        for await (const _org of client.revOrgs.listAll()) {
          // consume
        }
      })(),
    );
    expect(isResponseError(error) && error.path).toBe("/next_cursor");
    expect(server.requests).toHaveLength(2);
  });

  test('walking backwards (mode "before"), prev_cursor is followed and checked the same way', async () => {
    // The next_cursor is there to be ignored: walking backwards, it leads to the page just read.
    server.reply({
      status: 200,
      body: { rev_orgs: [{ id: "REV-1" }], prev_cursor: "again", next_cursor: "n" },
    });
    const { client } = testClient(server.url);
    const error = await rejection(
      (async () => {
        for await (const _org of client.revOrgs.listAllPost({ mode: "before" })) {
          // consume
        }
      })(),
    );
    expect(isResponseError(error) && error.path).toBe("/prev_cursor");
    expect(server.requests.map((request) => cursorOf(request))).toEqual([undefined, "again"]);
  });

  test.each([
    [2, 0],
    [3, 1],
    [5, 4],
    [17, 9],
  ])("a cursor loop of %i pages after %i others is reported, soon", async (loop, before) => {
    // Cursors c0..c{before-1}, then a loop l0..l{loop-1} whose last page points back at l0.
    const chain = [
      ...Array.from({ length: before }, (_, i) => `c${i}`),
      ...Array.from({ length: loop }, (_, i) => `l${i}`),
    ];
    server.reply((request) => {
      const cursor = new URLSearchParams(request.query).get("cursor");
      const at = cursor === null ? -1 : chain.indexOf(cursor);
      const next_cursor = at + 1 < chain.length ? chain[at + 1] : "l0";
      return { status: 200, body: { rev_orgs: [{ id: `REV-${cursor}` }], next_cursor } };
    });
    const { client } = testClient(server.url);
    const error = await rejection(
      (async () => {
        for await (const _page of client.revOrgs.pages()) {
          // consume
        }
      })(),
    );
    expect(isResponseError(error) && error.path).toBe("/next_cursor");
    expect((error as Error).message).toMatch(/repeats the cursor of an earlier page/);
    // Brent's bound: before the page count doubles from where the loop began, plus one lap.
    expect(server.requests.length).toBeLessThanOrEqual(1 + 2 * Math.max(before, loop) + loop);
  });

  test("a page without rev_orgs is an error, not a crash", async () => {
    server.reply({ status: 200, body: { next_cursor: "p1" } });
    const { client } = testClient(server.url);
    const error = await rejection(client.revOrgs.pages().next());
    expect(isResponseError(error) && error.path).toBe("/rev_orgs");
  });

  test("a failed page after retries surfaces the error from the loop", async () => {
    server.reply(
      { status: 200, body: { rev_orgs: [{ id: "REV-1" }], next_cursor: "p1" } },
      { status: 404, body: { type: "not_found", message: "cursor expired" } },
    );
    const { client } = testClient(server.url);
    const ids: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const org of client.revOrgs.listAll()) ids.push(org.id);
      })(),
    );
    expect(ids).toEqual(["REV-1"]);
    expect((error as Error).message).toContain("cursor expired");
  });

  test("constant memory: pages already read are released while the loop goes on", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    servePages(60);
    const { client } = testClient(server.url);
    const refs: Array<WeakRef<object>> = [];
    let index = 0;
    for await (const org of client.revOrgs.listAll()) {
      if (index++ % PAGE_SIZE === 0) refs.push(new WeakRef(org));
      if (index === 55 * PAGE_SIZE) {
        // Let the current job end (WeakRef targets live until then), then collect.
        await new Promise((resolve) => setTimeout(resolve, 0));
        gc();
        const alive = refs.slice(0, 50).filter((ref) => ref.deref() !== undefined).length;
        expect(alive).toBeLessThanOrEqual(1);
      }
    }
    expect(index).toBe(60 * PAGE_SIZE);
  });
});
