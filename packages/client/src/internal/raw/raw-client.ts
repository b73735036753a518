// Loaded on first use of `devrev.raw`, or of a middleware: the only module that needs openapi-fetch's client.
// Browser bundles that call resource methods alone never load it (docs/performance.md).

import { isDevRevError, type RequestLike, toDevRevError } from "@devrev-kit/errors";
import type { paths } from "@devrev-kit/types";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { DevRevConfigError } from "../../config-error.ts";
import { type Config, checkBaseUrl } from "../config.ts";
import { parseSuccessBody, wrapUnknown } from "../failures.ts";
import { VERBS } from "../lazy-raw.ts";
import type { Operation } from "../operations.ts";
import { serializeQuery } from "../query-serializer.ts";
import {
  type CallContext,
  createTransport,
  newTrace,
  type Transport,
  type TransportHooks,
} from "../transport.ts";
import { registeredAs, rememberParseAs, showCallersOptions } from "./callers-options.ts";
import { quotedSecrets } from "./foreign-error.ts";
import { guardBody } from "./guard-body.ts";
import { isSpecOperation, operationFor } from "./operation-for.ts";
import { createRequestClass } from "./request-class.ts";
import { createRequestSender, type RawCall } from "./send-request.ts";
import { unsentRequest } from "./unsent-request.ts";

