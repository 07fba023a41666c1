import { useTranslation } from "react-i18next";
import type { LikelyConflict } from "~/domains/reviews/commission.server";
import { localized } from "~/utils/i18n";
import { Badge } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";

/** Members whose declared affiliations match an applicant, with what they declared: for the chair and the officer. */
export function LikelyConflicts({ conflicts }: { conflicts: LikelyConflict[] }) {
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  return (
    <section className="panel" aria-labelledby="likely-conflicts">
      <h2 id="likely-conflicts">{t("likely.title")}</h2>
      <p className="meta">{t("likely.lead")}</p>
      {conflicts.length === 0 ? (
        <p>{t("likely.none")}</p>
      ) : (
        <ul className="item-list">
          {conflicts.map((c) => (
            <li key={`${c.membershipId}-${c.organizationId}`} className="item">
              <strong>{c.memberName}</strong> — {localized(c.organizationName, "name", locale)}
              <p className="meta">
                {t(`likely.matchedOn.${c.matchedOn}`)}{" "}
                <Badge tone={c.declared === "conflict" ? "ok" : "bad"}>{t(`likely.declared.${c.declared}`)}</Badge>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
