// Run by the benchmark as
//   node --expose-gc src/children/paginate.js <url> <token> <total> <every> <client|fetch>
// It iterates every org of the paged list, checks each is the next one, and samples heapUsed after a full
// GC every <every> orgs (all of it, and the part holding JavaScript objects). `fetch` walks the same pages with a plain fetch loop, as the reference.
//
// Plain JavaScript on purpose: a .ts entry point loads Node's type stripper, which holds ~4 MB until a
// moment of its own choosing and would show up as a 4 MB step in the samples.
import { getHeapSpaceStatistics } from "node:v8";

const [url, token, totalArg, everyArg, mode] = process.argv.slice(2);
const gc = globalThis.gc;
if (!url || !token || !totalArg || !everyArg || (mode !== "client" && mode !== "fetch") || !gc) {
  throw new Error(
    "usage: node --expose-gc src/children/paginate.js <url> <token> <total> <every> <client|fetch>",
  );
}
const total = Number(totalArg);
const every = Number(everyArg);
const pageSize = 100;

/** The id of org `index`, as src/server/bodies.ts (listedOrgId) writes it. */
const expectedId = (index) => `don:identity:dvrv-us-1:devo/0:revo/B${index.toString(36).padStart(8, "0")}`;

async function* withFetch() {
  let cursor;
  do {
    const query = `limit=${pageSize}${cursor === undefined ? "" : `&cursor=${cursor}`}`;
    const response = await fetch(`${url}/rev-orgs.list?${query}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
    });
    const page = await response.json();
    yield* page.rev_orgs;
    cursor = page.next_cursor;
  } while (cursor !== undefined);
}

// V8 keeps JavaScript objects in these spaces; the others hold compiled code, which grows as the JIT
// optimizes the loop (the fetch reference shows the same) and shrinks when V8 flushes unused code.
const OBJECT_SPACES = new Set(["new_space", "old_space", "large_object_space", "new_large_object_space"]);

const sample = (items) => {
  // Node's fetch keeps the last 250 resource-timing entries in a global buffer, whoever calls it: cleared so
  // that the samples show what the loop itself retains.
  performance.clearResourceTimings();
  gc();
  gc();
  let objects = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (OBJECT_SPACES.has(space.space_name)) objects += space.space_used_size;
  }
  return { items, heapUsed: process.memoryUsage().heapUsed, objects };
};

// The reference run does not load the client at all.
const orgs =
  mode === "client"
    ? (await import("@devrev-kit/client"))
        .createDevRevClient({ baseUrl: url, token })
        .revOrgs.listAll({ limit: pageSize })
    : withFetch();
const samples = [sample(0)];
const started = performance.now();
let count = 0;
for await (const org of orgs) {
  if (org.id !== expectedId(count))
    throw new Error(`org ${count} is ${org.id}, expected ${expectedId(count)}`);
  count++;
  if (count % every === 0) samples.push(sample(count));
}
if (count !== total) throw new Error(`iterated ${count} orgs, expected ${total}`);
process.stdout.write(JSON.stringify({ count, ms: performance.now() - started, samples }));
