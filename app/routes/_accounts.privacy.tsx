import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PrivacyNoticeText } from "~/components/accounts/privacy-notice-text";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.privacy");

/** The privacy notice (decision 0071): public, so it can be read before registering and after declining. */
export default function PrivacyNotice() {
  const { t } = useTranslation("privacy");
  return (
    <section className="narrow" aria-labelledby="privacy-title">
      <h1 id="privacy-title">{t("title")}</h1>
      <PrivacyNoticeText />
      <p>
        <Link to="/profile">{t("rights.profileLink")}</Link>
      </p>
    </section>
  );
}
