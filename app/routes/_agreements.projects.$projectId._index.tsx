import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { bpToPercent } from "~/domains/agreements/agreement-rules";
import { Badge } from "~/components/ui/alerts";
import { grantsLinks, statusTone } from "~/components/agreements/agreement-ui";
import { getPublicProject } from "~/domains/agreements/public-projects.server";
import { publicFeedback } from "~/domains/agreements/feedback.server";
import { ScoreSummary } from "~/components/agreements/feedback-summary";
import { orRespond } from "~/utils/loader-refusal.server";
import { formatDate, formatMoney, localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links = grantsLinks;
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "titles.project", data?.project.award.proposal.title);

export async function loader({ params }: LoaderFunctionArgs) {
  return orRespond(async () => {
    const project = await getPublicProject(params.projectId ?? "");
    return { project, feedback: await publicFeedback(project.id) };
  });
}

export default function ProjectPage() {
  const { project: p, feedback } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("grants");
  return (
    <section aria-labelledby="project-title">
      <div className="page-head">
        <h1 id="project-title">{p.award.proposal.title}</h1>
        <Badge tone={statusTone(p.status)}>{t(`agreementStatus.${p.status}`)}</Badge>
      </div>
      {p.award.proposal.summary ? <p className="lead">{p.award.proposal.summary}</p> : null}
      <ul className="stat-row">
        <li>
          <span className="label">{t("projects.nco")}</span>
          <span>{localized(p.award.organization, "name", locale)}</span>
        </li>
        <li>
          <span className="label">{t("projects.amount")}</span>
          <span className="value">{formatMoney(p.award.amount, locale)}</span>
        </li>
        <li>
          <span className="label">{t("projects.paid")}</span>
          <span className="value">{formatMoney(p.paid, locale)}</span>
        </li>
        <li>
          <span className="label">{t("projects.call")}</span>
          <span>
            {p.award.call.reference} — {localized(p.award.call, "title", locale)}
          </span>
        </li>
      </ul>
      <p className="actions-row">
        <a className="button secondary small" href={`/projects/${p.id}/summary?lang=ky`} lang="ky">
          {t("projects.summaryKy")}
        </a>
        <a className="button secondary small" href={`/projects/${p.id}/summary?lang=ru`} lang="ru">
          {t("projects.summaryRu")}
        </a>
      </p>
      <h2>{t("projects.milestones")}</h2>
      <ol className="card-list">
        {p.milestones.map((m) => (
          <li key={m.position} className="card">
            <h3>
              {m.position}. {m.title} <Badge tone={statusTone(m.status)}>{t(`milestoneStatus.${m.status}`)}</Badge>
            </h3>
            <p className="meta">{t("milestone.due", { date: formatDate(m.dueOn, locale) })}</p>
            {m.report ? (
              <>
                <p className="pre-line">{m.report.narrative}</p>
                <p className="meta">{t("projects.beneficiaries", { count: m.report.beneficiariesReached })}</p>
              </>
            ) : (
              <p className="meta">{t("projects.noReports")}</p>
            )}
          </li>
        ))}
      </ol>
      <h2>{t("projects.tranches")}</h2>
      <div className="table-scroll">
        <table className="stack-table">
          <thead>
            <tr>
              <th scope="col">{t("col.tranche")}</th>
              <th scope="col" className="num">
                {t("col.share")}
              </th>
              <th scope="col" className="num">
                {t("col.amount")}
              </th>
              <th scope="col">{t("col.status")}</th>
            </tr>
          </thead>
          <tbody>
            {p.tranches.map((tr) => (
              <tr key={tr.position}>
                <td data-label={t("col.tranche")}>{tr.position}</td>
                <td className="num" data-label={t("col.share")}>
                  {bpToPercent(tr.shareBp)} %
                </td>
                <td className="num" data-label={t("col.amount")}>
                  {formatMoney(tr.amount, locale)}
                </td>
                <td data-label={t("col.status")}>
                  <Badge tone={statusTone(tr.status)}>{t(`trancheStatus.${tr.status}`)}</Badge>
                  {tr.paidOn ? <div className="meta">{formatDate(tr.paidOn, locale)}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="feedback">{t("feedback.heading")}</h2>
      <ScoreSummary summary={feedback.summary} />
      {feedback.slug && p.status === "SIGNED" ? (
        <p>
          <a className="button secondary small" href={`/f/${feedback.slug}`}>
            {t("feedback.title")}
          </a>
        </p>
      ) : null}
      {feedback.comments.length > 0 ? (
        <ol className="card-list">
          {feedback.comments.map((c) => (
            <li key={c.id} className="card">
              <p>
                <strong>{t("feedback.stars", { score: c.score })}</strong> · <span className="meta">{formatDate(c.createdAt, locale)}</span>
              </p>
              {c.comment ? (
                <p className="pre-line" lang={c.locale}>
                  {c.comment}
                </p>
              ) : null}
              {c.reply ? (
                <blockquote className="meta pre-line">
                  {t("feedback.reply")}: {c.reply}
                </blockquote>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
