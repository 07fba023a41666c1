import { forwardRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  /** A key of the "validation" namespace. */
  error?: string;
  hint?: ReactNode;
};

/** A labelled input whose error is announced and tied to it for screen readers. */
export const Field = forwardRef<HTMLInputElement, FieldProps>(function Field({ label, name, error, hint, id, ...input }, ref) {
  const { t } = useTranslation("validation");
  const fieldId = id ?? `field-${name}`;
  const describedBy = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={fieldId}>{label}</label>
      {hint ? (
        <p className="hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      <input ref={ref} id={fieldId} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error ? (
        <p className="field-error" id={`${fieldId}-error`} role="alert">
          {t(error, { defaultValue: t("invalid") })}
        </p>
      ) : null}
    </div>
  );
});

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  name: string;
  error?: string;
  options: { value: string; label: string }[];
};

export const SelectField = forwardRef<HTMLSelectElement, SelectProps>(function SelectField({ label, name, error, options, id, ...select }, ref) {
  const { t } = useTranslation("validation");
  const fieldId = id ?? `field-${name}`;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={fieldId}>{label}</label>
      <select ref={ref} id={fieldId} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${fieldId}-error` : undefined} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={`${fieldId}-error`} role="alert">
          {t(error, { defaultValue: t("invalid") })}
        </p>
      ) : null}
    </div>
  );
});

/** A message for the whole form; `code` is a key of the "errors" namespace. */
export function FormAlert({ code, tone = "error", children }: { code?: string; tone?: "error" | "success"; children?: ReactNode }) {
  const { t } = useTranslation("errors");
  if (!code && !children) return null;
  return (
    <div className={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children ?? t(code!, { defaultValue: t("forbidden") })}
    </div>
  );
}
