import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { FromServer, ServerCounts, ToServer, WorkerData } from "./protocol.ts";

export interface BenchServer {
  readonly url: string;
  /** What the server counted since the previous call; resets the counts. */
  takeCounts(): Promise<ServerCounts>;
  close(): Promise<void>;
}

/** Starts the loopback server in a worker thread and resolves once it listens. */
export async function startBenchServer(data: WorkerData): Promise<BenchServer> {
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { workerData: data });
  const send = (message: ToServer) => worker.postMessage(message);
  const next = async <K extends FromServer["kind"]>(kind: K) => {
    for (;;) {
      const [message] = (await once(worker, "message")) as [FromServer];
      if (message.kind === kind) return message as Extract<FromServer, { kind: K }>;
    }
  };
  const { url } = await next("listening");
  return {
    url,
    async takeCounts() {
      send({ kind: "counts" });
      return (await next("counts")).counts;
    },
    async close() {
      send({ kind: "close" });
      await once(worker, "exit");
    },
  };
}
