import { useTranslation } from "react-i18next";
import { bpToPercentText, budgetRulesOf } from "~/domains/calls/budget-rules";

/** A call's budget rules as the public reads them (call page and its print version). Nothing when there are none. */
export function BudgetRulesList({ rules: stored }: { rules: unknown }) {
  const { t } = useTranslation("calls");
  const { t: tp } = useTranslation("proposals");
  const rules = budgetRulesOf(stored);
  if (!rules.length) return null;
  return (
    <section aria-labelledby="budget-rules-title">
      <h2 id="budget-rules-title">{t("budgetRules.publicTitle")}</h2>
      <ul className="budget-rules-list">
        {rules.map((rule) => {
          const parts = [
            rule.maxShareBp !== null ? t("budgetRules.capText", { percent: bpToPercentText(rule.maxShareBp) }) : null,
            rule.required ? t("budgetRules.requiredText") : null,
            rule.classificationCode ? t("budgetRules.codeText", { code: rule.classificationCode }) : null,
          ].filter(Boolean);
          return (
            <li key={rule.category}>
              <strong>{tp(`budget.category.${rule.category}`)}</strong>: {parts.join("; ")}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
