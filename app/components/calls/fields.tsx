import { forwardRef, type ReactNode, type TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

// Form pieces the call forms need beyond ~/components/ui/field: a textarea and
// a group of checkboxes, with the same labelling and error announcement.

type TextAreaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; error?: string; hint?: ReactNode };

export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaProps>(function TextAreaField({ label, name, error, hint, id, ...textarea }, ref) {
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
      <textarea ref={ref} id={fieldId} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...textarea} />
      {error ? <FieldError id={`${fieldId}-error`} code={error} /> : null}
    </div>
  );
});

export function FieldError({ id, code }: { id?: string; code: string }) {
  const { t } = useTranslation("validation");
  return (
    <p className="field-error" id={id} role="alert">
      {t(code, { defaultValue: t("invalid") })}
    </p>
  );
}

type CheckboxGroupProps = {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  checked: readonly string[];
  hint?: ReactNode;
  error?: string;
  /** react-hook-form's register for the group's name, when the form is enhanced. */
  register?: (name: string) => object;
};

/** A fieldset of checkboxes sharing one name: the form posts every ticked value. */
export function CheckboxGroup({ legend, name, options, checked, hint, error, register }: CheckboxGroupProps) {
  const groupId = `group-${name}`;
  return (
    <fieldset className={error ? "checkbox-group field-invalid" : "checkbox-group"} aria-describedby={error ? `${groupId}-error` : hint ? `${groupId}-hint` : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${groupId}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="checkbox-options">
        {options.map((option) => (
          <label key={option.value} className="checkbox">
            <input type="checkbox" value={option.value} defaultChecked={checked.includes(option.value)} {...(register ? register(name) : { name })} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {error ? <FieldError id={`${groupId}-error`} code={error} /> : null}
    </fieldset>
  );
}
