import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { grantsLinks } from "~/domains/agreements/agreement-ui";
import { asResponse } from "~/domains/agreements/route-support.server";
import { STUCK_AFTER_ATTEMPTS } from "~/domains/disbursements/payment-rules";
import { BudgetUseChart, DisbursementsChart } from "~/domains/finance/charts";
import { ExportLinks, FiguresTable } from "~/domains/finance/finance-ui";
import { financeAttention, financeOverview } from "~/domains/finance/finance.server";
import type { RootData } from "~/root";
import { localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.finance");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:finance:any");
  const year = Number(new URL(request.url).searchParams.get("year")) || undefined;
  try {
    const [overview, attention] = await Promise.all([financeOverview({ actor, year }), financeAttention({ actor, stuckAfterAttempts: STUCK_AFTER_ATTEMPTS })]);
    return { ...overview, attention };
  } catch (error) {
    asResponse(error);
  }
}

type Data = NonNullable<Awaited<ReturnType<typeof loader>>>;

export default function FinanceDashboard() {
  const data = useLoaderData<typeof loader>() as unknown as Data;
  const locale = useRouteLoaderData<RootData>("root")?.locale ?? "ky";
  const { t } = useTranslation("finance");
  const rows = data.rows.map((r) => ({ ...r, label: `${r.programme.code} ${localized(r.programme, "name", locale)}` }));
  return (
    <section aria-labelledby="finance-title">
      <div className="page-head">
        <h1 id="finance-title">{t("title.dashboard")}</h1>
        <Form method="get" className="inline-form">
          <div className="field">
            <label htmlFor="year">{t("year")}</label>
            <select id="year" name="year" defaultValue={data.year ?? undefined}>
              {data.years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button secondary small">
            {t("show")}
          </button>
        </Form>
      </div>
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
        <p className="empty-state">{t("noData")}</p>
      ) : (
        <>
          <FiguresTable
            caption={t("export.table.appropriations")}
            rows={rows.map((r) => ({ key: r.id, label: r.label, to: `/finance/appropriations/${r.id}`, figures: r }))}
            totals={data.totals}
            columns={["amount", "allocated", "committed", "free", "disbursed", "returned", "remaining"]}
            locale={locale}
          />
          <ExportLinks table="appropriations" params={{ year: String(data.year ?? "") }} />
          <h2>{t("chart.budgetUseTitle")}</h2>
          <BudgetUseChart rows={rows} locale={locale} />
          <h2>{t("chart.disbursementsTitle")}</h2>
          <DisbursementsChart months={data.months} locale={locale} />
          <ExportLinks table="months" params={{ year: String(data.year ?? "") }} />
        </>
      )}
    </section>
  );
}
