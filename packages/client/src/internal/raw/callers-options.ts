// For a JSON call the client asks openapi-fetch for the body as a stream and reads it itself (raw-client.ts),
// so openapi-fetch's `options.parseAs` is "stream". Middleware is shown the `parseAs` the caller asked for.
import type { Middleware } from "openapi-fetch";

type Options = { readonly fetch: unknown; readonly parseAs: unknown };
type HookParams = { options: Options };
type Hook = (params: HookParams) => unknown;

const HOOKS = ["onRequest", "onResponse", "onError"] as const;

/** The `parseAs` each call's caller asked for, keyed by the call's own `fetch`, which `options` carries. */
const askedParseAs = new WeakMap<object, unknown>();
/** One options object per call, so every middleware and hook of it sees the same one, as without us. */
const shownOptions = new WeakMap<Options, Options>();
const wrappers = new WeakMap<object, Middleware>();

/** Records that the call sending through `fetch` was asked for `parseAs`. */
export function rememberParseAs(fetch: object, parseAs: unknown): void {
  askedParseAs.set(fetch, parseAs);
}

/** `middleware`, its hooks given the caller's options; the same wrapper each time, so `eject` finds it. */
export function showCallersOptions(middleware: Middleware): Middleware {
  // Anything else (nothing, a string in a call's `middleware` list) openapi-fetch skips: left for it to skip.
  if (typeof middleware !== "object" || middleware === null) return middleware;
  let wrapper = wrappers.get(middleware);
  if (wrapper === undefined) {
    const hooks = middleware as unknown as Record<string, unknown>;
    const built: Record<string, Hook> = {};
    for (const name of HOOKS) {
      // Looked up on each call and run only if a function, as openapi-fetch does: a hook added, replaced or
      // switched off (`onResponse: verbose && log`) later counts too.
      built[name] = (params) =>
        typeof hooks[name] === "function"
          ? (hooks[name] as Hook)({ ...params, options: callersOptions(params.options) })
          : undefined;
    }
    wrapper = built as unknown as Middleware;
    wrappers.set(middleware, wrapper);
  }
  return wrapper;
}

/** The wrapper `use` registered for `middleware`, for `eject`. */
export function registeredAs(middleware: Middleware): Middleware {
  return (middleware && wrappers.get(middleware)) || middleware;
}

function callersOptions(options: Options): Options {
  if (!askedParseAs.has(options.fetch as object)) return options;
  let shown = shownOptions.get(options);
  if (shown === undefined) {
    shown = Object.freeze({ ...options, parseAs: askedParseAs.get(options.fetch as object) });
    shownOptions.set(options, shown);
  }
  return shown;
}
