import { Form, useNavigation } from "@remix-run/react";
import { get } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Field, SelectField, TextAreaField } from "~/components/ui/field";
import { DOCUMENT_KINDS, LEGAL_FORMS, MAX_CRITERIA, REGIONS, TEXT_FIELDS } from "~/domains/calls/call-options";
import { CallAmendSchema, CallCreateSchema, CallDraftSchema, type CallFormValues } from "~/domains/calls/call-schemas";
import type { CallFailureDetails } from "~/domains/calls/call-forms.server";
import { FormAlert } from "~/components/ui/alerts";
import type { FormFailure } from "~/utils/forms.server";
import { formatMoney, LOCALES, type AppLocale } from "~/utils/i18n";
import { BudgetRulesFieldset } from "./budget-rules-fieldset";
import { QuestionsFieldset } from "./questions-fieldset";
import { ProblemList } from "./call-display";
import { EligibilityConfirmation } from "./eligibility-changes";
import { EnforcementFieldset } from "./enforcement-fieldset";
import { CheckboxGroup } from "./fields";

type Props = {
  mode: "create" | "edit" | "amend";
  values: CallFormValues;
  locale: AppLocale;
  envelope?: bigint | string;
  appropriations?: { id: string; label: string }[];
  /** The municipality's ranked priority problems a call may name (decision 0078). */
  priorities: { id: string; label: string }[];
  failure?: FormFailure<CallFailureDetails>;
};

const SCHEMA = { create: CallCreateSchema, edit: CallDraftSchema, amend: CallAmendSchema } as const;
const SUFFIX = { ky: "Ky", ru: "Ru", en: "En" } as const;
/** Long texts get a textarea; the title fits on one line. */
const ROWS: Record<(typeof TEXT_FIELDS)[number], number> = { title: 0, summary: 3, problem: 5, targetGroup: 3, eligibility: 5 };

/**
 * The call form: texts in three languages, eligibility, grants, required
 * documents, criteria and timeline. A plain POST without JavaScript; with it,
 * the same zod schema checks each field as the officer leaves it.
 */
