import { inspect, types } from "node:util";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  createDevRevError,
  DevRevAbortError,
  DevRevConnectionError,
  type DevRevError,
  DevRevKitError,
  DevRevResponseError,
  DevRevTimeoutError,
  NotFoundError,
  type RequestLike,
  toDevRevError,
} from "../src/index.ts";

const token = "dvrv-pat-0123456789abcdefghij";
const url = "https://api.devrev.ai/rev-orgs.create";

/** Every way an error can be turned into text. */
function renderings(error: DevRevKitError): Record<string, string> {
  return {
    message: error.message,
    stack: String(error.stack),
    toString: String(error),
    json: JSON.stringify(error),
    toJSON: JSON.stringify(error.toJSON()),
    inspect: inspect(error),
    inspectHidden: inspect(error, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
    inspectNested: inspect({ error }, { depth: 5 }),
  };
}

function expectNoToken(error: DevRevKitError, secret = token): void {
  for (const [how, text] of Object.entries(renderings(error))) {
    expect({ how, leaked: text.includes(secret) }).toEqual({ how, leaked: false });
  }
}

/** Like expectNoToken, and no 8-character piece of the secret either (what a clip cutting it in two leaves). */
function expectNoPieceOf(error: DevRevKitError, secret = token): void {
  for (const [how, text] of Object.entries(renderings(error))) {
    const piece = [...Array(secret.length - 7).keys()]
      .map((start) => secret.slice(start, start + 8))
      .find((candidate) => text.includes(candidate));
    expect({ how, piece }).toEqual({ how, piece: undefined });
  }
}

const requests: [string, () => RequestLike][] = [
  [
    "a fetch Request",
    () => new Request(url, { method: "POST", headers: { Authorization: `Bearer ${token}` } }),
  ],
  ["a Headers object", () => ({ method: "POST", url, headers: new Headers({ authorization: token }) })],
  ["a record", () => ({ method: "POST", url: new URL(url), headers: { Authorization: `Bearer ${token}` } })],
  ["name/value pairs", () => ({ url, headers: [["AUTHORIZATION", `token ${token}`]] as [string, string][] })],
];

function everyKind(request: RequestLike, echo = ""): DevRevKitError[] {
  return [
    createDevRevError({ status: 401, body: { type: "unauthenticated", message: `bad ${echo}` }, request }),
    createDevRevError({ status: 502, body: `<html>${echo}</html>`, request }),
    new DevRevConnectionError({ requestSent: false, request, cause: new TypeError(`fetch failed ${echo}`) }),
    new DevRevTimeoutError({ timeoutMs: 10, request, cause: echo }),
    new DevRevAbortError({ request, cause: new DOMException(`aborted ${echo}`, "AbortError") }),
    new DevRevResponseError({ status: 200, reason: "schema_mismatch", request, detail: echo, path: "/x" }),
  ];
}

describe("credentials in the attached request", () => {
  describe.each(requests)("from %s", (_, makeRequest) => {
    it("never appear in message, stack, JSON or inspect, for every kind of error", () => {
      for (const error of everyKind(makeRequest())) expectNoToken(error);
    });

    it("are redacted on the kept copy, and the caller's request is untouched", () => {
      const request = makeRequest();
      const error = createDevRevError({ status: 403, body: "", request });
      expect(error.request?.headers["authorization"]).toMatch(/^(?:Bearer |token )?\[REDACTED\]$/);
      expect(
        new Headers(request.headers as ConstructorParameters<typeof Headers>[0]).get("authorization"),
      ).toContain(token);
    });
  });

  it("keeps method and URL, and the auth scheme but not the credentials", () => {
    const error = createDevRevError({
      status: 404,
      body: "",
      request: {
        method: "POST",
        url,
        headers: { authorization: `Bearer ${token}`, "x-devrev-version": "beta" },
      },
    });
    expect(error.request).toEqual({
      method: "POST",
      url,
      headers: { authorization: "Bearer [REDACTED]", "x-devrev-version": "beta" },
    });
  });

  it("redacts every credential-carrying header, however short", () => {
    const headers = {
      authorization: "abc",
      "proxy-authorization": "Basic dXNlcjpwYXNzd29yZA==",
      cookie: "session=s3cr3t-session-id",
      "x-api-key": "k-123456789",
      "x-auth-token": "t-123456789",
    };
    const error = new DevRevAbortError({ request: { headers } });
    expect(error.request?.headers).toEqual({
      authorization: "[REDACTED]",
      "proxy-authorization": "Basic [REDACTED]",
      cookie: "[REDACTED]",
      "x-api-key": "[REDACTED]",
      "x-auth-token": "[REDACTED]",
    });
    for (const secret of ["dXNlcjpwYXNzd29yZA==", "s3cr3t-session-id", "k-123456789"])
      expectNoToken(error, secret);
  });

  it("redacts user info and token-like query parameters of the URL", () => {
    const error = new DevRevTimeoutError({
      timeoutMs: 1,
      request: {
        url: `https://me:${token}@api.devrev.ai/x?limit=5&access_token=${token}&Key=another-secret-1`,
      },
    });
    expect(error.request?.url).toBe(
      "https://REDACTED@api.devrev.ai/x?limit=5&access_token=REDACTED&Key=REDACTED",
    );
    expectNoToken(error);
    expectNoToken(error, "another-secret-1");
  });

  it("cuts the query off a relative URL, and keeps URLs without credentials as given", () => {
    const relative = new DevRevAbortError({ request: { url: `/rev-orgs.list?token=${token}` } });
    expect(relative.request?.url).toBe("/rev-orgs.list?[REDACTED]");
    expect(new DevRevAbortError({ request: { url: "/rev-orgs.list" } }).request?.url).toBe("/rev-orgs.list");
    expect(new DevRevAbortError({ request: { url: `${url}?limit=5` } }).request?.url).toBe(`${url}?limit=5`);
  });

  it("redacts credentials under any token-like name, in the query and the fragment, keeping the rest as written", () => {
    const names = ["refresh_token", "id_token", "api-key", "X-Amz-Security-Token", "client_secret", "auth"];
    for (const name of names) {
      const error = new DevRevTimeoutError({
        timeoutMs: 1,
        request: { url: `${url}?display_name=A%20B+C&${name}=${token}#access_token=${token}&state=xyz` },
      });
      expect(error.request?.url).toBe(
        `${url}?display_name=A%20B+C&${name}=REDACTED#access_token=REDACTED&state=xyz`,
      );
      expectNoToken(error);
    }
  });

  it("redacts parameters named as credentials, and leaves ones that only mention a word alone", () => {
    const secret = "s3cr3tv4lue123";
    const credentials = [
      "access_key",
      "private_key",
      "code",
      "jwt",
      "pwd",
      "api_key",
      "X-Amz-Signature",
      "sig",
    ];
    for (const name of credentials) {
      const error = new DevRevAbortError({ request: { url: `${url}?${name}=${secret}` } });
      expect(error.request?.url).toBe(`${url}?${name}=REDACTED`);
    }
    const ordinary = `${url}?author=DEVU-12345678&page_token=next-page-abcdef&session_count=12345678`;
    const error = createDevRevError({
      status: 404,
      body: { type: "not_found", message: "No works authored by DEVU-12345678" },
      request: { url: ordinary },
    });
    expect(error.request?.url).toBe(ordinary);
    expect(error.message).toContain("DEVU-12345678");
  });

  it("reads parameter names by segments: a credential word must end the name, not just its letters", () => {
    const secret = "s3cr3tv4lue123";
    const credentials = [
      "private_token",
      "app_secret",
      "consumer_secret",
      "oauth_token_secret",
      "devrev_token",
      "session",
      "sessionId",
      "xApiKey",
      "APIKey",
      "db_pass",
      // One word ending in secret, password or passwd, and the one-word credential tokens.
      "clientsecret",
      "newpassword",
      "userpassword",
      "dbpassword",
      "oldpassword",
      "user_newpasswd",
      "accesstoken",
      "authtoken",
      "apitoken",
      // A URL `signature` is a credential, so this one is redacted too (the README says so).
      "email_signature",
    ];
    for (const name of credentials) {
      const error = new DevRevAbortError({ request: { url: `${url}?${name}=${secret}` } });
      expect({ name, url: error.request?.url }).toEqual({ name, url: `${url}?${name}=REDACTED` });
    }
    const ordinary = [
      "bypass",
      "valid_token",
      "page_token",
      "nextPageToken",
      "sort_key",
      "idempotency_key",
      "error_code",
      "passport",
      "compass",
      "secretary",
    ];
    for (const name of ordinary) {
      const error = createDevRevError({
        status: 404,
        body: { type: "not_found", message: `No rev org in ${secret}` },
        request: { url: `${url}?${name}=${secret}` },
      });
      expect({ name, url: error.request?.url }).toEqual({ name, url: `${url}?${name}=${secret}` });
      expect(error.message).toContain(secret);
    }
  });

  it("redacts headers named as credentials by their segments, and leaves other headers readable", () => {
    const secret = "secret-value-0123456789";
    const names = [
      "api-key",
      "private-token",
      "x-access-token",
      "x-goog-api-key",
      "x-devrev-token",
      "x-vault-token",
    ];
    for (const name of names) {
      const error = createDevRevError({
        status: 401,
        body: { type: "unauthenticated", message: `bad key ${secret}` },
        request: { url, headers: { [name]: secret } },
      });
      expect(error.request?.headers[name]).toBe("[REDACTED]");
      expectNoToken(error, secret);
    }
    const readable = {
      "idempotency-key": "idem-0123456789",
      "x-devrev-version": "beta",
      "x-page-size": "50",
      // A CORS flag, though its last segment is `credentials`.
      "access-control-allow-credentials": "true",
    };
    const error = new DevRevAbortError({ request: { headers: readable } });
    expect(error.request?.headers).toEqual(readable);
  });

  it("cuts a query credential out of server text however it was encoded", () => {
    const secret = "Zm9vYmFy+c2VjcmV0/dG9rZW4=";
    const encoded = encodeURIComponent(secret);
    // In the URL percent-encoded, or as written (where a form decoder reads its + as a space).
    for (const inUrl of [encoded, secret]) {
      const request = { url: `${url}?access_token=${inUrl}` };
      for (const echo of [secret, encoded, secret.replace("+", " ")]) {
        if (inUrl === encoded && echo.includes(" ")) continue; // %2B never decodes to a space
        const body = { type: "not_found", message: `bad ${echo}` };
        const error = createDevRevError({ status: 404, body, request });
        expect(error.request?.url).toBe(`${url}?access_token=REDACTED`);
        expectNoToken(error, echo);
      }
    }
  });

  it("redacts user info and the query of an absolute URL that cannot be parsed, and cuts them out of the cause", () => {
    const password = "S3cretPassw0rd";
    const bad = `https://svc:${password}@api.devrev.ai:99999/rev-orgs.list?access_token=${token}`;
    const error = new DevRevConnectionError({
      requestSent: false,
      request: { url: bad },
      cause: new TypeError(`Failed to parse URL from ${bad}`),
    });
    expect(error.request?.url).toBe("https://REDACTED@api.devrev.ai:99999/rev-orgs.list?[REDACTED]");
    expectNoToken(error);
    expectNoToken(error, password);
  });

  it("splits the user info of an unparsable URL at its last @, as URL parsing does", () => {
    const password = "p@ssw0rd-long-secret";
    const bad = `https://svc:${password}@bad host/x`;
    const error = new DevRevConnectionError({
      requestSent: false,
      request: { url: bad },
      cause: new TypeError(`Failed to parse URL from ${bad}`),
    });
    expect(error.request?.url).toBe("https://REDACTED@bad host/x");
    expectNoToken(error, password);
    // A token as the user name alone, without a password.
    const tokenOnly = new DevRevAbortError({ request: { url: `https://${token}@bad host/x` } });
    expect(tokenOnly.request?.url).toBe("https://REDACTED@bad host/x");
  });

  it("copes with user info that is not valid percent-encoding", () => {
    const error = new DevRevAbortError({ request: { url: "https://user:%E0%A4%A-long-password@h/x" } });
    expect(error.request?.url).toBe("https://REDACTED@h/x");
    expectNoToken(error, "%E0%A4%A-long-password");
  });

  it("keeps nothing of a request whose fields throw, or of one that is not an object", () => {
    const hostile = {
      get method(): string {
        throw new Error("boom");
      },
    };
    expect(new DevRevAbortError({ request: hostile as RequestLike }).request).toEqual({
      method: undefined,
      url: undefined,
      headers: {},
    });
    expect(new DevRevAbortError({ request: "GET /" as never }).request).toBeUndefined();
    expect(new DevRevAbortError({ request: { method: 5, url: 5 } as never }).request).toEqual({
      method: undefined,
      url: undefined,
      headers: {},
    });
  });
});

describe("credentials inside a compound header value, echoed alone", () => {
  function echoed(headers: RequestLike["headers"], echo: string): DevRevKitError {
    const body = { type: "unauthenticated", message: `rejected ${echo}` };
    return createDevRevError({ status: 401, body, request: { url, headers } });
  }

  it("each cookie named as a session or token, or with a secret-shaped value, and the whole header", () => {
    const secrets = {
      session: "sess_9f8e7d6c5b4a39281706",
      "connect.sid": "s:abcdefghijklmnop", // by name alone: no digit in these values
      JSESSIONID: "ABCDEFABCDEFABCDEF",
      sid: "abcdefghijkl",
      "XSRF-TOKEN": "xsrf-abcdefghijkl",
      _csrf: "csrf=abc/def+ghi=", // split at the first `=` only
      api_key: "key-abcdefghijkl",
      uid: "u1a2b3c4d5e6f7g8h9", // any name: 16+ characters with letters and digits
    };
    const cookie = Object.entries(secrets)
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
    for (const [name, value] of Object.entries(secrets)) {
      expectNoToken(echoed({ Cookie: cookie }, `${name} was ${value}`), value);
    }
    expectNoToken(echoed({ Cookie: cookie }, `got ${cookie}`), cookie);
  });

  it("not a preference cookie, nor one shorter than 8 characters, so a server may echo them", () => {
    const cookie = "tz=America/Chicago; consent=accepted; theme=dark; lang=en-US-x-0123; s=short12";
    const echo = "timezone America/Chicago, consent accepted, theme dark, lang en-US-x-0123, short12";
    const error = echoed({ Cookie: cookie, Authorization: `Bearer ${token}` }, echo);
    expect(error.message).toContain(echo);
    expect(error.request?.headers["cookie"]).toBe("[REDACTED]");
  });

  it("each cookie of two Cookie headers that Headers joined with a comma", () => {
    const headers = new Headers();
    headers.append("cookie", "theme=dark; session=sess-first-0123456789");
    headers.append("cookie", "sid=sid-second-0123456789");
    for (const echo of ["sess-first-0123456789", "sid-second-0123456789"]) {
      expectNoToken(echoed(headers, `cookie ${echo} expired`), echo);
    }
  });

  it("the user:password and the password inside Basic, also in UTF-8", () => {
    const password = "hunter2-correct-horse-ä";
    const bytes = new TextEncoder().encode(`svc:${password}`);
    const basic = `Basic ${btoa(String.fromCharCode(...bytes))}`;
    for (const echo of [`svc:${password}`, password]) {
      const error = echoed({ Authorization: basic }, echo);
      expect(error.request?.headers["authorization"]).toBe("Basic [REDACTED]");
      expectNoToken(error, echo);
    }
    // Not base64: the value is still a secret, whole.
    const broken = echoed({ Authorization: "Basic not*base64-at-all" }, "not*base64-at-all");
    expectNoToken(broken, "not*base64-at-all");
  });

  it("the credential after any scheme, known or not", () => {
    const key = "ak_live_0123456789abcdef";
    for (const scheme of ["ApiKey", "Bot", "SSWS"]) {
      const error = echoed({ Authorization: `${scheme} ${key}` }, `unknown key ${key}`);
      expect(error.request?.headers["authorization"]).toBe("[REDACTED]");
      expectNoToken(error, key);
    }
  });

  it("each of two values that Headers joined with a comma", () => {
    const [first, second] = ["dvrv-pat-first-0123456789", "dvrv-pat-second-0123456789"];
    const headers = new Headers();
    headers.append("authorization", `Bearer ${first}`);
    headers.append("authorization", `Bearer ${second}`);
    for (const echo of [first, second]) expectNoToken(echoed(headers, `token ${echo} revoked`), echo);
  });
});

describe("a header credential echoed in another form", () => {
  const key = "Zm9v+YmFy/c2VjcmV0dG9rZW4=";
  const request = { url, headers: { "X-Api-Key": key } };

  it("percent-encoded, in a Location header", () => {
    const location = `https://login.example/?key=${encodeURIComponent(key)}`;
    const error = createDevRevError({
      status: 401,
      headers: { location },
      body: { type: "unauthenticated" },
      request,
    });
    expect(error.headers.get("location")).toBe("https://login.example/?key=[REDACTED]");
    expectNoToken(error, encodeURIComponent(key));
  });

  it("JSON with `/` escaped as `\\/`, in a raw body", () => {
    const escaped = key.replaceAll("/", "\\/");
    const error = createDevRevError({ status: 400, body: `["invalid key","${escaped}"]`, request });
    expect((error as DevRevError).rawBody).toBe('["invalid key","[REDACTED]"]');
  });

  it("HTML-escaped, in a proxy's error page, however the escaper spells quotes", () => {
    const cookie = `session="a&b<c>'quoted'-0123456789"`;
    const value = cookie.slice("session=".length);
    const escapings = [
      (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;"),
    ].flatMap((base) => [
      (text: string) => base(text).replaceAll('"', "&quot;").replaceAll("'", "&#x27;"), // Python
      (text: string) => base(text).replaceAll('"', "&#34;").replaceAll("'", "&#39;"), // Go
      (text: string) => base(text).replaceAll('"', "&quot;").replaceAll("'", "&#39;"), // React, lodash
    ]);
    for (const htmlEscape of escapings) {
      const page = `<html><p>Rejected cookie ${htmlEscape(value)}</p></html>`;
      const error = createDevRevError({ status: 502, body: page, request: { url, headers: { cookie } } });
      expect((error as DevRevKitError & { rawBody?: string }).rawBody).toBe(
        "<html><p>Rejected cookie [REDACTED]</p></html>",
      );
    }
  });

  it("as a JSON number, when the key is all digits", () => {
    const digits = "482913375566120";
    const error = createDevRevError({
      status: 401,
      body: `{"type":"unauthenticated","key":${digits},"count":3}`,
      request: { url, headers: { "X-Api-Key": digits } },
    }) as DevRevError;
    expect(error.body).toEqual({ type: "unauthenticated", key: "[REDACTED]", count: 3 });
    expectNoToken(error, digits);
  });

  it("as a JSON number that JSON.parse rounded, when the key has more digits than a double holds", () => {
    const digits = "12345678901234567891"; // parses to 12345678901234567000
    const error = createDevRevError({
      status: 401,
      body: `{"type":"unauthenticated","key":${digits},"count":12345678901234567}`,
      request: { url, headers: { "X-Api-Key": digits } },
    }) as DevRevError;
    expect(error.body).toEqual({ type: "unauthenticated", key: "[REDACTED]", count: 12345678901234568 });
    // Any other key is replaced only as JSON spells it back.
    const decimal = createDevRevError({
      status: 401,
      body: '{"type":"unauthenticated","key":-31415926.5,"other":31415926.5}',
      request: { url, headers: { "X-Api-Key": "-31415926.5" } },
    }) as DevRevError;
    expect(decimal.body).toEqual({ type: "unauthenticated", key: "[REDACTED]", other: 31415926.5 });
  });
});

describe("credentials echoed back by the server", () => {
  const request = { method: "POST", url, headers: { authorization: `Bearer ${token}` } };

  it("are cut out of every kind of error", () => {
    for (const error of everyKind(request, `token=${token}`)) expectNoToken(error);
  });

  it("are cut out of message, detail, body (values and keys, at any depth), headers and raw body", () => {
    const error = createDevRevError({
      status: 400,
      request,
      headers: { "x-echo": `Bearer ${token}`, "set-cookie": "a=b" },
      body: JSON.stringify({
        type: "invalid_field",
        field_name: token,
        message: `Token ${token} is not valid for ${token}`,
        detail: token,
        nested: [{ deeper: { [token]: [token] } }],
        count: 3,
      }),
      operation: "POST /rev-orgs.create",
    }) as DevRevError;
    expectNoToken(error);
    expect(error.body).toEqual({
      type: "invalid_field",
      field_name: "[REDACTED]",
      message: "Token [REDACTED] is not valid for [REDACTED]",
      detail: "[REDACTED]",
      nested: [{ deeper: { "[REDACTED]": ["[REDACTED]"] } }],
      count: 3,
    });
    // The whole header value is a secret too, and the longest secret is cut first.
    expect(error.headers.get("x-echo")).toBe("[REDACTED]");
    // Response credentials stay on `headers` for the program but are not printed.
    expect(error.headers.get("set-cookie")).toBe("a=b");
    expect(error.toJSON()["headers"]).toEqual({ "set-cookie": "[REDACTED]", "x-echo": "[REDACTED]" });
  });

  it("is cut out of the raw body even where the 1 KB cut falls inside it", () => {
    for (const offset of [1000, 1010, 1020, 1023]) {
      const text = `${"x".repeat(offset)}${token}${"y".repeat(2000)}`;
      const error = createDevRevError({ status: 502, body: text, request }) as DevRevResponseError;
      expect(error.rawBody).not.toContain(token.slice(0, 8));
      expectNoToken(error);
    }
  });

  it("leaves no piece of a credential that a clip cuts in two, wherever it falls", () => {
    // Messages clip a raw body to 120 characters, details and causes to 500, paths to 200.
    for (let offset = 60; offset < 560; offset += 7) {
      const before = "x".repeat(offset);
      const echo = `${before}${token} and more`;
      expectNoPieceOf(createDevRevError({ status: 502, body: `${echo}<html>`, request }));
      expectNoPieceOf(
        new DevRevResponseError({
          status: 200,
          reason: "invalid_json",
          rawBody: echo,
          request,
          detail: echo,
        }),
      );
      expectNoPieceOf(
        new DevRevResponseError({ status: 200, reason: "schema_mismatch", request, path: `/${echo}` }),
      );
      expectNoPieceOf(new DevRevConnectionError({ requestSent: true, request, cause: new TypeError(echo) }));
      expectNoPieceOf(new DevRevTimeoutError({ timeoutMs: 1, request, cause: echo }));
    }
  });

  it("leaves no piece of a credential in the 1 KB raw body when earlier echoes shrink as they are cut", () => {
    // Each echo before the 1 KB mark becomes the shorter [REDACTED], pulling later text into the kept part.
    for (let extra = 0; extra < 120; extra += 3) {
      const head = `<p>Authorization: Bearer ${token}</p>`.repeat(3);
      const body = `${head}${"z".repeat(1024 - head.length + extra)}${token}</pre>`;
      const error = createDevRevError({ status: 401, body, request }) as DevRevError;
      expect(error.rawBody?.length).toBeLessThanOrEqual(1024);
      expectNoPieceOf(error);
    }
  });

  it("are cut out of the operation and the path kept on the error", () => {
    const error = new DevRevResponseError({
      status: 200,
      reason: "schema_mismatch",
      request,
      operation: `GET /items/${token}`,
      path: `/items/${token}`,
    });
    expect(error.operation).toBe("GET /items/[REDACTED]");
    expect(error.path).toBe("/items/[REDACTED]");
    expectNoToken(error);
  });

  it("are cut out when too long for one pattern (a 40,000-character token), alone or with short ones", () => {
    const long = `dvrv-${"0123456789abcdef".repeat(2500)}`;
    for (const headers of [{ authorization: long }, { authorization: long, "x-api-key": token }]) {
      const body = { type: "unauthenticated", message: `bad ${long} and ${token}` };
      const error = createDevRevError({ status: 401, body, request: { url, headers } });
      expectNoToken(error, long);
      expect(error.message.includes(token)).toBe(!("x-api-key" in headers));
    }
  });

  it("replaces parts of a body nested too deep to walk, only when there are credentials to look for", () => {
    let deep: unknown = token;
    for (let level = 0; level < 100; level++) deep = { next: deep };
    const withRequest = createDevRevError({ status: 400, body: { type: "parse_error", deep }, request });
    expectNoToken(withRequest);
    expect(JSON.stringify(withRequest.toJSON())).toContain("nested too deep to check for credentials");
    const without = createDevRevError({ status: 400, body: { type: "parse_error", deep } }) as DevRevError;
    expect(without.body["deep" as never]).toBe(deep);
  });

  it("toDevRevError takes the request too", () => {
    const response = new Response(JSON.stringify({ type: "not_found", message: token }), { status: 404 });
    const error = toDevRevError(
      response,
      { type: "not_found", message: token },
      "GET /rev-orgs.get",
      request,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.request?.headers["authorization"]).toBe("Bearer [REDACTED]");
    expectNoToken(error);
  });
});

describe("a cause whose own text holds a credential", () => {
  const request = { url, headers: { authorization: `Bearer ${token}` } };
  /** Everything a user may print or send of a cause: read directly, inspected, or cloned across a worker. */
  const exposed = (error: DevRevKitError) =>
    [
      inspect(error.cause, { depth: 10, showHidden: true }),
      inspect(structuredClone(error), { depth: 10, showHidden: true }),
      String((error.cause as Error).stack),
    ].join("\n");

  it("is kept as a copy with the credential cut out, at every level: same classes, codes and fields", () => {
    const inner = Object.assign(new Error(`inner ${token}`), {
      code: "E_CUSTOM",
      detail: `got ${token}`,
      attempt: 2,
    });
    const cause = new TypeError(`custom fetch failed: Bearer ${token}`, { cause: inner });
    const error = new DevRevConnectionError({ requestSent: false, request, cause });
    expect(exposed(error)).not.toContain(token);
    const copy = error.cause as TypeError & { cause: typeof inner };
    expect(copy).not.toBe(cause);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toBe("custom fetch failed: [REDACTED]");
    expect(copy.cause).toBeInstanceOf(Error);
    expect(copy.cause).toMatchObject({
      message: "inner [REDACTED]",
      code: "E_CUSTOM",
      detail: "got [REDACTED]",
      attempt: 2,
    });
    expect(String(copy.stack)).toContain("custom fetch failed: [REDACTED]");
    // The caller's error is left as it was.
    expect(cause.message).toContain(token);
  });

  it("in a property only, in the errors of an AggregateError, or as a plain string", () => {
    const withProperty = Object.assign(new Error("failed"), {
      config: { headers: { authorization: token } },
    });
    const aggregate = new AggregateError([new Error(`first ${token}`), new Error("second")], "all failed");
    for (const cause of [withProperty, aggregate, `reason ${token}`]) {
      const error = new DevRevAbortError({ request, cause });
      expect(exposed(error)).not.toContain(token);
    }
    const copied = new DevRevAbortError({ request, cause: aggregate }).cause as AggregateError;
    expect(copied).toBeInstanceOf(AggregateError);
    expect(copied.errors.map((e: Error) => e.message)).toEqual(["first [REDACTED]", "second"]);
  });

  it("is made of native errors, and shares with the caller every object that leads to no credential", () => {
    const untouched = new Error("second");
    const aggregate = new AggregateError([new Error(`first ${token}`), untouched], "all failed");
    const copied = new DevRevAbortError({ request, cause: aggregate }).cause as AggregateError;
    expect(copied).not.toBe(aggregate);
    for (const error of [copied, copied.errors[0]]) expect(types.isNativeError(error)).toBe(true);
    expect(copied.errors[1]).toBe(untouched);
    // structuredClone keeps a native error an error (a look-alike object would arrive as a plain object).
    const cloned = structuredClone(copied.errors[0]) as Error;
    expect([cloned instanceof Error, cloned.message]).toEqual([true, "first [REDACTED]"]);
  });

  it("shares nothing that leads to an object it cannot check (a Map), which the copy holds as its tag", () => {
    const meta = { headers: new Map([["authorization", token]]) };
    const cause = Object.assign(new Error(`failed ${token}`), { meta });
    const copy = new DevRevAbortError({ request, cause }).cause as typeof cause;
    expect(copy.meta).not.toBe(meta);
    expect(copy.meta.headers).toBe("[object Map]");
    expect(inspect(copy, { depth: 20, showHidden: true })).not.toContain(token);
    // With no credential found anywhere, the cause stays the caller's (and NaN is no credential).
    const clean = Object.assign(new Error("failed"), { meta: { tries: 2 }, ratio: Number.NaN });
    expect(new DevRevAbortError({ request, cause: clean }).cause).toBe(clean);
  });

  it("is copied when it holds an object it cannot look into, which may hold one (a Map, a class instance)", () => {
    class Config {
      readonly auth = token;
    }
    const tagged = { [Symbol.toStringTag]: `Session ${token}` };
    for (const [inner, tag] of [
      [new Map([["authorization", token]]), "[object Map]"],
      [new Config(), "[object Object]"],
      [Object.setPrototypeOf(tagged, new Config()), "[object Session [REDACTED]]"],
    ] as const) {
      const cause = Object.assign(new Error("failed"), { inner });
      const error = new DevRevAbortError({ request, cause });
      expect(exposed(error)).not.toContain(token);
      expect((error.cause as typeof cause).inner).toBe(tag);
      expect(new DevRevAbortError({ request, cause: inner }).cause).toBe(tag);
    }
  });

  it("shares a function that is only code, and treats one with fields of its own as an object it cannot check", () => {
    const retry = () => undefined;
    async function* pages() {}
    const kinds = [function named() {}, async () => undefined, function* items() {}, pages, retry.bind(null)];
    const clean = Object.assign(new Error("failed"), { retry, transform: kinds });
    expect(new DevRevAbortError({ request, cause: clean }).cause).toBe(clean);
    const withField = Object.assign(() => undefined, { auth: token });
    const cause = Object.assign(new Error("failed"), { retry, adapter: withField });
    const error = new DevRevAbortError({ request, cause });
    expect(exposed(error)).not.toContain(token);
    const copy = error.cause as typeof cause;
    expect(copy.adapter).toBe("[object Function]");
    // The copy still shares what leads to no credential.
    expect(copy.retry).toBe(retry);
    // A function named after the token is no credential-free function either.
    function Session() {}
    Session.prototype.auth = token;
    const named = { [token]: () => undefined }[token];
    const onPrototype = new DevRevAbortError({
      request,
      cause: Object.assign(new Error("failed"), { Session }),
    });
    expect(exposed(onPrototype)).not.toContain(token);
    const byName = new DevRevAbortError({ request, cause: Object.assign(new Error("failed"), { named }) });
    expect(exposed(byName)).not.toContain(token);
  });

  it("treats a function as opaque when it inherits a credential: a subclass of a class with data", () => {
    function Session() {}
    Session.prototype.auth = token;
    class Child extends (Session as unknown as new () => object) {}
    // biome-ignore lint/complexity/noStaticOnlyClass: a class's static data is what is read here
    class Base {
      static auth = token;
    }
    class Sub extends Base {}
    const cause = Object.assign(new Error("failed"), { Child, Sub });
    const copy = new DevRevAbortError({ request, cause }).cause as {
      Child?: { prototype?: { auth?: unknown } };
      Sub?: { auth?: unknown };
    };
    // Read through the copy: the subclass's prototype inherits Session.prototype.auth, the subclass Base.auth.
    expect(copy.Child?.prototype?.auth).not.toBe(token);
    expect(copy.Sub?.auth).not.toBe(token);
  });

  it("treats a function as opaque when a key every function has (prototype, length, caller) holds a credential", () => {
    const viaPrototype = Object.assign(() => undefined, { prototype: token });
    const viaLength = Object.defineProperty(() => undefined, "length", { value: { auth: token } });
    const viaCaller = Object.defineProperty(() => undefined, "caller", { value: token });
    const cause = Object.assign(new Error("failed"), { viaPrototype, viaLength, viaCaller });
    const error = new DevRevAbortError({ request, cause });
    const copy = error.cause as typeof cause;
    expect(copy.viaPrototype?.prototype).not.toBe(token);
    expect((copy.viaLength as { length?: { auth?: unknown } })?.length?.auth).not.toBe(token);
    expect((copy.viaCaller as { caller?: unknown })?.caller).not.toBe(token);
    expect(exposed(error)).not.toContain(token);
  });

  it("treats code as opaque for a credential in a field's name or a Symbol, or a prototype with state or swapped", () => {
    const byName = Object.defineProperty(() => undefined, token, { value: 1 });
    const bySymbol = Object.assign(() => undefined, { [Symbol("auth")]: Symbol(token) });
    class Stateful {}
    Object.setPrototypeOf(Stateful.prototype, new Map([["authorization", token]]));
    // Plain data on code is read: a clean static `defaults` keeps the class shared, a dirty one does not.
    class Clean {
      static defaults = { retries: 2, codes: [429, 503] };
      send() {}
    }
    class Dirty {
      static defaults = { headers: { authorization: `Bearer ${token}` } };
      send() {}
    }
    // A class whose prototype names another constructor: not the prototype the class made.
    class Swapped {}
    Object.defineProperty(Swapped.prototype, "constructor", { value: function Other() {} });
    for (const code of [byName, bySymbol, Stateful, Dirty, Swapped]) {
      const cause = Object.assign(new Error("failed"), { code });
      const copy = new DevRevAbortError({ request, cause }).cause as typeof cause;
      expect(copy.code).toBe("[object Function]");
    }
    const clean = Object.assign(new Error("failed"), { code: Clean });
    expect(new DevRevAbortError({ request, cause: clean }).cause).toBe(clean);
  });

  it("shares a credential-free cause holding classes with methods (axios's config.env.FormData, Blob)", () => {
    // What every AxiosError carries: config.env = { FormData, Blob }, classes whose prototypes hold methods.
    class Multipart {
      append() {}
      static from() {}
    }
    const cause = Object.assign(new Error("Request failed with status code 502"), {
      config: { env: { FormData, Blob, Multipart }, validateStatus: (status: number) => status < 300 },
    });
    expect(new DevRevAbortError({ request, cause }).cause).toBe(cause);
  });

  it("a function whose name getter throws does not turn the whole cause into its summary", () => {
    const Odd = Object.defineProperty(() => undefined, "name", {
      get() {
        throw new Error("no name");
      },
    });
    const cause = Object.assign(new Error("failed"), { code: "E_ODD", Odd });
    const kept = new DevRevAbortError({ request, cause }).cause;
    expect(kept).toBeInstanceOf(Error);
  });

  it("looks into a Headers and a URL: kept when they hold none, else their credentials cut out", () => {
    const clean = Object.assign(new Error("failed"), {
      headers: new Headers({ "x-request-id": "req-1" }),
      url: new URL("https://api.devrev.ai/x"),
    });
    expect(new DevRevAbortError({ request, cause: clean }).cause).toBe(clean);
    const withPassword = new URL(url);
    withPassword.password = "pr0xy-passw0rd";
    const cause = Object.assign(new Error("failed"), {
      headers: new Headers({ authorization: `Bearer ${token}`, "x-request-id": "req-1" }),
      url: withPassword,
    });
    const secrets = ["pr0xy-passw0rd"];
    const copy = new DevRevAbortError({ request, cause, secrets }).cause as typeof cause;
    expect(exposed(new DevRevAbortError({ request, cause, secrets }))).not.toContain(token);
    expect([...copy.headers]).toEqual([
      ["authorization", "[REDACTED]"],
      ["x-request-id", "req-1"],
    ]);
    expect(copy.url).toBe(`https://:[REDACTED]@api.devrev.ai/rev-orgs.create`);
  });

  it("copies an object without a credential of its own that leads back to one (a cycle), never sharing it", () => {
    const parent = Object.assign(new Error(`parent ${token}`), {
      child: { note: "clean" } as { note: string; up?: unknown },
    });
    parent.child.up = parent;
    const sibling = { note: "clean too" };
    const cause = Object.assign(new Error("wrapper"), { parent, sibling });
    const copy = new DevRevAbortError({ request, cause }).cause as typeof cause;
    expect(copy.parent.child).not.toBe(parent.child);
    expect(copy.parent.child.up).toBe(copy.parent);
    expect(copy.sibling).toBe(sibling);
    expect(inspect(copy, { depth: 20, showHidden: true })).not.toContain(token);
  });

  it("copies what it can: cycles once, objects with internal state as their tag, not past 8 levels", () => {
    const digits = "482913375566120";
    const cause = Object.assign(new Error(`failed ${token}`), {
      key: Number(digits),
      headers: new Map([["authorization", token]]),
      nested: { a: { b: { c: { d: { e: { f: { g: { h: token } } } } } } } },
    });
    Object.defineProperty(cause, "broken", {
      get() {
        throw new Error("unreadable");
      },
    });
    Object.assign(cause, { self: cause });
    const headers = { authorization: `Bearer ${token}`, "x-api-key": digits };
    const copy = new DevRevAbortError({ request: { url, headers }, cause }).cause as Record<string, unknown>;
    expect(copy).toMatchObject({ key: "[REDACTED]", headers: "[object Map]", message: "failed [REDACTED]" });
    expect(copy["self"]).toBe(copy);
    expect(JSON.stringify(copy["nested"])).toContain("[omitted: too large to check for credentials]");
    expect("broken" in copy).toBe(false);
    expect(inspect(copy, { depth: 20, showHidden: true })).not.toContain(token);
  });

  it("is read whole: fields under a Symbol, not enumerable, or inherited getters, and keys that are a credential", () => {
    const hidden = {};
    Object.defineProperty(hidden, "auth", { value: token, enumerable: false });
    class PrivateHeaders extends Error {
      readonly #auth = `Bearer ${token}`;
      get auth(): string {
        return this.#auth;
      }
    }
    const causes = [
      Object.assign(new Error("failed"), { [Symbol("auth")]: token, [Symbol()]: "anonymous" }),
      Object.assign(new Error("failed"), { [Symbol(`session ${token}`)]: "active" }),
      Object.assign(new Error("failed"), { meta: hidden }),
      Object.assign(new Error("failed"), { sessions: { [token]: "active" } }),
      new PrivateHeaders("failed"),
      // An object only shared when it holds none: here a copy is made for the message, and meta must be copied.
      Object.assign(new Error(`failed ${token}`), { meta: hidden }),
    ];
    for (const cause of causes) {
      const error = new DevRevAbortError({ request, cause });
      expect(error.cause).not.toBe(cause);
      expect(exposed(error)).not.toContain(token);
      expect(JSON.stringify(error.cause)).not.toContain(token);
      expect(String((error.cause as { auth?: unknown }).auth)).not.toContain(token);
    }
    const copy = new DevRevAbortError({ request, cause: causes[3] }).cause as { sessions: object };
    expect(copy.sessions).toEqual({ "[REDACTED]": "active" });
    const symbols = new DevRevAbortError({ request, cause: causes[1] }).cause as object;
    expect(Object.getOwnPropertySymbols(symbols).map((key) => key.description)).toEqual([
      "session [REDACTED]",
    ]);
  });

  it("reads an error from another realm (a vm context, an iframe, a Jest environment) as an error", () => {
    const cause = runInNewContext('(token) => new TypeError("fetch failed: " + token, { cause: 7 })')(token);
    const copy = new DevRevAbortError({ request, cause }).cause as Error;
    expect(copy).not.toBe(cause);
    expect(types.isNativeError(copy)).toBe(true);
    expect([copy.name, copy.message, copy.cause]).toEqual(["TypeError", "fetch failed: [REDACTED]", 7]);
    expect(String(copy.stack)).not.toContain(token);
  });

  it("keeps the codes a DOMException reads through its prototype", () => {
    const cause = new DOMException(`aborted ${token}`, "AbortError");
    const copy = new DevRevAbortError({ request, cause }).cause as DOMException;
    expect(copy).toBeInstanceOf(DOMException);
    expect([copy.name, copy.message, copy.code]).toEqual(["AbortError", "aborted [REDACTED]", 20]);
  });

  it("holding a devrev-kit error that must be copied, still prints and serializes", () => {
    const echoed = "outer-secret-0123456789";
    const inner = createDevRevError({
      status: 404,
      headers: { "x-request-id": "req-1" },
      body: { type: "not_found", message: `no ${echoed}` },
    });
    const error = new DevRevKitError("wrapped", { cause: inner, secrets: [echoed] });
    const copy = error.cause as DevRevError;
    expect(copy).not.toBe(inner);
    expect(copy).toBeInstanceOf(NotFoundError);
    expect(copy.headers.get("x-request-id")).toBe("req-1");
    for (const text of [inspect(copy, { depth: 10 }), JSON.stringify(copy), inspect(error, { depth: 10 })]) {
      expect(text).not.toContain(echoed);
      expect(text).toContain("[REDACTED]");
    }
  });

  it("is kept as it is when nothing in it is a credential, so an abort reason stays the caller's", () => {
    const reason = new DOMException("stop", "AbortError");
    expect(new DevRevAbortError({ request, cause: reason }).cause).toBe(reason);
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(new DevRevConnectionError({ requestSent: false, request, cause: refused }).cause).toBe(refused);
  });

  it("that cannot be read or copied is kept as its scrubbed one-line summary", () => {
    const hostile = new Proxy(new Error(`x ${token}`), {
      getPrototypeOf() {
        throw new Error("no");
      },
    });
    const error = new DevRevConnectionError({ requestSent: false, request, cause: hostile });
    expect(error.cause).toBe("Error: x [REDACTED]");
  });

  describe("functions, classes and prototypes", () => {
    /** An instance holding the token in private state, which no field shows. */
    class Session {
      readonly #token: string;
      constructor(value: string) {
        this.#token = value;
      }
      get token(): string {
        return this.#token;
      }
    }

    it("reads the function a prototype names as its constructor: old-style inheritance reaches the parent's statics", () => {
      function Parent() {}
      Parent.defaults = { headers: { authorization: `Bearer ${token}` } };
      function Child() {}
      // Inheritance as written before `class`, the constructor not reset: Child.prototype.constructor is Parent.
      Child.prototype = Object.create(Parent.prototype);
      const cause = Object.assign(new Error("failed"), { Child });
      const kept = new DevRevAbortError({ request, cause }).cause as {
        Child?: { prototype?: { constructor?: { defaults?: unknown } } };
      };
      expect(JSON.stringify(kept.Child?.prototype?.constructor?.defaults ?? null)).not.toContain(token);
    });

    it("does not read as code an object with internal state that is a function's prototype (Map, Headers, class instance)", () => {
      function ViaMap() {}
      ViaMap.prototype = new Map([["authorization", token]]);
      function ViaHeaders() {}
      ViaHeaders.prototype = new Headers({ authorization: `Bearer ${token}` });
      function ViaInstance() {}
      ViaInstance.prototype = new Session(token);
      const cause = Object.assign(new Error("failed"), { ViaMap, ViaHeaders, ViaInstance });
      const error = new DevRevAbortError({ request, cause });
      type Held = { prototype?: { get?: (name: string) => unknown; token?: unknown } } | undefined;
      const copy = error.cause as Record<string, Held>;
      expect(String(copy["ViaMap"]?.prototype?.get?.("authorization"))).not.toContain(token);
      expect(String(copy["ViaHeaders"]?.prototype?.get?.("authorization"))).not.toContain(token);
      expect(String(copy["ViaInstance"]?.prototype?.token)).not.toContain(token);
      expect(exposed(error)).not.toContain(token);
    });

    it("reads the class of an error in the cause: its statics and prototype data are as reachable as its fields", () => {
      class SdkError extends Error {
        static client = { headers: { authorization: `Bearer ${token}` } };
      }
      class OtherSdkError extends Error {}
      Object.assign(OtherSdkError.prototype, { auth: token });
      const statics = new DevRevAbortError({ request, cause: new SdkError("failed") }).cause as Error;
      expect(JSON.stringify((statics.constructor as { client?: unknown }).client ?? null)).not.toContain(
        token,
      );
      const onPrototype = new DevRevAbortError({ request, cause: new OtherSdkError("failed") }).cause;
      expect((onPrototype as { auth?: unknown }).auth).not.toBe(token);
    });

    it("does not run a class's prototype getters on the prototype itself (a lazy cache becomes every instance's)", () => {
      class Lazy {
        declare _cache?: Map<string, string>;
        get cache(): Map<string, string> {
          this._cache ??= new Map();
          return this._cache;
        }
      }
      new DevRevAbortError({ request, cause: Object.assign(new Error("failed"), { Lazy }) });
      expect(Object.hasOwn(Lazy.prototype, "_cache")).toBe(false);
      expect(new Lazy().cache).not.toBe(new Lazy().cache);
    });

    it("leaves no unhandled rejection behind for a class whose prototype getters return promises", async () => {
      // WritableStreamDefaultWriter.prototype.closed / .ready reject (not throw) on a wrong `this`, as WebIDL
      // says promise attributes do: unhandled, Node's default ends the process.
      const rejections: unknown[] = [];
      const listeners = process.listeners("unhandledRejection");
      process.removeAllListeners("unhandledRejection");
      const record = (reason: unknown) => void rejections.push(reason);
      process.on("unhandledRejection", record);
      try {
        const cause = Object.assign(new Error("failed"), { Writer: WritableStreamDefaultWriter });
        new DevRevAbortError({ request, cause });
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        process.off("unhandledRejection", record);
        for (const listener of listeners) process.on("unhandledRejection", listener);
      }
      expect(rejections.map(String)).toEqual([]);
    });

    it("keeps a clean cause whose class computes its tag from an instance's state, rather than its summary", () => {
      class Tagged {
        readonly #kind = "tagged";
        get [Symbol.toStringTag](): string {
          return this.#kind;
        }
      }
      const cause = Object.assign(new Error("failed"), { code: "E_TAGGED", Tagged });
      expect(new DevRevAbortError({ request, cause }).cause).toBe(cause);
    });

    it("shares a clean cause holding a generator or another realm's function a few levels down, as before", () => {
      const generator = Object.assign(new Error("failed"), {
        options: { hooks: { paginate: [function* pages() {}] } },
      });
      const otherRealm = Object.assign(new Error("failed"), {
        config: { hooks: [runInNewContext("(function retry() {})")] },
      });
      for (const cause of [generator, otherRealm]) {
        expect(new DevRevAbortError({ request, cause }).cause).toBe(cause);
      }
    });

    it("leaves no credential in RegExp's legacy statics (RegExp.input, RegExp.rightContext) once built", () => {
      new DevRevAbortError({ request, cause: "failed" });
      const statics = RegExp as unknown as Record<string, unknown>;
      const left = ["input", "lastMatch", "leftContext", "rightContext"].map((name) => String(statics[name]));
      expect(left.join("\n")).not.toContain(token);
    });

    it("judges an accessor's getter and setter as code too: their own fields are as reachable as a method's", () => {
      class Client {
        get session(): number {
          return 1;
        }
      }
      const getter = Object.getOwnPropertyDescriptor(Client.prototype, "session")?.get;
      Object.assign(getter as object, { auth: token });
      const lazy = Object.defineProperty(() => undefined, "prototype", {
        get: Object.assign(() => undefined, { auth: token }),
      });
      const error = new DevRevAbortError({
        request,
        cause: Object.assign(new Error("failed"), { Client, lazy }),
      });
      const copy = error.cause as { Client?: unknown; lazy?: unknown };
      /** The `auth` of the getter `key` on `on`, or undefined when the copy holds no function there. */
      const authOf = (on: unknown, key: string) =>
        typeof on === "function" || (typeof on === "object" && on !== null)
          ? (Object.getOwnPropertyDescriptor(on, key)?.get as { auth?: unknown } | undefined)?.auth
          : undefined;
      const client = copy.Client;
      const onPrototype =
        typeof client === "function" ? (client as { prototype?: object }).prototype : undefined;
      expect(authOf(onPrototype, "session")).not.toBe(token);
      expect(authOf(copy.lazy, "prototype")).not.toBe(token);
    });

    it("reads a field under Symbol.unscopables on code: only Array.prototype's list is the engine's", () => {
      // biome-ignore lint/complexity/noStaticOnlyClass: a class's static data is what is read here
      class Options {
        static [Symbol.unscopables] = { auth: token };
      }
      const error = new DevRevAbortError({ request, cause: Object.assign(new Error("failed"), { Options }) });
      const copy = error.cause as { Options?: { [Symbol.unscopables]?: { auth?: unknown } } };
      expect(copy.Options?.[Symbol.unscopables]?.auth).not.toBe(token);
      expect(exposed(error)).not.toContain(token);
    });

    it("does not take any null-prototype object with its own __proto__ accessor for a realm's Object.prototype", () => {
      const lookalike = Object.create(null) as Record<string, unknown>;
      Object.defineProperty(lookalike, "__proto__", { get() {}, set() {} });
      lookalike["auth"] = token;
      // A function, a class's prototype and plain data inheriting it: `auth` is read through each.
      const retry = Object.setPrototypeOf(function retry() {}, lookalike);
      class SdkError extends Error {}
      Object.setPrototypeOf(SdkError.prototype, lookalike);
      Object.defineProperty(SdkError.prototype, Symbol.toStringTag, { value: "Error" });
      // biome-ignore lint/complexity/noStaticOnlyClass: a class's static data is what is read here
      class Config {
        static defaults = Object.setPrototypeOf({ retries: 2 }, lookalike);
      }
      const fromFunction = new DevRevAbortError({
        request,
        cause: Object.assign(new Error("failed"), { retry, Config }),
      }).cause as { retry?: { auth?: unknown }; Config?: { defaults?: { auth?: unknown } } };
      expect(fromFunction.retry?.auth).not.toBe(token);
      expect(fromFunction.Config?.defaults?.auth).not.toBe(token);
      const fromClass = new DevRevAbortError({ request, cause: new SdkError("failed") }).cause;
      expect((fromClass as { auth?: unknown }).auth).not.toBe(token);
    });

    it("does not read as code a Map or class instance given to a function as its prototype and constructor", () => {
      function ViaMap() {}
      ViaMap.prototype = new Map([["authorization", token]]);
      ViaMap.prototype.constructor = ViaMap;
      function ViaInstance() {}
      ViaInstance.prototype = new Session(token);
      ViaInstance.prototype.constructor = ViaInstance;
      const cause = Object.assign(new Error("failed"), { ViaMap, ViaInstance });
      const copy = new DevRevAbortError({ request, cause }).cause as Record<string, unknown>;
      const read = (held: unknown, how: (prototype: object) => unknown) => {
        try {
          const prototype =
            typeof held === "function" ? (held as { prototype?: object }).prototype : undefined;
          return String(prototype === undefined ? undefined : how(prototype));
        } catch {
          return "unreadable";
        }
      };
      const get = (prototype: object) => Map.prototype.get.call(prototype, "authorization");
      expect(read(copy["ViaMap"], get)).not.toContain(token);
      expect(read(copy["ViaInstance"], (prototype) => (prototype as Session).token)).not.toContain(token);
    });
  });
});

describe("a response that remembers its request (devrev.raw's)", () => {
  const ANSWERED_REQUEST = Symbol.for("@devrev-kit.answeredRequest");
  const echoing = () =>
    new Response(null, { status: 401, headers: { "www-authenticate": `Bearer token="${token}"` } });
  const body = { type: "unauthenticated", message: "expired" };

  it("lets toDevRevError cut the request's credentials out of the headers without the request", () => {
    const response = echoing();
    Object.defineProperty(response, ANSWERED_REQUEST, {
      value: () => new Request(url, { headers: { authorization: token } }),
    });
    const error = toDevRevError(response, body, "GET /rev-orgs.list");
    expect(error.headers.get("www-authenticate")).toBe('Bearer token="[REDACTED]"');
    expect(error.request?.headers["authorization"]).toBe("[REDACTED]");
    expectNoToken(error);
  });

  it("gives way to a request passed in, and to nothing when what it holds is not a function or throws", () => {
    const passed = echoing();
    Object.defineProperty(passed, ANSWERED_REQUEST, { value: () => ({ url: "https://other.example/" }) });
    expect(toDevRevError(passed, body, undefined, { url }).request?.url).toBe(url);
    for (const value of [
      token,
      () => {
        throw new Error("no");
      },
    ]) {
      const response = echoing();
      Object.defineProperty(response, ANSWERED_REQUEST, { value });
      const error = toDevRevError(response, body);
      expect(error.request).toBeUndefined();
      expect(error.headers.get("www-authenticate")).toContain(token);
    }
    const throwing = {
      status: 401,
      get [ANSWERED_REQUEST]() {
        throw new Error("no");
      },
    };
    expect(toDevRevError(throwing, body).request).toBeUndefined();
    expect(toDevRevError(null as never, body).status).toBe(0);
  });
});

describe("secrets that overlap in an echo", () => {
  // The key ends with the token's first 8 characters, so a server echoing the key and then the token's
  // rest shows both at once: cutting only the leftmost match would leave most of the token readable.
  const overlapping = `zz-key-1${token.slice(0, 8)}`;
  const echo = `${overlapping}${token.slice(8)}`;

  it("are cut out as one, leaving no piece of either, short or too long for one pattern", () => {
    const long = `${token.slice(0, 8)}${"0123456789abcdef".repeat(100)}`;
    for (const [secret, key] of [
      [token, overlapping],
      [long, `zz-key-1${long.slice(0, 8)}`],
    ] as const) {
      const text = `${key}${secret.slice(8)}`;
      const headers = { authorization: `Bearer ${secret}`, "x-api-key": key };
      const error = createDevRevError({
        status: 401,
        body: `rejected ${text} here`,
        request: { url, headers },
      });
      expect((error as DevRevError).rawBody).toBe("rejected [REDACTED] here");
      expectNoPieceOf(error, secret);
      expectNoPieceOf(error, key);
    }
  });

  it("whichever of the two is listed first, in the body, its keys and the headers", () => {
    for (const headers of [
      { authorization: `Bearer ${token}`, "x-api-key": overlapping },
      { "x-api-key": overlapping, authorization: `Bearer ${token}` },
    ]) {
      const error = createDevRevError({
        status: 400,
        headers: new Headers({ "x-echo": echo }),
        body: { type: "bad_request", message: echo, [echo]: [echo] },
        request: { url, headers },
      }) as DevRevError;
      expect(error.body).toEqual({
        type: "bad_request",
        message: "[REDACTED]",
        "[REDACTED]": ["[REDACTED]"],
      });
      expect(error.headers.get("x-echo")).toBe("[REDACTED]");
    }
  });

  it("a secret repeating into itself is cut out to its last character", () => {
    // The key also starts 8 characters into each echo, so overlapping echoes make one span.
    const periodic = "abcd1234abcd1234";
    const error = createDevRevError({
      status: 401,
      body: `seen ${periodic}abcd1234 and ${periodic}${periodic} end`,
      request: { url, headers: { "x-api-key": periodic } },
    });
    expect((error as DevRevError).rawBody).toBe("seen [REDACTED] and [REDACTED] end");
  });
});

describe("numbers that are not a secret", () => {
  it("an all-digit key with leading zeros does not redact the small number it parses to", () => {
    const error = createDevRevError({
      status: 429,
      headers: new Headers({ "content-type": "application/json" }),
      body: JSON.stringify({ type: "too_many_requests", message: "slow down", retry_after: 1 }),
      request: { headers: { "x-api-key": "0000000000000001" } },
    });
    expect((error as { body?: { retry_after?: unknown } }).body?.retry_after).toBe(1);
  });
});

describe("secrets named by the caller (`secrets`), besides the request's credentials", () => {
  const quoted = "vault-tok\n42";
  const cause = new AggregateError([new Error(`header value "${quoted}" refused`)], `wrapped ${quoted}`);

  it("are cut out of the message, the cause and every rendering, whatever their length", () => {
    const errors = [
      new DevRevKitError(`middleware failed: ${quoted}`, { cause, secrets: [quoted, "pw1"] }),
      new DevRevConnectionError({ requestSent: false, cause, secrets: [quoted] }),
      new DevRevTimeoutError({ timeoutMs: 5, cause: `late ${quoted}`, secrets: [quoted] }),
    ];
    for (const error of errors) {
      expectNoToken(error, quoted);
      expect(inspect(error.cause, { depth: 10, showHidden: true })).not.toContain("vault-tok");
    }
    const [kit] = errors as [DevRevKitError];
    expect(kit.message).toBe("middleware failed: [REDACTED]");
    expect(new DevRevKitError("pw1 is short", { secrets: ["pw1"] }).message).toBe("[REDACTED] is short");
    // The caller's objects are left as they were.
    expect(cause.message).toContain(quoted);
  });

  it("are cut out of the kept request too, as are the request's credentials wherever else it holds them", () => {
    const given = "s3cr3t-value-1";
    const error = new DevRevKitError("failed", {
      secrets: [given],
      request: {
        url: `https://api.devrev.ai/echo/${token}/${given}?q=${given}`,
        headers: {
          authorization: `Bearer ${token}`,
          "x-trace": token,
          "x-note": `note ${given}`,
          [`x-${given}`]: "1",
        },
      },
    });
    expect(error.request).toEqual({
      method: undefined,
      url: "https://api.devrev.ai/echo/[REDACTED]/[REDACTED]?q=[REDACTED]",
      headers: { authorization: "Bearer [REDACTED]", "x-trace": "[REDACTED]", "x-note": "note [REDACTED]" },
    });
    expectNoToken(error, given);
    expectNoToken(error);
    // Header names are lowercased on the copy: a name holding a mixed-case credential is left out all the same.
    const mixed = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkb246MSJ9";
    const echoed = new DevRevKitError("failed", {
      request: { url, headers: { authorization: `Bearer ${mixed}`, [`x-echo-${mixed}`]: "1", "x-ok": "1" } },
    });
    expect(echoed.request?.headers).toEqual({ authorization: "Bearer [REDACTED]", "x-ok": "1" });
  });

  it("are ignored when not strings, and an empty list changes nothing", () => {
    const odd = [42, null, ""] as unknown as string[];
    expect(new DevRevKitError("keep 42", { secrets: odd, cause }).cause).toBe(cause);
    expect(new DevRevKitError(`keep ${quoted}`, { secrets: [] }).message).toBe(`keep ${quoted}`);
  });
});

describe("a response header whose name holds a credential", () => {
  it("is left out of the error's headers, whatever the case, while the others stay", () => {
    const mixed = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkb246MSJ9";
    const long = `Key${"0123456789abcdef".repeat(80)}`;
    for (const secret of [mixed, long]) {
      const headers = new Headers({ [`x-echo-${secret}`]: "1", "x-request-id": "req-1" });
      const request = { url, headers: { authorization: `Bearer ${secret}` } };
      for (const error of [
        createDevRevError({ status: 404, body: { type: "not_found" }, headers, request }),
        new DevRevResponseError({ status: 200, reason: "schema_mismatch", headers, request }),
      ]) {
        const kept = error as DevRevError;
        expect([...kept.headers.keys()]).toEqual(["x-request-id"]);
        expect(inspect(error, { depth: 10, showHidden: true }).toLowerCase()).not.toContain(
          secret.toLowerCase(),
        );
      }
    }
  });
});

describe("a secret that repeats itself", () => {
  it("is cut out of a text repeating it as one span, in time linear in the text (pattern and long secrets)", () => {
    for (const secret of ["a".repeat(1000), "ab".repeat(600)]) {
      const text = `x${secret.slice(0, 2).repeat(1_500_000)}y`;
      const started = performance.now();
      const error = new DevRevKitError(text, { secrets: [secret] });
      // Reading every occurrence afresh took over 2 s per secret on these 3 MB here; one pass takes 30 ms.
      expect(performance.now() - started).toBeLessThan(1000);
      expect(error.message).toBe("x[REDACTED]y");
    }
  });

  it("still lets a longer secret that starts inside the run, and ends past it, be cut out whole", () => {
    const run = "aaaaaaaa";
    const longer = `${"a".repeat(12)}S3CRET-TAIL`;
    const error = new DevRevKitError(`${"a".repeat(16)}${longer} end`, { secrets: [run, longer] });
    expect(error.message).toBe("[REDACTED] end");
  });
});
