import { forwardRef, type InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { FieldError } from "~/components/ui/field";
import { PRIVACY_PATH } from "~/domains/accounts/privacy-notice";

/**
 * The required "I have read the privacy notice" checkbox of every form that creates an
 * account (registration, staff and commission invitations; decision 0071), with the link
 * to the notice beside it. Sends "on" when ticked.
 */
export const PrivacyConsentField = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { name: string; error?: string }>(
  function PrivacyConsentField({ name, error, ...input }, ref) {
    const { t } = useTranslation("auth");
    const id = `field-${name}`;
    return (
      <div className={error ? "field field-invalid" : "field"}>
        <p>
          <a href={PRIVACY_PATH} target="_blank" rel="noreferrer">
            {t("register.privacyLink")}
          </a>
        </p>
        <label htmlFor={id} className="checkbox">
          <input
            ref={ref}
            id={id}
            name={name}
            type="checkbox"
            value="on"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            {...input}
          />{" "}
          {t("register.privacyConsent")}
        </label>
        {error ? <FieldError id={`${id}-error`} code={error} /> : null}
      </div>
    );
  },
);
