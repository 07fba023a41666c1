// The budget lines. Totals and the call's range are shown as the person
// types (with JavaScript; without it, as the server computed them), and
// whichever of "requested" and "co-financing" is left empty is derived.
import { forwardRef } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Field, SelectField } from "~/components/ui/field";
import { typedBudgetTotals, typedLineAmounts, typedLinesOf, type TypedLine } from "~/domains/proposals/budget-draft";
import { BUDGET_CATEGORIES } from "~/domains/proposals/proposal-schemas";
import type { useProposalForm } from "~/components/proposals/use-proposal-form";
import { formatMoney, type AppLocale } from "~/utils/i18n";
import { Rows, rowCount } from "./rows";

type Form = ReturnType<typeof useProposalForm>;
type FieldProps = UseFormRegisterReturn & { defaultValue: string; error?: string };

export function BudgetRows({
  call,
  savedLines,
  values,
  field,
  form,
  readOnly,
  locale,
}: {
  call: { minGrant: bigint | string; maxGrant: bigint | string };
  savedLines: number;
  values: Record<string, string>;
  field: (name: string) => FieldProps;
  form: Pick<Form, "register" | "watch" | "hydrated">;
  readOnly: boolean;
  locale: AppLocale;
}) {
  const { t } = useTranslation("proposals");
  const range = { minGrant: BigInt(call.minGrant), maxGrant: BigInt(call.maxGrant) };
  const watched: unknown = form.hydrated ? form.watch("lines") : undefined;
  const typed = form.hydrated ? (Array.isArray(watched) ? watched : []) : typedLinesOf(values);
  const totals = typedBudgetTotals(typed, range);
  return (
    <>
      <dl className="facts compact budget-totals">
        <div>
          <dt>{t("budget.grantRange")}</dt>
          <dd>
            {formatMoney(range.minGrant, locale)} — {formatMoney(range.maxGrant, locale)}
          </dd>
        </div>
        <div>
          <dt>{t("budget.requestedTotal")}</dt>
          <dd aria-live="polite">
            <strong>{formatMoney(totals.requested, locale)}</strong>
            {totals.warning ? (
              <span className="range-warning" role="status">
                {" "}
                {t(`budget.warning.${totals.warning.code}`, { by: formatMoney(totals.warning.by, locale) })}
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t("budget.cofinancingTotal")}</dt>
          <dd>{formatMoney(totals.cofinancing, locale)}</dd>
        </div>
      </dl>
      <p className="hint">
        {t("budget.moneyHint")} {t("budget.requestedHint")}
      </p>
      <Rows
        prefix="lines"
        initial={rowCount(values, "lines")}
        saved={savedLines}
        legend={(n) => t("budget.row", { n })}
        addLabel={t("budget.add")}
        hydrated={form.hydrated}
        readOnly={readOnly}
        register={form.register}
        render={(i) => (
          <>
            <div className="row-grid">
              <CategorySelect {...field(`lines.${i}.category`)} />
              <Field label={t("budget.description")} {...field(`lines.${i}.description`)} />
              <Field label={t("budget.unit")} {...field(`lines.${i}.unit`)} />
              <Field label={t("budget.quantity")} inputMode="decimal" autoComplete="off" {...field(`lines.${i}.quantity`)} />
              <Field label={t("budget.unitCost")} inputMode="decimal" autoComplete="off" {...field(`lines.${i}.unitCost`)} />
              <Field label={t("budget.cofinancing")} inputMode="decimal" autoComplete="off" {...field(`lines.${i}.cofinancing`)} />
              <Field label={t("budget.requested")} inputMode="decimal" autoComplete="off" {...field(`lines.${i}.requested`)} />
            </div>
            <LineTotal line={typed[i] ?? {}} locale={locale} />
          </>
        )}
      />
    </>
  );
}

/** forwardRef: react-hook-form reads the select through its ref; without it a chosen category read as empty. */
const CategorySelect = forwardRef<HTMLSelectElement, Omit<UseFormRegisterReturn, "ref"> & { defaultValue: string; error?: string }>(
  function CategorySelect(props, ref) {
    const { t } = useTranslation("proposals");
    const options = [
      { value: "", label: t("budget.chooseCategory") },
      ...BUDGET_CATEGORIES.map((c) => ({ value: c, label: t(`budget.category.${c}`) })),
    ];
    return <SelectField ref={ref} label={t("budget.categoryLabel")} options={options} {...props} />;
  },
);

/** Quantity x unit cost and its split, as the server will compute them. */
function LineTotal({ line, locale }: { line: TypedLine; locale: AppLocale }) {
  const { t } = useTranslation("proposals");
  const amounts = typedLineAmounts(line);
  if (!amounts) return null;
  return (
    <p className="line-total">
      {t("budget.lineTotal", { amount: formatMoney(amounts.total, locale) })}
      {amounts.requested !== null ? ` · ${t("budget.lineRequested", { amount: formatMoney(amounts.requested, locale) })}` : null}
    </p>
  );
}
