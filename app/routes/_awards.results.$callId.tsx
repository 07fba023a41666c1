import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AwardStatus } from "~/components/reviews/review-ui";
import { Badge, Notice } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { getPublicResults } from "~/domains/awards/results.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { hundredthsToFixed } from "~/domains/reviews/review-rules";
import styles from "~/styles/reviews.css";
import { formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "titles.result", (locale) => (data ? `${data.call.reference} ${localized(data.call, "title", locale)}` : null));

export async function loader({ params }: LoaderFunctionArgs) {
  return orRespond(() => getPublicResults({ callId: params.callId ?? "" }));
}

export default function CallResults() {
  const { call, rows, final, received, ineligible, awarded } = useLoaderData<typeof loader>();
  const { t } = useTranslation("awards");
  const locale = useLocale();
  return (
    <section aria-labelledby="call-results-title">
      <header className="page-head">
        <p className="meta">
          {localized(call.municipality, "name", locale)} · {call.reference}
        </p>
        <h1 id="call-results-title">{localized(call, "title", locale)}</h1>
        <p className="meta">
          {t("results.publishedAt", { date: call.decisionPublishedAt ? formatDateTime(call.decisionPublishedAt, locale) : "—" })}
        </p>
      </header>
      <Notice tone={final ? "success" : "warn"}>
        {final
          ? t("results.final")
          : t("results.standstill", { date: call.standstillEndsAt ? formatDateTime(call.standstillEndsAt, locale) : "—" })}
      </Notice>
      <dl className="facts">
        <div>
          <dt>{t("results.envelopeLabel")}</dt>
          <dd>{formatMoney(call.envelope, locale)}</dd>
        </div>
        <div>
          <dt>{t("results.awarded")}</dt>
          <dd>{formatMoney(awarded, locale)}</dd>
        </div>
        <div>
          <dt>{t("results.received")}</dt>
          <dd>{t("results.receivedValue", { received, ineligible })}</dd>
        </div>
        <div>
          <dt>{t("results.threshold")}</dt>
          <dd>{t("results.points", { score: call.minScore })}</dd>
        </div>
      </dl>
      <h2>{t("results.ranking")}</h2>
      <div className="table-scroll">
        <table className="stack-table">
          <thead>
            <tr>
              <th scope="col">{t("results.rank")}</th>
              <th scope="col">{t("results.organization")}</th>
              <th scope="col">{t("results.project")}</th>
              <th scope="col" className="numeric">
                {t("results.score")}
              </th>
              <th scope="col" className="numeric">
                {t("results.requested")}
              </th>
              <th scope="col" className="numeric">
                {t("results.amount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.reference} className={row.amount !== null ? "funded" : row.belowThreshold ? "below" : undefined}>
                <td data-label={t("results.rank")} className="rank">
                  {row.rank}
                </td>
                <td data-label={t("results.organization")}>{localized(row.organization, "name", locale)}</td>
                <td data-label={t("results.project")}>
                  {row.title}
                  <br />
                  <span className="meta">{row.reference}</span>
                </td>
                <td data-label={t("results.score")} className="numeric">
                  {hundredthsToFixed(row.finalScore)}
                  {row.belowThreshold ? (
                    <>
                      <br />
                      <Badge tone="neutral">{t("results.belowThreshold")}</Badge>
                    </>
                  ) : null}
                </td>
                <td data-label={t("results.requested")} className="numeric">
                  {formatMoney(row.requested, locale)}
                </td>
                <td data-label={t("results.amount")} className="numeric">
                  {row.amount !== null ? formatMoney(row.amount, locale) : t("results.notFunded")}
                  {row.awardStatus ? (
                    <>
                      <br />
                      <AwardStatus status={row.awardStatus} />
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="meta">{t("results.tieBreak")}</p>
      <p>
        <Link to="/verify">{t("results.verifyLink")}</Link>
      </p>
    </section>
  );
}
