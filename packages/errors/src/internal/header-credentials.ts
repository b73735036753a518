// A credential header's value may hold several credentials, and a server may echo any one of them rather
// than the whole value: one cookie of a Cookie header, one of two values `Headers` joined with `, `, the
// token after a scheme this package does not know (`SSWS`, `ApiKey`), or the password inside Basic.

/** `user:password` and the password, from the base64 of a Basic Authorization value. */
function basicCredentials(encoded: string): string[] {
  try {
    const text = new TextDecoder().decode(Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0)));
    return [text, text.slice(text.indexOf(":") + 1)];
  } catch {
    return []; // not base64
  }
}

/** The whole value of a credential header and every credential inside it (short ones included). */
export function credentialsInHeader(name: string, value: string): string[] {
  const found = [value];
  for (const part of value.split(", ")) {
    const words = part.trim().split(/\s+/);
    const last = words.at(-1) as string;
    found.push(part, last);
    if (/^basic$/i.test(words[0] as string)) found.push(...basicCredentials(last));
    if (/cookie$/i.test(name)) {
      for (const cookie of part.split(";")) found.push(cookie.slice(cookie.indexOf("=") + 1));
    }
  }
  return found;
}
