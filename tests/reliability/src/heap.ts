import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// The soak measures retained heap, which needs a full collection first; vitest's workers do not run with
// --expose-gc, so the flag is set at run time and `gc` taken from a fresh context.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Heap in use after full collections, in bytes. */
export async function settledHeapBytes(): Promise<number> {
  for (let round = 0; round < 3; round++) {
    gc();
    // Let finalizers and pending socket teardown run between collections.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  gc();
  return process.memoryUsage().heapUsed;
}
