import { useTranslation } from "react-i18next";
import { Field } from "~/components/ui/field";
import type { BudgetRuleRow } from "~/domains/calls/budget-rules-schemas";
import { BUDGET_CATEGORIES } from "~/domains/proposals/budget-categories";

type Props = {
  /** The rows as typed or stored, by category. */
  rows: unknown;
  errorFor: (name: string) => string | undefined;
  register: (name: string) => { name: string };
};

function rowOf(rows: unknown, category: string): BudgetRuleRow {
  const row: unknown = rows && typeof rows === "object" ? Object.getOwnPropertyDescriptor(rows, category)?.value : undefined;
  if (!row || typeof row !== "object") return {};
  const text = (key: string) => {
    const v: unknown = Object.getOwnPropertyDescriptor(row, key)?.value;
    return typeof v === "string" ? v : v === true ? "yes" : undefined;
  };
  return { maxShare: text("maxShare"), required: text("required"), code: text("code") };
}

/**
 * The call form's "Budget rules" (issue 15): per budget category a cap as a
 * percentage of the requested total, whether it must be present, and its
 * budget-classification code. A row left empty is no rule.
 */
export function BudgetRulesFieldset({ rows, errorFor, register }: Props) {
  const { t } = useTranslation("calls");
  const { t: tp } = useTranslation("proposals");
  return (
    <fieldset className="budget-rules">
      <legend>{t("budgetRules.legend")}</legend>
      <p className="hint">{t("budgetRules.hint")}</p>
      {BUDGET_CATEGORIES.map((category) => {
        const row = rowOf(rows, category);
        const name = (field: string) => `budgetRules.${category}.${field}`;
        const headingId = `budget-rule-${category}`;
        return (
          <div className="budget-rule-row" key={category} role="group" aria-labelledby={headingId}>
            <h3 id={headingId}>{tp(`budget.category.${category}`)}</h3>
            <div className="field-row">
              <Field
                label={t("budgetRules.maxShare")}
                hint={t("budgetRules.maxShareHint")}
                inputMode="decimal"
                defaultValue={row.maxShare ?? ""}
                error={errorFor(name("maxShare"))}
                {...register(name("maxShare"))}
              />
              <Field
                label={t("budgetRules.code")}
                hint={t("budgetRules.codeHint")}
                inputMode="numeric"
                defaultValue={row.code ?? ""}
                error={errorFor(name("code"))}
                {...register(name("code"))}
              />
            </div>
            <label className="checkbox">
              <input type="checkbox" value="yes" defaultChecked={row.required === "yes"} {...register(name("required"))} />
              <span>{t("budgetRules.required")}</span>
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}
