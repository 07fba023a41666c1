import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge, DoneNotice, donePath, fieldError, FormAlert } from "~/components/ui/alerts";
import { Field, FieldError } from "~/components/ui/field";
import { bpToPercent } from "~/domains/agreements/agreement-rules";
import { grantsLinks, statusTone, TextArea } from "~/components/agreements/agreement-ui";
import { storedExpenses, storedIndicators } from "~/domains/agreements/stored-json";
import { orRespond } from "~/utils/loader-refusal.server";
import { ACCEPT_ATTRIBUTE, MiB } from "~/domains/files/file-rules";
import { discardUpload, receiveUpload, saveAttachment, type ReceivedUpload } from "~/domains/files/files.server";
import { maySubmitReport, mayReview } from "~/domains/monitoring/monitoring-rules";
import {
  CommentSchema,
  MAX_INDICATORS,
  MilestoneReportSchema,
  ReportDraftSchema,
  reportFormFields,
  ReviewSchema,
} from "~/domains/monitoring/monitoring-schemas";
import {
  addReportComment,
  getMilestone,
  reviewMilestone,
  saveMilestoneReportDraft,
  submitMilestoneReport,
} from "~/domains/monitoring/monitoring.server";
import { prisma } from "~/utils/db.server";
import { formatDate, formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { fieldErrorsOf, intentOf, invalidForm, isMultipart, refusedForm, unknownIntent, validateForm } from "~/utils/forms.server";
import { can } from "~/utils/permissions";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { review: "review", comment: "comment", draft: "draft", submit: "submit" } as const;
/** The report form sends `draft` or `submit`; a refusal of either is shown beside that one form. */
const REPORT_FORM = "report";

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.milestone");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return orRespond(async () => {
    const milestone = await getMilestone({
      actor,
      milestoneId: params.milestoneId ?? "",
    });
    if (milestone.agreement.id !== params.agreementId) throw new Response("Not found", { status: 404 });
    return {
      milestone: {
        ...milestone,
        reports: milestone.reports.map((r) => ({ ...r, indicators: storedIndicators(r.indicators), expenses: storedExpenses(r.expenses) })),
      },
      canReport: can(actor, "report:milestone:own") && actor.organizations.length > 0,
      canReview: can(actor, "review:report:any"),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const milestoneId = params.milestoneId ?? "";
  const back = `/agreements/${params.agreementId}/milestones/${milestoneId}`;
  if (isMultipart(request)) {
    let upload: ReceivedUpload | null = null;
    // What the person typed goes back with any refusal: a multipart form is not resent by the browser.
    let typed: Record<string, string> | undefined;
    try {
      if (!can(actor, "report:milestone:own")) throw new Response("Forbidden", { status: 403 });
      upload = await receiveUpload(request, {
        fileFields: ["files"],
        maxFiles: 5,
        maxTotalBytes: 50 * MiB,
        maxFields: 60,
      });
      typed = reportFormFields(upload.fields);
      const intent = intentOf(upload.fields, INTENT, INTENT.submit);
      if (!intent) return unknownIntent();
      if (intent !== INTENT.draft && intent !== INTENT.submit) return unknownIntent();
      if (intent === INTENT.draft) {
        const draft = ReportDraftSchema.safeParse(upload.fields);
        if (!draft.success) return invalidForm(fieldErrorsOf(draft.error), { intent: REPORT_FORM, values: typed });
        await saveMilestoneReportDraft({
          actor,
          milestoneId,
          fields: draft.data,
        });
        return redirect(donePath(back, INTENT.draft));
      }
      const parsed = MilestoneReportSchema.safeParse(upload.fields);
      if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: REPORT_FORM, values: typed });
      const milestone = await getMilestone({ actor, milestoneId });
      const organization = await prisma.agreement.findUniqueOrThrow({
        where: { id: milestone.agreement.id },
        select: { award: { select: { organizationId: true } } },
      });
      const files = upload.files;
      const attachmentIds = await prisma.$transaction(async (tx) => {
        const ids: string[] = [];
        for (const file of files)
          ids.push(
            (
              await saveAttachment(tx, {
                actor,
                file,
                organizationId: organization.award.organizationId,
              })
            ).id,
          );
        return ids;
      });
      await submitMilestoneReport({
        actor,
        milestoneId,
        input: parsed.data,
        attachmentIds,
      });
    } catch (error) {
      if (error instanceof Response) throw error;
      return refusedForm(error, { intent: REPORT_FORM, values: typed });
    } finally {
      await discardUpload(upload);
    }
    return redirect(donePath(back, REPORT_FORM));
  }
  const form = await request.formData();
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  try {
    if (intent === INTENT.review) {
      const parsed = validateForm(form, ReviewSchema, [], intent);
      if (parsed.failure) return parsed.failure;
      await reviewMilestone({ actor, milestoneId, input: parsed.data });
    } else if (intent === INTENT.comment) {
      const parsed = validateForm(form, CommentSchema, [], intent);
      if (parsed.failure) return parsed.failure;
      await addReportComment({ actor, milestoneId, body: parsed.data.body });
    } else {
      return invalidForm({}, { intent, formError: "grants:error.forbidden" });
    }
  } catch (error) {
    return refusedForm(error, { intent });
  }
  return redirect(donePath(back, "saved"));
}

