import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Badge, DoneNotice, donePath, fieldError, FormAlert } from "~/components/ui/alerts";
import { Field, SelectField } from "~/components/ui/field";
import { bpToPercent, type ChangePayload } from "~/domains/agreements/agreement-rules";
import { ChangeDecisionSchema, ChangeRequestSchema, SignSchema } from "~/domains/agreements/agreement-schemas";
import { grantsLinks, statusTone, TextArea } from "~/components/agreements/agreement-ui";
import { attachSignedScan, decideChange, getAgreement, requestChange, signAgreement } from "~/domains/agreements/agreements.server";
import { storedChangePayload } from "~/domains/agreements/stored-json";
import { orRespond } from "~/utils/loader-refusal.server";
import { ACCEPT_ATTRIBUTE } from "~/domains/files/file-rules";
import { discardUpload, receiveUpload, saveAttachment, type ReceivedUpload } from "~/domains/files/files.server";
import { isOverdue } from "~/domains/monitoring/monitoring-rules";
import { CloseOutSchema, VisitSchema } from "~/domains/monitoring/monitoring-schemas";
import { closeGrant, recordVisit, submitFinalReport } from "~/domains/monitoring/monitoring.server";
import { prisma } from "~/utils/db.server";
import { formatDate, formatMoney, localized, type AppLocale, LOCALE_NAMES } from "~/utils/i18n";
import {
  type FormFailure,
  fieldErrorsOf,
  formToObject,
  intentOf,
  invalidForm,
  isMultipart,
  refusedForm,
  unknownIntent,
  validateForm,
} from "~/utils/forms.server";
import { can, type Actor } from "~/utils/permissions";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { startOfDay } from "~/utils/time";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = {
  sign: "sign",
  change: "change",
  decide: "decide",
  final: "final",
  close: "close",
  scan: "scan",
  visit: "visit",
} as const;

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.agreement");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return orRespond(async () => {
    const agreement = await getAgreement({ actor, agreementId: params.agreementId ?? "" });
    const finalReport = await prisma.milestoneReport.findFirst({
      where: { kind: "FINAL", milestone: { agreementId: agreement.id } },
      orderBy: { submittedAt: "desc" },
      select: { submittedAt: true, narrative: true },
    });
    const now = new Date();
    return {
      agreement: {
        ...agreement,
        milestones: agreement.milestones.map((m) => ({
          ...m,
          overdue: isOverdue(m, now),
        })),
        changeRequests: agreement.changeRequests.map((c) => ({ ...c, payload: storedChangePayload(c.payload) })),
      },
      finalReport,
      can: {
        manage: can(actor, "manage:agreement:any"),
        visit: can(actor, "record:visit:any"),
        feedback: can(actor, "manage:feedback:any") || can(actor, "manage:feedback:own"),
        request: can(actor, "request:change:own") && actor.organizations.some((o) => o.id === agreement.award.organizationId),
        report: can(actor, "report:milestone:own") && actor.organizations.some((o) => o.id === agreement.award.organizationId),
      },
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const agreementId = params.agreementId ?? "";
  if (isMultipart(request)) return uploadAction(request, actor, agreementId);
  const form = await request.formData();
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  const fields = formToObject(form);
  try {
    switch (intent) {
      case INTENT.sign: {
        const parsed = validateForm(form, SignSchema, [], intent);
        if (parsed.failure) return parsed.failure;
        await signAgreement({ actor, agreementId, signedOn: startOfDay(parsed.data.signedOn) });
        break;
      }
      case INTENT.change: {
        const parsed = validateForm(form, ChangeRequestSchema, [], intent);
        if (parsed.failure) return parsed.failure;
        await requestChange({ actor, agreementId, input: parsed.data });
        break;
      }
      case INTENT.decide: {
        const parsed = validateForm(form, ChangeDecisionSchema, [], intent);
        if (parsed.failure) return parsed.failure;
        await decideChange({ actor, agreementId, ...parsed.data });
        break;
      }
      case INTENT.final: {
        const narrative = (fields.finalNarrative ?? "").trim();
        if (!narrative || narrative.length > 8000) return invalidForm({ finalNarrative: [narrative ? "tooLong" : "required"] }, { intent });
        await submitFinalReport({ actor, agreementId, narrative });
        break;
      }
      case INTENT.close: {
        const parsed = validateForm(form, CloseOutSchema, [], intent);
        if (parsed.failure) return parsed.failure;
        await closeGrant({ actor, agreementId, finalNarrative: parsed.data.finalNarrative, returned: parsed.data.returned });
        break;
      }
      default:
        return invalidForm({}, { intent, formError: "grants:error.forbidden" });
    }
  } catch (error) {
    return refusedForm(error, { intent });
  }
  return redirect(donePath(`/agreements/${agreementId}`, "saved"));
}

