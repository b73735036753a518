// Records every request the suite sends through the client (as its `fetch` option) with the response it got,
// and judges both against the spec: the request body or query against the operation's request schema, the
// response body against the schema for its status. Prism's `sl-violations` header, when present, is kept.

import {
  type OperationKey,
  operationKeys,
  validateQuery,
  validateRequestBody,
  validateResponseBody,
} from "@devrev-kit/types/validators";
import type { CheckCounter } from "./checks.ts";
import { decodeQuery } from "./query.ts";
import { jsonMedia, type SpecOperation, specOperations, specValidator } from "./spec.ts";

export interface Exchange {
  /** `METHOD /path`, or undefined when the request matched no operation of the spec. */
  operation: OperationKey | undefined;
  method: string;
  /** Path relative to the base URL, and the raw query (no `?`). */
  path: string;
  search: string;
  contentType: string | null;
  /** Whether an `Authorization: Bearer <something>` header was sent (never the token itself). */
  bearer: boolean;
  requestText: string | undefined;
  /** Set once the response head arrived. */
  status?: number | undefined;
  responseText?: string | undefined;
  /** Prism's verdict on the request or its own response (`sl-violations` header), when it gave one. */
  violations?: string | undefined;
  /** Set when the transport failed. */
  failure?: string | undefined;
  /** The test sent this request to be rejected: it must break the spec, and be answered with 400. */
  expectInvalid: boolean;
  /** Which test sent it. */
  label: string;
}

export interface Recorder {
  readonly exchanges: readonly Exchange[];
  /** Give this to `createDevRevClient({ fetch })`. */
  fetch(request: Request): Promise<Response>;
  /** Runs `fn`, marking the requests it sends as deliberately invalid (each must fail the spec's check). */
  expectInvalid<T>(fn: () => Promise<T>): Promise<T>;
  /** Labels the requests sent from now on (the test's name). */
  setLabel(label: string): void;
  /** The last exchange of `operation`. */
  last(operation: OperationKey): Exchange;
}

const operationsByKey = new Map<string, SpecOperation>(specOperations().map((op) => [op.key, op]));

export function createRecorder(baseUrl: string): Recorder {
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
  const exchanges: Exchange[] = [];
  let invalidDepth = 0;
  let label = "";
  return {
    exchanges,
    async fetch(request) {
      const url = new URL(request.url);
      const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
      const key = `${request.method} ${path}`;
      const authorization = request.headers.get("authorization") ?? "";
      const exchange: Exchange = {
        operation: (operationKeys as readonly string[]).includes(key) ? (key as OperationKey) : undefined,
        method: request.method,
        path,
        search: url.search.replace(/^\?/, ""),
        contentType: request.headers.get("content-type"),
        bearer: /^Bearer \S+$/.test(authorization),
        requestText: request.body === null ? undefined : await request.clone().text(),
        expectInvalid: invalidDepth > 0,
        label,
      };
      exchanges.push(exchange);
      try {
        const response = await fetch(request);
        exchange.status = response.status;
        exchange.violations = response.headers.get("sl-violations") ?? undefined;
        exchange.responseText = await response.clone().text();
        return response;
      } catch (error) {
        exchange.failure = String(error);
        throw error;
      }
    },
    async expectInvalid(fn) {
      invalidDepth++;
      try {
        return await fn();
      } finally {
        invalidDepth--;
      }
    },
    setLabel(next) {
      label = next;
    },
    last(operation) {
      const found = exchanges.findLast((exchange) => exchange.operation === operation);
      if (!found) throw new Error(`no ${operation} request was recorded`);
      return found;
    },
  };
}

function parseJson(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined || text === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * What is wrong with the request of `exchange` by the spec, by both validators (the generated one and the
 * independent ajv one); empty when nothing is.
 */
export function requestProblems(exchange: Exchange, checks?: CheckCounter): string[] {
  const problems: string[] = [];
  const op = exchange.operation === undefined ? undefined : operationsByKey.get(exchange.operation);
  if (exchange.operation === undefined || op === undefined) {
    return [`${exchange.method} ${exchange.path} is not an operation of the spec`];
  }
  if (!exchange.bearer) problems.push("no `Authorization: Bearer <token>` header");
  if (op.requestBody === undefined) {
    if (exchange.requestText !== undefined && exchange.requestText !== "") problems.push("a body was sent");
  } else {
    const media = jsonMedia(op.requestBody["content"]);
    if (!exchange.contentType?.startsWith("application/json")) {
      problems.push(`content-type is ${JSON.stringify(exchange.contentType)}, not application/json`);
    }
    const parsed = parseJson(exchange.requestText);
    if (!parsed.ok) problems.push("the body is not JSON");
    else {
      const generated = validateRequestBody(exchange.operation, parsed.value);
      checks?.count("request body (generated validator)");
      if (!generated.valid)
        problems.push(...generated.issues.map((i) => `body ${i.path || "/"}: ${i.message}`));
      const independent = specValidator().check(media?.["schema"], parsed.value);
      checks?.count("request body (spec ajv)");
      if (generated.valid !== (independent.length === 0)) {
        problems.push(`the validators disagree on the body: ${independent.join("; ") || "ajv accepts it"}`);
      }
    }
  }
  const queryParams = op.parameters.filter((param) => param["in"] === "query");
  if (queryParams.length > 0) {
    const decoded = decodeQuery(exchange.search, queryParams);
    problems.push(...decoded.problems);
    const result = validateQuery(exchange.operation as "GET /rev-orgs.list", decoded.query);
    checks?.count("query (generated validator)");
    if (!result.valid) problems.push(...result.issues.map((i) => `query ${i.path || "/"}: ${i.message}`));
    for (const param of queryParams) {
      const value = decoded.query[String(param["name"])];
      if (value === undefined) continue;
      checks?.count("query parameter (spec ajv)");
      for (const problem of specValidator().check(param["schema"], value)) {
        problems.push(`query ${String(param["name"])}: ${problem}`);
      }
    }
  } else if (exchange.search !== "") {
    problems.push(`a query string was sent to an operation without query parameters: ?${exchange.search}`);
  }
  return problems;
}

/** What is wrong with the response of `exchange` for its status, by both validators. */
export function responseProblems(exchange: Exchange, checks?: CheckCounter): string[] {
  if (exchange.status === undefined) return [`no response (${exchange.failure ?? "unknown failure"})`];
  const parsed = parseJson(exchange.responseText);
  if (!parsed.ok) return [`the ${exchange.status} response body is not JSON`];
  return bodyProblems(exchange.operation, exchange.status, parsed.value, checks);
}

/** What is wrong with `body` as the `status` response of `operation`, by both validators. */
export function bodyProblems(
  operation: OperationKey | undefined,
  status: number,
  body: unknown,
  checks?: CheckCounter,
): string[] {
  const op = operation === undefined ? undefined : operationsByKey.get(operation);
  if (operation === undefined || op === undefined) return ["not an operation of the spec"];
  const problems: string[] = [];
  const generated = validateResponseBody(operation, status, body);
  checks?.count("response body (generated validator)");
  if (!generated.valid)
    problems.push(...generated.issues.map((i) => `${status} ${i.path || "/"}: ${i.message}`));
  const declared = op.responses.find((response) => response.status === String(status));
  const schema = jsonMedia(declared?.response["content"])?.["schema"];
  if (schema !== undefined) {
    const independent = specValidator().check(schema, body);
    checks?.count("response body (spec ajv)");
    if (generated.valid !== (independent.length === 0)) {
      problems.push(`the validators disagree: ${independent.join("; ") || "ajv accepts it"}`);
    }
  }
  return problems;
}
