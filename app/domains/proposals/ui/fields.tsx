import { forwardRef, type ReactNode, type TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

type TextAreaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; error?: string; hint?: ReactNode };

/** A labelled textarea, its hint and error tied to it for screen readers (as Field does for inputs). */
export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaProps>(function TextAreaField({ label, name, error, hint, id, rows = 6, ...textarea }, ref) {
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
      <textarea ref={ref} id={fieldId} name={name} rows={rows} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...textarea} />
      {error ? (
        <p className="field-error" id={`${fieldId}-error`} role="alert">
          {t(error, { defaultValue: t("invalid") })}
        </p>
      ) : null}
    </div>
  );
});

/** A rule violation or failed form, with its parameters; `code` is a namespaced key. */
export function ProposalAlert({ code, params, tone = "error" }: { code?: string; params?: Record<string, string | number>; tone?: "error" | "success" | "info" }) {
  const { t } = useTranslation("proposals");
  if (!code) return null;
  return (
    <div className={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {t(code, { ...params, defaultValue: t("errors:forbidden") })}
    </div>
  );
}
