import type { DevRevClient } from "../../src/client.ts";
import { createClientWith, defaultHooks } from "../../src/internal/create-client.ts";
import type { TransportHooks } from "../../src/internal/transport.ts";
import type { DevRevClientOptions } from "../../src/options.ts";

export const TOKEN = "test-token-0123456789abcdef";

/** Hooks that record every wait the client asks for and sit each out for 1 ms only. */
export function recordingHooks(overrides: Partial<TransportHooks> = {}) {
  const sleeps: number[] = [];
  const hooks: TransportHooks = {
    ...defaultHooks,
    random: () => 0,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return defaultHooks.sleep(1, signal);
    },
    ...overrides,
  };
  return { hooks, sleeps };
}

/** A client for the test server with real transport code and recorded (1 ms) waits. */
export function testClient(
  baseUrl: string,
  options: DevRevClientOptions = {},
  overrides: Partial<TransportHooks> = {},
) {
  const { hooks, sleeps } = recordingHooks(overrides);
  const client: DevRevClient = createClientWith({ token: TOKEN, baseUrl, ...options }, hooks);
  return { client, sleeps };
}

/** Resolves with what `promise` rejected with; fails the test if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}
