import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { receiptTime } from "~/domains/proposals/receipt-format";
import { getReceipt } from "~/domains/proposals/submission.server";
import { InfoNote } from "~/components/proposals/fields";
import proposalStyles from "~/styles/proposals.css";
import { formatDate, formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: proposalStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "titles.receipt", data ? `№ ${data.receipt.receiptNumber}` : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const number = Number(params.number);
  const receipt = Number.isInteger(number) && number > 0 ? await getReceipt({ actor, proposalId: params.proposalId ?? "", number }) : null;
  if (!receipt) throw new Response("Not found", { status: 404 });
  return { receipt };
}

export default function ReceiptPage() {
  const { receipt } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("proposals");
  const p = receipt.proposal;
  const time = receiptTime(receipt.submittedAt, locale);
  const base = `/proposals/${p.id}/receipts/${receipt.number}`;
  return (
    <section aria-labelledby="receipt-title" className="receipt">
      <p className="breadcrumbs">
        <Link to="/proposals">{t("list.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={`/proposals/${p.id}`}>{p.reference}</Link>
      </p>
      <div className="receipt-card">
        <p className="receipt-mark" aria-hidden="true">
          ✓
        </p>
        <h1 id="receipt-title">{t("receipt.title")}</h1>
        <p className="lead">
          {t(p.intake === "PAPER" ? "receipt.confirmedPaper" : "receipt.confirmed", {
            number: receipt.receiptNumber,
            time: formatDateTime(receipt.submittedAt, locale),
          })}
        </p>
        {receipt.withdrawnAt ? (
          <InfoNote code="receipt.withdrawnAt" params={{ date: receiptTime(receipt.withdrawnAt, locale).local }} />
        ) : null}
        {!receipt.isLatest ? <InfoNote code="receipt.superseded" /> : null}
        <h2>{t("receipt.next.title")}</h2>
        <ul className="next-steps">
          {p.intake === "ONLINE" && p.call.submissionDeadline ? (
            <li>{t("receipt.next.editable", { deadline: formatDateTime(p.call.submissionDeadline, locale) })}</li>
          ) : null}
          <li>
            {p.call.reviewStartsAt && p.call.reviewEndsAt
              ? t("receipt.next.review", { from: formatDate(p.call.reviewStartsAt, locale), to: formatDate(p.call.reviewEndsAt, locale) })
              : t("receipt.next.reviewUnset")}
          </li>
          <li>
            {p.call.reviewEndsAt
              ? t("receipt.next.results", { date: formatDate(p.call.reviewEndsAt, locale) })
              : t("receipt.next.resultsUnset")}
          </li>
          <li>
            {receipt.notices.length
              ? t(receipt.notices.every((n) => n.sent) ? "receipt.next.noticeSent" : "receipt.next.noticeQueued", {
                  to: receipt.notices.map((n) => n.recipient).join(", "),
                })
              : t("receipt.next.noNotice")}
          </li>
        </ul>
        <dl className="facts">
          <div>
            <dt>{t("receipt.number")}</dt>
            <dd>
              <strong className="receipt-number">{receipt.receiptNumber}</strong>
            </dd>
          </div>
          <div>
            <dt>{t("receipt.submittedAt")}</dt>
            <dd>{time.local}</dd>
          </div>
          <div>
            <dt>{t("receipt.proposal")}</dt>
            <dd>
              {p.title || t("untitled")} ({p.reference})
            </dd>
          </div>
          <div>
            <dt>{t("receipt.call")}</dt>
            <dd>
              {localized(p.call, "title", locale)} ({p.call.reference})
            </dd>
          </div>
          <div>
            <dt>{t("receipt.organization")}</dt>
            <dd>
              {localized(p.organization, "name", locale)}, {t("receipt.tin")} {p.organization.tin}
            </dd>
          </div>
          <div>
            <dt>{t("receipt.submittedBy")}</dt>
            <dd>{receipt.submittedBy}</dd>
          </div>
          <div>
            <dt>{t("receipt.intake")}</dt>
            <dd>{p.intake === "PAPER" ? t("receipt.paper", { pages: receipt.paper?.pages ?? 0 }) : t("intake.ONLINE")}</dd>
          </div>
          <div>
            <dt>{t("receipt.version")}</dt>
            <dd>{t("receipt.versionOf", { number: receipt.number })}</dd>
          </div>
          <div>
            <dt>{t("budget.requestedTotal")}</dt>
            <dd>{formatMoney(receipt.requestedTotal, locale)}</dd>
          </div>
        </dl>
        <details className="receipt-proof">
          <summary>{t("receipt.proof")}</summary>
          <p className="hint">{t("receipt.hashNote")}</p>
          <dl className="facts">
            <div>
              <dt>{t("receipt.sha256")}</dt>
              <dd>
                <code className="hash">{receipt.contentSha256}</code>
                {receipt.verified ? <span className="meta"> {t("receipt.verified")}</span> : null}
              </dd>
            </div>
            <div>
              <dt>{t("receipt.utcTime")}</dt>
              <dd>
                <code>{time.utc}</code>
              </dd>
            </div>
          </dl>
          {receipt.documents.length ? (
            <ul className="document-list">
              {receipt.documents.map((d, i) => (
                <li key={i}>
                  <div>
                    <strong>{t(`documentKind.${d.kind}`)}</strong>: {d.title}
                    <br />
                    <code className="hash">{d.sha256}</code>
                  </div>
                </li>
              ))}
            </ul>
          ) : null}
        </details>
        <p className="receipt-actions">
          <a className="button" href={`${base}/pdf`} download>
            {t("receipt.download")}
          </a>{" "}
          <a className="button secondary" href={`${base}/dossier.pdf`} download>
            {t("dossier.download")}
          </a>{" "}
          <Link className="button secondary" to={`/proposals/${p.id}`}>
            {t("receipt.back")}
          </Link>
        </p>
      </div>
    </section>
  );
}
