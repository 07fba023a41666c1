import { Form, useNavigation } from "@remix-run/react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { FormAlert } from "~/components/ui/alerts";
import { Field, TextAreaField } from "~/components/ui/field";
import { ProgrammeSchema } from "~/domains/budgets/programme-schemas";
import type { FormFailure } from "~/utils/forms.server";
import { dateInputValue } from "~/utils/time";

type Props = {
  values: Record<string, string | undefined>;
  register: (name: string) => UseFormRegisterReturn;
  errorFor: (name: string) => string | undefined;
};

/** A budget programme's fields, shared by the create and edit pages. */
export function ProgrammeFields({ values, register, errorFor }: Props) {
  const { t } = useTranslation("budgets");
  const text = (name: string, props: { type?: string; hint?: string; inputMode?: "numeric"; maxLength?: number } = {}) => (
    <Field label={t(`programmes.field.${name}`)} defaultValue={values[name]} error={errorFor(name)} {...props} {...register(name)} />
  );
  const area = (name: string) => (
    <TextAreaField label={t(`programmes.field.${name}`)} rows={3} defaultValue={values[name]} error={errorFor(name)} {...register(name)} />
  );
  return (
    <>
      <fieldset>
        <legend>{t("programmes.legend.programme")}</legend>
        {text("code", { hint: t("programmes.hint.code"), maxLength: 30 })}
        {text("nameKy")}
        {text("nameRu")}
        {text("nameEn")}
        {area("descriptionKy")}
        {area("descriptionRu")}
        {area("descriptionEn")}
      </fieldset>
      <fieldset>
        <legend>{t("programmes.legend.act")}</legend>
        {text("actBody", { hint: t("programmes.hint.actBody") })}
        {text("actNumber")}
        {text("actDate", { type: "date" })}
      </fieldset>
      <fieldset>
        <legend>{t("programmes.legend.period")}</legend>
        {text("firstYear", { inputMode: "numeric", maxLength: 4 })}
        {text("lastYear", { inputMode: "numeric", maxLength: 4 })}
      </fieldset>
    </>
  );
}

/** A programme as the form starts: dates as YYYY-MM-DD, years as text. */
export function programmeFormValues(p: {
  code: string;
  nameKy: string;
  nameRu: string;
  nameEn: string;
  descriptionKy: string;
  descriptionRu: string;
  descriptionEn: string;
  actBody: string;
  actNumber: string;
  actDate: Date | string | null;
  firstYear: number | null;
  lastYear: number | null;
}): Record<string, string> {
  return {
    code: p.code,
    nameKy: p.nameKy,
    nameRu: p.nameRu,
    nameEn: p.nameEn,
    descriptionKy: p.descriptionKy,
    descriptionRu: p.descriptionRu,
    descriptionEn: p.descriptionEn,
    actBody: p.actBody,
    actNumber: p.actNumber,
    actDate: dateInputValue(p.actDate),
    firstYear: p.firstYear?.toString() ?? "",
    lastYear: p.lastYear?.toString() ?? "",
  };
}

/** The create/edit form: a plain Remix form (works without JavaScript), checked by the same schema in the browser. */
export function ProgrammeForm({
  values,
  failure,
  submitLabel,
}: {
  values: Record<string, string | undefined>;
  failure?: FormFailure;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(ProgrammeSchema, { serverErrors: failure?.errors });
  return (
    <>
      <FormAlert failure={failure} />
      <Form method="post" onSubmit={onSubmit} noValidate>
        <ProgrammeFields values={values} register={register} errorFor={errorFor} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
