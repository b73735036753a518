import { beforeAll, describe, expect, it } from "vitest";
import { judgeTypeCost, readBudgets } from "../src/budgets/budgets.ts";
import { compareTypeCost, type TypeCostComparison } from "../src/budgets/type-cost.ts";

describe("type-instantiation budget (all eight operations plus error handling)", () => {
  let cost: TypeCostComparison;
  beforeAll(() => {
    cost = compareTypeCost();
  });

  it("counts real work for both consumers over the baseline", () => {
    expect(cost.baseline.instantiations).toBeGreaterThan(0);
    expect(cost.clientAdded).toBeGreaterThan(0);
    expect(cost.openapiFetchAdded).toBeGreaterThan(cost.clientAdded);
  });

  it("@devrev-kit/client adds at most the budgeted share of bare openapi-fetch's instantiations", () => {
    const verdict = judgeTypeCost(cost);
    expect(verdict.ok, verdict.message).toBe(true);
  });
});

describe("type-cost budget messages", () => {
  const comparison = (clientAdded: number, openapiFetchAdded: number): TypeCostComparison => {
    const count = (instantiations: number) => ({ project: "p", instantiations, types: 1 });
    return {
      baseline: count(100),
      client: count(100 + clientAdded),
      openapiFetch: count(100 + openapiFetchAdded),
      clientAdded,
      openapiFetchAdded,
      ratio: clientAdded / openapiFetchAdded,
    };
  };

  it("say which limit was crossed, by how much, and how to see the counts", () => {
    const { maxClientAdded } = readBudgets().budgets.typeInstantiations;
    const ratio = judgeTypeCost(comparison(600, 1_000));
    expect(ratio.ok).toBe(false);
    expect(ratio.message).toContain("ratio 0.600");
    expect(ratio.message).toContain("100 instantiations (20.0 %) over");
    expect(ratio.message).toContain("tsc --extendedDiagnostics");
    const ceiling = judgeTypeCost(comparison(maxClientAdded + 1, 1_000_000));
    expect(ceiling.ok).toBe(false);
    expect(ceiling.message).toContain(`1 instantiations (0.1 %) over its ${maxClientAdded} ceiling`);
    expect(judgeTypeCost(comparison(maxClientAdded, 1_000_000)).ok).toBe(true);
  });
});
