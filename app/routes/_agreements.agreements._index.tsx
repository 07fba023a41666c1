import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge } from "~/components/ui/alerts";
import { grantsLinks, statusTone } from "~/components/agreements/agreement-ui";
import { isStaffForAgreements, listAgreements, listAwardsAwaitingAgreement } from "~/domains/agreements/agreements.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { isOverdue } from "~/domains/monitoring/monitoring-rules";
import { formatDate, formatMoney, localized } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.agreements");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (!can(actor, "read:agreement:own") && !isStaffForAgreements(actor)) throw new Response("Forbidden", { status: 403 });
  return orRespond(async () => {
    const [agreements, awaiting] = await Promise.all([
      listAgreements({ actor }),
      can(actor, "manage:agreement:any") ? listAwardsAwaitingAgreement({ actor }) : Promise.resolve([]),
    ]);
    const now = new Date();
    return {
      staff: isStaffForAgreements(actor),
      canDraft: can(actor, "manage:agreement:any"),
      awaiting,
      agreements: agreements.map(({ milestones, tranches, ...a }) => ({
        ...a,
        paid: tranches.reduce((sum, t) => sum + t.amount, 0n),
        accepted: milestones.filter((m) => m.status === "ACCEPTED").length,
        milestones: milestones.length,
        overdue: milestones.filter((m) => isOverdue(m, now)).length,
      })),
    };
  });
}

export default function Agreements() {
  const { staff, canDraft, awaiting, agreements } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("grants");
  return (
    <section aria-labelledby="agreements-title">
      <h1 id="agreements-title">{t("title.agreements")}</h1>
      <p className="lead">{staff ? t("lead.agreements") : t("lead.ncoAgreements")}</p>
      {canDraft ? (
        <>
          <h2>{t("title.awaiting")}</h2>
          {awaiting.length === 0 ? (
            <p className="empty-state">{t("empty.awaiting")}</p>
          ) : (
            <div className="table-scroll">
              <table className="stack-table">
                <thead>
                  <tr>
                    <th scope="col">{t("col.award")}</th>
                    <th scope="col">{t("col.organization")}</th>
                    <th scope="col" className="hide-narrow">
                      {t("col.project")}
                    </th>
                    <th scope="col" className="num">
                      {t("col.amount")}
                    </th>
                    <th scope="col">{t("col.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {awaiting.map((award) => (
                    <tr key={award.id}>
                      <td>{award.reference}</td>
                      <td data-label={t("col.organization")}>{localized(award.organization, "name", locale)}</td>
                      <td data-label={t("col.project")} className="hide-narrow">
                        {award.proposal.title}
                      </td>
                      <td data-label={t("col.amount")} className="num">
                        {formatMoney(award.amount, locale)}
                      </td>
                      <td>
                        <Link className="button small" to={`/agreements/new/${award.id}`}>
                          {t("draft.start")}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>{t("title.agreements")}</h2>
        </>
      ) : null}
      {agreements.length === 0 ? (
        <p className="empty-state">{t("empty.agreements")}</p>
      ) : (
        <div className="table-scroll">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">{t("col.number")}</th>
                <th scope="col">{t("col.organization")}</th>
                <th scope="col">{t("col.status")}</th>
                <th scope="col" className="num">
                  {t("col.amount")}
                </th>
                <th scope="col" className="num hide-narrow">
                  {t("col.paid")}
                </th>
                <th scope="col" className="hide-narrow">
                  {t("col.milestones")}
                </th>
              </tr>
            </thead>
            <tbody>
              {agreements.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/agreements/${a.id}`}>{a.number}</Link>
                  </td>
                  <td data-label={t("col.organization")}>{localized(a.award.organization, "name", locale)}</td>
                  <td data-label={t("col.status")}>
                    <Badge tone={statusTone(a.status)}>{t(`agreementStatus.${a.status}`)}</Badge>
                    {a.signedOn ? <div className="meta">{formatDate(a.signedOn, locale)}</div> : null}
                  </td>
                  <td data-label={t("col.amount")} className="num">
                    {formatMoney(a.award.amount, locale)}
                  </td>
                  <td data-label={t("col.paid")} className="num hide-narrow">
                    {formatMoney(a.paid, locale)}
                  </td>
                  <td data-label={t("col.milestones")} className="hide-narrow">
                    {a.accepted}/{a.milestones}
                    {a.overdue ? (
                      <div className="overdue">
                        {t("col.overdue")}: {a.overdue}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
