// The union rules on their own, on inline schemas: a variant removed deep inside an array of a response.
import { describe, expect, it } from "vitest";
import { normalizeSchema } from "../src/drift/normalize-schema.ts";
import { compareUnionVariants } from "../src/spec-diff/union-variants.ts";

const inline = (node: unknown) => ({ node, ref: undefined });
const member = (type: string) => ({
  type: "object",
  required: ["type"],
  properties: { type: { type: "string", enum: [type] }, id: { type: "string" } },
});
const owners = (...types: string[]) => ({
  type: "object",
  properties: {
    owners: { type: "array", items: { oneOf: types.map(member) } },
  },
});

describe("compareUnionVariants", () => {
  it("judges a variant removed from a union in a response's array items breaking, as TypeScript code breaks", () => {
    const before = normalizeSchema(owners("rev_user", "sys_user"), inline);
    const after = normalizeSchema(owners("rev_user"), inline);
    const { changes } = compareUnionVariants(before, after, "response");
    expect(changes).toEqual([
      {
        path: "owners[]",
        change: "variant type=sys_user removed",
        breaking: expect.stringContaining("[prevent removing response union variants]"),
      },
    ]);
  });

  it("and a variant added to a request union not breaking", () => {
    const before = normalizeSchema(owners("rev_user"), inline);
    const after = normalizeSchema(owners("rev_user", "sys_user"), inline);
    expect(compareUnionVariants(before, after, "request").changes).toEqual([
      { path: "owners[]", change: "variant type=sys_user added", breaking: undefined },
    ]);
  });
});
