import { type HttpFailure, rebuild } from "../transport.ts";

/**
 * The final HTTP error of a call openapi-fetch reads, with its body again. An empty body would reach a
 * `devrev.raw` caller as `error: undefined`, which reads as success: it gets the body the error was built with
 * instead (the status's fallback `type`), or, when there is none, an empty text without a length, which
 * openapi-fetch hands over as `error: ""`.
 */
export function errorForOpenapiFetch({ response, text, error }: HttpFailure): Response {
  if (text.trim() !== "") return rebuild(response, text);
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  const body = (error as { body?: unknown }).body;
  if (body === undefined) return new Response("", { status: response.status, headers });
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(body), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
