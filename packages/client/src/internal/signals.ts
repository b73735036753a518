// Without AbortSignal.any, a joined signal is a listener on the caller's: removed here once the attempt is
// over, so that a long-lived caller signal does not collect one listener (and controller) per attempt.
const releases = new WeakMap<AbortSignal, () => void>();

/** A signal that aborts when the caller's does or when `controller` is aborted. */
export function joinSignals(caller: AbortSignal | undefined, controller: AbortController): AbortSignal {
  if (!caller) return controller.signal;
  if (typeof AbortSignal.any === "function") return AbortSignal.any([caller, controller.signal]);
  // Runtimes without AbortSignal.any (Safari before 17.4): forward the caller's abort by hand.
  if (caller.aborted) {
    controller.abort(caller.reason);
    return controller.signal;
  }
  const forward = () => controller.abort(caller.reason);
  caller.addEventListener("abort", forward, { once: true });
  releases.set(controller.signal, () => caller.removeEventListener("abort", forward));
  return controller.signal;
}

/** Detaches a signal made by {@link joinSignals} from the caller's, when nothing reads under it any more. */
export function releaseSignal(signal: AbortSignal): void {
  releases.get(signal)?.();
}
