import type { RequestLike } from "@devrev-kit/errors";

/**
 * The request an error describes when none was sent (a middleware's `onRequest` threw first): the client's
 * headers and the call's own, so their credentials are cut out of whatever the error quotes.
 */
export function unsentRequest(
  op: { method: string; path: string },
  config: { baseUrl: string; headers: Record<string, string> },
  callHeaders: unknown,
): RequestLike {
  const headers = new Headers(config.headers);
  try {
    for (const [name, value] of new Headers(callHeaders as ConstructorParameters<typeof Headers>[0]))
      headers.set(name, value);
  } catch {
    // Headers the call was refused for: the client's own still describe it.
  }
  return { method: op.method, url: `${config.baseUrl}${op.path}`, headers };
}
