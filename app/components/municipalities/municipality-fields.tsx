import type { UseFormRegisterReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Field, SelectField } from "~/components/ui/field";
import { MUNICIPALITY_KINDS } from "~/domains/municipalities/municipality-schemas";

type Props = {
  values: Record<string, string | undefined>;
  // The forms that use these fields differ (set-up, profile, adding one); the fields are the same.
  register: (name: string) => UseFormRegisterReturn;
  errorFor: (name: string) => string | undefined;
};

/** A municipality's profile fields, shared by /setup, its administrator's profile page and the platform's list. */
export function MunicipalityFields({ values, register, errorFor }: Props) {
  const { t } = useTranslation("setup");
  const text = (name: string, props: { type?: string; autoComplete?: string; hint?: string } = {}) => (
    <Field label={t(`field.${name}`)} defaultValue={values[name]} error={errorFor(name)} {...props} {...register(name)} />
  );
  return (
    <>
      <fieldset>
        <legend>{t("municipality")}</legend>
        {text("nameKy")}
        {text("nameRu")}
        {text("nameEn")}
        <SelectField
          label={t("field.kind")}
          defaultValue={values.kind ?? "CITY"}
          options={MUNICIPALITY_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
          error={errorFor("kind")}
          {...register("kind")}
        />
        {text("region")}
        {text("address", { autoComplete: "street-address" })}
        {text("ocidPrefix", { hint: t("hint.ocidPrefix") })}
        {text("contactEmail", { type: "email" })}
        {text("contactPhone", { type: "tel" })}
      </fieldset>
      <fieldset>
        <legend>{t("signatory")}</legend>
        <p className="hint">{t("hint.signatory")}</p>
        {text("headNameKy")}
        {text("headNameRu")}
        {text("headPositionKy")}
        {text("headPositionRu")}
      </fieldset>
    </>
  );
}

export const PROFILE_FIELDS = [
  "nameKy",
  "nameRu",
  "nameEn",
  "kind",
  "region",
  "address",
  "ocidPrefix",
  "headNameKy",
  "headNameRu",
  "headPositionKy",
  "headPositionRu",
  "contactEmail",
  "contactPhone",
] as const;
