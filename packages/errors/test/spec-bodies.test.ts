// The hand-written bodies the table-driven tests use must be valid against the spec, as checked by the
// generated validators of @devrev-kit/types; otherwise the tables would test the wrong wire format.
import { validateResponseBody } from "@devrev-kit/types/validators";
import { describe, expect, it } from "vitest";
import { badRequestBodies, statusBodies } from "./support/spec-bodies.ts";

// Declares every error status the spec has (400, 401, 403, 404, 409, 429, 500, 503).
const operation = "POST /rev-orgs.update";

describe("the bodies in test/support/spec-bodies.ts are spec-valid", () => {
  it.each(statusBodies)("$status $body.type", ({ status, body }) => {
    expect(validateResponseBody(operation, status, body)).toEqual({ valid: true });
  });

  it.each(badRequestBodies.map((body) => [body.type, body] as const))("400 %s", (_, body) => {
    expect(validateResponseBody(operation, 400, body)).toEqual({ valid: true });
  });

  it("and the validator would notice a wrong one", () => {
    expect(validateResponseBody(operation, 400, { type: "invalid_field" })).toMatchObject({ valid: false });
  });
});
