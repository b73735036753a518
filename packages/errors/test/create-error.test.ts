import { describe, expect, it } from "vitest";
import {
  BadRequestError,
  ConflictError,
  createDevRevError,
  DevRevError,
  DevRevKitError,
  DevRevResponseError,
  ForbiddenError,
  InternalServerError,
  isDevRevError,
  isErrorOfType,
  isResponseError,
  NotFoundError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthenticatedError,
} from "../src/index.ts";
import { badRequestBodies, declaredStatuses, fallbackTypes, statusBodies } from "./support/spec-bodies.ts";

const classes: Record<number, abstract new (...args: never[]) => DevRevError> = {
  400: BadRequestError,
  401: UnauthenticatedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  429: TooManyRequestsError,
  500: InternalServerError,
  503: ServiceUnavailableError,
};

const operation = "POST /rev-orgs.create";

describe("declared statuses with spec-valid bodies", () => {
  describe.each(statusBodies)("$status $className", ({ status, className, body }) => {
    it.each([
      ["raw text", JSON.stringify(body)],
      ["parsed JSON", body],
      ["bytes", new TextEncoder().encode(JSON.stringify(body))],
    ])("from %s", (_, input) => {
      const error = createDevRevError({ status, body: input, operation });
      expect(error).toBeInstanceOf(classes[status]);
      expect(error).toBeInstanceOf(DevRevError);
      expect(error).toBeInstanceOf(DevRevKitError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(className);
      expect(error.constructor.name).toBe(className);
      const devRevError = error as DevRevError;
      expect(devRevError.status).toBe(status);
      expect(devRevError.type).toBe(body.type);
      expect(devRevError.body).toEqual(body);
      expect(devRevError.operation).toBe(operation);
      expect(devRevError.serverMessage).toBe(body.message);
      expect(devRevError.rawBody).toBeUndefined();
      // The server's message, then what it leaves out: the field to fix, the id to quote to support.
      const { field_name: field, reference_id: referenceId } = body as {
        field_name?: string;
        reference_id?: string;
      };
      const facts = `${field ? ` (field: ${field})` : ""}${referenceId ? ` (reference_id: ${referenceId})` : ""}`;
      expect(devRevError.message).toBe(
        `${operation} failed with ${status} ${body.type}: ${body.message}${facts}`,
      );
      expect(isErrorOfType(error, body.type)).toBe(true);
    });
  });

  it("reads retry_after (seconds) of a 429 into retryAfterMs", () => {
    const error = createDevRevError({ status: 429, body: { type: "too_many_requests", retry_after: 2 } });
    expect((error as TooManyRequestsError).retryAfterMs).toBe(2000);
  });

  it("reads reference_id of a 500 into referenceId", () => {
    const error = createDevRevError({
      status: 500,
      body: '{"type":"internal_error","reference_id":"ref-9"}',
    });
    expect((error as InternalServerError).referenceId).toBe("ref-9");
  });
});

describe("every 400 subtype", () => {
  it.each(badRequestBodies.map((body) => [body.type, body] as const))("%s", (type, body) => {
    const error = createDevRevError({ status: 400, body: JSON.stringify(body), operation });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, type, body });
    expect(isErrorOfType(error, type)).toBe(true);
    // Exactly one subtype matches.
    const others = badRequestBodies.filter((other) => other.type !== type);
    expect(others.some((other) => isErrorOfType(error, other.type))).toBe(false);
  });

  it("covers all sixteen subtypes", () => {
    expect(new Set(badRequestBodies.map((body) => body.type)).size).toBe(16);
  });
});

