import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { donePath, fieldError, FormAlert } from "~/components/ui/alerts";
import { ReturnSchema } from "~/domains/organizations/organization-schemas";
import { decideVerification, getOrganizationForActor } from "~/domains/organizations/organizations.server";
import type { VerificationState } from "~/generated/sqlite/enums";
import { intentOf, refusedForm, unknownIntent, validateForm } from "~/utils/forms.server";
import { formatDate, LOCALE_NAMES } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { clientIp } from "~/utils/rate-limit.server";
import { requireActor, requirePermission } from "~/utils/session.server";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { verify: "verify", return: "return" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const organization = await getOrganizationForActor(actor, params.organizationId ?? "");
  if (!organization) throw new Response("Not found", { status: 404 });
  return { organization, canDecide: can(actor, "verify:organization:any") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "verify:organization:any");
  const form = await request.formData();
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  let note = "";
  if (intent === INTENT.return) {
    const { data, failure } = validateForm(form, ReturnSchema, ["note"]);
    if (failure) return failure;
    note = data.note;
  }
  const organizationId = params.organizationId ?? "";
  try {
    await decideVerification({ actor, organizationId, decision: intent, note, ipAddress: clientIp(request) });
  } catch (error) {
    return refusedForm(error, { intent, values: { note } });
  }
  return redirect(donePath(`/organizations/${organizationId}`, intent === INTENT.verify ? "verified" : "returned"));
}

export default function OrganizationProfile() {
  const { organization: o, canDecide } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("organizations");
  const result = useActionData<typeof action>();
  const rows: [string, string][] = [
    [t("fields.nameKy"), o.nameKy],
    [t("fields.nameRu"), o.nameRu],
    ...optionalRow(t("fields.nameEn"), o.nameEn),
    [t("legalForm"), t(`legalFormValue.${o.legalForm}`)],
    [t("registrationNumber"), o.registrationNumber],
    [t("tin"), o.tin],
    [t("registeredOn"), formatDate(o.registeredOn, locale)],
    [t("region"), t(`regionValue.${o.region}`, { defaultValue: o.region })],
    [t("address"), o.address],
    [t("phone"), o.phone],
    [t("email"), o.email],
    ...optionalRow(t("fields.website"), o.website),
    [t("fields.bankName"), o.bankName],
    [t("fields.bankBik"), o.bankBik],
    [t("fields.bankAccount"), o.bankAccount],
    [t("fields.preferredLocale"), LOCALE_NAMES[o.preferredLocale]],
  ];
  return (
    <>
      <div className={`status-panel ${o.verification}`} role="status">
        <strong>{t(`verificationValue.${o.verification}`)}.</strong>{" "}
        {o.verification === "VERIFIED" && o.verifiedAt
          ? t("status.VERIFIED", { date: formatDate(o.verifiedAt, locale) })
          : t(`status.${o.verification}`)}
        {o.verification === "RETURNED" && o.verificationNote ? (
          <>
            <div className="meta">{t("status.reason")}:</div>
            <blockquote>{o.verificationNote}</blockquote>
          </>
        ) : null}
      </div>
      {canDecide && o.verification !== "RETURNED" ? <DecisionForms state={o.verification} result={result} /> : null}
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** A row of the facts only when the value is there. */
function optionalRow(label: string, value: string | null): [string, string][] {
  return value ? [[label, value]] : [];
}

function DecisionForms({ state, result }: { state: VerificationState; result: ReturnType<typeof useActionData<typeof action>> }) {
  const { t } = useTranslation("organizations");
  const { t: tv } = useTranslation("validation");
  const noteError = fieldError(result, "note");
  return (
    <section aria-labelledby="decide-title" className="card">
      <h2 id="decide-title" style={{ marginTop: 0 }}>
        {t("review.decideTitle")}
      </h2>
      <FormAlert failure={result} />
      <div className="decision">
        {state === "PENDING" ? (
          <Form method="post">
            <button type="submit" name="intent" value={INTENT.verify} className="button">
              {t("review.verify")}
            </button>
          </Form>
        ) : null}
        {state !== "RETURNED" ? (
          <Form method="post" noValidate>
            <div className={noteError ? "field field-invalid" : "field"}>
              <label htmlFor="return-note">{t("review.reason")}</label>
              <p className="hint" id="return-note-hint">
                {t("review.reasonHint")}
              </p>
              <textarea
                id="return-note"
                name="note"
                required
                maxLength={2000}
                defaultValue={result?.values?.note ?? ""}
                aria-invalid={noteError ? true : undefined}
                aria-describedby={noteError ? "return-note-hint return-note-error" : "return-note-hint"}
              />
              {noteError ? (
                <p className="field-error" id="return-note-error" role="alert">
                  {tv(noteError)}
                </p>
              ) : null}
            </div>
            <button type="submit" name="intent" value={INTENT.return} className="button secondary">
              {t("review.return")}
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}
