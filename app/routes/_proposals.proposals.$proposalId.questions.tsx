import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { InfoNote } from "~/components/proposals/fields";
import { ProposalHeading, SectionNav } from "~/components/proposals/proposal-chrome";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { Field, SelectField, TextAreaField } from "~/components/ui/field";
import { useLocale } from "~/components/ui/use-locale";
import { helpText, MAX_ANSWER_TEXT, optionText, questionText } from "~/domains/calls/call-questions";
import { ACCEPT_ATTRIBUTE, ACCEPTED_EXTENSIONS_LABEL, formatBytes } from "~/domains/files/file-rules";
import { discardUpload, receiveUpload, type ReceivedUpload } from "~/domains/files/files.server";
import {
  attachAnswerFile,
  draftAnswerErrors,
  questionsWithAnswers,
  removeAnswerFile,
  saveAnswers,
} from "~/domains/proposals/proposal-answers.server";
import { documentBytesUsed, getProposalForActor, MAX_PROPOSAL_BYTES, problemsBySection } from "~/domains/proposals/proposals.server";
import proposalStyles from "~/styles/proposals.css";
import { DomainError } from "~/utils/domain-error";
import { formToObject, intentOf, invalidForm, isMultipart, readForm, refusedForm, unknownIntent } from "~/utils/forms.server";
import { pageTitle } from "~/utils/page-title";
import type { Actor } from "~/utils/permissions";
import { clientIp } from "~/utils/rate-limit.server";
import { requirePermission } from "~/utils/session.server";
import { prisma } from "~/utils/db.server";

/** The intents of the questions section; its forms send the same constants. */
export const INTENT = { save: "save", removeFile: "remove-file" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: proposalStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "proposals:questions.title", data?.view.proposal.reference);

/** The call's extra questions with this draft's answers (decision 0077); a call without questions has no such section. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "edit:proposal:own");
  const view = await getProposalForActor({ actor, proposalId: params.proposalId ?? "", now: new Date() });
  if (!view || !view.own) throw new Response("Not found", { status: 404 });
  const questions = await questionsWithAnswers(prisma, view.proposal.id, view.proposal.call.id);
  if (!questions.length) throw new Response("Not found", { status: 404 });
  return { view, questions, problems: problemsBySection(view) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const now = new Date();
  const proposalId = params.proposalId ?? "";
  const actor = await requirePermission(request, "edit:proposal:own");
  const context = { actor, now, proposalId, ipAddress: clientIp(request) };
  if (isMultipart(request)) return uploadAnswerFile(request, context);
  const form = await readForm(request);
  const intent = intentOf(form, INTENT, INTENT.save);
  if (!intent) return unknownIntent();
  const values = formToObject(form);
  delete values.intent;
  try {
    if (intent === INTENT.removeFile) {
      await removeAnswerFile({ ...context, questionId: String(form.get("questionId") ?? "") });
      return redirect(donePath(`/proposals/${proposalId}/questions`, "removed"));
    }
    const view = await getProposalForActor({ actor, proposalId, now });
    if (!view || !view.own) throw new DomainError("notFound", {}, 404);
    const errors = draftAnswerErrors(await questionsWithAnswers(prisma, proposalId, view.proposal.call.id), values);
    if (Object.keys(errors).length) return invalidForm(errors, { values, intent });
    await saveAnswers({ ...context, values });
  } catch (error) {
    return refusedForm(error, { values, intent });
  }
  return redirect(donePath(`/proposals/${proposalId}/questions`, "saved"));
}

/** A FILE question's file, streamed to storage; the proposal's 50 MB includes what it already carries. */
async function uploadAnswerFile(request: Request, context: { actor: Actor; now: Date; proposalId: string; ipAddress: string }) {
  let upload: ReceivedUpload | null = null;
  try {
    const used = await documentBytesUsed(context);
    upload = await receiveUpload(request, {
      fileFields: ["file"],
      maxFiles: 1,
      maxTotalBytes: Math.max(1, MAX_PROPOSAL_BYTES - used),
      maxFields: 5,
    });
    const file = upload.files[0];
    if (!file) return refusedForm(new DomainError("proposals:errors.chooseFile", {}, 400), { intent: "upload" });
    await attachAnswerFile({ ...context, questionId: String(upload.fields.questionId ?? ""), file });
  } catch (error) {
    return refusedForm(error, { intent: "upload" });
  } finally {
    await discardUpload(upload);
  }
  return redirect(donePath(`/proposals/${context.proposalId}/questions`, "uploaded"));
}

