import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge, Notice } from "~/components/ui/alerts";
import { grantsLinks } from "~/components/agreements/agreement-ui";
import { orRespond } from "~/utils/loader-refusal.server";
import { STUCK_AFTER_ATTEMPTS } from "~/domains/disbursements/payment-rules";
import { BudgetUseChart, DisbursementsChart } from "~/components/finance/charts";
import { readFinanceChoice } from "~/domains/finance/finance-rules";
import { ExportLinks, FiguresTable, FinanceChooser, NoAppropriation } from "~/components/finance/finance-ui";
import { financeAttention, financeOverview } from "~/domains/finance/finance.server";
import { formatDate, localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.finance");

// ?year=2026&programme=<id>: this fiscal year (Bishkek) and all programmes by default; a foreign programme answers 404.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:finance:any");
  const choice = readFinanceChoice(new URL(request.url).searchParams);
  return orRespond(async () => {
    const [overview, attention] = await Promise.all([
      financeOverview({ actor, year: choice.year, programmeId: choice.programmeId }),
      financeAttention({ actor, stuckAfterAttempts: STUCK_AFTER_ATTEMPTS }),
    ]);
    return { ...overview, attention, badYear: choice.badYear };
  });
}

export default function FinanceDashboard() {
  const data = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("finance");
  const rows = data.rows.map((r) => ({ ...r, label: `${r.programme.code} ${localized(r.programme, "name", locale)}` }));
  const someClosed = rows.some((r) => r.closedAt);
  const exportParams = { year: String(data.year), programme: data.programme?.id ?? "" };
  const scope = [
    t("choice.scopeYear", { year: data.year }),
    data.programme ? `${data.programme.code} ${localized(data.programme, "name", locale)}` : t("choice.allProgrammes"),
  ].join(" · ");
  return (
    <section aria-labelledby="finance-title">
      <div className="page-head">
        <h1 id="finance-title">{t("title.dashboard")}</h1>
      </div>
      <FinanceChooser
        years={data.years}
        year={data.year}
        programmes={data.programmes}
        programmeId={data.programme?.id ?? null}
        locale={locale}
      />
      {data.badYear !== null ? <Notice tone="error">{t("choice.badYear", { value: data.badYear, year: data.year })}</Notice> : null}
      <h2 id="finance-scope">{scope}</h2>
      {data.closed ? (
        <Notice tone="neutral">
          <Badge tone="neutral">{t("choice.closed")}</Badge> {t("choice.closedAll", { year: data.year })}
        </Notice>
      ) : null}
      <p className="lead">{t("lead.dashboard")}</p>
      <ul className="stat-row">
        <li>
          <span className="value">{data.attention.payable}</span>
          <Link className="label" to="/finance/payments">
            {t("payments.payable")}
          </Link>
        </li>
        <li>
          <span className="value">{data.attention.stuck}</span>
          <Link className="label" to="/finance/payments">
            {t("payments.stuck")}
          </Link>
        </li>
        <li>
          <span className="value">{data.attention.toResolve}</span>
          <Link className="label" to="/finance/statements">
            {t("title.statements")}
          </Link>
        </li>
      </ul>
      {rows.length === 0 ? (
        <NoAppropriation
          year={data.year}
          currentYear={data.currentYear}
          programme={data.programme}
          hasProgrammes={data.programmes.length > 0}
          canOpen={data.canOpen}
          locale={locale}
        />
      ) : (
        <>
          <FiguresTable
            caption={`${t("export.table.appropriations")}: ${scope}`}
            rows={rows.map((r) => ({
              key: r.id,
              label: r.label,
              to: `/finance/appropriations/${r.id}`,
              figures: r,
              status: someClosed ? (
                r.closedAt ? (
                  <span className="badge-wrap">
                    <Badge tone="neutral">{t("choice.closedOn", { date: formatDate(r.closedAt, locale) })}</Badge>
                  </span>
                ) : (
                  <Badge tone="ok">{t("choice.open")}</Badge>
                )
              ) : undefined,
            }))}
            totals={data.totals}
            columns={["amount", "allocated", "committed", "free", "disbursed", "returned", "remaining"]}
            locale={locale}
          />
          <ExportLinks table="appropriations" params={exportParams} />
          <h2>{t("chart.budgetUseTitle")}</h2>
          <BudgetUseChart rows={rows} locale={locale} />
          <h2>{t("chart.disbursementsTitle")}</h2>
          <DisbursementsChart months={data.months} locale={locale} />
          <ExportLinks table="months" params={exportParams} />
        </>
      )}
    </section>
  );
}
