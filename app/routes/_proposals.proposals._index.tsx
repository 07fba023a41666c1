import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listProposalsForActor } from "~/domains/proposals/proposals.server";
import { Badge, DoneNotice } from "~/components/ui/alerts";
import { STATUS_TONE } from "~/components/proposals/proposal-chrome";
import proposalStyles from "~/styles/proposals.css";
import { formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: proposalStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.proposals");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "edit:proposal:own");
  return { proposals: await listProposalsForActor({ actor }) };
}

export default function Proposals() {
  const { proposals } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("proposals");
  return (
    <section aria-labelledby="proposals-title" className="proposal-page">
      <h1 id="proposals-title">{t("list.title")}</h1>
      <DoneNotice ns="proposals" />
      {proposals.length === 0 ? (
        <p className="empty-state">
          {t("list.empty")} <Link to="/calls">{t("list.findCall")}</Link>
        </p>
      ) : (
        <ul className="card-list">
          {proposals.map((p) => {
            const latest = p.versions[0];
            return (
              <li key={p.id} className="card proposal-card">
                <h2>
                  <Link to={`/proposals/${p.id}`}>{p.title.trim() || t("untitled")}</Link>
                </h2>
                <p className="meta">
                  <Badge tone={STATUS_TONE[p.status]}>{t(`status.${p.status}`)}</Badge>{" "}
                  {p.intake === "PAPER" ? <Badge tone="neutral">{t("intake.PAPER")}</Badge> : null} {p.reference} ·{" "}
                  {localized(p.organization, "name", locale)}
                </p>
                <p className="meta">
                  {localized(p.call, "title", locale)}
                  {p.call.submissionDeadline
                    ? ` · ${t("heading.deadline", { date: formatDateTime(p.call.submissionDeadline, locale) })}`
                    : ""}
                </p>
                <p className="meta">
                  {t("budget.requestedTotal")}: {formatMoney(p.requestedTotal, locale)}
                  {latest ? (
                    <>
                      {" · "}
                      {t("list.receipt")} <Link to={`/proposals/${p.id}/receipts/${latest.number}`}>{latest.receiptNumber}</Link>
                    </>
                  ) : null}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