/** The signed scan and visit photos arrive as multipart forms, streamed to storage by the files module. */
async function uploadAction(request: Request, actor: Actor, agreementId: string) {
  let upload: ReceivedUpload | null = null;
  let intent = "upload";
  try {
    const canUpload = can(actor, "manage:agreement:any") || can(actor, "record:visit:any");
    if (!canUpload) throw new Response("Forbidden", { status: 403 });
    upload = await receiveUpload(request, { fileFields: ["file", "photos"], maxFiles: 5 });
    const sent = intentOf(upload.fields, INTENT);
    if (!sent) return unknownIntent();
    intent = sent;
    const agreement = await getAgreement({ actor, agreementId });
    const organizationId = agreement.award.organizationId;
    if (intent === INTENT.scan) {
      const file = upload.files.find((f) => f.field === "file");
      if (!file) return invalidForm({ file: ["required"] }, { intent });
      const attachment = await prisma.$transaction((tx) => saveAttachment(tx, { actor, file, organizationId }));
      await attachSignedScan({ actor, agreementId, attachmentId: attachment.id });
    } else if (intent === INTENT.visit) {
      const parsed = VisitSchema.safeParse(upload.fields);
      if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent });
      const files = upload.files.filter((f) => f.field === "photos");
      const saved = await prisma.$transaction(async (tx) => {
        const ids: string[] = [];
        for (const file of files) ids.push((await saveAttachment(tx, { actor, file, organizationId })).id);
        return ids;
      });
      await recordVisit({
        actor,
        agreementId,
        visitedOn: startOfDay(parsed.data.visitedOn),
        findings: parsed.data.findings,
        attachmentIds: saved,
      });
    } else {
      return invalidForm({}, { intent, formError: "grants:error.forbidden" });
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return refusedForm(error, { intent });
  } finally {
    await discardUpload(upload);
  }
  return redirect(donePath(`/agreements/${agreementId}`, "saved"));
}

type Data = Awaited<ReturnType<typeof loader>>;

