import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Badge, Notice } from "~/components/ui/alerts";
import { stringList } from "~/domains/calls/call-options";
import { formatBytes } from "~/domains/files/file-rules";
import type { CallPhase } from "~/domains/calls/calls-rules";
import type { getPublicCall } from "~/domains/calls/public-calls.server";
import { formatDateTime, formatMoney, LOCALES, type AppLocale } from "~/utils/i18n";
import { BudgetRulesList } from "./budget-rules-list";
import { changedFieldLabel, Countdown, LocalizedText, pickText, SUFFIX, PHASE_TONE } from "./call-display";

export type PublicCall = NonNullable<Awaited<ReturnType<typeof getPublicCall>>>;

type Props = {
  call: PublicCall;
  phase: CallPhase;
  locale: AppLocale;
  serverNow: Date | string;
  /** Follow and print buttons, placed with the key facts. */
  actions?: ReactNode;
  /** The question form, placed under the published answers. */
  askForm?: ReactNode;
  /** The reader's organizations checked against the call, placed under who may apply. */
  eligibility?: ReactNode;
  printable?: boolean;
};

/** The call as the public reads it: the page and its printable version share this. */
export function CallDetails({ call, phase, locale, serverNow, actions, askForm, eligibility, printable = false }: Props) {
  const { t } = useTranslation("calls");
  const { t: tOrg } = useTranslation("organizations");
  const date = (value: Date | string | null) => (value ? formatDateTime(value, locale) : "—");
  const legalForms = stringList(call.eligibleLegalForms);
  const regions = stringList(call.eligibleRegions);
  const requiredDocuments = stringList(call.requiredDocuments);
  const weightTotal = call.criteria.reduce((sum, c) => sum + c.weight, 0);

  return (
    <article className="call" aria-labelledby="call-title">
      <header className="call-header">
        <p className="call-reference">
          {t("page.reference", { reference: call.reference })} <Badge tone={PHASE_TONE[phase]}>{t(`phase.${phase}`)}</Badge>
        </p>
        <LocalizedText as="h1" id="call-title" record={call} field="title" locale={locale} className="call-title" />
        <LocalizedText record={call} field="summary" locale={locale} className="lead prose" />
        <p className="meta">{t("page.announcedBy", { name: pickText(call.municipality, "name", locale).text })}</p>
      </header>

      {phase === "cancelled" ? (
        <Notice tone="error" role="status">
          <p>{t("page.cancelled")}</p>
          {call.cancelledReason ? <p>{t("page.cancelledReason", { reason: call.cancelledReason })}</p> : null}
        </Notice>
      ) : null}

      <div className="call-layout">
        <aside className="key-facts" aria-labelledby="key-facts-title">
          <h2 id="key-facts-title">{t("page.keyFacts")}</h2>
          <dl>
            <div>
              <dt>{t("page.deadline")}</dt>
              <dd>
                <strong>{date(call.submissionDeadline)}</strong>
                {call.submissionDeadline && (phase === "open" || phase === "scheduled") ? (
                  <>
                    <br />
                    <Countdown deadline={call.submissionDeadline} serverNow={serverNow} />
                  </>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>{t("page.clarificationDeadline")}</dt>
              <dd>{date(call.clarificationDeadline)}</dd>
            </div>
            <div>
              <dt>{t("page.envelope")}</dt>
              <dd>{formatMoney(call.envelope, locale)}</dd>
            </div>
            <div>
              <dt>{t("page.grantRange")}</dt>
              <dd>{t("page.grantRangeValue", { min: formatMoney(call.minGrant, locale), max: formatMoney(call.maxGrant, locale) })}</dd>
            </div>
            <div>
              <dt>{t("page.proposalsPerOrganization")}</dt>
              <dd>{call.maxProposalsPerOrganization}</dd>
            </div>
          </dl>
          <p className="meta">{t("page.bishkekTime")}</p>
          {actions}
        </aside>

        <div className="call-body">
          <section aria-labelledby="problem-title">
            <h2 id="problem-title">{t("page.problem")}</h2>
            <LocalizedText record={call} field="problem" locale={locale} className="prose" />
          </section>

          <section aria-labelledby="target-title">
            <h2 id="target-title">{t("page.targetGroup")}</h2>
            <LocalizedText record={call} field="targetGroup" locale={locale} className="prose" />
          </section>

          <section aria-labelledby="eligibility-title">
            <h2 id="eligibility-title">{t("page.eligibility")}</h2>
            <LocalizedText record={call} field="eligibility" locale={locale} className="prose" />
            <dl className="facts compact">
              <div>
                <dt>{t("page.legalForms")}</dt>
                <dd>{legalForms.map((form) => tOrg(`legalFormValue.${form}`)).join(", ") || "—"}</dd>
              </div>
              <div>
                <dt>{t("page.minAge")}</dt>
                <dd>
                  {call.minOrganizationAgeMonths > 0 ? t("page.months", { count: call.minOrganizationAgeMonths }) : t("page.minAgeNone")}
                </dd>
              </div>
              <div>
                <dt>{t("page.regions")}</dt>
                <dd>{regions.length ? regions.map((r) => t(`region.${r}`)).join(", ") : t("page.anyRegion")}</dd>
              </div>
              <div>
                <dt>{t("page.enforcement")}</dt>
                <dd>{t(`page.enforcementValue.${call.eligibilityEnforcement}`)}</dd>
              </div>
            </dl>
            {eligibility}
          </section>

          <section aria-labelledby="criteria-title">
            <h2 id="criteria-title">{t("page.criteria")}</h2>
            <div className="table-scroll">
              <table className="criteria-table stack-table">
                <thead>
                  <tr>
                    <th scope="col">{t("page.criterion")}</th>
                    <th scope="col" className="number">
                      {t("page.maxScore")}
                    </th>
                    <th scope="col" className="number">
                      {t("page.weight")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {call.criteria.map((criterion) => (
                    <tr key={criterion.position}>
                      <td>
                        <LocalizedText as="p" record={criterion} field="name" locale={locale} className="criterion-name" />
                        <LocalizedText as="p" record={criterion} field="description" locale={locale} className="meta" />
                      </td>
                      <td className="number" data-label={t("page.maxScore")}>
                        {criterion.maxScore}
                      </td>
                      <td className="number" data-label={t("page.weight")}>
                        {t("page.weightValue", { weight: criterion.weight })}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={2}>
                      {t("page.total")}
                    </th>
                    <td className="number" data-label={t("page.weight")}>
                      {t("page.weightValue", { weight: weightTotal })}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </section>

          <section aria-labelledby="documents-title">
            <h2 id="documents-title">{t("page.documents")}</h2>
            {requiredDocuments.length ? (
              <ul>
                {requiredDocuments.map((kind) => (
                  <li key={kind}>{t(`documentKind.${kind}`)}</li>
                ))}
              </ul>
            ) : (
              <p>{t("page.noDocuments")}</p>
            )}
          </section>

          <BudgetRulesList rules={call.budgetRules} />

          {call.documents.length ? (
            <section aria-labelledby="call-documents-title">
              <h2 id="call-documents-title">{t("page.callDocuments")}</h2>
              <ul className="document-list">
                {call.documents.map((document) => (
                  <li key={document.id}>
                    <a href={`/calls/${call.id}/documents/${document.id}`} download>
                      {pickText(document, "title", locale).text}
                    </a>{" "}
                    <span className="meta">
                      ({document.attachment.originalName}, {formatBytes(document.attachment.size)})
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t("page.timeline")}</h2>
            <dl className="facts compact">
              <div>
                <dt>{t("page.published")}</dt>
                <dd>{date(call.publishAt)}</dd>
              </div>
              <div>
                <dt>{t("page.clarificationDeadline")}</dt>
                <dd>{date(call.clarificationDeadline)}</dd>
              </div>
              <div>
                <dt>{t("page.deadline")}</dt>
                <dd>{date(call.submissionDeadline)}</dd>
              </div>
              <div>
                <dt>{t("page.reviewPeriod")}</dt>
                <dd>{t("page.period", { from: date(call.reviewStartsAt), to: date(call.reviewEndsAt) })}</dd>
              </div>
            </dl>
            <p className="meta">{t("page.bishkekTime")}</p>
          </section>

          {call.amendments.length ? (
            <section aria-labelledby="amendments-title">
              <h2 id="amendments-title">{t("page.amendments")}</h2>
              <ol className="amendments">
                {call.amendments.map((amendment) => (
                  <li key={amendment.id}>
                    <p className="meta">{t("page.amendedOn", { date: date(amendment.createdAt) })}</p>
                    <p className="prose">{amendment.reason}</p>
                    <p className="meta">
                      {t("officer.changedFields", {
                        fields: Object.keys(amendment.changes && typeof amendment.changes === "object" ? amendment.changes : {})
                          .map((key) => changedFieldLabel(t, key))
                          .join(", "),
                      })}
                    </p>
                    {amendment.deadlineBefore &&
                    amendment.deadlineAfter &&
                    new Date(amendment.deadlineBefore).getTime() !== new Date(amendment.deadlineAfter).getTime() ? (
                      <p>
                        <strong>
                          {t("page.deadlineMoved", { from: date(amendment.deadlineBefore), to: date(amendment.deadlineAfter) })}
                        </strong>
                      </p>
                    ) : null}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}

          <section aria-labelledby="clarifications-title" className="clarifications">
            <h2 id="clarifications-title">{t("clarifications.title")}</h2>
            {call.clarifications.length === 0 ? <p className="empty-state">{t("clarifications.empty")}</p> : null}
            <ol className="qa-list">
              {call.clarifications.map((item) => {
                const shown = pickText(item, "answer", locale);
                const others = LOCALES.filter((l) => l !== shown.lang && item[`answer${SUFFIX[l]}`].trim());
                return (
                  <li key={item.id} className="qa">
                    <p className="qa-question">
                      <span className="qa-label">{t("clarifications.question")}</span> <span lang={item.language}>{item.question}</span>
                    </p>
                    <div className="qa-answer">
                      <span className="qa-label">{t("clarifications.answer")}</span>
                      <div className="prose" lang={shown.lang !== locale ? shown.lang : undefined}>
                        {shown.text}
                      </div>
                    </div>
                    {others.length ? (
                      <details open={printable}>
                        <summary>{t("clarifications.otherLanguages")}</summary>
                        {others.map((l) => (
                          <div key={l} className="qa-other" lang={l}>
                            <p className="meta">{t(`language.${l}`)}</p>
                            <div className="prose">{item[`answer${SUFFIX[l]}`]}</div>
                          </div>
                        ))}
                      </details>
                    ) : null}
                    <p className="meta">{t("clarifications.answeredOn", { date: date(item.answeredAt) })}</p>
                  </li>
                );
              })}
            </ol>
            {askForm}
          </section>
        </div>
      </div>
    </article>
  );
}
