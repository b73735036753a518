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

// A `devrev.raw` response's body may be read after the attempt is over (by openapi-fetch as the caller asked):
// its signal is released once that read settles (raw/guard-body.ts), not when the transport returns.
const afterBody = new WeakMap<Response, AbortSignal>();

/** Defers releasing `signal` until `response`'s body has been read (see {@link bodyRead}). */
export function releaseAfterBody(response: Response, signal: AbortSignal): void {
  if (releases.has(signal)) afterBody.set(response, signal);
}

/** `response`'s body was read, or failed to be: its attempt's joined signal is no longer needed. */
export function bodyRead(response: Response): void {
  const signal = afterBody.get(response);
  if (signal) releaseSignal(signal);
}
