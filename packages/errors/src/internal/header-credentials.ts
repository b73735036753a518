// A credential header's value may hold several credentials, and a server may echo any one of them rather
// than the whole value: one cookie of a Cookie header, one of two values `Headers` joined with `, `, the
// token after a scheme this package does not know (`SSWS`, `ApiKey`), or the password inside Basic.
import { isCredentialName } from "./credential-names.ts";

// Cookie names that hold a session or a token (`sid`, `connect.sid`, `JSESSIONID`, `XSRF-TOKEN`, `_csrf`).
const CREDENTIAL_COOKIE = /sid$|sess|token|auth|csrf/i;
// A value shaped like a generated secret: long, with letters and digits. Only such cookies, and those with
// a credential's name, are cut out of server text; `tz=America/Chicago` is a preference a server may
// rightly echo, and every cookie searched for costs time on every string of the body.
const SECRET_LIKE = /^(?=.*[a-z])(?=.*\d).{16,}$/i;

/** The values of the cookies in a Cookie header (or several joined with `, `) that look like credentials. */
function credentialCookies(header: string): string[] {
  const found: string[] = [];
  for (const cookie of header.split(/[;,]/)) {
    const equals = cookie.indexOf("=");
    const name = cookie.slice(0, Math.max(equals, 0)).trim();
    const value = cookie.slice(equals + 1).trim();
    if (isCredentialName(name) || CREDENTIAL_COOKIE.test(name) || SECRET_LIKE.test(value)) found.push(value);
  }
  return found;
}

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
  if (/cookie$/i.test(name)) return [value, ...credentialCookies(value)];
  const found = [value];
  for (const part of value.split(", ")) {
    const words = part.trim().split(/\s+/);
    const last = words.at(-1) as string;
    found.push(part, last);
    if (/^basic$/i.test(words[0] as string)) found.push(...basicCredentials(last));
  }
  return found;
}
