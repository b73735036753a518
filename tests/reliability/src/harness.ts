import { createDevRevClient, type DevRevClient, type DevRevClientOptions } from "@devrev-kit/client";
import { createMockState, type MockServer, type MockState, startMockServer } from "@devrev-kit/fixtures";
import type { LeakWatch } from "./leak-watch.ts";
import { arrange, type Ids } from "./operations.ts";
import { TOKEN } from "./secret.ts";

/** One retry the client scheduled, from its `warn` log line. */
export interface RetryLine {
  /** The error class of the failed attempt (`DevRevConnectionError`, ...). */
  readonly error: string | undefined;
  readonly status: number | undefined;
  readonly retryInMs: number;
}

/** A fresh mock server and a client pointed at it, logging at debug level into a leak watch. */
export interface Harness {
  /** The server in use (a new one after `restartOnFirstRetry`). */
  readonly server: MockServer;
  readonly state: MockState;
  readonly client: DevRevClient;
  readonly ids: Ids;
  /** The retries the client scheduled, in order. */
  readonly retries: readonly RetryLine[];
  /** Called on every retry line, e.g. to abort during the wait. */
  onRetry: ((line: RetryLine) => void) | undefined;
  /**
   * Stops the server now, so the next connection is refused, and starts it again on the same port, over the
   * same state, as soon as the client schedules a retry.
   */
  restartOnFirstRetry(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  client?: DevRevClientOptions | undefined;
  maxBodyBytes?: number | undefined;
}

export async function startHarness(watch: LeakWatch, options: HarnessOptions = {}): Promise<Harness> {
  const state = createMockState({ token: TOKEN, maxBodyBytes: options.maxBodyBytes });
  let server = await startMockServer({ state });
  let restarting: Promise<MockServer> | undefined;
  const retries: RetryLine[] = [];
  let harness: Harness | undefined;

  const client = createDevRevClient({
    token: TOKEN,
    baseUrl: server.url,
    logLevel: "debug",
    ...options.client,
    logger: {
      ...watch.logger,
      warn(message, record) {
        watch.logger.warn?.(message, record);
        const { error, status, retryInMs } = record as Partial<RetryLine>;
        if (typeof retryInMs !== "number") return;
        const line: RetryLine = { error, status, retryInMs };
        retries.push(line);
        harness?.onRetry?.(line);
      },
    },
  });

  harness = {
    get server() {
      return server;
    },
    state,
    client,
    ids: arrange(state),
    retries,
    onRetry: undefined,
    async restartOnFirstRetry() {
      const port = Number(new URL(server.url).port);
      await server.close();
      this.onRetry = () => {
        this.onRetry = undefined;
        restarting = startMockServer({ state, port });
        restarting.then((started) => {
          server = started;
        });
      };
    },
    async close() {
      if (restarting) await restarting;
      watch.dump(state);
      await server.close();
    },
  };
  return harness;
}

export type Settled = { ok: true; value: unknown; ms: number } | { ok: false; error: unknown; ms: number };

/** Awaits a call and says how it ended and how long it took, in milliseconds. */
export async function settle(call: () => Promise<unknown>): Promise<Settled> {
  const started = performance.now();
  try {
    const value = await call();
    return { ok: true, value, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - started };
  }
}
