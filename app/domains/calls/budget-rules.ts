// A call's budget rules (issue 15, decision 0075): per budget category a cap as
// a share of the requested total, whether the category must be present, and a
// budget-classification code carried into the agreement and the finance export.
// Pure: shares are basis points and every comparison is integer arithmetic.
import { z } from "zod";
import { BUDGET_CATEGORIES } from "~/domains/proposals/budget-categories";

export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

/** One category's rule as stored in Call.budgetRules. A category without any rule is not stored. */
export type BudgetRule = {
  category: BudgetCategory;
  /** The cap in basis points of the requested total (4000 = 40 %); null: no cap. */
  maxShareBp: number | null;
  required: boolean;
  /** Economic classification code of the budget (e.g. 2211); "" when none. */
  classificationCode: string;
};

export const MAX_SHARE_BP = 10_000;
/** Four to eight digits, optionally grouped by dots or dashes (2211, 2.2.1.1, 2211-00). */
export const CLASSIFICATION_CODE = /^\d(?:[.-]?\d){3,7}$/;

const StoredRule = z.object({
  category: z.enum(BUDGET_CATEGORIES),
  maxShareBp: z.number().int().min(0).max(MAX_SHARE_BP).nullable(),
  required: z.boolean(),
  classificationCode: z.string(),
});

/** The stored JSON as rules, in the order of BUDGET_CATEGORIES; anything unreadable is dropped, not guessed. */
export function budgetRulesOf(json: unknown): BudgetRule[] {
  const rows = Array.isArray(json) ? json : [];
  const parsed = rows.flatMap((row) => {
    const rule = StoredRule.safeParse(row);
    return rule.success ? [rule.data] : [];
  });
  return BUDGET_CATEGORIES.flatMap((category) => parsed.filter((rule) => rule.category === category).slice(0, 1));
}

/** Whether a rule says anything; an empty row of the form is no rule. */
export function isRule(rule: BudgetRule) {
  return rule.maxShareBp !== null || rule.required || rule.classificationCode !== "";
}

/** "40" or "37.5" (percent, at most two decimals) as basis points; null when it is not one. */
export function percentToBp(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return bp <= MAX_SHARE_BP ? bp : null;
}

/** Basis points as the percent a person types and reads: 4000 -> "40", 3750 -> "37.5". */
export function bpToPercentText(bp: number): string {
  return bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0$/, "");
}

/** The largest amount a category may hold under its cap: floor(total * bp / 10000). */
export function capAmount(total: bigint, maxShareBp: number): bigint {
  return (total * BigInt(maxShareBp)) / BigInt(MAX_SHARE_BP);
}

export type BudgetRuleViolation =
  | { kind: "overCap"; category: BudgetCategory; amount: bigint; total: bigint; cap: bigint; maxShareBp: number }
  | { kind: "missing"; category: BudgetCategory };

function totalsOf(lines: { category: string; requested: bigint }[]) {
  const amounts = new Map<string, bigint>();
  let total = 0n;
  for (const line of lines) {
    amounts.set(line.category, (amounts.get(line.category) ?? 0n) + line.requested);
    total += line.requested;
  }
  return { amounts, total };
}

/**
 * What breaks the call's rules: a category over its cap
 * (amount * 10000 > cap * total, exact: exactly the cap passes, one tyiyn more fails)
 * or a required category without any requested amount.
 */
export function budgetRuleViolations(rules: BudgetRule[], lines: { category: string; requested: bigint }[]): BudgetRuleViolation[] {
  const { amounts, total } = totalsOf(lines);
  const violations: BudgetRuleViolation[] = [];
  for (const rule of rules) {
    const amount = amounts.get(rule.category) ?? 0n;
    if (rule.required && amount <= 0n) violations.push({ kind: "missing", category: rule.category });
    if (rule.maxShareBp !== null && amount * BigInt(MAX_SHARE_BP) > BigInt(rule.maxShareBp) * total) {
      violations.push({
        kind: "overCap",
        category: rule.category,
        amount,
        total,
        cap: capAmount(total, rule.maxShareBp),
        maxShareBp: rule.maxShareBp,
      });
    }
  }
  return violations;
}

/** The classification code of a category under these rules ("" when none). */
export function classificationCodeOf(rules: BudgetRule[], category: string): string {
  return rules.find((rule) => rule.category === category)?.classificationCode ?? "";
}
