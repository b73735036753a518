/** One request a client handed to its fetch. */
export interface RecordedRequest {
  readonly url: string;
  readonly hostname: string;
  readonly authorization: string | null;
}

/**
 * A fetch for clients under test that records every request and never lets one leave the machine: requests to
 * 127.0.0.1, localhost or [::1] go to the real fetch, anything else is refused without opening a connection.
 */
export function createGuardedFetch() {
  const requests: RecordedRequest[] = [];
  const fetch = (request: Request): Promise<Response> => {
    const { hostname } = new URL(request.url);
    requests.push({ url: request.url, hostname, authorization: request.headers.get("authorization") });
    if (hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]") {
      return globalThis.fetch(request);
    }
    return Promise.reject(new TypeError(`guarded fetch: refused to contact ${hostname}`));
  };
  return { fetch, requests };
}
