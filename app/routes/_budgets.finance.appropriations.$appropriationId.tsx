import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { grantsLinks } from "~/components/agreements/agreement-ui";
import { orRespond } from "~/utils/loader-refusal.server";
import { BudgetUseChart, DisbursementsChart } from "~/components/finance/charts";
import { ExportLinks, FiguresTable } from "~/components/finance/finance-ui";
import { appropriationDetail } from "~/domains/finance/finance.server";
import { localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.appropriation");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:finance:any");
  return orRespond(async () => {
    return await appropriationDetail({ actor, appropriationId: params.appropriationId ?? "" });
  });
}

export default function AppropriationPage() {
  const { appropriation: a, calls, months } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("finance");
  const label = `${a.programme.code} ${localized(a.programme, "name", locale)}`;
  return (
    <section aria-labelledby="appropriation-title">
      <p>
        <Link to={`/finance?year=${a.fiscalYear}`}>← {t("title.dashboard")}</Link>
      </p>
      <h1 id="appropriation-title">{t("title.appropriation", { programme: label, year: a.fiscalYear })}</h1>
      <BudgetUseChart rows={[{ ...a, label }]} locale={locale} />
      <h2>{t("drill")}</h2>
      <FiguresTable
        caption={t("export.table.calls")}
        extra={t("col.call")}
        rows={calls.map((c) => ({
          key: c.id,
          label: c.reference,
          sub: `${localized(c, "title", locale)} · ${t("col.awards")}: ${c.awards}`,
          to: `/finance/calls/${c.id}`,
          figures: { envelope: c.envelope, committed: c.committed, free: c.free, disbursed: c.disbursed, returned: c.returned },
        }))}
        columns={["envelope", "committed", "free", "disbursed", "returned"]}
        locale={locale}
      />
      <ExportLinks table="calls" params={{ appropriationId: a.id }} />
      <h2>{t("chart.disbursementsTitle")}</h2>
      <DisbursementsChart months={months} locale={locale} />
      <ExportLinks table="months" params={{ appropriationId: a.id }} />
    </section>
  );
}
