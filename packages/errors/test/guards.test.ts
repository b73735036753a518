import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as errors from "../src/index.ts";
import { badRequestBodies, statusBodies } from "./support/spec-bodies.ts";

type ErrorsModule = typeof errors;

const {
  BadRequestError,
  ConflictError,
  createDevRevError,
  DevRevAbortError,
  DevRevConnectionError,
  DevRevError,
  DevRevResponseError,
  DevRevTimeoutError,
  ForbiddenError,
  InternalServerError,
  isErrorOfType,
  NotFoundError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthenticatedError,
} = errors;

const guardNames = [
  "isDevRevKitError",
  "isDevRevError",
  "isBadRequestError",
  "isUnauthenticatedError",
  "isForbiddenError",
  "isNotFoundError",
  "isConflictError",
  "isTooManyRequestsError",
  "isInternalServerError",
  "isServiceUnavailableError",
  "isConnectionError",
  "isTimeoutError",
  "isAbortError",
  "isResponseError",
] as const;

type GuardName = (typeof guardNames)[number];

/** One instance of every class, built by the given copy of the module, with the guards it must pass. */
function samples(m: ErrorsModule): [string, unknown, GuardName[]][] {
  const http: GuardName[] = ["isDevRevKitError", "isDevRevError"];
  return [
    ["BadRequestError", new m.BadRequestError(), [...http, "isBadRequestError"]],
    ["UnauthenticatedError", new m.UnauthenticatedError(), [...http, "isUnauthenticatedError"]],
    ["ForbiddenError", new m.ForbiddenError(), [...http, "isForbiddenError"]],
    ["NotFoundError", new m.NotFoundError(), [...http, "isNotFoundError"]],
    ["ConflictError", new m.ConflictError(), [...http, "isConflictError"]],
    ["TooManyRequestsError", new m.TooManyRequestsError(), [...http, "isTooManyRequestsError"]],
    ["InternalServerError", new m.InternalServerError(), [...http, "isInternalServerError"]],
    ["ServiceUnavailableError", new m.ServiceUnavailableError(), [...http, "isServiceUnavailableError"]],
    ["DevRevError", new m.DevRevError({ status: 422 }), http],
    [
      "DevRevConnectionError",
      new m.DevRevConnectionError({ requestSent: true }),
      ["isDevRevKitError", "isConnectionError"],
    ],
    [
      "DevRevTimeoutError",
      new m.DevRevTimeoutError({ timeoutMs: 1 }),
      ["isDevRevKitError", "isTimeoutError"],
    ],
    ["DevRevAbortError", new m.DevRevAbortError(), ["isDevRevKitError", "isAbortError"]],
    [
      "DevRevResponseError",
      new m.DevRevResponseError({ status: 200, reason: "invalid_json" }),
      ["isDevRevKitError", "isResponseError"],
    ],
    ["DevRevKitError", new m.DevRevKitError("x"), ["isDevRevKitError"]],
  ];
}

function expectGuards(m: ErrorsModule, value: unknown, passing: readonly GuardName[]): void {
  for (const name of guardNames) {
    expect({ guard: name, result: m[name](value) }).toEqual({ guard: name, result: passing.includes(name) });
  }
}

describe("each guard recognises exactly its classes", () => {
  it.each(samples(errors))("%s", (_, error, passing) => {
    expectGuards(errors, error, passing);
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a string", "BadRequestError"],
    ["a number", 400],
    ["a plain Error", new Error("400")],
    ["a look-alike object", { name: "BadRequestError", status: 400, type: "bad_request", body: {} }],
    ["a function", () => undefined],
    ["a brand that is not a list", { [Symbol.for("@devrev-kit/errors.kinds")]: "DevRevError" }],
  ])("%s passes none", (_, value) => {
    expectGuards(errors, value, []);
  });

  it("no guard throws, even on a revoked proxy or a throwing getter", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const hostile = Object.defineProperty({}, Symbol.for("@devrev-kit/errors.kinds"), {
      get() {
        throw new Error("boom");
      },
    });
    for (const value of [proxy, hostile]) expectGuards(errors, value, []);
    expect(isErrorOfType(proxy, "bad_request")).toBe(false);
  });

  it("instanceof agrees with the guards within one copy", () => {
    expect(new BadRequestError()).toBeInstanceOf(DevRevError);
    expect(new TooManyRequestsError()).not.toBeInstanceOf(BadRequestError);
    expect(new DevRevAbortError()).not.toBeInstanceOf(DevRevError);
    for (const Class of [
      UnauthenticatedError,
      ForbiddenError,
      NotFoundError,
      ConflictError,
      InternalServerError,
      ServiceUnavailableError,
      DevRevConnectionError,
      DevRevTimeoutError,
      DevRevResponseError,
    ]) {
      expect(Class.prototype).toBeInstanceOf(errors.DevRevKitError);
    }
  });
});

