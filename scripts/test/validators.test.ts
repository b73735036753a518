import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateValidators } from "../src/generate-validators.ts";
import type { createValidators } from "../src/validators-runtime.ts";

// A small spec with every OpenAPI 3.0 feature the generator has to translate: `nullable`, discriminators
// with and without `mapping` (including DevRev's "empty marker" members), formats JSON Schema does not
// know, documentation keywords, shared responses, query parameters and a body-less response.
const spec = {
  openapi: "3.0.3",
  info: { title: "fixture", version: "1" },
  paths: {
    "/things.create": {
      post: {
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/things-create-request" } } },
        },
        responses: {
          "201": {
            description: "created",
            content: { "application/json": { schema: { $ref: "#/components/schemas/thing" } } },
          },
          "204": { description: "nothing" },
          "400": { $ref: "#/components/responses/bad-request" },
        },
      },
    },
    "/things.list": {
      get: {
        parameters: [
          { name: "limit", in: "query", schema: { type: "integer", format: "int32" } },
          {
            name: "ids",
            in: "query",
            explode: false,
            schema: { type: "array", items: { type: "string", format: "id" } },
          },
          { name: "created_date.after", in: "query", schema: { type: "string", format: "date-time" } },
          {
            name: "mode",
            in: "query",
            required: true,
            schema: { type: "string", enum: ["after", "before"] },
          },
        ],
        responses: { "400": { $ref: "#/components/responses/bad-request" } },
      },
    },
  },
  components: {
    responses: {
      "bad-request": {
        description: "bad",
        content: { "application/json": { schema: { $ref: "#/components/schemas/error-bad-request" } } },
      },
    },
    schemas: {
      "things-create-request": {
        type: "object",
        description: "documentation is dropped",
        required: ["name"],
        properties: {
          name: { type: "string", format: "text", example: "a thing", deprecated: true },
          tier: { type: "string", nullable: true, "x-vendor": 1 },
          color: { type: "string", enum: ["red", "blue"], nullable: true },
          owner: { $ref: "#/components/schemas/owner", description: "ignored sibling of $ref" },
          score: { type: "number", minimum: 0, exclusiveMinimum: true },
        },
      },
      thing: {
        type: "object",
        required: ["id", "created_date"],
        properties: {
          id: { type: "string", format: "id" },
          created_date: { type: "string", format: "date-time" },
          owner: { $ref: "#/components/schemas/owner" },
        },
      },
      // Discriminator without a mapping: members are selected by the values their own `type` allows.
      owner: {
        type: "object",
        discriminator: { propertyName: "type" },
        oneOf: [{ $ref: "#/components/schemas/owner-user" }, { $ref: "#/components/schemas/owner-bot" }],
      },
      "owner-user": {
        type: "object",
        required: ["type", "email"],
        properties: { type: { type: "string", enum: ["user"] }, email: { type: "string" } },
      },
      "owner-bot": {
        type: "object",
        required: ["type"],
        properties: { type: { type: "string", enum: ["bot"] }, version: { type: "integer" } },
      },
      // DevRev's published error layout: allOf [base, {discriminator + mapping, oneOf}], members marked
      // with `additionalProperties: false` when they add nothing.
      "error-base": { type: "object", properties: { message: { type: "string", format: "text" } } },
      "error-bad-request": {
        allOf: [
          { $ref: "#/components/schemas/error-base" },
          {
            type: "object",
            discriminator: {
              propertyName: "type",
              mapping: {
                parse_error: "#/components/schemas/error-parse-error",
                missing_required_field: "#/components/schemas/error-missing-required-field",
              },
            },
            oneOf: [
              { $ref: "#/components/schemas/error-parse-error" },
              { $ref: "#/components/schemas/error-missing-required-field" },
            ],
            properties: { type: { type: "string", enum: ["parse_error", "missing_required_field"] } },
            required: ["type"],
          },
        ],
      },
      "error-parse-error": { type: "object", additionalProperties: false },
      "error-missing-required-field": {
        type: "object",
        required: ["field_name"],
        properties: { field_name: { type: "string", format: "text" } },
      },
    },
  },
};

type Validators = ReturnType<typeof createValidators>;