export default function MilestonePage() {
  const { milestone: m, canReport, canReview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("grants");
  const status = m.status;
  // The report form shows what was typed: the refused attempt's fields, else the kept draft.
  const typed = (result?.intent === REPORT_FORM ? result.values : undefined) ?? m.draft?.fields ?? {};
  const progressReports = m.reports.filter((r) => r.kind === "PROGRESS" || r.kind === "FINAL");
  // A category alone does not tell two lines apart (two "Staff" lines): the proposal's description goes with it.
  const category = (line: { category: string }) => t(`proposals:budget.category.${line.category}`, { defaultValue: line.category });
  const lineLabel = (line: { category: string; description: string }) =>
    line.description ? `${category(line)} — ${line.description}` : category(line);
  const lineName = (id: string) => {
    const line = m.budget.find((l) => l.budgetLineId === id);
    return line ? `${line.position}. ${lineLabel(line)}` : id;
  };
  return (
    <section aria-labelledby="milestone-title">
      <p>
        <Link to={`/agreements/${m.agreement.id}`}>
          ← {t("milestone.back")} {m.agreement.number}
        </Link>
      </p>
      <h1 id="milestone-title">{t("title.milestone", { position: m.position, title: m.title })}</h1>
      <p className="actions-row">
        <Badge tone={statusTone(m.status)}>{t(`milestoneStatus.${m.status}`)}</Badge>
        <span>{t("milestone.due", { date: formatDate(m.dueOn, locale) })}</span>
        {m.overdue ? <span className="overdue">{t("milestone.overdue")}</span> : null}
        <span>{localized(m.agreement.award.organization, "name", locale)}</span>
      </p>
      {m.deliverables ? <p className="pre-line">{m.deliverables}</p> : null}
      <p>
        {m.tranche
          ? t("milestone.tranche", {
              position: m.tranche.position,
              amount: formatMoney(m.tranche.amount, locale),
              share: bpToPercent(m.tranche.shareBp),
              status: t(`trancheStatus.${m.tranche.status}`),
            })
          : t("milestone.noTranche")}
      </p>
      <DoneNotice ns="grants" hidden={Boolean(result)} />

      <h2>{t("milestone.history")}</h2>
      {m.reports.length === 0 ? <p className="empty-state">{t("empty.reports")}</p> : null}
      {m.reports.map((r) => (
        <article key={r.id} className="panel" aria-label={t(`reportKind.${r.kind}`)}>
          <h3>
            {t(`reportKind.${r.kind}`)} <Badge tone={statusTone(r.status)}>{t(`reportStatus.${r.status}`)}</Badge>
          </h3>
          <p className="meta">
            {t("milestone.submittedOn", {
              date: formatDateTime(r.submittedAt, locale),
            })}
          </p>
          {r.kind !== "FINANCIAL" ? (
            <>
              <p className="pre-line">{r.narrative}</p>
              {r.kind === "PROGRESS" ? (
                <p>
                  {t("projects.beneficiaries", {
                    count: r.beneficiariesReached,
                  })}
                </p>
              ) : null}
              {r.indicators.length ? (
                <div className="table-scroll">
                  <table className="stack-table">
                    <thead>
                      <tr>
                        <th scope="col">{t("col.indicator")}</th>
                        <th scope="col" className="num">
                          {t("col.target")}
                        </th>
                        <th scope="col" className="num">
                          {t("col.achieved")}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.indicators.map((row, i) => (
                        <tr key={i}>
                          <td>{row.indicator}</td>
                          <td className="num" data-label={t("col.target")}>
                            {row.target}
                          </td>
                          <td className="num" data-label={t("col.achieved")}>
                            {row.achieved}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
              {r.attachments.length ? (
                <>
                  <p>{t("milestone.attachments")}:</p>
                  {/* One file per line: names written side by side read as one ("photo.jpgletter.pdf"). */}
                  <ul className="file-list">
                    {r.attachments.map(({ attachment }) => (
                      <li key={attachment.id}>
                        <a href={`/files/${attachment.id}`}>{attachment.originalName}</a>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          ) : (
            <div className="table-scroll">
              <table className="stack-table">
                <thead>
                  <tr>
                    <th scope="col">{t("col.budgetLine")}</th>
                    <th scope="col" className="num">
                      {t("col.amount")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.expenses.map((e) => (
                    <tr key={e.budgetLineId}>
                      <td>{lineName(e.budgetLineId)}</td>
                      <td className="num" data-label={t("col.amount")}>
                        {formatMoney(BigInt(e.amount), locale)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t("milestone.total")}</th>
                    <td className="num" data-label={t("milestone.total")}>
                      {formatMoney(r.totalSpent, locale)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          {r.comments.length ? (
            <>
              <h4>{t("milestone.comments")}</h4>
              <ul className="thread">
                {r.comments.map((c) => (
                  <li key={c.id}>
                    <p className="meta">
                      {m.authors[c.authorId] ?? ""} · {formatDateTime(c.createdAt, locale)}
                    </p>
                    <p className="pre-line">{c.body}</p>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </article>
      ))}

      {canReview && mayReview(status) ? (
        <div className="panel">
          <h2>{t("milestone.review")}</h2>
          <FormAlert failure={result} intent={INTENT.review} />
          <Form method="post">
            <input type="hidden" name="intent" value={INTENT.review} />
            <fieldset>
              <legend>{t("milestone.decision")}</legend>
              {(["ACCEPT", "REQUEST_CHANGES", "REJECT"] as const).map((d) => (
                <label key={d} style={{ display: "block", fontWeight: 400 }}>
                  <input
                    type="radio"
                    name="decision"
                    value={d}
                    defaultChecked={d === "ACCEPT"}
                    style={{
                      width: "auto",
                      minHeight: 0,
                      marginRight: "0.5rem",
                    }}
                  />
                  {t(`milestone.${d === "ACCEPT" ? "accept" : d === "REJECT" ? "reject" : "requestChanges"}`)}
                </label>
              ))}
            </fieldset>
            <TextArea label={t("milestone.comment")} name="comment" error={fieldError(result, "comment", INTENT.review)} />
            <button type="submit">{t("milestone.reviewSubmit")}</button>
          </Form>
        </div>
      ) : null}

      {progressReports.length > 0 && (canReport || canReview) && status !== "ACCEPTED" && status !== "REJECTED" ? (
        <div className="panel">
          <h2>{t("milestone.comments")}</h2>
          <FormAlert failure={result} intent={INTENT.comment} />
          <Form method="post">
            <input type="hidden" name="intent" value={INTENT.comment} />
            <TextArea label={t("milestone.addComment")} name="body" required error={fieldError(result, "body", INTENT.comment)} />
            <button type="submit" className="button secondary">
              {t("milestone.commentSubmit")}
            </button>
          </Form>
        </div>
      ) : null}

      {canReport && maySubmitReport(status) && m.agreement.status === "SIGNED" ? (
        <div className="panel">
          <h2>{t("milestone.report")}</h2>
          {m.draft ? (
            <p className="hint">
              {t("milestone.draftKept", {
                date: formatDateTime(m.draft.savedAt, locale),
              })}
            </p>
          ) : null}
          <FormAlert failure={result} intent={REPORT_FORM} />
          <Form method="post" encType="multipart/form-data" className="form-grid">
            <h3 className="wide">{t("milestone.progress")}</h3>
            <TextArea
              label={t("milestone.narrative")}
              name="narrative"
              rows={6}
              required
              defaultValue={typed.narrative}
              error={fieldError(result, "narrative", REPORT_FORM)}
            />
            <Field
              label={t("milestone.beneficiaries")}
              name="beneficiariesReached"
              inputMode="numeric"
              required
              defaultValue={typed.beneficiariesReached}
              error={fieldError(result, "beneficiariesReached", REPORT_FORM)}
            />
            <fieldset className="wide">
              <legend>{t("milestone.indicators")}</legend>
              {Array.from({ length: Math.min(3, MAX_INDICATORS) }, (_, i) => (
                <div key={i} className="form-grid">
                  <Field
                    label={t("milestone.indicatorRow", { n: i + 1 })}
                    name={`indicator-${i}`}
                    defaultValue={typed[`indicator-${i}`]}
                    error={fieldError(result, `indicator-${i}`, REPORT_FORM)}
                  />
                  <Field
                    label={t("col.target")}
                    name={`target-${i}`}
                    id={`field-target-${i}`}
                    inputMode="numeric"
                    defaultValue={typed[`target-${i}`]}
                    error={fieldError(result, `target-${i}`, REPORT_FORM)}
                  />
                  <Field
                    label={t("col.achieved")}
                    name={`achieved-${i}`}
                    id={`field-achieved-${i}`}
                    inputMode="numeric"
                    defaultValue={typed[`achieved-${i}`]}
                    error={fieldError(result, `achieved-${i}`, REPORT_FORM)}
                  />
                </div>
              ))}
            </fieldset>
            <fieldset className="wide">
              <legend>{t("milestone.financial")}</legend>
              <p className="hint">{t("milestone.financialHint")}</p>
              <div className="table-scroll">
                <table className="stack-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("col.budgetLine")}</th>
                      <th scope="col" className="num">
                        {t("col.approved")}
                      </th>
                      <th scope="col" className="num">
                        {t("col.spentElsewhere")}
                      </th>
                      <th scope="col" className="num">
                        {t("col.remainingOnLine")}
                      </th>
                      <th scope="col">{t("col.thisReport")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.budget.map((line) => (
                      <tr key={line.budgetLineId}>
                        <td>
                          {line.position}. {category(line)}
                          {line.description ? <div className="meta">{line.description}</div> : null}
                        </td>
                        <td className="num" data-label={t("col.approved")}>
                          {formatMoney(BigInt(line.amount), locale)}
                        </td>
                        <td className="num" data-label={t("col.spentElsewhere")}>
                          {formatMoney(BigInt(line.spentElsewhere), locale)}
                        </td>
                        <td className="num" data-label={t("col.remainingOnLine")}>
                          {formatMoney(BigInt(line.amount) - BigInt(line.spentElsewhere), locale)}
                        </td>
                        <td data-label={t("col.thisReport")}>
                          <label className="visually-hidden" htmlFor={`expense-${line.budgetLineId}`}>
                            {lineLabel(line)}
                          </label>
                          <input
                            id={`expense-${line.budgetLineId}`}
                            name={`expense-${line.budgetLineId}`}
                            inputMode="decimal"
                            defaultValue={typed[`expense-${line.budgetLineId}`]}
                            aria-invalid={fieldError(result, `expense-${line.budgetLineId}`, REPORT_FORM) ? true : undefined}
                            aria-describedby={
                              fieldError(result, `expense-${line.budgetLineId}`, REPORT_FORM)
                                ? `expense-${line.budgetLineId}-error`
                                : undefined
                            }
                          />
                          {fieldError(result, `expense-${line.budgetLineId}`, REPORT_FORM) ? (
                            <FieldError
                              id={`expense-${line.budgetLineId}-error`}
                              code={fieldError(result, `expense-${line.budgetLineId}`, REPORT_FORM)!}
                            />
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </fieldset>
            <Field
              label={t("milestone.files")}
              name="files"
              type="file"
              multiple
              accept={ACCEPT_ATTRIBUTE}
              hint={t("milestone.filesHint")}
            />
            {/* The first submit button is the one Enter presses: sending, the form's purpose. */}
            <p className="actions-row wide">
              <button type="submit" name="intent" value={INTENT.submit}>
                {t("milestone.submit")}
              </button>
              <button type="submit" name="intent" value={INTENT.draft} className="button secondary" formNoValidate>
                {t("milestone.saveDraft")}
              </button>
            </p>
          </Form>
        </div>
      ) : null}
    </section>
  );
}
