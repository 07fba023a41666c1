import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Field, SelectField } from "~/components/ui/field";
import { FormAlert } from "~/components/ui/alerts";
import type { OrganizationInput } from "~/domains/organizations/organization-schemas";
import { KYRGYZ_REGIONS, LEGAL_FORMS } from "~/domains/organizations/organization-rules";
import { calendarDateOf } from "~/utils/time";
import { OrganizationSchema } from "~/domains/organizations/organization-schemas";
import type { FieldErrors } from "~/utils/forms.server";
import { LOCALE_NAMES, LOCALES } from "~/utils/i18n";

export type OrganizationFormValues = Partial<Record<string, string>>;
type TextField = Exclude<keyof OrganizationInput, "legalForm" | "region" | "preferredLocale">;

/**
 * The organization's profile form, for registering and for editing. A plain
 * POST form (works without JavaScript) that react-hook-form checks as the
 * person types, with the same schema as the server.
 */
export function OrganizationForm({
  values,
  result,
  submitLabel,
}: {
  values: OrganizationFormValues;
  /** The action's answer to the last post, if it was refused. */
  result?: { errors: FieldErrors; formError?: string; formParams?: Record<string, string | number> };
  submitLabel: string;
}) {
  const { t } = useTranslation("organizations");
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(OrganizationSchema, { serverErrors: result?.errors });
  const field = (name: TextField, label: string, props: Record<string, unknown> = {}) => (
    <Field label={label} defaultValue={values[name] ?? ""} error={errorFor(name)} {...props} {...register(name)} />
  );
  const choose = { value: "", label: t("fields.choose") };
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="wide">
      <FormAlert failure={result} />
      <fieldset>
        <legend>{t("sections.names")}</legend>
        {field("nameKy", t("fields.nameKy"), { lang: "ky", autoComplete: "organization" })}
        {field("nameRu", t("fields.nameRu"), { lang: "ru" })}
        {field("nameEn", t("fields.nameEn"), { lang: "en" })}
      </fieldset>
      <fieldset>
        <legend>{t("sections.legal")}</legend>
        <div className="form-grid two">
          <SelectField
            label={t("legalForm")}
            defaultValue={values.legalForm ?? ""}
            error={errorFor("legalForm")}
            options={[choose, ...LEGAL_FORMS.map((f) => ({ value: f, label: t(`legalFormValue.${f}`) }))]}
            {...register("legalForm")}
          />
          {field("registrationNumber", t("registrationNumber"), { hint: t("fields.registrationNumberHint") })}
          {field("tin", t("tin"), { inputMode: "numeric", hint: t("fields.tinHint"), maxLength: 20 })}
          {field("registeredOn", t("registeredOn"), { type: "date", max: calendarDateOf(new Date()), hint: t("fields.registeredOnHint") })}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("sections.contacts")}</legend>
        <div className="form-grid two">
          <SelectField
            label={t("region")}
            defaultValue={values.region ?? ""}
            error={errorFor("region")}
            options={[choose, ...KYRGYZ_REGIONS.map((r) => ({ value: r, label: t(`regionValue.${r}`) }))]}
            {...register("region")}
          />
          {field("address", t("address"), { autoComplete: "street-address" })}
          {field("phone", t("phone"), { type: "tel", autoComplete: "tel", hint: t("fields.phoneHint") })}
          {field("email", t("email"), { type: "email", autoComplete: "email" })}
          {field("website", t("fields.website"), { type: "url", autoComplete: "url" })}
          <SelectField
            label={t("fields.preferredLocale")}
            defaultValue={values.preferredLocale ?? "ky"}
            error={errorFor("preferredLocale")}
            options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            {...register("preferredLocale")}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("sections.bank")}</legend>
        {field("bankName", t("fields.bankName"))}
        <div className="form-grid two">
          {field("bankBik", t("fields.bankBik"), { inputMode: "numeric", hint: t("fields.bikHint"), maxLength: 10 })}
          {field("bankAccount", t("fields.bankAccount"), { inputMode: "numeric", hint: t("fields.bankAccountHint"), maxLength: 24 })}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("sections.signatory")}</legend>
        <p className="meta">{t("fields.signatoryHint")}</p>
        {field("signatoryName", t("fields.signatoryName"), { autoComplete: "name" })}
        <div className="form-grid two">
          {field("signatoryPositionKy", t("fields.signatoryPositionKy"))}
          {field("signatoryPositionRu", t("fields.signatoryPositionRu"))}
        </div>
      </fieldset>
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}

/** The form's fields as typed, to give them back after a refusal. */
export const ORGANIZATION_FORM_FIELDS: (keyof OrganizationInput)[] = [
  "nameKy",
  "nameRu",
  "nameEn",
  "legalForm",
  "registrationNumber",
  "tin",
  "registeredOn",
  "region",
  "address",
  "phone",
  "email",
  "website",
  "bankName",
  "bankBik",
  "bankAccount",
  "signatoryName",
  "signatoryPositionKy",
  "signatoryPositionRu",
  "preferredLocale",
];
