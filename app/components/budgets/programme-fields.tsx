import { Form, useNavigation } from "@remix-run/react";
import type { UseFormRegister } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Field, TextAreaField } from "~/components/ui/field";
import { ProgrammeSchema } from "~/domains/budgets/programme-schemas";
import { dateInputValue } from "~/utils/time";

type Props = {
  values: Record<string, string | undefined>;
  register: UseFormRegister<never>;
  errorFor: (name: string) => string | undefined;
};

/** A budget programme's fields, shared by the create and edit pages. */
export function ProgrammeFields({ values, register, errorFor }: Props) {
  const { t } = useTranslation("budgets");
  const reg = register as unknown as (name: string) => ReturnType<UseFormRegister<Record<string, string>>>;
  const text = (name: string, props: { type?: string; hint?: string; inputMode?: "numeric"; maxLength?: number } = {}) => (
    <Field label={t(`programmes.field.${name}`)} defaultValue={values[name]} error={errorFor(name)} {...props} {...reg(name)} />
  );
  const area = (name: string) => (
    <TextAreaField label={t(`programmes.field.${name}`)} rows={3} defaultValue={values[name]} error={errorFor(name)} {...reg(name)} />
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
  serverErrors,
  formError,
  formParams,
  submitLabel,
}: {
  values: Record<string, string | undefined>;
  serverErrors?: Record<string, string[] | undefined>;
  formError?: string;
  formParams?: Record<string, string | number>;
  submitLabel: string;
}) {
  const { t } = useTranslation("errors");
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(ProgrammeSchema, { serverErrors });
  return (
    <>
      {formError ? (
        <div className="alert alert-error" role="alert">
          {t(formError, { ...formParams, defaultValue: t("forbidden") })}
        </div>
      ) : null}
      <Form method="post" onSubmit={onSubmit} noValidate>
        <ProgrammeFields values={values} register={register as never} errorFor={errorFor} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
