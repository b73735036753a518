import { isDevRevKitError } from "@devrev-kit/errors";
import { expect, test, vi } from "vitest";
import { createDevRevClient } from "../src/index.ts";

// The chunk behind devrev.raw cannot be loaded (a browser that went offline, say).
vi.mock("../src/internal/raw/raw-client.ts", () => {
  throw new Error("chunk failed to load");
});

test("a raw client that cannot be loaded rejects with a devrev-kit error naming devrev.raw, every time", async () => {
  const devrev = createDevRevClient({ token: "load-failure-token-123", baseUrl: "http://127.0.0.1:9" });
  for (let call = 0; call < 2; call++) {
    const error = await devrev.raw.GET("/rev-orgs.list", {}).catch((reason: unknown) => reason);
    expect(isDevRevKitError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^devrev\.raw failed: /);
    // The loader's own error is kept as the cause (vitest wraps the factory's error in one of its own).
    expect(JSON.stringify(error)).toContain("chunk failed to load");
  }
  // Resource methods without middleware never needed it: they fail only for their own reasons.
  devrev.raw.use({ onRequest: () => undefined });
  const viaMiddleware = await devrev.revOrgs.update({ id: "REV-1" }).catch((reason: unknown) => reason);
  expect(isDevRevKitError(viaMiddleware)).toBe(true);
  expect(JSON.stringify(viaMiddleware)).toContain("chunk failed to load");
});