let dir: string;
let js: string;
let v: Validators;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "devrev-kit-validators-"));
  const generated = await generateValidators(structuredClone(spec));
  js = generated.js;
  writeFileSync(join(dir, "validators.gen.js"), js);
  v = (await import(pathToFileURL(join(dir, "validators.gen.js")).href)) as Validators;
}, 30_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const op = (key: string) => key;

describe("generated validators", () => {
  it("lists operations as METHOD /path, with their declared statuses", () => {
    expect(v.operationKeys).toEqual(["POST /things.create", "GET /things.list"]);
    expect(v.declaredStatuses(op("POST /things.create"))).toEqual([201, 204, 400]);
  });

  it("accepts a valid request body and reports missing and mistyped fields as JSON pointers", () => {
    expect(v.validateRequestBody(op("POST /things.create"), { name: "x" })).toEqual({ valid: true });
    const result = v.validateRequestBody(op("POST /things.create"), { name: 42, owner: { type: "user" } });
    expect(result).toEqual({
      valid: false,
      issues: [
        { path: "/name", keyword: "type", message: "must be string", expectedType: "string" },
        {
          path: "/owner/email",
          keyword: "required",
          message: "must have required property 'email'",
          missingProperty: "email",
        },
      ],
    });
  });

  it("reads `nullable: true` as also allowing null, for plain and enum strings", () => {
    expect(v.validateRequestBody(op("POST /things.create"), { name: "x", tier: null, color: null })).toEqual({
      valid: true,
    });
    const result = v.validateRequestBody(op("POST /things.create"), { name: "x", color: "green" });
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.issues[0]).toMatchObject({ path: "/color", keyword: "enum" });
  });

  it("translates draft-04 boolean exclusiveMinimum", () => {
    expect(v.validateRequestBody(op("POST /things.create"), { name: "x", score: 0.5 }).valid).toBe(true);
    expect(v.validateRequestBody(op("POST /things.create"), { name: "x", score: 0 }).valid).toBe(false);
  });

  it("selects discriminated members by value, reporting only the selected member's errors", () => {
    const bot = v.validateRequestBody(op("POST /things.create"), {
      name: "x",
      owner: { type: "bot", version: "1" },
    });
    expect(bot).toEqual({
      valid: false,
      issues: [
        { path: "/owner/version", keyword: "type", message: "must be integer", expectedType: "integer" },
      ],
    });
    const unknown = v.validateRequestBody(op("POST /things.create"), { name: "x", owner: { type: "alien" } });
    expect(unknown).toEqual({
      valid: false,
      issues: [
        {
          path: "/owner/type",
          keyword: "enum",
          message: 'must be one of "user", "bot"',
          allowedValues: ["user", "bot"],
        },
      ],
    });
    const missing = v.validateRequestBody(op("POST /things.create"), { name: "x", owner: {} });
    expect(missing.valid === false && missing.issues.map((issue) => issue.missingProperty)).toEqual(["type"]);
  });

  it("follows a discriminator mapping and treats empty `additionalProperties: false` members as markers", () => {
    const check = (body: unknown) => v.validateResponseBody(op("POST /things.create"), 400, body);
    expect(check({ type: "parse_error", message: "bad JSON" })).toEqual({ valid: true });
    expect(check({ type: "missing_required_field", field_name: "name", message: "x" })).toEqual({
      valid: true,
    });
    expect(check({ type: "missing_required_field" })).toMatchObject({
      valid: false,
      issues: [{ path: "/field_name", keyword: "required", missingProperty: "field_name" }],
    });
  });

  it("ignores formats JSON Schema does not define, but enforces the ones it does", () => {
    const ok = { id: "don:core:anything at all", created_date: "2024-03-01T09:30:00.000Z" };
    expect(v.validateResponseBody(op("POST /things.create"), 201, ok)).toEqual({ valid: true });
    const bad = v.validateResponseBody(op("POST /things.create"), 201, { ...ok, created_date: "yesterday" });
    expect(bad).toMatchObject({ valid: false, issues: [{ path: "/created_date", keyword: "format" }] });
  });

  it("rejects statuses the operation does not declare, and bodies for body-less responses", () => {
    const undeclared = v.validateResponseBody(op("POST /things.create"), 404, {});
    expect(undeclared).toMatchObject({ valid: false, issues: [{ keyword: "status" }] });
    if (!undeclared.valid) expect(undeclared.issues[0]?.message).toContain("201, 204, 400");
    expect(v.validateResponseBody(op("POST /things.create"), 204, undefined)).toEqual({ valid: true });
    expect(v.validateResponseBody(op("POST /things.create"), 204, { a: 1 }).valid).toBe(false);
  });

  it("validates decoded query parameters by their spec names", () => {
    const list = "GET /things.list";
    expect(
      v.validateQuery(list, {
        mode: "after",
        limit: 5,
        ids: ["a", "b"],
        "created_date.after": "2024-01-01T00:00:00Z",
      }),
    ).toEqual({ valid: true });
    const result = v.validateQuery(list, { limit: "five", "created_date.after": "soon" });
    expect(result.valid === false && result.issues.map((issue) => [issue.path, issue.keyword])).toEqual([
      ["/mode", "required"],
      ["/limit", "type"],
      ["/created_date.after", "format"],
    ]);
  });

  it("answers unknown operations with an issue rather than a throw", () => {
    expect(v.validateRequestBody(op("DELETE /nothing"), {})).toMatchObject({
      valid: false,
      issues: [{ keyword: "operation" }],
    });
    expect(v.validateRequestBody(op("__proto__"), {})).toMatchObject({
      valid: false,
      issues: [{ keyword: "operation" }],
    });
    expect(v.validateRequestBody(op("POST /things.create"), undefined)).toMatchObject({
      valid: false,
      issues: [{ keyword: "body" }],
    });
  });
});

