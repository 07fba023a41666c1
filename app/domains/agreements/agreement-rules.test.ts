import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocateTranches,
  applyChange,
  approvedBudget,
  bpToPercent,
  checkSchedule,
  evenTrancheShares,
  percentToBp,
  type AgreementSnapshot,
} from "./agreement-rules";

describe("evenTrancheShares", () => {
  it("proposes 33.33 / 33.33 / 33.34 % for three milestones (the letter's split), never 33 / 33 / 34", () => {
    expect(evenTrancheShares(3).map(bpToPercent)).toEqual(["33.33", "33.33", "33.34"]);
    expect(evenTrancheShares(2)).toEqual([5000, 5000]);
    expect(evenTrancheShares(0)).toEqual([10_000]);
    for (let n = 1; n <= 12; n += 1) expect(checkSchedule(evenTrancheShares(n))).toBeNull();
  });
});

describe("allocateTranches", () => {
  it("splits 40/40/20 and gives the rounding remainder to the last tranche", () => {
    expect(allocateTranches(100_000_01n, [4000, 4000, 2000])).toEqual([40_000_00n, 40_000_00n, 20_000_01n]);
    expect(allocateTranches(100n, [3333, 3333, 3334])).toEqual([33n, 33n, 34n]);
  });
  it("always totals the award exactly, whatever the amount and shares", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 14n }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }),
        (amount, raw) => {
          const shares = [...raw.slice(0, -1)];
          const used = shares.reduce((s, v) => s + v, 0);
          if (used >= 10_000) return;
          shares.push(10_000 - used);
          const amounts = allocateTranches(amount, shares);
          expect(amounts.reduce((s, v) => s + v, 0n)).toBe(amount);
          expect(amounts.every((a) => a >= 0n)).toBe(true);
        },
      ),
    );
  });
});

describe("checkSchedule", () => {
  it("accepts shares totalling 100 % and names what is wrong otherwise", () => {
    expect(checkSchedule([4000, 4000, 2000])).toBeNull();
    expect(checkSchedule([4000, 0, 6000])).toBeNull();
    expect(checkSchedule([4000, 4000, 1000])).toBe("sharesTotal");
    expect(checkSchedule([0, 0])).toBe("noTranche");
    expect(checkSchedule([-1, 10001])).toBe("shareRange");
  });
  it("reads percentages as people type them", () => {
    expect(percentToBp("40")).toBe(4000);
    expect(percentToBp("33,33")).toBe(3333);
    expect(percentToBp("12.5 %")).toBe(1250);
    expect(percentToBp("101")).toBeNull();
    expect(percentToBp("abc")).toBeNull();
  });
});

describe("approvedBudget", () => {
  it("keeps the lines when the award is what was asked, and scales them down to a cut award", () => {
    expect(
      approvedBudget(
        [
          { id: "a", requested: 600n },
          { id: "b", requested: 400n },
        ],
        1000n,
      ),
    ).toEqual([600n, 400n]);
    expect(
      approvedBudget(
        [
          { id: "a", requested: 600n },
          { id: "b", requested: 400n },
        ],
        501n,
      ),
    ).toEqual([300n, 201n]);
  });
});

describe("applyChange", () => {
  const snapshot: AgreementSnapshot = {
    amount: "1000",
    language: "ru",
    reportingTerms: "",
    bank: { name: "", bik: "", account: "" },
    milestones: [{ position: 1, title: "A", deliverables: "", dueOn: "2026-04-01T00:00:00.000Z" }],
    tranches: [{ position: 1, milestonePosition: 1, shareBp: 10000, amount: "1000" }],
    budget: [
      { budgetLineId: "x", position: 1, category: "Staff", description: "", amount: "600" },
      { budgetLineId: "y", position: 2, category: "Rent", description: "", amount: "400" },
    ],
  };
  it("moves a milestone date", () => {
    const out = applyChange(snapshot, { kind: "MILESTONE_DATE", milestonePosition: 1, newDueOn: "2026-05-01T00:00:00.000Z" });
    expect("snapshot" in out && out.snapshot.milestones[0]!.dueOn).toBe("2026-05-01T00:00:00.000Z");
    expect(applyChange(snapshot, { kind: "MILESTONE_DATE", milestonePosition: 9, newDueOn: "2026-05-01T00:00:00.000Z" })).toEqual({
      problem: "unknownMilestone",
    });
  });
  it("reallocates between lines keeping the total, and refuses more than a line holds", () => {
    const out = applyChange(snapshot, { kind: "BUDGET_REALLOCATION", fromBudgetLineId: "x", toBudgetLineId: "y", amount: "100" });
    expect("snapshot" in out && out.snapshot.budget.map((l) => l.amount)).toEqual(["500", "500"]);
    expect(applyChange(snapshot, { kind: "BUDGET_REALLOCATION", fromBudgetLineId: "x", toBudgetLineId: "y", amount: "601" })).toEqual({
      problem: "exceedsLine",
    });
    expect(applyChange(snapshot, { kind: "BUDGET_REALLOCATION", fromBudgetLineId: "x", toBudgetLineId: "x", amount: "1" })).toEqual({
      problem: "sameBudgetLine",
    });
  });
});
