import { type HttpFailure, rebuild } from "../transport.ts";

/**
 * The final HTTP error of a call openapi-fetch reads, with a body again. Where the error is a `DevRevError`
 * (every status the spec declares, and any other with a JSON object body), openapi-fetch gets the body that
 * error carries, so a `devrev.raw` caller's `error` is what the types say it is, an object with a `type`:
 * the server's body when it was one, that body with the status's fallback `type` when it named none, and the
 * fallback alone for an empty body or a proxy's HTML page. Anything else (an undeclared status without JSON)
 * is handed over as sent, an empty body as an empty text without a length, so `error` is `""`, never
 * `undefined`.
 */
export function errorForOpenapiFetch({ response, text, error }: HttpFailure): Response {
  const body = (error as { body?: unknown }).body;
  if (body === undefined && text !== "") return rebuild(response, text);
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  if (body === undefined) return new Response("", { status: response.status, headers });
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(body), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
