import { randomUUID } from "node:crypto";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, SelectField, TextAreaField } from "~/components/ui/field";
import { ACCEPT_ATTRIBUTE, ACCEPTED_EXTENSIONS_LABEL, MiB } from "~/domains/files/file-rules";
import { discardUpload, receiveUpload, UploadError, type ReceivedUpload } from "~/domains/files/files.server";
import { fieldErrorsOf, invalidForm, refusedForm } from "~/utils/forms.server";
import { nestFields } from "~/domains/proposals/form-fields";
import { PaperIntakeSchema } from "~/domains/proposals/proposal-schemas";
import { listPaperProposals, paperIntakeOptions, registerPaperProposal } from "~/domains/proposals/submission.server";
import { FormAlert } from "~/components/ui/alerts";
import { useProposalForm } from "~/components/proposals/use-proposal-form";
import proposalStyles from "~/styles/proposals.css";
import { formatDateTime, LOCALE_NAMES, LOCALES, localized } from "~/utils/i18n";
import { clientIp } from "~/utils/rate-limit.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

const MAX_SCANS = 10;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: proposalStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.paperIntake");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "register:paper-proposal:any");
  const [options, recent] = await Promise.all([paperIntakeOptions({ actor, now: new Date() }), listPaperProposals({ actor })]);
  return { ...options, recent, idempotencyKey: randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const now = new Date();
  const actor = await requirePermission(request, "register:paper-proposal:any");
  let upload: ReceivedUpload | null = null;
  try {
    upload = await receiveUpload(request, { fileFields: ["scans"], maxFiles: MAX_SCANS, maxTotalBytes: 50 * MiB, maxFields: 20 });
    const parsed = PaperIntakeSchema.safeParse(nestFields(upload.fields));
    if (!parsed.success) {
      return invalidForm(fieldErrorsOf(parsed.error), { formError: "proposals:errors.fixFields", values: upload.fields });
    }
    const receipt = await registerPaperProposal({ actor, now, ipAddress: clientIp(request), ...parsed.data, scans: upload.files });
    return redirect(`/proposals/${receipt.proposalId}/receipts/${receipt.number}`);
  } catch (error) {
    return refusedForm(error, { values: error instanceof UploadError ? error.fields : upload?.fields });
  } finally {
    await discardUpload(upload);
  }
}

export default function PaperIntake() {
  const { calls, organizations, recent, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("proposals");
  const navigation = useNavigation();
  const values = result?.values ?? {};
  const { register, errorFor, onSubmit } = useProposalForm(PaperIntakeSchema, { serverErrors: result?.errors });
  const field = (name: string, fallback = "") => ({ defaultValue: values[name] ?? fallback, error: errorFor(name), ...register(name) });
  return (
    <section aria-labelledby="paper-title" className="proposal-page">
      <h1 id="paper-title">{t("paper.title")}</h1>
      <p className="lead">{t("paper.lead")}</p>
      <FormAlert failure={result} />
      {calls.length === 0 ? (
        <p className="empty-state">{t("paper.noOpenCalls")}</p>
      ) : (
        <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="panel">
          <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? idempotencyKey} />
          <SelectField
            label={t("paper.call")}
            options={[
              { value: "", label: t("paper.chooseCall") },
              ...calls.map((c) => ({
                value: c.id,
                label: `${localized(c, "title", locale)} (${c.reference}) — ${formatDateTime(c.submissionDeadline!, locale)}`,
              })),
            ]}
            {...field("callId")}
          />
          <SelectField
            label={t("paper.organization")}
            options={[
              { value: "", label: t("paper.chooseOrganization") },
              ...organizations.map((o) => ({ value: o.id, label: `${localized(o, "name", locale)} — ${o.tin}` })),
            ]}
            {...field("organizationId")}
          />
          <SelectField
            label={t("fields.language")}
            options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            {...field("language", locale)}
          />
          <Field label={t("fields.title")} maxLength={200} {...field("title")} />
          <TextAreaField label={t("fields.summary")} rows={4} {...field("summary")} />
          <div className="row-grid">
            <Field label={t("fields.beneficiaries")} inputMode="numeric" {...field("beneficiaries")} />
            <Field label={t("paper.requested")} hint={t("budget.moneyHint")} inputMode="decimal" {...field("requested")} />
            <Field label={t("budget.cofinancing")} inputMode="decimal" {...field("cofinancing")} />
            <Field label={t("paper.pages")} inputMode="numeric" {...field("pages")} />
          </div>
          <div className="field">
            <label htmlFor="field-scans">{t("paper.scans")}</label>
            <p className="hint" id="field-scans-hint">
              {t("paper.scansHint", { formats: ACCEPTED_EXTENSIONS_LABEL, max: MAX_SCANS })}
            </p>
            <input id="field-scans" type="file" name="scans" multiple accept={ACCEPT_ATTRIBUTE} aria-describedby="field-scans-hint" />
          </div>
          <p className="hint">{t("paper.entryNote")}</p>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("paper.submit")}
          </button>
        </Form>
      )}
      <h2>{t("paper.recent")}</h2>
      {recent.length === 0 ? (
        <p className="empty-state">{t("paper.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">{t("receipt.number")}</th>
                <th scope="col">{t("receipt.organization")}</th>
                <th scope="col">{t("fields.title")}</th>
                <th scope="col">{t("paper.enteredAt")}</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((p) => (
                <tr key={p.id}>
                  <td>
                    {p.versions[0] ? (
                      <Link to={`/proposals/${p.id}/receipts/${p.versions[0].number}`}>{p.versions[0].receiptNumber}</Link>
                    ) : (
                      p.reference
                    )}
                  </td>
                  <td data-label={t("receipt.organization")}>{localized(p.organization, "name", locale)}</td>
                  <td data-label={t("fields.title")}>{p.title}</td>
                  <td data-label={t("paper.enteredAt")}>{formatDateTime(p.createdAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
