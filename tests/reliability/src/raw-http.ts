import type { MockState } from "@devrev-kit/fixtures";
import { type OperationKey, validateResponseBody } from "@devrev-kit/types/validators";
import { TOKEN } from "./secret.ts";

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or `undefined` when it is not JSON. */
  json: unknown;
}

export interface RawRequest {
  /** Query string without `?`, for GET. */
  query?: string | undefined;
  /** The body exactly as sent: text or bytes. */
  body?: string | Uint8Array | undefined;
  headers?: Record<string, string> | undefined;
}

/** Sends one request with fetch, byte for byte as given, with the test token. */
export async function rawRequest(
  baseUrl: string,
  operation: OperationKey,
  request: RawRequest = {},
): Promise<RawResponse> {
  const [method, path] = operation.split(" ") as [string, string];
  const url = `${baseUrl}${path}${request.query ? `?${request.query}` : ""}`;
  const headers = {
    authorization: `Bearer ${TOKEN}`,
    "content-type": "application/json",
    ...request.headers,
  };
  const init: RequestInit = { method, headers };
  if (request.body !== undefined) init.body = request.body;
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Why `response` is not what the spec declares for `operation`, or `undefined` when it is. */
export function specProblem(operation: OperationKey, response: RawResponse): string | undefined {
  const result = validateResponseBody(operation, response.status, response.json);
  if (result.valid) return undefined;
  return `${operation} ${response.status} ${response.text.slice(0, 300)}: ${JSON.stringify(result.issues)}`;
}

/** The server's data, as one string: equal snapshots mean nothing changed. */
export function snapshot(state: MockState): string {
  return JSON.stringify([state.revOrgs(), state.revUsers(), state.accounts()]);
}

/** Every stored object, checked against the spec's schema as the operation that returns it would send it. */
export function inconsistencies(state: MockState): string[] {
  const problems: string[] = [];
  const check = (operation: OperationKey, status: number, body: unknown) => {
    const result = validateResponseBody(operation, status, body);
    if (!result.valid)
      problems.push(`${JSON.stringify(body).slice(0, 200)}: ${JSON.stringify(result.issues)}`);
  };
  for (const rev_org of state.revOrgs()) check("POST /rev-orgs.create", 201, { rev_org });
  for (const rev_user of state.revUsers()) check("POST /rev-users.update", 200, { rev_user });
  for (const account of state.accounts()) check("POST /accounts.update", 200, { account });
  return problems;
}

/** Pages through GET /rev-orgs.list and returns every ID it lists. */
export async function listedOrgIds(baseUrl: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const query = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const response = await rawRequest(baseUrl, "GET /rev-orgs.list", { query });
    const problem = specProblem("GET /rev-orgs.list", response);
    if (problem !== undefined || response.status !== 200) throw new Error(`list failed: ${problem}`);
    const body = response.json as { rev_orgs: Array<{ id: string }>; next_cursor?: string };
    ids.push(...body.rev_orgs.map((org) => org.id));
    cursor = body.next_cursor;
    if (cursor === undefined) return ids;
  }
  throw new Error("list never ended");
}
