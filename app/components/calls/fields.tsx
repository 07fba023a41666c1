import type { ReactNode } from "react";
import { FieldError } from "~/components/ui/field";

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
    <fieldset
      className={error ? "checkbox-group field-invalid" : "checkbox-group"}
      aria-describedby={error ? `${groupId}-error` : hint ? `${groupId}-hint` : undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${groupId}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="checkbox-options">
        {options.map((option) => (
          <label key={option.value} className="checkbox">
            <input
              type="checkbox"
              value={option.value}
              defaultChecked={checked.includes(option.value)}
              {...(register ? register(name) : { name })}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {error ? <FieldError id={`${groupId}-error`} code={error} /> : null}
    </fieldset>
  );
}