export default function ProposalQuestions() {
  const { view, questions, problems } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("proposals");
  const navigation = useNavigation();
  const readOnly = !view.can.edit;
  const typed = result && "values" in result && result.values ? result.values : undefined;
  const errorOf = (name: string) => (result && "errors" in result ? result.errors[name]?.[0] : undefined);
  return (
    <section aria-labelledby="proposal-title" className="proposal-page">
      <ProposalHeading proposal={view.proposal} locale={locale} />
      <div className="proposal-layout">
        <SectionNav proposalId={view.proposal.id} problems={problems} questions="current" />
        <div className="proposal-main">
          <h2 id="section-title">{t("questions.title")}</h2>
          <p className="hint">{t("questions.hint")}</p>
          {readOnly ? (
            <InfoNote
              code={view.proposal.intake === "PAPER" ? "notice.paperReadOnly" : view.onTime ? "notice.readOnly" : "notice.closed"}
            />
          ) : null}
          <DoneNotice ns="proposals" hidden={Boolean(result)} />
          <FormAlert failure={result} />
          <Form method="post" noValidate aria-labelledby="section-title">
            <fieldset disabled={readOnly} className="plain">
              {questions.map((q) => {
                const name = `answer.${q.id}`;
                const label = `${questionText(q, locale)}${q.required ? ` (${t("questions.requiredMark")})` : ""}`;
                const hint = [helpText(q, locale), q.kind === "NUMBER" ? rangeHint(t, q.minValue, q.maxValue) : ""]
                  .filter(Boolean)
                  .join(" ");
                const common = { name, label, hint: hint || undefined, error: errorOf(name), defaultValue: typed?.[name] ?? q.value };
                if (q.kind === "TEXT") return <TextAreaField key={q.id} rows={4} maxLength={MAX_ANSWER_TEXT} {...common} />;
                if (q.kind === "NUMBER") return <Field key={q.id} inputMode="decimal" autoComplete="off" {...common} />;
                if (q.kind === "CHOICE")
                  return (
                    <SelectField
                      key={q.id}
                      {...common}
                      options={[
                        { value: "", label: t("questions.choose") },
                        ...q.options.map((o, i) => ({ value: String(i), label: optionText(o, locale) })),
                      ]}
                    />
                  );
                return (
                  <div key={q.id} className="field">
                    <p className="label">{label}</p>
                    {hint ? <p className="hint">{hint}</p> : null}
                    <p>
                      {q.file ? (
                        <>
                          <a href={`/files/${q.file.id}`}>{q.file.originalName}</a> ({formatBytes(q.file.size)})
                        </>
                      ) : (
                        t("questions.noFile")
                      )}
                    </p>
                  </div>
                );
              })}
            </fieldset>
            {readOnly ? null : (
              <div className="form-actions">
                <button type="submit" name="intent" value={INTENT.save} className="button" disabled={navigation.state === "submitting"}>
                  {t("actions.save")}
                </button>
              </div>
            )}
          </Form>
          {readOnly
            ? null
            : questions
                .filter((q) => q.kind === "FILE")
                .map((q) => (
                  <div key={q.id} className="question-file">
                    <Form method="post" encType="multipart/form-data">
                      <input type="hidden" name="questionId" value={q.id} />
                      <label>
                        {t("questions.fileFor", { question: questionText(q, locale) })}
                        <input type="file" name="file" accept={ACCEPT_ATTRIBUTE} required />
                      </label>
                      <p className="hint">{t("documents.uploadHint", { formats: ACCEPTED_EXTENSIONS_LABEL })}</p>
                      <button type="submit" className="button secondary small">
                        {t("questions.upload")}
                      </button>
                    </Form>
                    {q.file ? (
                      <Form method="post">
                        <input type="hidden" name="questionId" value={q.id} />
                        <button type="submit" name="intent" value={INTENT.removeFile} className="button secondary small">
                          {t("questions.removeFile")}
                        </button>
                      </Form>
                    ) : null}
                  </div>
                ))}
        </div>
      </div>
    </section>
  );
}

function rangeHint(t: (key: string, params?: Record<string, unknown>) => string, min: number | null, max: number | null) {
  if (min !== null && max !== null) return t("questions.range", { min, max });
  if (min !== null) return t("questions.atLeast", { min });
  if (max !== null) return t("questions.atMost", { max });
  return "";
}