export function CallForm({ mode, values, locale, envelope, appropriations, priorities, failure }: Props) {
  const { t } = useTranslation("calls");
  const { t: tOrg } = useTranslation("organizations");
  const navigation = useNavigation();
  const list = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
  };
  // The checkbox groups start from exactly what is stored, as lists: left to read
  // the boxes itself, react-hook-form took one ticked box for a single value and
  // ticked every box of the group on the next render (issue 11, item 1).
  const { register, onSubmit, form } = useValidatedForm(SCHEMA[mode], {
    serverErrors: failure?.errors,
    defaultValues: { legalForms: list("legalForms"), regions: list("regions"), requiredDocuments: list("requiredDocuments") },
  });
  const errorFor = (name: string): string | undefined => {
    const entry: unknown = get(form.formState.errors, name);
    if (entry && typeof entry === "object" && "message" in entry && typeof entry.message === "string") return entry.message;
    const server = failure?.errors ?? {};
    return (
      server[name]?.[0] ??
      Object.entries(server).find(
        ([key]) => key.startsWith(`${name}.`) && !key.startsWith("criteria.") && !key.startsWith("questions."),
      )?.[1]?.[0]
    );
  };
  const text = (name: string) => String(values[name] ?? "");
  const criteria = values.criteria ?? [];
  const rowCount = Math.min(MAX_CRITERIA, Math.max(criteria.length + 2, 3));
  const watched: unknown = form.watch("criteria");
  const weightTotal = (Array.isArray(watched) ? watched : criteria).reduce<number>((sum, row) => sum + weightOf(row), 0);

  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="call-form">
      <input type="hidden" name="intent" value={mode} />
      <FormAlert failure={failure} />
      <ProblemList problems={failure?.details?.problems} />

      {mode === "create" && appropriations ? (
        <SelectField
          label={t("form.appropriation")}
          defaultValue={text("appropriationId")}
          options={appropriations.map((a) => ({ value: a.id, label: a.label }))}
          error={errorFor("appropriationId")}
          {...register("appropriationId")}
        />
      ) : null}

      <SelectField
        label={t("form.priorityProblem")}
        hint={t("form.priorityProblemHint")}
        defaultValue={text("priorityProblemId")}
        options={[{ value: "", label: t("form.noPriorityProblem") }, ...priorities.map((p) => ({ value: p.id, label: p.label }))]}
        error={errorFor("priorityProblemId")}
        {...register("priorityProblemId")}
      />

      {mode === "amend" ? (
        <TextAreaField
          label={t("form.reason")}
          hint={t("form.amendHint")}
          rows={3}
          maxLength={2000}
          defaultValue={text("reason")}
          error={errorFor("reason")}
          {...register("reason")}
        />
      ) : null}

      <fieldset>
        <legend>{t("form.texts")}</legend>
        <p className="hint">{t("form.textsHint")}</p>
        {TEXT_FIELDS.map((field) => (
          <div className="lang-grid" key={field}>
            {LOCALES.map((language) => {
              const name = `${field}${SUFFIX[language]}`;
              const label = t("form.inLanguage", { field: t(`form.field.${field}`), language: t(`language.${language}`) });
              const common = { label, lang: language, defaultValue: text(name), error: errorFor(name), ...register(name) };
              return ROWS[field] ? <TextAreaField key={name} rows={ROWS[field]} {...common} /> : <Field key={name} {...common} />;
            })}
          </div>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t("form.eligibility")}</legend>
        <CheckboxGroup
          legend={t("form.legalForms")}
          name="legalForms"
          checked={list("legalForms")}
          options={LEGAL_FORMS.map((value) => ({ value, label: tOrg(`legalFormValue.${value}`) }))}
          error={errorFor("legalForms")}
          register={register}
        />
        <CheckboxGroup
          legend={t("form.regions")}
          name="regions"
          hint={t("form.regionsHint")}
          checked={list("regions")}
          options={REGIONS.map((value) => ({ value, label: t(`region.${value}`) }))}
          error={errorFor("regions")}
          register={register}
        />
        <Field
          label={t("form.minOrganizationAgeMonths")}
          inputMode="numeric"
          defaultValue={text("minOrganizationAgeMonths")}
          error={errorFor("minOrganizationAgeMonths")}
          {...register("minOrganizationAgeMonths")}
        />
      </fieldset>

      <EnforcementFieldset value={text("eligibilityEnforcement")} error={errorFor("eligibilityEnforcement")} register={register} />

      <fieldset>
        <legend>{t("form.money")}</legend>
        {envelope !== undefined ? <p className="hint">{t("form.envelopeNote", { amount: formatMoney(envelope, locale) })}</p> : null}
        <div className="field-row">
          <Field
            label={t("form.minGrant")}
            inputMode="decimal"
            defaultValue={text("minGrant")}
            error={errorFor("minGrant")}
            {...register("minGrant")}
          />
          <Field
            label={t("form.maxGrant")}
            inputMode="decimal"
            defaultValue={text("maxGrant")}
            error={errorFor("maxGrant")}
            {...register("maxGrant")}
          />
          <Field
            label={t("form.maxProposalsPerOrganization")}
            inputMode="numeric"
            defaultValue={text("maxProposalsPerOrganization")}
            error={errorFor("maxProposalsPerOrganization")}
            {...register("maxProposalsPerOrganization")}
          />
        </div>
      </fieldset>

      <BudgetRulesFieldset rows={values.budgetRules} errorFor={errorFor} register={register} />

      <fieldset>
        <legend>{t("form.documents")}</legend>
        <CheckboxGroup
          legend={t("form.documents")}
          name="requiredDocuments"
          checked={list("requiredDocuments")}
          options={DOCUMENT_KINDS.map((value) => ({ value, label: t(`documentKind.${value}`) }))}
          error={errorFor("requiredDocuments")}
          register={register}
        />
      </fieldset>

      <fieldset>
        <legend>{t("form.criteria")}</legend>
        <p className="hint">{t("form.criteriaHint")}</p>
        <p className={weightTotal === 100 ? "weights-total" : "weights-total off"} aria-live="polite">
          {t("form.weightsTotal", { total: weightTotal })}
        </p>
        {errorFor("criteria") ? <p className="field-error">{t(errorFor("criteria")!)}</p> : null}
        {Array.from({ length: rowCount }, (_, index) => {
          const row = criteria[index] ?? {};
          const name = (field: string) => `criteria.${index}.${field}`;
          const value = (field: string) => row[field] ?? "";
          return (
            <div className="criterion-row" key={index} role="group" aria-labelledby={`criterion-${index}`}>
              <h3 id={`criterion-${index}`}>{t("form.criterionNumber", { number: index + 1 })}</h3>
              <div className="lang-grid">
                {LOCALES.map((language) => (
                  <Field
                    key={language}
                    label={t("form.inLanguage", { field: t("form.name"), language: t(`language.${language}`) })}
                    lang={language}
                    defaultValue={value(`name${SUFFIX[language]}`)}
                    error={errorFor(name(`name${SUFFIX[language]}`))}
                    {...register(name(`name${SUFFIX[language]}`))}
                  />
                ))}
              </div>
              <div className="lang-grid">
                {LOCALES.map((language) => (
                  <TextAreaField
                    key={language}
                    rows={2}
                    label={t("form.inLanguage", { field: t("form.description"), language: t(`language.${language}`) })}
                    lang={language}
                    defaultValue={value(`description${SUFFIX[language]}`)}
                    error={errorFor(name(`description${SUFFIX[language]}`))}
                    {...register(name(`description${SUFFIX[language]}`))}
                  />
                ))}
              </div>
              <div className="field-row">
                <Field
                  label={t("form.maxScore")}
                  inputMode="numeric"
                  defaultValue={value("maxScore")}
                  error={errorFor(name("maxScore"))}
                  {...register(name("maxScore"))}
                />
                <Field
                  label={t("form.weight")}
                  inputMode="numeric"
                  defaultValue={value("weight")}
                  error={errorFor(name("weight"))}
                  {...register(name("weight"))}
                />
              </div>
            </div>
          );
        })}
      </fieldset>

      <QuestionsFieldset rows={values.questions} errorFor={errorFor} register={register} />

      <fieldset>
        <legend>{t("form.timeline")}</legend>
        <p className="hint">{t("form.timelineHint")}</p>
        <div className="field-row">
          {(["publishAt", "clarificationDeadline", "submissionDeadline", "reviewStartsAt", "reviewEndsAt"] as const).map((field) => (
            <Field
              key={field}
              type="datetime-local"
              label={t(`form.${field}`)}
              defaultValue={text(field)}
              readOnly={mode === "amend" && field === "publishAt"}
              error={errorFor(field)}
              {...register(field)}
            />
          ))}
        </div>
      </fieldset>

      {mode === "amend" && failure?.details?.eligibilityChanges?.length && failure.details.confirmToken ? (
        <EligibilityConfirmation changes={failure.details.eligibilityChanges} token={failure.details.confirmToken} />
      ) : null}

      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {t(
          mode === "create"
            ? "form.create"
            : mode === "edit"
              ? "form.save"
              : failure?.details?.confirmToken
                ? "amend.confirmSubmit"
                : "form.amendSubmit",
        )}
      </button>
    </Form>
  );
}

/** A criterion row's weight as typed (the browser's rows are whatever the officer has entered so far). */
function weightOf(row: unknown) {
  return row && typeof row === "object" && "weight" in row ? Number(row.weight) || 0 : 0;
}
