/** A signal that aborts when the caller's does or when `controller` is aborted. */
export function joinSignals(caller: AbortSignal | undefined, controller: AbortController): AbortSignal {
  if (!caller) return controller.signal;
  if (typeof AbortSignal.any === "function") return AbortSignal.any([caller, controller.signal]);
  // Runtimes without AbortSignal.any: forward the caller's abort by hand.
  if (caller.aborted) controller.abort(caller.reason);
  else caller.addEventListener("abort", () => controller.abort(caller.reason), { once: true });
  return controller.signal;
}
