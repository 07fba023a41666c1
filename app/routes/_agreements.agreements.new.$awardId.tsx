import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { fieldError, FormAlert, Notice } from "~/components/ui/alerts";
import { Field, SelectField } from "~/components/ui/field";
import { bpToPercent, evenTrancheShares } from "~/domains/agreements/agreement-rules";
import { AgreementDraftSchema } from "~/domains/agreements/agreement-schemas";
import { grantsLinks, TextArea } from "~/components/agreements/agreement-ui";
import { createAgreement, getAwardForDraft } from "~/domains/agreements/agreements.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { formatDate, formatMoney, LOCALE_NAMES, LOCALES, localized } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import { refusedForm, validateForm } from "~/utils/forms.server";
import { DomainError } from "~/utils/domain-error";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.newAgreement");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:agreement:any");
  return orRespond(async () => {
    const award = await getAwardForDraft({ actor, awardId: params.awardId ?? "" });
    if (award.agreement) throw redirect(`/agreements/${award.agreement.id}`);
    const language = award.organization.preferredLocale;
    const t = await getFixedT(language, "grants");
    const shares = evenTrancheShares(award.proposal.milestones.length);
    return { award, defaults: { language, reportingTerms: t("draft.defaultTerms"), shares: shares.map(bpToPercent) } };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:agreement:any");
  const form = await request.formData();
  const parsed = validateForm(form, AgreementDraftSchema);
  if (parsed.failure) return parsed.failure;
  try {
    const agreement = await createAgreement({ actor, awardId: params.awardId ?? "", input: parsed.data });
    return redirect(`/agreements/${agreement.id}`);
  } catch (error) {
    // A second click (or a colleague) was first: the agreement exists, so that is where the officer goes.
    if (error instanceof DomainError && error.code === "grants:error.agreementExists" && error.params.agreementId) {
      return redirect(`/agreements/${error.params.agreementId}`);
    }
    return refusedForm(error);
  }
}

export default function DraftAgreement() {
  const { award, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("grants");
  // Only current errors: a server's error on a field is dropped once the officer changes that field.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setEdited(new Set()), [result]);
  const serverErrors = Object.fromEntries(Object.entries(result?.errors ?? {}).filter(([name]) => !edited.has(name)));
  const { register, errorFor, onSubmit } = useValidatedForm(AgreementDraftSchema, { serverErrors });
  const error = (name: string) => errorFor(name) ?? (edited.has(name) ? undefined : fieldError(result, name));
  // One agreement per award: the button is off from the first click until the answer arrives.
  const submitting = useNavigation().state !== "idle";
  const milestones = award.proposal.milestones;
  return (
    <section aria-labelledby="draft-title">
      <h1 id="draft-title">{t("title.draft")}</h1>
      <p className="lead">
        {t("draft.lead", {
          reference: award.reference,
          organization: localized(award.organization, "name", locale),
          amount: formatMoney(award.amount, locale),
        })}
      </p>
      {milestones.length === 0 ? <Notice tone="error">{t("draft.noWorkPlan")}</Notice> : null}
      <FormAlert failure={result} />
      <Form
        method="post"
        onSubmit={onSubmit}
        onChange={(event) => {
          const target = event.target;
          const name = "name" in target && typeof target.name === "string" ? target.name : "";
          if (name && !edited.has(name)) setEdited(new Set([...edited, name]));
        }}
        noValidate
      >
        <div className="panel">
          <h2>{t("draft.schedule")}</h2>
          <p className="hint">{t("draft.scheduleHint")}</p>
          <div className="table-scroll">
            <table className="stack-table">
              <thead>
                <tr>
                  <th scope="col">№</th>
                  <th scope="col">{t("col.title")}</th>
                  <th scope="col">{t("col.due")}</th>
                  <th scope="col">{t("col.share")}</th>
                </tr>
              </thead>
              <tbody>
                {milestones.map((m, i) => (
                  <tr key={m.position}>
                    <td>{m.position}</td>
                    <td data-label={t("col.title")}>
                      {m.title}
                      {m.deliverables ? <div className="meta">{m.deliverables}</div> : null}
                    </td>
                    <td data-label={t("col.due")}>{formatDate(m.dueOn, locale)}</td>
                    <td data-label={t("col.share")} style={{ minWidth: "7rem" }}>
                      <Field
                        label={t("draft.share", { position: m.position, title: m.title })}
                        {...register(`share-${m.position}`)}
                        defaultValue={defaults.shares[i]}
                        inputMode="decimal"
                        error={error(`share-${m.position}`)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <div className="panel form-grid">
          <h2 className="wide">{t("draft.bank")}</h2>
          <Field
            label={t("draft.bankName")}
            {...register("bankName")}
            defaultValue={award.organization.bankName}
            error={error("bankName")}
          />
          <Field
            label={t("draft.bankBik")}
            {...register("bankBik")}
            defaultValue={award.organization.bankBik}
            inputMode="numeric"
            error={error("bankBik")}
          />
          <Field
            label={t("draft.bankAccount")}
            {...register("bankAccount")}
            defaultValue={award.organization.bankAccount}
            inputMode="numeric"
            error={error("bankAccount")}
          />
        </div>
        <div className="panel form-grid">
          <SelectField
            label={t("draft.language")}
            {...register("language")}
            defaultValue={defaults.language}
            options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            error={error("language")}
          />
          <TextArea
            label={t("draft.reportingTerms")}
            {...register("reportingTerms")}
            defaultValue={defaults.reportingTerms}
            rows={5}
            error={error("reportingTerms")}
          />
        </div>
        <button type="submit" disabled={submitting} aria-busy={submitting || undefined}>
          {submitting ? t("draft.submitting") : t("draft.submit")}
        </button>
      </Form>
    </section>
  );
}
