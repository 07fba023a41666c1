// The parts every proposal page shares: the heading with the call and the
// deadline, the status, and the list of sections with what each still needs.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge, type BadgeTone } from "~/components/ui/alerts";
import type { ProposalStatus } from "~/generated/sqlite/enums";
import { formatDateTime, localized, type AppLocale } from "~/utils/i18n";
import { SECTIONS, type Section } from "~/domains/proposals/proposal-schemas";

type Titled = { titleKy: string; titleRu: string; titleEn: string };

/** The colour of a proposal's status in its Badge: a draft waits, sent or won is good, refused is bad. */
export const STATUS_TONE: Record<ProposalStatus, BadgeTone> = {
  DRAFT: "wait",
  SUBMITTED: "ok",
  WITHDRAWN: "neutral",
  ELIGIBLE: "info",
  INELIGIBLE: "bad",
  AWARDED: "ok",
  NOT_AWARDED: "neutral",
};

export function ProposalHeading({
  proposal,
  locale,
}: {
  proposal: {
    id: string;
    title: string;
    reference: string;
    status: ProposalStatus;
    intake: string;
    call: Titled & { id: string; submissionDeadline: Date | string | null };
    organization: { nameKy: string; nameRu: string; nameEn: string };
  };
  locale: AppLocale;
}) {
  const { t } = useTranslation("proposals");
  return (
    <header className="proposal-heading">
      <p className="breadcrumbs">
        <Link to="/proposals">{t("list.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={`/proposals/${proposal.id}`}>{proposal.reference}</Link>
      </p>
      <h1 id="proposal-title">{proposal.title.trim() || t("untitled")}</h1>
      <p className="meta">
        <Badge tone={STATUS_TONE[proposal.status]}>{t(`status.${proposal.status}`)}</Badge>{" "}
        {proposal.intake === "PAPER" ? <Badge tone="neutral">{t("intake.PAPER")}</Badge> : null}{" "}
        {localized(proposal.organization, "name", locale)}
      </p>
      <p className="meta">
        {t("heading.call")}: <Link to={`/calls/${proposal.call.id}`}>{localized(proposal.call, "title", locale)}</Link>
        {proposal.call.submissionDeadline ? (
          <>
            {" · "}
            {t("heading.deadline", { date: formatDateTime(proposal.call.submissionDeadline, locale) })}
          </>
        ) : null}
      </p>
    </header>
  );
}

/** The sections as steps; each shows whether it holds what a submission needs. */
export function SectionNav({
  proposalId,
  current,
  problems,
  questions,
}: {
  proposalId: string;
  current?: Section;
  problems: Record<string, string>;
  /** The call asks extra questions (decision 0077): a step for them after the others; "current" on their page. */
  questions?: "link" | "current";
}) {
  const { t } = useTranslation("proposals");
  return (
    <nav aria-label={t("sections.navigation")} className="section-nav">
      <ol>
        {SECTIONS.map((section, index) => {
          const problem = problems[section];
          return (
            <li key={section} className={problem ? "incomplete" : "complete"}>
              <Link to={`/proposals/${proposalId}/${section}`} aria-current={section === current ? "step" : undefined}>
                <span className="step-number" aria-hidden="true">
                  {problem ? index + 1 : "✓"}
                </span>
                <span>{t(`sections.${section}.title`)}</span>
                <span className="visually-hidden">{problem ? t(`problems.${problem}`) : t("problems.complete")}</span>
              </Link>
            </li>
          );
        })}
        {questions ? (
          <li className="complete">
            <Link to={`/proposals/${proposalId}/questions`} aria-current={questions === "current" ? "step" : undefined}>
              <span className="step-number" aria-hidden="true">
                {SECTIONS.length + 1}
              </span>
              <span>{t("questions.title")}</span>
            </Link>
          </li>
        ) : null}
      </ol>
      <p>
        <Link to={`/proposals/${proposalId}`} className="button secondary small">
          {t("sections.toOverview")}
        </Link>
      </p>
    </nav>
  );
}
