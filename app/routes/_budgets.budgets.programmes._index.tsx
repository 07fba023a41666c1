import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { grantsLinks } from "~/components/agreements/agreement-ui";
import { orRespond } from "~/utils/loader-refusal.server";
import { listProgrammes } from "~/domains/budgets/programmes.server";
import { formatMoney, localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { can } from "~/utils/permissions";
import { requireActor } from "~/utils/session.server";
import { useLocale } from "~/components/ui/use-locale";

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "budgets:programmes.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return orRespond(async () => {
    return {
      programmes: await listProgrammes({ actor }),
      canManage: can(actor, "manage:programme:any"),
      canReadBudget: can(actor, "read:budget:any"),
    };
  });
}

export default function Programmes() {
  const { programmes, canManage, canReadBudget } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("budgets");
  return (
    <section aria-labelledby="programmes-title">
      {canReadBudget ? (
        <p>
          <Link to="/budgets">← {t("title")}</Link>
        </p>
      ) : null}
      <div className="page-head">
        <h1 id="programmes-title">{t("programmes.title")}</h1>
        {canManage ? (
          <Link to="/budgets/programmes/new" className="button">
            {t("programmes.new")}
          </Link>
        ) : null}
      </div>
      <p className="lead">{t("programmes.lead")}</p>
      {programmes.length === 0 ? <p className="empty-state">{t("programmes.empty")}</p> : null}
      <ul className="card-list">
        {programmes.map((p) => (
          <li key={p.id} className="card">
            <h2>
              <Link to={`/budgets/programmes/${p.id}`}>
                {p.code} · {localized(p, "name", locale)}
              </Link>
            </h2>
            <p className="meta">
              {p.firstYear && p.lastYear ? t("programmes.period", { first: p.firstYear, last: p.lastYear }) : t("programmes.noPeriod")}
              {p.actNumber ? ` · ${t("programmes.actShort", { body: p.actBody, number: p.actNumber })}` : ""}
            </p>
            {p.appropriations.length === 0 ? (
              <p className="meta">{t("programmes.noAppropriations")}</p>
            ) : (
              <ul>
                {p.appropriations.map((a) => (
                  <li key={a.id}>
                    {t("fiscalYear", { year: a.fiscalYear })}: <strong>{formatMoney(a.amount, locale)}</strong>
                    {a.closedAt ? ` · ${t("programmes.closedBadge")}` : ""}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
