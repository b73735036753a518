import type { DevRevClient } from "../client.ts";
import type { DevRevClientOptions, RequestOptions } from "../options.ts";
import { INITIAL_RETRY_DELAY_MS } from "./backoff.ts";
import { type Config, checkRequestOptions, resolveConfig } from "./config.ts";
import { createDirectBuilder } from "./direct-request.ts";
import { httpError, parseSuccessBody, wrapUnknown } from "./failures.ts";
import { createLazyRaw } from "./lazy-raw.ts";
import { type Operation, operations as ops } from "./operations.ts";
import { createPaginator } from "./pagination.ts";
import type { RawClient } from "./raw/raw-client.ts";
import { sleep } from "./sleep.ts";
import { type CallContext, createTransport, newTrace, type TransportHooks } from "./transport.ts";

export const defaultHooks: TransportHooks = {
  now: () => performance.now(),
  sleep,
  random: Math.random,
  initialRetryDelayMs: INITIAL_RETRY_DELAY_MS,
};

export function createClientWith(options: DevRevClientOptions, hooks: TransportHooks): DevRevClient {
  const config = resolveConfig(options);
  const transport = createTransport(config, hooks);
  const direct = createDirectBuilder(config);
  const lazyRaw = createLazyRaw(() =>
    import("./raw/raw-client.ts").then(
      ({ createRawClient }) => createRawClient(config, transport, hooks),
      (error: unknown) => {
        throw wrapUnknown(error, "devrev.raw");
      },
    ),
  );

  /** Sends one operation and resolves with its parsed, checked body; rejects only with devrev-kit errors. */
  async function invoke(op: Operation, body: unknown, query: unknown, options: RequestOptions | undefined) {
    // Once a middleware is registered it may read a response's body, which the transport has already read
    // for the resource methods: from then on calls go through openapi-fetch, and it gets a copy.
    const viaMiddleware = lazyRaw.middlewareUsed();
    const call: CallContext = {
      operation: op,
      timeoutMs: options?.timeoutMs,
      deadlineMs: options?.deadlineMs,
      maxRetries: options?.maxRetries,
      signal: options?.signal,
      rebuild: viaMiddleware,
      trace: newTrace(),
    };
    // Set once the call goes through openapi-fetch, whose middleware may throw anything.
    let raw: RawClient | undefined;
    try {
      if (options !== undefined) checkRequestOptions(options);
      // Without middleware nothing needs openapi-fetch: the request is built here, as openapi-fetch would
      // build it, and sent as URL and init (a FormData body, which is not a string, still takes openapi-fetch).
      const request = viaMiddleware ? undefined : direct(op, body, query, options?.headers);
      let sent: { response: Response; error?: unknown };
      if (request) sent = { response: await transport.sendDirect(request, call) };
      else {
        raw = await lazyRaw.ready();
        sent = await raw.send(op, body, query, options?.headers, call);
      }
      const { response, error } = sent;
      if (!response.ok) {
        // The transport built the error from the body it read; a middleware may have swapped the response.
        if (call.error && call.errorResponse === response) throw call.error;
        // A status below 400 that is not a success (an unfollowed 3xx): the transport read its body as one.
        const read = call.success?.response === response ? call.success.text : undefined;
        throw httpError({
          status: response.status,
          headers: response.headers,
          body: read ?? error,
          operation: op.key,
          request: call.request,
        });
      }
      return await readJson(response, op, call, config);
    } catch (error) {
      // Only a middleware (which comes with `raw`) can throw before the request is sent.
      const request = call.request ?? raw?.unsentRequest(op, options?.headers);
      const failure = wrapUnknown(error, op.key, raw?.quotedSecrets, request);
      transport.logFailure(op, call.trace, failure);
      throw failure;
    }
  }

  const post = (op: Operation) => (body: unknown, options?: RequestOptions) =>
    invoke(op, body, undefined, options);
  const listGet = (query: unknown, options?: RequestOptions) =>
    invoke(ops.revOrgsList, undefined, query ?? {}, options) as Promise<ListPage>;
  const listPost = (body: unknown, options?: RequestOptions) =>
    invoke(ops.revOrgsListPost, body ?? {}, undefined, options) as Promise<ListPage>;
  const paginator = (fetchPage: typeof listGet, op: Operation) =>
    createPaginator(fetchPage, op.key, (error) => transport.logFailure(op, newTrace(), error));
  const getPages = paginator(listGet, ops.revOrgsList);
  const postPages = paginator(listPost, ops.revOrgsListPost);

  const client = {
    revOrgs: {
      create: post(ops.revOrgsCreate),
      update: post(ops.revOrgsUpdate),
      list: listGet,
      listPost,
      listAll: getPages.items,
      listAllPost: postPages.items,
      pages: getPages.pages,
      pagesPost: postPages.pages,
    },
    revUsers: {
      update: post(ops.revUsersUpdate),
      link: post(ops.revUsersLink),
      associations: { add: post(ops.revUsersAssociationsAdd) },
    },
    accounts: { update: post(ops.accountsUpdate) },
    raw: lazyRaw.raw,
  };
  return client as unknown as DevRevClient;
}

interface ListPage {
  next_cursor?: string | undefined;
  rev_orgs: unknown[];
}

/** Parses and checks a successful response's body, which the transport has read under the attempt's timer. */
async function readJson(
  response: Response,
  op: Operation,
  call: CallContext,
  config: Config,
): Promise<unknown> {
  const { status, headers } = response;
  const request = call.request;
  // The body the transport read; else a middleware answered or swapped the response, and its body is read
  // here (a failure to read it is wrapped by the caller).
  const text = call.success?.response === response ? call.success.text : await response.text();
  return parseSuccessBody(text, { status, headers, operation: op.key, request }, config.validate);
}
