import { describe, expect, it } from "vitest";
import { typedBudgetTotals, typedLineAmounts, typedLinesOf } from "./budget-draft";

describe("the budget as typed", () => {
  const range = { minGrant: 1_000_000n, maxGrant: 5_000_000n };
  it("totals the lines as the server will, deriving an empty requested amount", () => {
    const lines = typedLinesOf({
      "lines.0.quantity": "10",
      "lines.0.unitCost": "1 000",
      "lines.0.cofinancing": "2000",
      "lines.1.quantity": "2,5",
      "lines.1.unitCost": "abc",
    });
    expect(typedLineAmounts(lines[0]!)).toEqual({ total: 1_000_000n, requested: 800_000n, cofinancing: 200_000n });
    expect(typedLineAmounts(lines[1]!)).toBeNull();
    expect(typedBudgetTotals(lines, range)).toEqual({
      requested: 800_000n,
      cofinancing: 200_000n,
      warning: { code: "belowMinimum", by: 200_000n },
    });
  });

  it("warns above the maximum, leaves removed rows out, and is quiet in range or empty", () => {
    const line = { quantity: "1", unitCost: "30 000", requested: "", cofinancing: "" };
    expect(typedBudgetTotals([line, line], range).warning).toEqual({ code: "aboveMaximum", by: 1_000_000n });
    expect(typedBudgetTotals([line, { ...line, remove: true }], range).warning).toBeNull();
    expect(typedBudgetTotals([], range)).toEqual({ requested: 0n, cofinancing: 0n, warning: null });
  });

  it("ignores row indexes beyond what a post may carry", () => {
    expect(typedLinesOf({ "lines.99999999.quantity": "1", "lines.200.quantity": "1" })).toEqual([]);
  });
});
