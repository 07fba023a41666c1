import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "~/utils/forms.server";
import { completeCallForm } from "../../../tests/factories-calls";
import { budgetRulesOf, budgetRuleViolations, bpToPercentText, capAmount, percentToBp, type BudgetRule } from "./budget-rules";
import { budgetRuleRows } from "./budget-rules-schemas";
import { CallDraftSchema, readCallForm } from "./call-schemas";

const staff40: BudgetRule = { category: "STAFF", maxShareBp: 4000, required: false, classificationCode: "2111" };
const line = (category: string, requested: bigint) => ({ category, requested });

describe("budget rule violations", () => {
  it("passes a category at exactly its cap and refuses one tyiyn more", () => {
    // 40 000,00 of 100 000,00 is exactly 40 %.
    expect(budgetRuleViolations([staff40], [line("STAFF", 4_000_000n), line("RENT", 6_000_000n)])).toEqual([]);
    const over = budgetRuleViolations([staff40], [line("STAFF", 4_000_001n), line("RENT", 5_999_999n)]);
    expect(over).toEqual([
      { kind: "overCap", category: "STAFF", amount: 4_000_001n, total: 10_000_000n, cap: 4_000_000n, maxShareBp: 4000 },
    ]);
  });

  it("compares exactly when the cap is not a whole number of tyiyn", () => {
    // 40 % of 1 000,01 som is 400,004: 400,00 passes, 400,01 does not.
    expect(budgetRuleViolations([staff40], [line("STAFF", 40_000n), line("RENT", 60_001n)])).toEqual([]);
    expect(budgetRuleViolations([staff40], [line("STAFF", 40_001n), line("RENT", 60_000n)])).toHaveLength(1);
    expect(capAmount(100_001n, 4000)).toBe(40_000n);
  });

  it("adds the lines of one category and refuses a required category without an amount", () => {
    const rules: BudgetRule[] = [staff40, { category: "EVENTS", maxShareBp: null, required: true, classificationCode: "" }];
    expect(budgetRuleViolations(rules, [line("STAFF", 30n), line("STAFF", 20n), line("RENT", 50n)])).toEqual([
      { kind: "overCap", category: "STAFF", amount: 50n, total: 100n, cap: 40n, maxShareBp: 4000 },
      { kind: "missing", category: "EVENTS" },
    ]);
    expect(budgetRuleViolations(rules, [line("STAFF", 40n), line("EVENTS", 60n)])).toEqual([]);
  });

  it("a cap of 0 % forbids the category; 100 % allows all of it", () => {
    const zero: BudgetRule = { ...staff40, maxShareBp: 0 };
    expect(budgetRuleViolations([zero], [line("STAFF", 1n), line("RENT", 99n)])).toHaveLength(1);
    expect(budgetRuleViolations([{ ...staff40, maxShareBp: 10_000 }], [line("STAFF", 100n)])).toEqual([]);
  });
});

describe("percent input and stored rules", () => {
  it("reads percentages with at most two decimals, up to 100", () => {
    expect(percentToBp("40")).toBe(4000);
    expect(percentToBp("37,5")).toBe(3750);
    expect(percentToBp("12.25")).toBe(1225);
    expect(percentToBp("100")).toBe(10_000);
    for (const bad of ["150", "100.01", "-1", "4e1", "1.234", "", "forty"]) expect(percentToBp(bad)).toBeNull();
    expect(bpToPercentText(3750)).toBe("37.5");
    expect(bpToPercentText(4000)).toBe("40");
  });

  it("drops unreadable stored rows and keeps category order", () => {
    const rules = budgetRulesOf([
      { category: "RENT", maxShareBp: 2000, required: false, classificationCode: "" },
      { category: "NOPE", maxShareBp: 1, required: false, classificationCode: "" },
      { category: "STAFF", maxShareBp: 99_999, required: false, classificationCode: "" },
      staff40,
    ]);
    expect(rules.map((r) => r.category)).toEqual(["STAFF", "RENT"]);
    expect(budgetRulesOf("garbage")).toEqual([]);
  });
});

describe("the call form's budget rules", () => {
  const withRules = (entries: [string, string][]) => [...completeCallForm(), ...entries];

  it("turns the rows into stored rules and back, leaving empty rows out", () => {
    const parsed = CallDraftSchema.safeParse(
      readCallForm(
        withRules([
          ["budgetRules.STAFF.maxShare", "40"],
          ["budgetRules.STAFF.required", "yes"],
          ["budgetRules.STAFF.code", "2111"],
          ["budgetRules.RENT.maxShare", ""],
          ["budgetRules.RENT.code", ""],
        ]),
      ),
    );
    if (!parsed.success) throw parsed.error;
    expect(parsed.data.budgetRules).toEqual([{ category: "STAFF", maxShareBp: 4000, required: true, classificationCode: "2111" }]);
    expect(budgetRuleRows(parsed.data.budgetRules)).toEqual({ STAFF: { maxShare: "40", required: "yes", code: "2111" } });
  });

  it("names the field of a share over 100 and of a malformed code", () => {
    const result = CallDraftSchema.safeParse(
      readCallForm(
        withRules([
          ["budgetRules.STAFF.maxShare", "150"],
          ["budgetRules.TRAVEL.code", "22a1"],
        ]),
      ),
    );
    if (result.success) throw new Error("expected the form to be refused");
    expect(fieldErrorsOf(result.error)).toMatchObject({
      "budgetRules.STAFF.maxShare": ["calls:budgetRules.error.share"],
      "budgetRules.TRAVEL.code": ["calls:budgetRules.error.code"],
    });
  });
});
