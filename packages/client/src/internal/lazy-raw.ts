import type { paths } from "@devrev-kit/types";
import type { Client, Middleware } from "openapi-fetch";
import { DevRevConfigError } from "../config-error.ts";
import type { RawClient } from "./raw/raw-client.ts";

export const VERBS = [
  "GET",
  "PUT",
  "POST",
  "DELETE",
  "OPTIONS",
  "HEAD",
  "PATCH",
  "TRACE",
  "request",
] as const;

/**
 * `devrev.raw`, with openapi-fetch's client loaded the first time it is called: a bundle that only calls
 * resource methods never carries it, and importing the client does not evaluate it. Its methods are async
 * anyway; `use` and `eject` are recorded and applied when the client arrives.
 */
export function createLazyRaw(load: () => Promise<RawClient>) {
  let loaded: RawClient | undefined;
  let loading: Promise<RawClient> | undefined;
  let middlewareUsed = false;
  const pending: Middleware[] = [];

  function ready(): Promise<RawClient> {
    loading ??= load().then(
      (raw) => {
        // Checked when queued (`use` below), so applying them cannot fail and leave the client unusable.
        if (pending.length > 0) raw.client.use(...pending.splice(0));
        loaded = raw;
        return raw;
      },
      (error: unknown) => {
        // A chunk that failed to load (a browser gone offline) is tried again on the next call.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  }

  const client: Record<string, unknown> = {
    use(...middleware: Middleware[]) {
      // openapi-fetch's own check, made here: before the load it would only fail later, inside a call.
      for (const m of middleware) checkMiddleware(m);
      const added = middleware.filter(Boolean);
      if (added.length === 0) return;
      middlewareUsed = true;
      if (loaded) loaded.client.use(...added);
      else pending.push(...added);
    },
    eject(...middleware: Middleware[]) {
      if (loaded) loaded.client.eject(...middleware);
      else {
        for (const m of middleware) {
          const at = pending.indexOf(m);
          if (at !== -1) pending.splice(at, 1);
        }
      }
    },
  };
  for (const verb of VERBS) {
    client[verb] = (...args: unknown[]) =>
      ready().then(({ client: real }) => (real[verb] as (...a: unknown[]) => unknown)(...args));
  }

  return {
    raw: client as unknown as Client<paths>,
    ready,
    /** Whether a middleware was ever registered: from then on resource methods go through openapi-fetch. */
    middlewareUsed: () => middlewareUsed,
  };
}

/** What openapi-fetch's `use` accepts: nothing (skipped), or an object with at least one hook. */
function checkMiddleware(m: unknown): void {
  if (!m) return;
  if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
    throw new DevRevConfigError(
      "devrev.raw.use takes middleware objects with onRequest, onResponse or onError: got " +
        (typeof m === "object" ? "an object with none of them" : `a ${typeof m}`),
    );
  }
}
