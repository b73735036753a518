/** Delay before the first retry when the server names none. */
export const INITIAL_RETRY_DELAY_MS = 500;
/** Longest delay backoff alone will choose. */
export const MAX_RETRY_DELAY_MS = 8_000;

/**
 * Exponential backoff with jitter: 0.5 s, 1 s, 2 s, ... capped at 8 s, each shortened by up to a quarter at
 * random so that clients which failed together do not all come back at the same instant.
 *
 * @param retry 1 for the first retry, 2 for the second, ...
 * @param random a number in [0, 1)
 */
export function backoffDelay(retry: number, random: number, initialMs = INITIAL_RETRY_DELAY_MS): number {
  const base = Math.min(initialMs * 2 ** (retry - 1), Math.max(MAX_RETRY_DELAY_MS, initialMs));
  return Math.round(base * (1 - 0.25 * random));
}
