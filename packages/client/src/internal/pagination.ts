import type { DevRevKitError } from "@devrev-kit/errors";
import type { RequestOptions } from "../options.ts";
import { abortError, responseError } from "./failures.ts";

interface Page {
  next_cursor?: string | undefined;
  prev_cursor?: string | undefined;
  rev_orgs: unknown[];
}

/**
 * Page and item iterators over a cursor-paginated list. One page is held at a time, the next is fetched
 * only when the loop asks for it, and a `break` ends the generator without another request. With
 * `mode: "before"` the walk goes backwards: from the cursor (or the end) towards the start, following
 * `prev_cursor`, with each page's items yielded nearest first, so the items keep one direction throughout.
 */
export function createPaginator(
  fetchPage: (query: Record<string, unknown>, options?: RequestOptions) => Promise<Page>,
  operation: string,
  /** Logs a failure the paginator itself finds (the page calls log their own). */
  logFailure: (error: unknown) => void,
) {
  const failed = (error: DevRevKitError) => {
    logFailure(error);
    return error;
  };
  /** A page the loop cannot go on from: the server broke the list's contract at `path`. */
  const mismatch = (detail: string, path: string) =>
    failed(responseError({ status: 200, reason: "schema_mismatch", detail, operation, path }));

  async function* pages(query?: object, options?: RequestOptions): AsyncGenerator<Page, void, undefined> {
    const base = (query ?? {}) as Record<string, unknown>;
    const link = isBackwards(base) ? "prev_cursor" : "next_cursor";
    let cursor = typeof base["cursor"] === "string" ? base["cursor"] : undefined;
    let next = base;
    // A server that hands back an earlier cursor (A, B, A, ...) would be followed forever. Brent's cycle
    // check holds one cursor, not one per page (the heap stays flat however long the list): a checkpoint,
    // moved forward whenever the pages since its last move reach a power of two. A loop is found before the
    // page count has doubled since the loop began, plus one lap.
    let checkpoint = cursor;
    let lap = 1;
    let sinceCheckpoint = 0;
    for (;;) {
      const page = await fetchPage(next, options);
      if (!Array.isArray(page.rev_orgs)) {
        throw mismatch("the page has no rev_orgs array", "/rev_orgs");
      }
      yield page;
      const following = page[link];
      if (following === undefined || following === null || following === "") return;
      // Checked by value below: a cursor that is an object or array (no validator checks the type unless
      // asked) would never equal itself, and the same page would be asked for forever.
      if (typeof following !== "string") {
        throw mismatch(`${link} is not a string; stopping instead of following it`, `/${link}`);
      }
      if (following === cursor) {
        // Following it would ask for the same page forever.
        throw mismatch(
          `${link} is the cursor of the page itself; stopping instead of asking for it forever`,
          `/${link}`,
        );
      }
      if (following === checkpoint) {
        throw mismatch(
          `${link} repeats the cursor of an earlier page; stopping instead of going round forever`,
          `/${link}`,
        );
      }
      if (++sinceCheckpoint === lap) {
        checkpoint = following;
        lap *= 2;
        sinceCheckpoint = 0;
      }
      cursor = following;
      next = { ...base, cursor };
    }
  }

  async function* items(query?: object, options?: RequestOptions): AsyncGenerator<unknown, void, undefined> {
    const signal = options?.signal;
    const backwards = isBackwards(query);
    for await (const page of pages(query, options)) {
      // A page lists its items in the list's order; walking backwards, the nearest comes last.
      for (const item of backwards ? [...page.rev_orgs].reverse() : page.rev_orgs) {
        // The signal also stops a loop that is still working through a page already fetched.
        if (signal?.aborted) throw failed(abortError(signal.reason, operation));
        yield item;
      }
    }
  }

  return { pages, items };
}

/** Whether the list is walked backwards from its cursor: `mode: "before"`, in the query or the body. */
function isBackwards(query: object | undefined): boolean {
  return (query as { mode?: unknown } | undefined)?.mode === "before";
}
