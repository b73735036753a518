// Loaded on first use of `devrev.raw`, or of a middleware: the only module that needs openapi-fetch's client.
// Browser bundles that call resource methods alone never load it (docs/performance.md).
import type { paths } from "@devrev-kit/types";
import createClient, { type Client } from "openapi-fetch";
import { DevRevConfigError } from "../../config-error.ts";
import type { Config } from "../config.ts";
import { VERBS } from "../lazy-raw.ts";
import type { Operation } from "../operations.ts";
import { serializeQuery } from "../query-serializer.ts";
import type { CallContext, Transport, TransportHooks } from "../transport.ts";
import { typedErrorBody } from "./error-for-reader.ts";
import { readData } from "./guard-body.ts";
import { operationFor } from "./operation-for.ts";
import { createRequestClass } from "./request-class.ts";
import { createRequestSender } from "./send-request.ts";

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
  const client = createClient<paths>({
    baseUrl: config.baseUrl,
    headers: config.headers,
    querySerializer: serializeQuery,
    fetch: (request: Request) => send(request),
    Request: createRequestClass(globalThis.Request, hooks.now, config.customFetch),
  });
  const untyped = client as unknown as UntypedClient;
  return {
    client: checkedVerbs(client, config.validate),
    send: (op, body, query, headers, call) =>
      untyped.request(op.method, op.path, {
        body,
        params: query === undefined ? undefined : { query },
        headers,
        // openapi-fetch leaves the body alone: the transport has read it, under the attempt's timer.
        parseAs: "stream",
        fetch: (request: Request) => send(request, call),
      }),
  };
}

type Verb = (...args: unknown[]) => ReturnType<UntypedClient["request"]>;

/**
 * `client` with its verbs refusing a per-request `fetch` (openapi-fetch would call it directly, with no
 * retries, no timeouts and no plain-http check), reading JSON `data` as the resource methods read theirs, and
 * giving every HTTP error an `error` its type describes.
 */
function checkedVerbs(client: Client<paths>, validate: Config["validate"]): Client<paths> {
  const checked = Object.create(client) as Record<string, unknown>;
  for (const verb of VERBS) {
    const send = (client as unknown as Record<string, Verb>)[verb] as Verb;
    checked[verb] = async (...args: unknown[]) => {
      const initAt = verb === "request" ? 2 : 1;
      const init = args[initAt] as { fetch?: unknown; parseAs?: unknown } | undefined;
      if (typeof init === "object" && init !== null && init.fetch !== undefined) {
        throw new DevRevConfigError(
          "devrev.raw does not take a per-request fetch: pass createDevRevClient({ fetch }) instead",
        );
      }
      const method = String(verb === "request" ? args[0] : verb).toUpperCase();
      const path = String(verb === "request" ? args[1] : args[0]);
      // JSON (the default) is read by readData; openapi-fetch hands over the untouched response.
      const json = init?.parseAs === undefined || init.parseAs === "json";
      const forwarded = [...args];
      if (json) forwarded[initAt] = { ...init, parseAs: "stream" };
      const result = await send(...forwarded);
      const { response } = result;
      if (!response.ok) return { ...result, error: typedErrorBody(response, result.error) };
      if (!json || result.data === undefined) return result;
      return { ...result, data: await readData(response, operationFor(method, path), validate) };
    };
  }
  return checked as unknown as Client<paths>;
}
