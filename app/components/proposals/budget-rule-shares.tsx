import { useTranslation } from "react-i18next";
import { bpToPercentText, budgetRulesOf, categoryShares } from "~/domains/calls/budget-rules";
import { typedLineAmounts, type TypedLine } from "~/domains/proposals/budget-draft";
import { formatMoney, type AppLocale } from "~/utils/i18n";

const text = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * The call's budget rules against the budget as typed (with JavaScript) or saved (without it):
 * each category's share of the requested total beside its cap. The same rule refuses the submission.
 */
export function BudgetRuleShares({ rules: stored, lines, locale }: { rules: unknown; lines: readonly unknown[]; locale: AppLocale }) {
  const { t } = useTranslation("proposals");
  const rules = budgetRulesOf(stored);
  if (!rules.length) return null;
  const amounts = lines.flatMap((line) => {
    if (!line || typeof line !== "object") return [];
    const typed: TypedLine & { category?: unknown } = line;
    if (typed.remove === true || typed.remove === "on") return [];
    return [{ category: text(typed.category), requested: typedLineAmounts(typed)?.requested ?? 0n }];
  });
  return (
    <section className="panel budget-rule-shares" aria-labelledby="budget-rules-title">
      <h3 id="budget-rules-title">{t("budget.rules.title")}</h3>
      <ul aria-live="polite">
        {categoryShares(rules, amounts).map((share) => (
          <li key={share.category} className={share.ok ? undefined : "range-warning"}>
            <strong>{t(`budget.category.${share.category}`)}</strong>:{" "}
            {t("budget.rules.share", { share: bpToPercentText(share.shareBp), amount: formatMoney(share.amount, locale) })}
            {share.rule?.maxShareBp != null ? ` · ${t("budget.rules.cap", { percent: bpToPercentText(share.rule.maxShareBp) })}` : ""}
            {share.rule?.required ? ` · ${t("budget.rules.required")}` : ""}
            {" — "}
            {share.ok
              ? t("budget.rules.ok")
              : share.rule?.required && share.amount === 0n
                ? t("budget.rules.missing")
                : t("budget.rules.over")}
          </li>
        ))}
      </ul>
    </section>
  );
}
