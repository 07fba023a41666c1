import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CallCockpit } from "~/domains/calls/call-cockpit.server";
import type { CallPhase, NextStep, NextStepTarget } from "~/domains/calls/calls-rules";
import { formatDateTime, formatMoney, localized, type AppLocale } from "~/utils/i18n";

type CockpitCall = {
  id: string;
  envelope: bigint;
  publishAt: Date | null;
  submissionDeadline: Date | null;
  appropriation: { fiscalYear: number; programme: { code: string; nameKy: string; nameRu: string; nameEn: string } };
};

/** Where a next step is done: a section of this page or a sub-page. */
function targetHref(callId: string, target: NextStepTarget): string | null {
  switch (target) {
    case "readiness":
      return "#readiness-title";
    case "publish":
      return `/officer/calls/${callId}?confirm=publish#publish-confirm`;
    case "questions":
      return "#questions";
    case "lifecycle":
      return "#lifecycle-title";
    case "screening":
      return `/officer/calls/${callId}/screening`;
    case "commission":
      return `/officer/calls/${callId}/commission`;
    case "letters":
      return `/awards/letters/${callId}`;
    default:
      return null;
  }
}

/**
 * The officer's call at a glance: the programme it draws on, the next step
 * with a link to where it is done, the figures of every stage and every
 * sub-page of the call.
 */
export function CallCockpitPanel({
  call,
  phase,
  cockpit,
  next,
  locale,
}: {
  call: CockpitCall;
  phase: CallPhase;
  cockpit: CallCockpit;
  next: NextStep;
  locale: AppLocale;
}) {
  const { t } = useTranslation("calls");
  const href = targetHref(call.id, next.target);
  const reviewing = phase === "closed" || phase === "inReview" || phase === "decided" || phase === "completed";
  const scoring = cockpit.scoring;
  const scoredPercent = scoring && scoring.sheetsExpected > 0 ? Math.round((scoring.sheetsSubmitted * 100) / scoring.sheetsExpected) : 0;
  const programme = call.appropriation.programme;
  return (
    <section className="panel cockpit" aria-labelledby="cockpit-title">
      <h2 id="cockpit-title">{t("cockpit.title")}</h2>
      <p className="meta">
        {t("cockpit.programme", { code: programme.code, name: localized(programme, "name", locale), year: call.appropriation.fiscalYear })}
      </p>
      <div className="next-step">
        <p>
          <strong>{t("cockpit.nextLabel")}</strong>{" "}
          {t(`cockpit.next.${next.key}`, {
            date: call.publishAt ? formatDateTime(call.publishAt, locale) : "",
            deadline: call.submissionDeadline ? formatDateTime(call.submissionDeadline, locale) : "",
            count: cockpit.unanswered || cockpit.proposals.toScreen,
          })}
        </p>
        {href ? (
          <Link to={href} className="button secondary">
            {t(`cockpit.go.${next.target}`)}
          </Link>
        ) : null}
      </div>
      <dl className="cockpit-figures">
        <Figure label={t("cockpit.submitted")} value={cockpit.proposals.submitted} />
        {phase === "open" || phase === "scheduled" ? <Figure label={t("cockpit.drafts")} value={cockpit.proposals.drafts} /> : null}
        {reviewing ? (
          <>
            <Figure label={t("cockpit.toScreen")} value={cockpit.proposals.toScreen} />
            <Figure label={t("cockpit.eligible")} value={cockpit.proposals.eligible} />
            <Figure label={t("cockpit.ineligible")} value={cockpit.proposals.ineligible} />
            <Figure label={t("cockpit.members")} value={cockpit.members} />
          </>
        ) : null}
        <Figure label={t("cockpit.unanswered")} value={cockpit.unanswered} />
        {cockpit.awards.count ? (
          <Figure label={t("cockpit.awards")} value={`${cockpit.awards.count} · ${formatMoney(cockpit.awards.amount, locale)}`} />
        ) : null}
      </dl>
      {scoring ? (
        <div className="scoring-progress">
          <p id="scoring-progress-label">
            {t("cockpit.scoring", {
              submitted: scoring.sheetsSubmitted,
              expected: scoring.sheetsExpected,
              complete: scoring.proposalsComplete,
              proposals: scoring.proposalsScored,
            })}
          </p>
          <progress max={100} value={scoredPercent} aria-labelledby="scoring-progress-label">
            {scoredPercent}%
          </progress>
        </div>
      ) : null}
      <nav aria-label={t("cockpit.pages")}>
        <ul className="inline-links">
          {phase === "draft" ? <SubPage to={`/officer/calls/${call.id}/edit`} label={t("officer.edit")} /> : null}
          {phase === "open" || phase === "scheduled" ? <SubPage to={`/officer/calls/${call.id}/edit`} label={t("officer.amend")} /> : null}
          <SubPage to={`/officer/calls/${call.id}/documents`} label={t("cockpit.documents")} />
          {reviewing ? (
            <>
              <SubPage to={`/officer/calls/${call.id}/screening`} label={t("reviews:officerNav.screening")} />
              <SubPage to={`/officer/calls/${call.id}/commission`} label={t("reviews:officerNav.commission")} />
            </>
          ) : null}
          {phase === "decided" || phase === "completed" ? (
            <>
              <SubPage to={`/awards/letters/${call.id}`} label={t("cockpit.letters")} />
              <SubPage to={`/results/${call.id}`} label={t("cockpit.results")} />
            </>
          ) : null}
          {phase !== "draft" ? <SubPage to={`/finance/calls/${call.id}`} label={t("cockpit.finance")} /> : null}
          <SubPage
            to={`/calls/${call.id}`}
            label={phase === "draft" || phase === "scheduled" ? t("officer.preview") : t("officer.publicPage")}
          />
          <SubPage to={`/calls/${call.id}/print`} label={t("page.print")} />
        </ul>
      </nav>
    </section>
  );
}

function Figure({ label, value }: { label: string; value: number | string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function SubPage({ to, label }: { to: string; label: string }) {
  return (
    <li>
      <Link to={to}>{label}</Link>
    </li>
  );
}

/** The second step of publishing: what it does, then the one button that does it. */
export function PublishConfirmation({ call, locale }: { call: CockpitCall; locale: AppLocale }) {
  const { t } = useTranslation("calls");
  const navigation = useNavigation();
  const scheduled = call.publishAt && new Date(call.publishAt).getTime() > Date.now();
  return (
    <Form
      method="post"
      action={`/officer/calls/${call.id}`}
      className="confirm-step"
      id="publish-confirm"
      aria-labelledby="publish-confirm-title"
    >
      <h3 id="publish-confirm-title">{t("publish.confirm.title")}</h3>
      <ul>
        <li>
          {scheduled
            ? t("publish.confirm.scheduled", {
                date: formatDateTime(call.publishAt!, locale),
                deadline: call.submissionDeadline ? formatDateTime(call.submissionDeadline, locale) : "",
              })
            : t("publish.confirm.now", { deadline: call.submissionDeadline ? formatDateTime(call.submissionDeadline, locale) : "" })}
        </li>
        <li>{t("publish.confirm.envelope", { amount: formatMoney(call.envelope, locale) })}</li>
        <li>{t("publish.confirm.final")}</li>
      </ul>
      <input type="hidden" name="confirm" value="publish" />
      <div className="button-row">
        <button type="submit" name="intent" value="publish" className="button" disabled={navigation.state === "submitting"}>
          {t("publish.confirm.yes")}
        </button>
        <Link to={`/officer/calls/${call.id}`} className="button secondary">
          {t("publish.confirm.back")}
        </Link>
      </div>
    </Form>
  );
}