export default function AgreementPage() {
  const { agreement: a, finalReport, can: allowed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("grants");
  const snapshot = a.snapshot;
  const amount = BigInt(snapshot.amount);
  return (
    <section aria-labelledby="agreement-title">
      <div className="page-head">
        <h1 id="agreement-title">
          {a.number} <Badge tone={statusTone(a.status)}>{t(`agreementStatus.${a.status}`)}</Badge>
        </h1>
        <a className="button secondary small" href={`/agreements/${a.id}/pdf`}>
          {a.versions[0]?.textRole === "BINDING" ? t("agreement.pdfText", { language: LOCALE_NAMES.ky }) : t("agreement.pdf")}
        </a>
        {a.versions[0]?.texts.map((text) => (
          <a key={text.language} className="button secondary small" href={`/agreements/${a.id}/pdf?language=${text.language}`}>
            {t("agreement.pdfText", { language: LOCALE_NAMES[text.language] })}
          </a>
        ))}
        {allowed.feedback && (a.status === "SIGNED" || a.status === "CLOSED") ? (
          <Link className="button secondary small" to={`/agreements/${a.id}/feedback`}>
            {t("feedback.manage")}
          </Link>
        ) : null}
      </div>
      <DoneNotice ns="grants" hidden={Boolean(result)} />
      <ul className="stat-row">
        <li>
          <span className="label">{t("agreement.amount")}</span>
          <span className="value">{formatMoney(amount, locale)}</span>
        </li>
        <li>
          <span className="label">{t("agreement.paid")}</span>
          <span className="value">
            {formatMoney(
              a.tranches.filter((x) => x.status === "PAID").reduce((s, x) => s + BigInt(x.amount), 0n),
              locale,
            )}
          </span>
        </li>
        <li>
          <span className="label">{t("agreement.returned")}</span>
          <span className="value">{formatMoney(a.award.returned, locale)}</span>
        </li>
      </ul>
      <dl className="facts">
        <div>
          <dt>{t("agreement.grantor")}</dt>
          <dd>{localized(a.award.call.municipality, "name", locale)}</dd>
        </div>
        <div>
          <dt>{t("agreement.grantee")}</dt>
          <dd>
            {localized(a.award.organization, "name", locale)} · {a.award.organization.tin}
          </dd>
        </div>
        <div>
          <dt>{t("col.project")}</dt>
          <dd>{a.award.proposal.title}</dd>
        </div>
        <div>
          <dt>{t("col.award")}</dt>
          <dd>
            {a.award.reference} · {t("col.call")} {a.award.call.reference}
          </dd>
        </div>
        <div>
          <dt>{t("col.signedOn")}</dt>
          <dd>{a.signedOn ? formatDate(a.signedOn, locale) : "—"}</dd>
        </div>
        <div>
          <dt>{t("col.version")}</dt>
          <dd>{t("agreement.version", { number: a.version })}</dd>
        </div>
        <div>
          <dt>{t("agreement.bank")}</dt>
          <dd>
            {snapshot.bank.name} · {snapshot.bank.bik} · {snapshot.bank.account}
          </dd>
        </div>
        <div>
          <dt>{t("agreement.reportingTerms")}</dt>
          <dd className="pre-line">{snapshot.reportingTerms}</dd>
        </div>
      </dl>

      <h2>{t("agreement.schedule")}</h2>
      <div className="table-scroll">
        <table className="stack-table">
          <thead>
            <tr>
              <th scope="col">№</th>
              <th scope="col">{t("col.title")}</th>
              <th scope="col">{t("col.due")}</th>
              <th scope="col">{t("col.status")}</th>
              <th scope="col" className="num">
                {t("col.tranche")}
              </th>
            </tr>
          </thead>
          <tbody>
            {a.milestones.map((m) => {
              const tranche = a.tranches.find((x) => x.milestoneId === m.id);
              return (
                <tr key={m.id}>
                  <td>{m.position}</td>
                  <td data-label={t("col.title")}>
                    <Link to={`/agreements/${a.id}/milestones/${m.id}`}>{m.title}</Link>
                  </td>
                  <td data-label={t("col.due")}>
                    {formatDate(m.dueOn, locale)}
                    {m.overdue ? <div className="overdue">{t("milestone.overdue")}</div> : null}
                  </td>
                  <td data-label={t("col.status")}>
                    <Badge tone={statusTone(m.status)}>{t(`milestoneStatus.${m.status}`)}</Badge>
                  </td>
                  <td data-label={t("col.tranche")} className="num">
                    {tranche ? (
                      <>
                        {formatMoney(BigInt(tranche.amount), locale)} ({bpToPercent(tranche.shareBp)} %)
                        <div>
                          <Badge tone={statusTone(tranche.status)}>{t(`trancheStatus.${tranche.status}`)}</Badge>
                        </div>
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>{t("agreement.budget")}</h2>
      <div className="table-scroll">
        <table className="stack-table">
          <thead>
            <tr>
              <th scope="col">№</th>
              <th scope="col">{t("col.budgetLine")}</th>
              <th scope="col" className="num">
                {t("col.approved")}
              </th>
            </tr>
          </thead>
          <tbody>
            {snapshot.budget.map((line) => (
              <tr key={line.budgetLineId}>
                <td>{line.position}</td>
                <td data-label={t("col.budgetLine")}>
                  {t(`proposals:budget.category.${line.category}`, { defaultValue: line.category })}
                  {line.description ? <div className="meta">{line.description}</div> : null}
                </td>
                <td data-label={t("col.approved")} className="num">
                  {formatMoney(BigInt(line.amount), locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {allowed.manage && a.status === "DRAFT" ? (
        <div className="panel">
          <h2>{t("agreement.sign")}</h2>
          <FormAlert failure={result} intent={INTENT.sign} />
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value={INTENT.sign} />
            <Field
              label={t("agreement.signedOn")}
              name="signedOn"
              type="date"
              required
              error={fieldError(result, "signedOn", INTENT.sign)}
            />
            <button type="submit">{t("agreement.signSubmit")}</button>
          </Form>
        </div>
      ) : null}

      <div className="panel">
        <h2>{t("agreement.scan")}</h2>
        {a.signedScan ? (
          <p>
            <a href={`/files/${a.signedScan.id}`}>{a.signedScan.originalName}</a>
          </p>
        ) : (
          <p className="meta">{t("agreement.scanNone")}</p>
        )}
        {allowed.manage && a.status !== "CLOSED" ? (
          <>
            <FormAlert failure={result} intent={INTENT.scan} />
            <Form method="post" encType="multipart/form-data" className="inline-form">
              <input type="hidden" name="intent" value={INTENT.scan} />
              <Field
                label={t("agreement.scanFile")}
                name="file"
                type="file"
                accept={ACCEPT_ATTRIBUTE}
                required
                error={fieldError(result, "file", INTENT.scan)}
              />
              <button type="submit">{t("agreement.scanSubmit")}</button>
            </Form>
          </>
        ) : null}
      </div>

      <ChangeRequests agreement={a} allowed={allowed} result={result} locale={locale} />
      <Visits agreement={a} allowed={allowed} result={result} locale={locale} />

      <div className="panel">
        <h2>{t("agreement.closeOut")}</h2>
        {a.status === "CLOSED" && a.closedAt ? <p>{t("agreement.closedOn", { date: formatDate(a.closedAt, locale) })}</p> : null}
        {finalReport ? (
          <>
            <h3>{t("agreement.finalReport")}</h3>
            <p className="meta">{t("agreement.finalSubmitted", { date: formatDate(finalReport.submittedAt, locale) })}</p>
            <p className="pre-line">{finalReport.narrative}</p>
          </>
        ) : null}
        {allowed.report && a.status === "SIGNED" && !finalReport ? (
          <Form method="post">
            <input type="hidden" name="intent" value={INTENT.final} />
            <FormAlert failure={result} intent={INTENT.final} />
            <TextArea
              label={t("agreement.finalNarrative")}
              name="finalNarrative"
              required
              error={fieldError(result, "finalNarrative", INTENT.final)}
            />
            <button type="submit">{t("agreement.submitFinalReport")}</button>
          </Form>
        ) : null}
        {allowed.manage && a.status === "SIGNED" ? (
          <Form method="post" className="form-grid">
            <input type="hidden" name="intent" value={INTENT.close} />
            <div className="wide">
              <FormAlert failure={result} intent={INTENT.close} />
            </div>
            <Field
              label={t("agreement.returnedAmount")}
              name="returned"
              inputMode="decimal"
              defaultValue="0"
              error={fieldError(result, "returned", INTENT.close)}
            />
            <TextArea
              label={t("agreement.closeNote")}
              name="finalNarrative"
              required
              error={fieldError(result, "finalNarrative", INTENT.close)}
            />
            <button type="submit" className="button secondary">
              {t("agreement.close")}
            </button>
          </Form>
        ) : null}
      </div>

      <h2>{t("agreement.versions")}</h2>
      <ul>
        {a.versions.map((v) => (
          <li key={v.number}>
            {t("agreement.version", { number: v.number })} — {formatDate(v.createdAt, locale)} ·{" "}
            {v.reason === "created" ? t("agreement.versionCreated") : t("agreement.versionChange")}
          </li>
        ))}
      </ul>
    </section>
  );
}

type Props = { agreement: Data["agreement"]; allowed: Data["can"]; result?: FormFailure; locale: AppLocale };

function changeSummary(
  t: (key: string, params?: Record<string, unknown>) => string,
  payload: ChangePayload,
  a: Data["agreement"],
  locale: AppLocale,
) {
  if (payload.kind === "MILESTONE_DATE")
    return t("changeSummary.MILESTONE_DATE", { position: payload.milestonePosition, date: formatDate(payload.newDueOn, locale) });
  const name = (id: string) => a.snapshot.budget.find((l) => l.budgetLineId === id)?.category ?? "?";
  return t("changeSummary.BUDGET_REALLOCATION", {
    amount: formatMoney(BigInt(payload.amount), locale),
    from: name(payload.fromBudgetLineId),
    to: name(payload.toBudgetLineId),
  });
}

function ChangeRequests({ agreement: a, allowed, result, locale }: Props) {
  const { t } = useTranslation("grants");
  const { register, errorFor, onSubmit } = useValidatedForm(ChangeRequestSchema, {
    serverErrors: result?.intent === INTENT.change ? result.errors : undefined,
  });
  const error = (name: string) => errorFor(name);
  return (
    <div className="panel">
      <h2>{t("agreement.changes")}</h2>
      {a.changeRequests.length === 0 ? <p className="meta">{t("empty.changes")}</p> : null}
      <FormAlert failure={result} intent={INTENT.decide} />
      <ul className="thread">
        {a.changeRequests.map((c) => (
          <li key={c.id}>
            <p className="meta">
              {formatDate(c.createdAt, locale)} · {t(`changeKind.${c.kind}`)} ·{" "}
              <Badge tone={statusTone(c.status)}>{t(`changeStatus.${c.status}`)}</Badge>
            </p>
            <p>
              <strong>{changeSummary(t, c.payload, a, locale)}</strong>
            </p>
            <p className="pre-line">{c.justification}</p>
            {c.decision ? (
              <p>
                {t("col.decision")}: {c.decision}
              </p>
            ) : null}
            {allowed.manage && c.status === "PENDING" ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value={INTENT.decide} />
                <input type="hidden" name="changeRequestId" value={c.id} />
                <Field
                  label={t("agreement.reason")}
                  name="reason"
                  id={`reason-${c.id}`}
                  error={fieldError(result, "reason", INTENT.decide)}
                />
                <button type="submit" name="decision" value="APPROVE">
                  {t("agreement.approve")}
                </button>
                <button type="submit" name="decision" value="REFUSE" className="button secondary">
                  {t("agreement.refuse")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {allowed.request && a.status === "SIGNED" ? (
        <>
          <h3>{t("agreement.requestChange")}</h3>
          <FormAlert failure={result} intent={INTENT.change} />
          <Form method="post" className="form-grid" onSubmit={onSubmit} noValidate>
            <input type="hidden" name="intent" value={INTENT.change} />
            <SelectField
              label={t("agreement.changeKind")}
              {...register("kind")}
              options={(["MILESTONE_DATE", "BUDGET_REALLOCATION"] as const).map((k) => ({ value: k, label: t(`changeKind.${k}`) }))}
              error={error("kind")}
            />
            <SelectField
              label={t("agreement.milestonePosition")}
              {...register("milestonePosition")}
              options={a.milestones.map((m) => ({ value: String(m.position), label: `${m.position}. ${m.title}` }))}
              error={error("milestonePosition")}
            />
            <Field label={t("agreement.newDueOn")} type="date" {...register("newDueOn")} error={error("newDueOn")} />
            <SelectField
              label={t("agreement.fromLine")}
              {...register("fromBudgetLineId")}
              options={a.snapshot.budget.map((l) => ({
                value: l.budgetLineId,
                label: `${l.position}. ${t(`proposals:budget.category.${l.category}`, { defaultValue: l.category })}`,
              }))}
              error={error("fromBudgetLineId")}
            />
            <SelectField
              label={t("agreement.toLine")}
              {...register("toBudgetLineId")}
              defaultValue={a.snapshot.budget[1]?.budgetLineId}
              options={a.snapshot.budget.map((l) => ({
                value: l.budgetLineId,
                label: `${l.position}. ${t(`proposals:budget.category.${l.category}`, { defaultValue: l.category })}`,
              }))}
              error={error("toBudgetLineId")}
            />
            <Field label={t("agreement.amountSom")} inputMode="decimal" {...register("amount")} error={error("amount")} />
            <TextArea label={t("agreement.justification")} {...register("justification")} error={error("justification")} />
            <button type="submit">{t("agreement.submitChange")}</button>
          </Form>
        </>
      ) : null}
    </div>
  );
}

function Visits({ agreement: a, allowed, result, locale }: Props) {
  const { t } = useTranslation("grants");
  return (
    <div className="panel">
      <h2>{t("agreement.visits")}</h2>
      {a.visits.length === 0 ? <p className="meta">{t("empty.visits")}</p> : null}
      <ul className="thread">
        {a.visits.map((v) => (
          <li key={v.id}>
            <p className="meta">{formatDate(v.visitedOn, locale)}</p>
            <p className="pre-line">{v.findings}</p>
            {v.attachments.length ? (
              <p>
                {v.attachments.map(({ attachment }) => (
                  <a key={attachment.id} href={`/files/${attachment.id}`} style={{ marginRight: "0.75rem" }}>
                    {attachment.originalName}
                  </a>
                ))}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {allowed.visit && a.status !== "DRAFT" ? (
        <>
          <h3>{t("agreement.recordVisit")}</h3>
          <FormAlert failure={result} intent={INTENT.visit} />
          <Form method="post" encType="multipart/form-data" className="form-grid">
            <input type="hidden" name="intent" value={INTENT.visit} />
            <Field
              label={t("agreement.visitedOn")}
              name="visitedOn"
              type="date"
              required
              error={fieldError(result, "visitedOn", INTENT.visit)}
            />
            <Field label={t("agreement.photos")} name="photos" type="file" multiple accept={ACCEPT_ATTRIBUTE} />
            <TextArea label={t("agreement.findings")} name="findings" required error={fieldError(result, "findings", INTENT.visit)} />
            <button type="submit">{t("agreement.submitVisit")}</button>
          </Form>
        </>
      ) : null}
    </div>
  );
}
