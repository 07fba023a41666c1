import { useTranslation } from "react-i18next";
import { PRIVACY_NOTICE_VERSION } from "~/domains/accounts/privacy-notice";

const SECTIONS = ["controller", "why", "retention", "recipients", "rights", "contact"] as const;
const KEPT = ["account", "organization", "proposals", "audit"] as const;

/** The privacy notice's text, as the public page and the ask-again page show it. */
export function PrivacyNoticeText({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation("privacy");
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const section = (key: (typeof SECTIONS)[number]) => (
    <section key={key} aria-labelledby={`privacy-${key}`}>
      <Heading id={`privacy-${key}`}>{t(`${key}.title`)}</Heading>
      <p>{t(`${key}.body`)}</p>
    </section>
  );
  return (
    <div className="privacy-notice">
      <p className="meta">{t("version", { version: PRIVACY_NOTICE_VERSION })}</p>
      <p>{t("lead")}</p>
      {section("controller")}
      <section aria-labelledby="privacy-kept">
        <Heading id="privacy-kept">{t("kept.title")}</Heading>
        <ul>
          {KEPT.map((key) => (
            <li key={key}>{t(`kept.${key}`)}</li>
          ))}
        </ul>
      </section>
      {SECTIONS.slice(1).map(section)}
    </div>
  );
}
