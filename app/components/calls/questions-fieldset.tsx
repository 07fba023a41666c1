import { useTranslation } from "react-i18next";
import { Field, SelectField, TextAreaField } from "~/components/ui/field";
import { MAX_QUESTIONS, QUESTION_KINDS } from "~/domains/calls/call-questions";
import { LOCALES } from "~/utils/i18n";

type Props = {
  /** The rows as typed or stored. */
  rows: unknown;
  errorFor: (name: string) => string | undefined;
  register: (name: string) => { name: string };
};

const SUFFIX = { ky: "Ky", ru: "Ru", en: "En" } as const;

function rowOf(rows: unknown, index: number): Record<string, string> {
  const row: unknown = Array.isArray(rows) ? rows[index] : undefined;
  if (!row || typeof row !== "object") return {};
  return Object.fromEntries(
    Object.entries(row).flatMap(([key, v]) => (typeof v === "string" ? [[key, v]] : v === true ? [[key, "yes"]] : [])),
  );
}

/**
 * The call form's extra questions (issue 15, decision 0077): a kind, the text
 * in Kyrgyz and Russian (English optional), a hint, the options of a choice
 * one per line, the range of a number. Empty rows add questions without JavaScript.
 */
export function QuestionsFieldset({ rows, errorFor, register }: Props) {
  const { t } = useTranslation("calls");
  const count = Array.isArray(rows) ? rows.length : 0;
  const rowCount = Math.min(MAX_QUESTIONS, Math.max(count + 1, 2));
  return (
    <fieldset className="call-questions">
      <legend>{t("questions.legend")}</legend>
      <p className="hint">{t("questions.hint")}</p>
      {errorFor("questions") ? <p className="field-error">{t(errorFor("questions")!)}</p> : null}
      {Array.from({ length: rowCount }, (_, index) => {
        const row = rowOf(rows, index);
        const name = (field: string) => `questions.${index}.${field}`;
        const headingId = `question-${index}`;
        return (
          <div className="question-row" key={index} role="group" aria-labelledby={headingId}>
            <h3 id={headingId}>{t("questions.number", { number: index + 1 })}</h3>
            <div className="field-row">
              <SelectField
                label={t("questions.kind")}
                defaultValue={row.kind ?? "TEXT"}
                options={QUESTION_KINDS.map((kind) => ({ value: kind, label: t(`questions.kinds.${kind}`) }))}
                error={errorFor(name("kind"))}
                {...register(name("kind"))}
              />
              <label className="checkbox">
                <input type="checkbox" value="yes" defaultChecked={row.required === "yes"} {...register(name("required"))} />
                <span>{t("questions.required")}</span>
              </label>
            </div>
            {(["label", "help", "options"] as const).map((field) => (
              <div className="lang-grid" key={field}>
                {LOCALES.map((language) => {
                  const fieldName = name(`${field}${SUFFIX[language]}`);
                  const label = t("form.inLanguage", { field: t(`questions.${field}`), language: t(`language.${language}`) });
                  return field === "label" ? (
                    <Field
                      key={language}
                      label={label}
                      lang={language}
                      defaultValue={row[`${field}${SUFFIX[language]}`] ?? ""}
                      error={errorFor(fieldName)}
                      {...register(fieldName)}
                    />
                  ) : (
                    <TextAreaField
                      key={language}
                      rows={2}
                      label={label}
                      hint={field === "options" ? t("questions.optionsHint") : undefined}
                      lang={language}
                      defaultValue={row[`${field}${SUFFIX[language]}`] ?? ""}
                      error={errorFor(fieldName)}
                      {...register(fieldName)}
                    />
                  );
                })}
              </div>
            ))}
            <div className="field-row">
              <Field
                label={t("questions.min")}
                inputMode="numeric"
                defaultValue={row.min ?? ""}
                error={errorFor(name("min"))}
                {...register(name("min"))}
              />
              <Field
                label={t("questions.max")}
                inputMode="numeric"
                defaultValue={row.max ?? ""}
                error={errorFor(name("max"))}
                {...register(name("max"))}
              />
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}
