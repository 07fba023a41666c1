// The call's budget rules at submission (issue 15, decision 0075): the first
// broken rule refuses the submission with a message that names the category
// and the amounts, in soms, in the reader's language.
import { budgetRulesOf, budgetRuleViolations, bpToPercentText, type BudgetRuleViolation } from "~/domains/calls/budget-rules";
import { DomainError } from "~/utils/domain-error";
import { formatMoney, type AppLocale } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";

/** A proposal breaks the call's budget rules; `violations` lists every broken rule, the message names the first. */
export class BudgetRulesBroken extends DomainError {
  constructor(
    readonly violations: BudgetRuleViolation[],
    params: Record<string, string>,
  ) {
    super(violations[0]!.kind === "overCap" ? "proposals:errors.budgetOverCap" : "proposals:errors.budgetMissing", params, 422);
  }
}

/** Throws BudgetRulesBroken when the lines break the call's stored rules. */
export async function assertBudgetRules(storedRules: unknown, lines: { category: string; requested: bigint }[], locale: AppLocale) {
  const violations = budgetRuleViolations(budgetRulesOf(storedRules), lines);
  const first = violations[0];
  if (!first) return;
  const t = await getFixedT(locale, "proposals");
  const category = t(`budget.category.${first.category}`);
  const params: Record<string, string> =
    first.kind === "overCap"
      ? {
          category,
          amount: formatMoney(first.amount, locale),
          total: formatMoney(first.total, locale),
          cap: formatMoney(first.cap, locale),
          percent: bpToPercentText(first.maxShareBp),
        }
      : { category };
  throw new BudgetRulesBroken(violations, params);
}