describe("the generated module", () => {
  it("is one self-contained ES module: it loads from a data: URL, where no import could resolve", async () => {
    expect(js).not.toMatch(/^\s*import\b|\bfrom\s*["']|\bimport\(/m);
    const loaded = (await import(
      `data:text/javascript;base64,${Buffer.from(js).toString("base64")}`
    )) as Validators;
    expect(loaded.operationKeys).toHaveLength(2);
  });

  it("is deterministic and carries a do-not-edit header naming the spec", async () => {
    const again = await generateValidators(structuredClone(spec));
    expect(again.js).toBe(js);
    expect(js.split("\n")[0]).toContain("do not edit");
    expect(js).toMatch(/Spec: fixture 1 \(sha256 [0-9a-f]{64}\)/);
    expect(again.dts).toContain('export type OperationKey = "POST /things.create" | "GET /things.list";');
    expect(again.dts).toContain('export type QueryOperationKey = "GET /things.list";');
  });

  it("fails loudly on references it cannot follow", async () => {
    const broken = structuredClone(spec) as { components: { schemas: Record<string, unknown> } };
    broken.components.schemas["thing"] = { $ref: "#/components/schemas/missing" };
    await expect(generateValidators(broken)).rejects.toThrow(/missing/);
  });
});

describe("the committed validators (packages/types/src/generated)", () => {
  it("cover the eight operations with the statuses the bundled spec declares", async () => {
    const committed = (await import(
      "../../packages/types/src/generated/validators.gen.js"
    )) as unknown as Validators;
    const spec = JSON.parse(
      readFileSync(new URL("../../packages/types/src/generated/openapi.gen.json", import.meta.url), "utf8"),
    ) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect([...committed.operationKeys].sort()).toEqual(
      [
        "POST /rev-orgs.create",
        "POST /rev-orgs.update",
        "GET /rev-orgs.list",
        "POST /rev-orgs.list",
        "POST /rev-users.update",
        "POST /rev-users.link",
        "POST /rev-users.associations.add",
        "POST /accounts.update",
      ].sort(),
    );
    for (const key of committed.operationKeys) {
      const [method, path] = key.split(" ") as [string, string];
      const declared = Object.keys(spec.paths[path]?.[method.toLowerCase()]?.responses ?? {}).map(Number);
      expect(committed.declaredStatuses(key), key).toEqual(declared.sort((a, b) => a - b));
    }
  });
});