describe("declared statuses without a usable body get their class and a fallback type", () => {
  const bodies: [string, unknown, string | undefined][] = [
    ["no body", undefined, ""],
    ["empty text", "", ""],
    ["whitespace", "  \n", "  \n"],
    ["HTML", "<html><h1>Too many requests</h1></html>", "<html><h1>Too many requests</h1></html>"],
    ["JSON null", "null", "null"],
    ["parsed null", null, "null"],
    ["JSON array", '[{"type":"not_found"}]', '[{"type":"not_found"}]'],
    ["parsed array", [1, 2], "[1,2]"],
    ["JSON string", '"oops"', '"oops"'],
    ["number", 42, "42"],
    ["truncated JSON", '{"type":"conflict"', '{"type":"conflict"'],
    ["template braces", "{{error}}", "{{error}}"],
  ];
  describe.each(declaredStatuses)("%i", (status) => {
    it.each(bodies)("%s", (_, body, rawBody) => {
      const error = createDevRevError({ status, body }) as DevRevError;
      expect(error).toBeInstanceOf(classes[status]);
      expect(error.type).toBe(fallbackTypes[status]);
      expect(error.body).toEqual({ type: fallbackTypes[status] });
      expect(error.rawBody).toBe(rawBody);
      expect(error.message).toBe(`DevRev API request failed with ${status} ${fallbackTypes[status]}`);
    });

    it("an object without type keeps its fields and gets the fallback type", () => {
      const error = createDevRevError({ status, body: '{"message":"route not found"}' }) as DevRevError;
      expect(error).toBeInstanceOf(classes[status]);
      expect(error.body).toEqual({ message: "route not found", type: fallbackTypes[status] });
      expect(error.serverMessage).toBe("route not found");
    });

    it.each([
      ["non-string type", 7],
      ["empty type", ""],
      ["null type", null],
    ])("%s", (_, type) => {
      const error = createDevRevError({ status, body: { type, detail: "d" } }) as DevRevError;
      expect(error.type).toBe(fallbackTypes[status]);
      expect(error.detail).toBe("d");
    });
  });

  it("a gateway 429 with only a Retry-After header is a TooManyRequestsError that knows how long to wait", () => {
    const error = createDevRevError({ status: 429, body: "", headers: { "Retry-After": "7" } });
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfterMs).toBe(7000);
  });
});

describe("types the spec does not pair with the status", () => {
  it("keeps an unknown type and falls back to the status class", () => {
    const error = createDevRevError({
      status: 400,
      body: { type: "quota_exceeded", limit: 5 },
    }) as DevRevError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.type).toBe("quota_exceeded");
    expect(error.body).toEqual({ type: "quota_exceeded", limit: 5 });
  });

  it("keeps a type that belongs to another status; the class follows the status", () => {
    const error = createDevRevError({ status: 409, body: { type: "invalid_field", field_name: "x" } });
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as DevRevError).type).toBe("invalid_field");
    expect(isErrorOfType(error, "invalid_field")).toBe(true);
    expect(isErrorOfType(error, "conflict")).toBe(false);
  });
});

describe("statuses the spec does not declare", () => {
  it.each([402, 405, 413, 422, 451, 501, 502, 504, 599])(
    "%i with a JSON object body is a DevRevError",
    (status) => {
      const error = createDevRevError({ status, body: '{"message":"nope","type":"method_not_allowed"}' });
      expect(error.constructor).toBe(DevRevError);
      expect(error.name).toBe("DevRevError");
      expect(isDevRevError(error)).toBe(true);
      expect(error).toMatchObject({ status, type: "method_not_allowed", serverMessage: "nope" });
    },
  );

  it("a JSON body without type gets the type 'unknown'", () => {
    const error = createDevRevError({ status: 422, body: { message: "unprocessable" } }) as DevRevError;
    expect(error.type).toBe("unknown");
    expect(error.body).toEqual({ message: "unprocessable", type: "unknown" });
  });

  it.each([
    ["HTML", "<html><body><h1>502 Bad Gateway</h1></body></html>"],
    ["empty", ""],
    ["JSON array", "[]"],
    ["plain text", "upstream connect error"],
  ])("502 with a %s body is a DevRevResponseError", (_, body) => {
    const error = createDevRevError({ status: 502, body, operation }) as DevRevResponseError;
    expect(error).toBeInstanceOf(DevRevResponseError);
    expect(error).toBeInstanceOf(DevRevKitError);
    expect(isDevRevError(error)).toBe(false);
    expect(isResponseError(error)).toBe(true);
    expect(error).toMatchObject({ status: 502, reason: "unexpected_status", rawBody: body, operation });
    expect(error.message).toContain(`${operation} failed with 502 and a response that is not a DevRev error`);
  });

  it.each([
    [200, "{}"],
    [204, ""],
    [302, '{"type":"not_found"}'],
    [0, "{}"],
    [1000, "{}"],
    [-1, "{}"],
    [400.5, "{}"],
    [Number.NaN, "{}"],
    ["400", "{}"],
  ])("a non-error status %s is a DevRevResponseError", (status, body) => {
    const error = createDevRevError({ status: status as number, body });
    expect(error).toBeInstanceOf(DevRevResponseError);
    const expected = typeof status === "number" && Number.isInteger(status) && status >= 0 && status < 1000;
    expect(error.status).toBe(expected ? status : 0);
    expect((error as DevRevResponseError).rawBody).toBe(body);
  });

  it("keeps a pre-parsed object body of a non-error status as JSON text", () => {
    const error = createDevRevError({ status: 200, body: { type: "x" } }) as DevRevResponseError;
    expect(error.rawBody).toBe('{"type":"x"}');
  });
});

