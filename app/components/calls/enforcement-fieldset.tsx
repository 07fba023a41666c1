import { useTranslation } from "react-i18next";
import { FieldError } from "~/components/ui/field";
import { ELIGIBILITY_ENFORCEMENTS } from "~/domains/calls/eligibility-rules";

/**
 * Whether the call refuses organizations failing its eligibility checks or
 * only warns them (decision 0074): its own fieldset of the call form, so it
 * stays apart from the form's other groups.
 */
export function EnforcementFieldset({
  value,
  error,
  register,
}: {
  value: string;
  error?: string;
  register: (name: "eligibilityEnforcement") => object;
}) {
  const { t } = useTranslation("calls");
  return (
    <fieldset className={error ? "checkbox-group field-invalid" : "checkbox-group"} aria-describedby="enforcement-hint">
      <legend>{t("form.enforcement")}</legend>
      <p className="hint" id="enforcement-hint">
        {t("form.enforcementHint")}
      </p>
      <div className="checkbox-options">
        {ELIGIBILITY_ENFORCEMENTS.map((option) => (
          <label key={option} className="checkbox">
            <input type="radio" value={option} defaultChecked={(value || "WARN") === option} {...register("eligibilityEnforcement")} />
            <span>{t(`form.enforcementValue.${option}`)}</span>
          </label>
        ))}
      </div>
      {error ? <FieldError code={error} /> : null}
    </fieldset>
  );
}
