import { createDevRevError, type ResponseErrorReason } from "@devrev-kit/errors";
import type { paths } from "@devrev-kit/types";
import createClient from "openapi-fetch";
import type { DevRevClient } from "../client.ts";
import type { DevRevClientOptions, RequestOptions } from "../options.ts";
import { INITIAL_RETRY_DELAY_MS } from "./backoff.ts";
import { type Config, checkRequestOptions, resolveConfig } from "./config.ts";
import { createDirectBuilder } from "./direct-request.ts";
import { responseError, wrapUnknown } from "./failures.ts";
import { type Operation, operations as ops } from "./operations.ts";
import { createPaginator } from "./pagination.ts";
import { serializeQuery } from "./query-serializer.ts";
import { createRequestClass } from "./request-class.ts";
import { sleep } from "./sleep.ts";
import { type CallContext, createTransport, type TransportHooks } from "./transport.ts";

export const defaultHooks: TransportHooks = {
  now: () => performance.now(),
  sleep,
  random: Math.random,
  initialRetryDelayMs: INITIAL_RETRY_DELAY_MS,
};

/** The part of openapi-fetch's client the resource methods use, without its per-path generics. */
interface UntypedClient {
  request(
    method: string,
    path: string,
    init: object,
  ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

export function createClientWith(options: DevRevClientOptions, hooks: TransportHooks): DevRevClient {
  const config = resolveConfig(options);
  const { send, sendDirect } = createTransport(config, hooks);
  const direct = createDirectBuilder(config);
  const raw = createClient<paths>({
    baseUrl: config.baseUrl,
    headers: config.headers,
    querySerializer: serializeQuery,
    fetch: (request: Request) => send(request),
    Request: createRequestClass(globalThis.Request, hooks.now, config.customFetch),
  });
  const untyped = raw as unknown as UntypedClient;
  // Once a middleware is registered it may read a response's body, which the transport has already read
  // for the resource methods: from then on it hands openapi-fetch a copy.
  let middlewareUsed = false;
  const use = raw.use.bind(raw);
  raw.use = (...middleware) => {
    middlewareUsed = true;
    use(...middleware);
  };

  /** Sends one operation and resolves with its parsed, checked body; rejects only with devrev-kit errors. */
  async function invoke(op: Operation, body: unknown, query: unknown, options: RequestOptions | undefined) {
    if (options !== undefined) checkRequestOptions(options);
    const call: CallContext = {
      operation: op,
      timeoutMs: options?.timeoutMs,
      deadlineMs: options?.deadlineMs,
      maxRetries: options?.maxRetries,
      signal: options?.signal,
      rebuild: middlewareUsed,
    };
    try {
      // Without middleware or a custom fetch nothing needs openapi-fetch's `Request`: the request is built
      // here, as openapi-fetch would build it, and sent as URL and init.
      const request =
        middlewareUsed || config.customFetch ? undefined : direct(op, body, query, options?.headers);
      const { response, error } = request
        ? { response: await sendDirect(request, call), error: undefined }
        : await untyped.request(op.method, op.path, {
            body,
            params: query === undefined ? undefined : { query },
            headers: options?.headers,
            // openapi-fetch leaves the body alone: the transport has read it, under the attempt's timer.
            parseAs: "stream",
            fetch: (request: Request) => send(request, call),
          });
      if (!response.ok) {
        // The transport built the error from the body it read; a middleware may have swapped the response.
        if (call.error && call.errorResponse === response) throw call.error;
        throw createDevRevError({
          status: response.status,
          headers: response.headers,
          body: error,
          operation: op.key,
          request: call.request,
        });
      }
      return await readJson(response, op, call, config);
    } catch (error) {
      throw wrapUnknown(error, op.key);
    }
  }

  const post = (op: Operation) => (body: unknown, options?: RequestOptions) =>
    invoke(op, body, undefined, options);
  const listGet = (query: unknown, options?: RequestOptions) =>
    invoke(ops.revOrgsList, undefined, query ?? {}, options) as Promise<ListPage>;
  const listPost = (body: unknown, options?: RequestOptions) =>
    invoke(ops.revOrgsListPost, body ?? {}, undefined, options) as Promise<ListPage>;
  const getPages = createPaginator(listGet, ops.revOrgsList.key);
  const postPages = createPaginator(listPost, ops.revOrgsListPost.key);

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
    raw,
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
  let text: string;
  if (call.success?.response === response) {
    text = call.success.text;
  } else {
    // A middleware answered or swapped the response: read what it gave.
    try {
      text = await response.text();
    } catch (cause) {
      throw wrapUnknown(cause, op.key);
    }
  }
  const fail = (
    reason: ResponseErrorReason,
    detail: string,
    extra: { path?: string; cause?: unknown } = {},
  ) =>
    responseError({ status, reason, detail, rawBody: text, headers, operation: op.key, request, ...extra });
  if (text === "") throw fail("invalid_json", "the body is empty where JSON was expected");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw fail("invalid_json", `content-type ${headers.get("content-type") ?? "missing"}`, { cause });
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw fail("schema_mismatch", "the body is not a JSON object", { path: "" });
  }
  if (config.validate) {
    const issues = config.validate(op.key, status, data);
    const first = issues?.[0];
    if (first) {
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
      throw fail("schema_mismatch", `${first.path || "/"}: ${first.message}${more}`, { path: first.path });
    }
  }
  return data;
}