describe("headers", () => {
  it("reads the request id and keeps the headers, from every header shape", () => {
    const shapes = [
      new Headers({ "X-Request-Id": "req-1" }),
      { "x-request-id": "req-1" },
      [["x-request-id", "req-1"]] as [string, string][],
      new Map([["x-request-id", "req-1"]]),
    ];
    for (const headers of shapes) {
      const error = createDevRevError({ status: 404, headers, body: "" }) as DevRevError;
      expect(error.requestId).toBe("req-1");
      expect(error.headers.get("x-request-id")).toBe("req-1");
    }
  });

  it.each(["x-devrev-request-id", "request-id", "x-amzn-requestid"])("reads %s", (name) => {
    const error = createDevRevError({ status: 500, headers: { [name]: " r-2 " }, body: "" });
    expect((error as DevRevError).requestId).toBe("r-2");
  });

  it("joins array values, keeps numbers, and skips what Headers would reject", () => {
    const error = createDevRevError({
      status: 400,
      body: "",
      headers: {
        "x-many": ["a", "b"],
        "content-length": 12,
        "bad name": "x",
        "x-newline": "a\nb",
        "x-undefined": undefined,
        "x-null": null,
        "x-request-id": "   ",
      },
    }) as DevRevError;
    expect([...error.headers]).toEqual([
      ["content-length", "12"],
      ["x-many", "a, b"],
      ["x-request-id", ""],
    ]);
    expect(error.requestId).toBeUndefined();
  });

  it("ignores headers that are not an object, and malformed pairs", () => {
    for (const headers of ["x: y", 5, null, [[1, "x"], "nope", ["x-ok", "1"]]]) {
      const error = createDevRevError({ status: 400, body: "", headers: headers as never }) as DevRevError;
      expect([...error.headers].length).toBeLessThanOrEqual(1);
    }
  });

  it("keeps the headers read before an iterator threw", () => {
    function* pairs() {
      yield ["x-first", "1"] as const;
      throw new Error("boom");
    }
    const error = createDevRevError({ status: 400, body: "", headers: pairs() }) as DevRevError;
    expect([...error.headers]).toEqual([["x-first", "1"]]);
  });
});

describe("bodies that cannot be read at all", () => {
  it("classifies by status when the pre-parsed body is a throwing proxy", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const error = createDevRevError({ status: 429, body: proxy, headers: { "retry-after": "1" } });
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as DevRevError).body).toEqual({ type: "too_many_requests" });
    expect((error as DevRevError).retryAfterMs).toBe(1000);
    expect(createDevRevError({ status: 502, body: proxy })).toBeInstanceOf(DevRevResponseError);
  });

  it("describes values JSON cannot hold", () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect((createDevRevError({ status: 502, body: cyclic }) as DevRevResponseError).rawBody).toBe(
      "[object Array]",
    );
    expect((createDevRevError({ status: 502, body: 10n }) as DevRevResponseError).rawBody).toBe(
      "[object BigInt]",
    );
    expect((createDevRevError({ status: 502, body: () => 1 }) as DevRevResponseError).rawBody).toBe(
      "() => 1",
    );
  });
});
