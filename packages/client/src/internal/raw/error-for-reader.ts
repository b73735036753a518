import { type HttpFailure, rebuild } from "../transport.ts";

/** The final HTTP error of a call openapi-fetch reads: its body again, as sent, for openapi-fetch and middleware. */
export function errorForOpenapiFetch({ response, text }: HttpFailure): Response {
  return rebuild(response, text);
}
