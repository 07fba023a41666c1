// The "Budget rules" rows of the call form: one row per budget category, read
// by the browser (react-hook-form) and the action alike. Messages are keys of "calls".
import { z } from "zod";
import { BUDGET_CATEGORIES } from "~/domains/proposals/budget-categories";
import { bpToPercentText, CLASSIFICATION_CODE, isRule, percentToBp, type BudgetRule } from "./budget-rules";

const RuleRowSchema = z
  .object({
    maxShare: z.string({ invalid_type_error: "invalid" }).trim().default(""),
    // A ticked box: "yes" from a plain post, the value or `true` from react-hook-form; unticked: absent or false.
    required: z.preprocess((v) => v === true || v === "yes", z.boolean()),
    code: z.string({ invalid_type_error: "invalid" }).trim().default(""),
  })
  .superRefine((row, ctx) => {
    if (row.maxShare !== "" && percentToBp(row.maxShare) === null)
      ctx.addIssue({ code: "custom", path: ["maxShare"], message: "calls:budgetRules.error.share" });
    if (row.code !== "" && !CLASSIFICATION_CODE.test(row.code))
      ctx.addIssue({ code: "custom", path: ["code"], message: "calls:budgetRules.error.code" });
  });

/** The rows as stored rules, in category order; a row left empty is no rule. */
export const BudgetRulesField = z
  .preprocess((v) => (v && typeof v === "object" ? v : {}), z.record(z.enum(BUDGET_CATEGORIES), RuleRowSchema))
  .transform((rows): BudgetRule[] =>
    BUDGET_CATEGORIES.map((category) => {
      const row = rows[category] ?? { maxShare: "", required: false, code: "" };
      return {
        category,
        maxShareBp: row.maxShare === "" ? null : percentToBp(row.maxShare),
        required: row.required,
        classificationCode: row.code,
      };
    }).filter(isRule),
  );

export type BudgetRuleRow = { maxShare?: string; required?: string; code?: string };

const RULE_KEY = new RegExp(`^budgetRules\\.(${BUDGET_CATEGORIES.join("|")})\\.(maxShare|required|code)$`);

/** A posted field of the rows, as [category, field], or null when the key is not one. */
export function budgetRuleKey(key: string): [string, string] | null {
  const match = RULE_KEY.exec(key);
  return match ? [match[1]!, match[2]!] : null;
}

/** Stored rules as the rows the form starts with. */
export function budgetRuleRows(rules: BudgetRule[]): Record<string, BudgetRuleRow> {
  return Object.fromEntries(
    rules.map((rule) => [
      rule.category,
      {
        maxShare: rule.maxShareBp === null ? "" : bpToPercentText(rule.maxShareBp),
        ...(rule.required ? { required: "yes" } : {}),
        code: rule.classificationCode,
      },
    ]),
  );
}
