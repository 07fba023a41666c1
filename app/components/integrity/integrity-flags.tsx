import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { flagDetailKeys, type IntegrityFlag } from "~/domains/integrity/integrity-flags";

/**
 * A call's integrity flags as the open data gives them: a reason to look, not a finding. Nothing
 * for a call the open data does not publish.
 */
export function IntegrityFlags({ flags }: { flags: IntegrityFlag[] | null }) {
  const { t } = useTranslation("integrity");
  if (!flags) return null;
  return (
    <section className="card integrity-flags" aria-labelledby="integrity-title" id="integrity">
      <h2 id="integrity-title">{t("title")}</h2>
      <p className="meta">{t("intro")}</p>
      {flags.length === 0 ? (
        <p>{t("table.none")}</p>
      ) : (
        <ul>
          {flags.map((flag, index) => (
            <li key={`${flag.code}-${flag.subject.awardId ?? ""}-${index}`} data-flag={flag.code}>
              <strong>{t(`codes.${flag.code}`)}</strong>
              {flag.subject.awardId ? ` (${t("table.award")} ${flag.subject.awardId})` : null}
              {flagDetailKeys(flag).map((key) => (
                <span key={key}> {t(key, flag.params)}</span>
              ))}
            </li>
          ))}
        </ul>
      )}
      <p className="meta">
        {t("recompute.before")} <Link to="/open-data">{t("recompute.link")}</Link> {t("recompute.after")}
      </p>
    </section>
  );
}