describe("isErrorOfType", () => {
  it("matches the type and narrows to it", () => {
    const error: unknown = createDevRevError({
      status: 400,
      body: { type: "invalid_field", field_name: "tier" },
    });
    expect(isErrorOfType(error, "invalid_field")).toBe(true);
    expect(isErrorOfType(error, "invalid_id")).toBe(false);
    if (isErrorOfType(error, "invalid_field")) expect(error.body.field_name).toBe("tier");
  });

  const of = (status: number, body: object) => createDevRevError({ status, body });

  it("narrows only a body that has the type's fields, of the spec's kinds", () => {
    expect(isErrorOfType(of(400, { type: "invalid_field", message: "bad" }), "invalid_field")).toBe(false);
    expect(isErrorOfType(of(400, { type: "invalid_field", field_name: 42 }), "invalid_field")).toBe(false);
    expect(isErrorOfType(of(500, { type: "invalid_field" }), "invalid_field")).toBe(false);
    expect(
      isErrorOfType(of(400, { type: "invalid_field", field_name: "tier", message: 5 }), "invalid_field"),
    ).toBe(false);
    expect(
      isErrorOfType(of(400, { type: "invalid_field", field_name: "tier", extra: 1 }), "invalid_field"),
    ).toBe(true);
    expect(
      isErrorOfType(of(400, { type: "invalid_field", field_name: "tier", message: null }), "invalid_field"),
    ).toBe(false);
    // A type this copy's spec does not know (a newer API's, cast by the caller) has no fields to check.
    expect(isErrorOfType(of(400, { type: "brand_new", anything: 1 }), "brand_new" as never)).toBe(true);
    // Optional fields may be absent, but not of another kind.
    expect(isErrorOfType(of(429, { type: "too_many_requests" }), "too_many_requests")).toBe(true);
    expect(isErrorOfType(of(429, { type: "too_many_requests", retry_after: 30 }), "too_many_requests")).toBe(
      true,
    );
    expect(
      isErrorOfType(of(429, { type: "too_many_requests", retry_after: "30" }), "too_many_requests"),
    ).toBe(false);
    const enumBody = { type: "invalid_enum_value", field_name: "tier", value: "gold", allowed_values: {} };
    expect(isErrorOfType(of(400, enumBody), "invalid_enum_value")).toBe(false);
    expect(isErrorOfType(of(400, { ...enumBody, allowed_values: ["tier_1"] }), "invalid_enum_value")).toBe(
      true,
    );
    // Arrays of one kind are checked item by item, enums value by value.
    expect(isErrorOfType(of(400, { ...enumBody, allowed_values: [1, 2] }), "invalid_enum_value")).toBe(false);
    const jsonType = {
      type: "unexpected_json_type",
      field_name: "tier",
      actual: "number",
      expected: "string",
    };
    expect(isErrorOfType(of(400, jsonType), "unexpected_json_type")).toBe(true);
    expect(isErrorOfType(of(400, { ...jsonType, actual: "integer" }), "unexpected_json_type")).toBe(false);
    const custom = { type: "customization_validation_error", subtype: "field_required" };
    expect(isErrorOfType(of(400, custom), "customization_validation_error")).toBe(true);
    const merge = { type: "merge_works_error", errors: [{ details: "closed", work: "ISS-1" }] };
    expect(isErrorOfType(of(400, merge), "merge_works_error")).toBe(true);
    expect(isErrorOfType(of(400, { ...merge, errors: "closed" }), "merge_works_error")).toBe(false);
    expect(isErrorOfType(of(400, { ...merge, errors: [["closed"]] }), "merge_works_error")).toBe(false);
    expect(isErrorOfType(of(400, { type: "invalid_field", field_name: ["tier"] }), "invalid_field")).toBe(
      false,
    );
    const unknownSubtype = { ...custom, subtype: "regex_mismatch" };
    expect(isErrorOfType(of(400, unknownSubtype), "customization_validation_error")).toBe(false);
  });

  it("checks the fields of objects inside the body, and of each array item, as the types narrow them", () => {
    const merge = { type: "merge_works_error", errors: [{ details: "closed", work: "ISS-1" }] };
    const mergeWith = (error: unknown) => of(400, { ...merge, errors: [merge.errors[0], error] });
    expect(isErrorOfType(mergeWith({ details: "closed", work: "ISS-2" }), "merge_works_error")).toBe(true);
    // An item without a required field, or with one of the wrong kind, is not what the types say.
    expect(isErrorOfType(mergeWith({}), "merge_works_error")).toBe(false);
    expect(isErrorOfType(mergeWith({ details: "closed", work: 7 }), "merge_works_error")).toBe(false);
    // Two levels down: already_merged requires merged_into.
    const merged = { details: "merged", work: "ISS-2", already_merged: { merged_into: "ISS-9" } };
    expect(isErrorOfType(mergeWith(merged), "merge_works_error")).toBe(true);
    const mergedNowhere = { ...merged, already_merged: {} };
    expect(isErrorOfType(mergeWith(mergedNowhere), "merge_works_error")).toBe(false);
    const dependency = { type: "missing_dependency", dependencies: [{ field_name: "a", field_value: "b" }] };
    expect(isErrorOfType(of(400, dependency), "missing_dependency")).toBe(true);
    const halfDependency = { ...dependency, dependencies: [{ field_name: "a" }] };
    expect(isErrorOfType(of(400, halfDependency), "missing_dependency")).toBe(false);
    const workflow = { type: "workflow_component_validation_errors", errors: [{ code: "x", message: "y" }] };
    expect(isErrorOfType(of(400, workflow), "workflow_component_validation_errors")).toBe(true);
    const noCode = { ...workflow, errors: [{ message: "y" }] };
    expect(isErrorOfType(of(400, noCode), "workflow_component_validation_errors")).toBe(false);
  });

  it("narrows every spec-valid body of each type in the test tables", () => {
    for (const { status, body } of [
      ...statusBodies,
      ...badRequestBodies.map((body) => ({ status: 400, body })),
    ]) {
      expect({
        type: body.type,
        narrowed: isErrorOfType(createDevRevError({ status, body }), body.type),
      }).toEqual({
        type: body.type,
        narrowed: true,
      });
    }
  });

  it("does not match a fallback type unless the body carries it", () => {
    const error = createDevRevError({ status: 404, body: "" });
    expect(isErrorOfType(error, "not_found")).toBe(true);
    expect(isErrorOfType(new DevRevError({ status: 422 }), "bad_request")).toBe(false);
  });

  it("is false for everything that is not a DevRevError, and for a look-alike whose body disagrees", () => {
    const brand = Symbol.for("@devrev-kit/errors.kinds");
    for (const value of [
      undefined,
      new DevRevResponseError({ status: 400, reason: "invalid_json" }),
      { type: "conflict" },
    ]) {
      expect(isErrorOfType(value, "conflict")).toBe(false);
    }
    const throwing = Object.defineProperty({ [brand]: ["DevRevError"] }, "type", {
      get() {
        throw new Error("boom");
      },
    });
    expect(isErrorOfType(throwing, "conflict")).toBe(false);
    expect(isErrorOfType({ [brand]: ["DevRevError"], type: "conflict", body: null }, "conflict")).toBe(false);
    expect(
      isErrorOfType({ [brand]: ["DevRevError"], type: "conflict", body: { type: "x" } }, "conflict"),
    ).toBe(false);
    expect(
      isErrorOfType({ [brand]: ["DevRevError"], type: "conflict", body: { type: "conflict" } }, "conflict"),
    ).toBe(true);
  });
});

