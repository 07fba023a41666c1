import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge } from "~/components/ui/alerts";
import { grantsLinks, statusTone } from "~/components/agreements/agreement-ui";
import { orRespond } from "~/utils/loader-refusal.server";
import { DisbursementsChart } from "~/components/finance/charts";
import { ExportLinks, FiguresTable } from "~/components/finance/finance-ui";
import { callFinance } from "~/domains/finance/finance.server";
import { localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.financeCall");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:finance:any");
  return orRespond(async () => {
    return await callFinance({ actor, callId: params.callId ?? "" });
  });
}

export default function CallFinancePage() {
  const { call, grants, months } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("finance");
  const { t: tg } = useTranslation("grants");
  return (
    <section aria-labelledby="call-title">
      <p>
        <Link to={`/finance/appropriations/${call.appropriationId}`}>← {t("drill")}</Link>
      </p>
      <h1 id="call-title">{t("title.call", { reference: call.reference })}</h1>
      <p className="lead">{localized(call, "title", locale)}</p>
      <h2>{t("grants")}</h2>
      <FiguresTable
        caption={t("export.table.grants")}
        extra={t("col.organization")}
        rows={grants.map((g) => ({
          key: g.id,
          label: localized(g.organization, "name", locale),
          sub: `${g.reference}${g.agreement ? ` · ${g.agreement.number}` : ""}`,
          to: g.agreement ? `/agreements/${g.agreement.id}` : undefined,
          status: g.agreement ? <Badge tone={statusTone(g.agreement.status)}>{tg(`agreementStatus.${g.agreement.status}`)}</Badge> : "—",
          figures: { amount: g.amount, disbursed: g.disbursed, returned: g.returned },
        }))}
        columns={["amount", "disbursed", "returned"]}
        locale={locale}
      />
      <ExportLinks table="grants" params={{ callId: call.id }} />
      <h3>{t("export.table.budgetCodes")}</h3>
      <p className="hint">{t("export.budgetCodesHint")}</p>
      <ExportLinks table="budgetCodes" params={{ callId: call.id }} />
      <h2>{t("chart.disbursementsTitle")}</h2>
      <DisbursementsChart months={months} locale={locale} />
    </section>
  );
}