/** The part of openapi-fetch's client the resource methods use, without its per-path generics. */
interface UntypedClient {
  request(
    method: string,
    path: string,
    init: object,
  ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

export interface RawClient {
  /** What `devrev.raw` forwards to. */
  readonly client: Client<paths>;
  /** Finds what an error from middleware or openapi-fetch quotes, to be cut out (for `wrapUnknown`). */
  readonly quotedSecrets: typeof quotedSecrets;
  /** The request a failure describes when a middleware threw before one was sent (for `wrapUnknown`). */
  unsentRequest(op: Operation, headers: unknown): RequestLike;
  /** Sends a resource method's call through openapi-fetch, so that registered middleware applies to it. */
  send(
    op: Operation,
    body: unknown,
    query: unknown,
    headers: Record<string, string> | Headers | undefined,
    call: CallContext,
  ): Promise<{ error?: unknown; response: Response }>;
}

export function createRawClient(config: Config, transport: Transport, hooks: TransportHooks): RawClient {
  const send = createRequestSender(config, transport, hooks.now);
  // What a per-request fetch's requests are built with: as for a client's custom fetch, each carries a signal
  // of its own joined to the caller's, which a custom fetch may be given alone.
  const WithSignal = createRequestClass(globalThis.Request, hooks.now, true);
  const client = createClient<paths>({
    baseUrl: config.baseUrl,
    headers: config.headers,
    querySerializer: serializeQuery,
    fetch: (request: Request) => send(request),
    Request: createRequestClass(globalThis.Request, hooks.now, config.customFetch),
  });
  const untyped = client as unknown as UntypedClient;
  return {
    client: checkedVerbs(client, config, { send, transport }, (fetch) => {
      // A per-request fetch, as openapi-fetch takes one, goes through the same retries, timeouts and checks
      // as the client's own: through a transport of its own, with that fetch as a custom one.
      const own: Config = { ...config, fetch, customFetch: true };
      const ownTransport = createTransport(own, hooks);
      return {
        send: createRequestSender(own, ownTransport, hooks.now),
        transport: ownTransport,
        Request: WithSignal,
      };
    }),
    quotedSecrets,
    unsentRequest: (op, headers) => unsentRequest(op, config, headers),
    send: async (op, body, query, headers, call) => {
      const fetch = (request: Request) => send(request, call);
      rememberParseAs(fetch, "json");
      try {
        return await untyped.request(op.method, op.path, {
          body,
          params: query === undefined ? undefined : { query },
          headers,
          // openapi-fetch leaves the body alone: the transport has read it, under the attempt's timer.
          parseAs: "stream",
          fetch,
        });
      } catch (error) {
        // A middleware read the HTTP error's body, so openapi-fetch could not read it again: the transport
        // built the error from that body already, and the caller throws it (as for a consumed success body).
        if (call.error && call.errorResponse?.bodyUsed) return { response: call.errorResponse };
        throw error;
      }
    },
  };
}

type Verb = (...args: unknown[]) => ReturnType<UntypedClient["request"]>;

/** How a call's requests are built and sent: with the client's fetch, or a per-request one. */
interface Sender {
  readonly send: ReturnType<typeof createRequestSender>;
  readonly transport: Transport;
  /** The `Request` class openapi-fetch builds a per-request fetch's requests with. */
  readonly Request?: typeof Request;
}

/**
 * `client` with its verbs sending through the transport, a per-request `fetch` too (openapi-fetch would call
 * it directly, with no retries, no timeouts and no plain-http check), telling the transport which operation
 * each call is and whether its `data` is JSON (see RawCall), and giving every HTTP error an `error` its type
 * describes.
 */
function checkedVerbs(
  client: Client<paths>,
  config: Config,
  shared: Sender,
  withFetch: (fetch: Config["fetch"]) => Sender,
): Client<paths> {
  const checked = Object.create(client) as Record<string, unknown>;
  Object.assign(checked, {
    use: (...middleware: Middleware[]) => client.use(...middleware.map(showCallersOptions)),
    eject: (...middleware: Middleware[]) => client.eject(...middleware.map(registeredAs)),
  });
  for (const verb of VERBS) {
    const invoke = (client as unknown as Record<string, Verb>)[verb] as Verb;
    checked[verb] = async (...args: unknown[]) => {
      const initAt = verb === "request" ? 2 : 1;
      const init = args[initAt] as
        | { fetch?: unknown; parseAs?: unknown; baseUrl?: unknown; headers?: unknown; middleware?: unknown }
        | undefined;
      let { send: sendRequest, transport, Request: RequestClass } = shared;
      if (typeof init === "object" && init !== null && init.fetch !== undefined) {
        if (typeof init.fetch !== "function") throw new DevRevConfigError("fetch must be a function");
        ({ send: sendRequest, transport, Request: RequestClass } = withFetch(init.fetch as Config["fetch"]));
      }
      // Checked as the client's own: a URL with credentials would otherwise fail deep in Request, quoted whole.
      if (typeof init?.baseUrl === "string") checkBaseUrl(init.baseUrl, config.allowInsecureHttp);
      const method = String(verb === "request" ? args[0] : verb).toUpperCase();
      const op = operationFor(method, String(verb === "request" ? args[1] : args[0]));
      const json = (init?.parseAs === undefined || init.parseAs === "json") && method !== "HEAD";
      const raw: RawCall = { operation: op, json, trace: newTrace() };
      const forwarded = [...args];
      // JSON is read below, from whatever response middleware left, so that every one is checked alike.
      const fetch = (request: Request) => {
        raw.request = request;
        return sendRequest(request, undefined, raw);
      };
      const own: Record<string, unknown> = { ...init, fetch };
      if (RequestClass) own["Request"] = RequestClass;
      if (json) {
        rememberParseAs(fetch, init?.parseAs ?? "json");
        own["parseAs"] = "stream";
        if (Array.isArray(init?.middleware)) own["middleware"] = init.middleware.map(showCallersOptions);
      }
      forwarded[initAt] = own;
      try {
        const result = await invoke(...forwarded);
        const { response } = result;
        if (!response.ok) return { ...result, error: typedError(response, result.error, op, raw.request) };
        if (!json) return result.data === undefined ? { ...result, data: emptyOf(init?.parseAs) } : result;
        const signal = (init as { signal?: AbortSignal } | undefined)?.signal;
        const validate = isSpecOperation(op) ? config.validate : undefined;
        return { ...result, data: await readJson(response, op, validate, signal, raw.request) };
      } catch (error) {
        // A middleware's or the runtime's own error becomes ours; a failure after the last response arrived
        // (its body unusable) has had no `error` line yet.
        const request = raw.request ?? unsentRequest(op, config, init?.headers);
        const failure = wrapUnknown(error, op.key, quotedSecrets, request);
        transport.logFailure(op, raw.trace, failure);
        throw failure;
      }
    };
  }
  return checked as unknown as Client<paths>;
}

/**
 * A JSON call's `data`, read as a resource method's result is: a body that does not parse, is empty, is not an
 * object or (validating) not of the spec's shape rejects with `DevRevResponseError`, and a failed read with
 * `DevRevAbortError` or `DevRevResponseError`, whether the response came from the server (its body already
 * read within the attempt), from a request a middleware replaced, or from a middleware itself.
 */
async function readJson(
  response: Response,
  op: Operation,
  validate: Config["validate"],
  signal: AbortSignal | undefined,
  request: Request | undefined,
): Promise<object> {
  // Guarded again, for a response a middleware put in place: its read fails with devrev-kit errors too.
  const text = await guardBody(response, op, request, signal).text();
  const context = { status: response.status, headers: response.headers, operation: op.key, request };
  return parseSuccessBody(text, context, validate);
}

/** What an empty body is for each other way of reading one, where openapi-fetch hands over `undefined`. */
function emptyOf(parseAs: unknown): unknown {
  if (parseAs === "text") return "";
  if (parseAs === "blob") return new Blob([]);
  if (parseAs === "arrayBuffer") return new ArrayBuffer(0);
  // No body at all, as `Response.body` says it; `HEAD` (read as JSON by default) has none to read.
  return parseAs === "stream" ? null : undefined;
}

/**
 * A raw call's `error` as its type says it is: the body of the `DevRevError` the response makes, the server's
 * own when it had a `type`, with the status's fallback `type` added when it had none, the fallback alone
 * (`{ type: "service_unavailable" }`) for an empty body, a proxy's HTML page or JSON that is not an object.
 * A status the spec does not declare, without JSON (a gateway's HTML 502), has no such body: the call rejects
 * with the `DevRevResponseError` a resource method throws, where `""` would send `if (error)` down the
 * success path. Middleware has seen the response as sent either way.
 */
function typedError(
  response: Response,
  error: unknown,
  op: Operation,
  request: Request | undefined,
): unknown {
  // With the request, the credentials it carried are cut out of the body the server echoed them in.
  const built = toDevRevError(response, error, op.key, request);
  if (request !== undefined) rememberRequest(response, request);
  if (!isDevRevError(built)) throw built;
  return built.body;
}

// The key @devrev-kit/errors' toDevRevError reads a response's request under (see its answered-request.ts).
const ANSWERED_REQUEST = Symbol.for("@devrev-kit.answeredRequest");

/**
 * Leaves `request` on `response` for a later `toDevRevError(response, error)`: behind a function, so printing
 * the response shows nothing of it, and not at all on a response that takes no new properties.
 */
function rememberRequest(response: Response, request: Request): void {
  try {
    Object.defineProperty(response, ANSWERED_REQUEST, { value: () => request, configurable: true });
  } catch {
    // A frozen response (from a middleware): the user passes the request themselves.
  }
}
