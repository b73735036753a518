// The spec's own examples against its own schemas: every request, response, parameter and schema example
// of the bundled spec, checked by the generated validators and by an independent ajv compile of the spec.

import {
  declaredStatuses,
  operationKeys,
  validateQuery,
  validateRequestBody,
  validateResponseBody,
} from "@devrev-kit/types/validators";
import { describe, expect, it } from "vitest";
import { collectExamples, countExampleKeys, type SpecExample } from "../src/examples.ts";
import { loadSpec, specOperations, specValidator } from "../src/spec.ts";

const examples = collectExamples();
const ajv = specValidator();

function issuesOf(
  result: { valid: true } | { valid: false; issues: Array<{ path: string; message: string }> },
) {
  return result.valid ? [] : result.issues.map((issue) => `${issue.path || "/"} ${issue.message}`);
}

/** What the generated validators say about an example (those with an operation and a place). */
function generatedVerdict(example: SpecExample): string[] {
  const { operation } = example;
  if (operation === undefined) return [];
  if (example.kind === "request body") return issuesOf(validateRequestBody(operation, example.value));
  if (example.kind === "response body") {
    return issuesOf(validateResponseBody(operation, example.status ?? 0, example.value));
  }
  if (example.kind === "parameter" && operation === "GET /rev-orgs.list") {
    return issuesOf(validateQuery(operation, { [example.parameter ?? ""]: example.value }));
  }
  return [];
}

describe("the spec's examples", () => {
  it("the walk finds every example in the spec", () => {
    expect(new Set(examples.map((example) => example.pointer)).size).toBe(countExampleKeys(loadSpec()));
    expect(examples.length).toBeGreaterThan(50);
  });

  it("every request body and every declared response of every operation has an example", () => {
    const missing: string[] = [];
    for (const op of specOperations()) {
      if (op.requestBody && !examples.some((e) => e.operation === op.key && e.kind === "request body")) {
        missing.push(`${op.key} request`);
      }
      for (const status of declaredStatuses(op.key)) {
        if (
          !examples.some((e) => e.operation === op.key && e.kind === "response body" && e.status === status)
        ) {
          missing.push(`${op.key} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(specOperations().map((op) => op.key)).toEqual([...operationKeys]);
  });

  it.each(examples.map((example) => [example.kind, example.pointer, example] as const))(
    "%s example %s validates",
    (_kind, _pointer, example) => {
      expect(ajv.check(example.schema, example.value), "independent ajv").toEqual([]);
      expect(generatedVerdict(example), "generated validators").toEqual([]);
    },
  );
});

// The checks above could pass by accepting anything: these broken copies of real examples must fail.
describe("a broken example fails both validators", () => {
  const find = (kind: SpecExample["kind"], operation: string, status?: number) => {
    const found = examples.find((e) => e.kind === kind && e.operation === operation && e.status === status);
    if (!found) throw new Error(`no ${kind} example for ${operation} ${status ?? ""}`);
    return found;
  };
  const clone = <T>(value: T): T => structuredClone(value);

  it("a create request without its required display_name", () => {
    const example = find("request body", "POST /rev-orgs.create");
    const broken = clone(example.value) as Record<string, unknown>;
    delete broken["display_name"];
    expect(ajv.check(example.schema, broken)).not.toEqual([]);
    expect(validateRequestBody("POST /rev-orgs.create", broken).valid).toBe(false);
  });

  it("a 201 whose created_by names a user type the spec does not know", () => {
    const example = find("response body", "POST /rev-orgs.create", 201);
    const broken = clone(example.value) as { rev_org: { created_by: { type: string } } };
    broken.rev_org.created_by.type = "robot_user";
    expect(ajv.check(example.schema, broken)).not.toEqual([]);
    expect(validateResponseBody("POST /rev-orgs.create", 201, broken).valid).toBe(false);
  });

  it("a 400 with an error type outside the sixteen", () => {
    const example = find("response body", "POST /accounts.update", 400);
    const broken = { ...(example.value as object), type: "no_such_error" };
    expect(ajv.check(example.schema, broken)).not.toEqual([]);
    expect(validateResponseBody("POST /accounts.update", 400, broken).valid).toBe(false);
  });

  it("a list page whose limit-sized array holds a string", () => {
    const example = find("response body", "GET /rev-orgs.list", 200);
    const broken = { ...(example.value as object), rev_orgs: ["REV-1"] };
    expect(ajv.check(example.schema, broken)).not.toEqual([]);
    expect(validateResponseBody("GET /rev-orgs.list", 200, broken).valid).toBe(false);
  });

  it("a date-time schema example that is not a date-time", () => {
    const example = examples.find(
      (e) => e.kind === "schema" && (e.schema as { format?: string }).format === "date-time",
    );
    if (!example) throw new Error("no date-time schema example");
    expect(ajv.check(example.schema, "yesterday")).not.toEqual([]);
  });

  it("a query limit that is not an integer", () => {
    const example = examples.find((e) => e.kind === "parameter" && e.parameter === "limit");
    if (!example) throw new Error("no limit parameter example");
    expect(ajv.check(example.schema, "50")).not.toEqual([]);
    expect(validateQuery("GET /rev-orgs.list", { limit: "50" }).valid).toBe(false);
  });
});