describe("two separately loaded copies of the package", () => {
  const folders: string[] = [];
  let copies: [ErrorsModule, ErrorsModule];

  beforeAll(async () => {
    const source = join(import.meta.dirname, "../src");
    const load = async (): Promise<ErrorsModule> => {
      const folder = mkdtempSync(join(tmpdir(), "devrev-kit-errors-copy-"));
      folders.push(folder);
      cpSync(source, folder, { recursive: true });
      return (await import(/* @vite-ignore */ pathToFileURL(join(folder, "index.ts")).href)) as ErrorsModule;
    };
    copies = [await load(), await load()];
  });

  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it("are really different classes", () => {
    const [a, b] = copies;
    expect(a.BadRequestError).not.toBe(b.BadRequestError);
    expect(a.BadRequestError).not.toBe(BadRequestError);
    expect(new a.BadRequestError()).not.toBeInstanceOf(b.BadRequestError);
  });

  it("recognise each other's errors by brand", () => {
    const [a, b] = copies;
    for (const [from, to] of [
      [a, b],
      [b, a],
      [a, errors],
      [errors, b],
    ] as const) {
      for (const [, error, passing] of samples(from)) expectGuards(to, error, passing);
    }
  });

  it("agree on isErrorOfType and retry decisions", () => {
    const [a, b] = copies;
    const error = a.createDevRevError({ status: 429, body: { type: "too_many_requests", retry_after: 3 } });
    expect(b.isErrorOfType(error, "too_many_requests")).toBe(true);
    expect(b.getRetryDecision(error, { idempotent: false })).toEqual({ retry: true, minDelayMs: 3000 });
    const sent = a.createDevRevError({ status: 500, body: "" });
    expect(b.getRetryDecision(sent, { idempotent: false })).toEqual({ retry: false, minDelayMs: undefined });
  });
});
