import { forwardRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

type Labelled = {
  label: string;
  name: string;
  /** A key of the "validation" namespace. */
  error?: string;
  hint?: ReactNode;
};

/** A field's error, announced; `code` is a key of the "validation" namespace. */
export function FieldError({ id, code }: { id?: string; code: string }) {
  const { t } = useTranslation("validation");
  return (
    <p className="field-error" id={id} role="alert">
      {t(code, { defaultValue: t("invalid") })}
    </p>
  );
}

/** What every labelled control shares: its id, and the hint and error tied to it for screen readers. */
function controlProps(name: string, id: string | undefined, { error, hint }: Pick<Labelled, "error" | "hint">) {
  const fieldId = id ?? `field-${name}`;
  const describedBy = [hint ? `${fieldId}-hint` : null, error ? `${fieldId}-error` : null].filter(Boolean).join(" ") || undefined;
  return { fieldId, control: { id: fieldId, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy } };
}

function FieldShell({ fieldId, label, error, hint, children }: Omit<Labelled, "name"> & { fieldId: string; children: ReactNode }) {
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={fieldId}>{label}</label>
      {hint ? (
        <p className="hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? <FieldError id={`${fieldId}-error`} code={error} /> : null}
    </div>
  );
}

/** A labelled input whose error is announced and tied to it for screen readers. */
export const Field = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & Labelled>(function Field(
  { label, name, error, hint, id, ...input },
  ref,
) {
  const { fieldId, control } = controlProps(name, id, { error, hint });
  return (
    <FieldShell fieldId={fieldId} label={label} error={error} hint={hint}>
      <input ref={ref} {...control} {...input} />
    </FieldShell>
  );
});

/** A labelled textarea, as Field is for inputs. */
export const TextAreaField = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement> & Labelled>(function TextAreaField(
  { label, name, error, hint, id, ...textarea },
  ref,
) {
  const { fieldId, control } = controlProps(name, id, { error, hint });
  return (
    <FieldShell fieldId={fieldId} label={label} error={error} hint={hint}>
      <textarea ref={ref} {...control} {...textarea} />
    </FieldShell>
  );
});

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & Labelled & { options: { value: string; label: string }[] };

export const SelectField = forwardRef<HTMLSelectElement, SelectProps>(function SelectField(
  { label, name, error, hint, options, id, ...select },
  ref,
) {
  const { fieldId, control } = controlProps(name, id, { error, hint });
  return (
    <FieldShell fieldId={fieldId} label={label} error={error} hint={hint}>
      <select ref={ref} {...control} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
});
