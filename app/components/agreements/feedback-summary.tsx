import { useTranslation } from "react-i18next";
import type { FeedbackSummary } from "~/domains/agreements/feedback-rules";

/** Average, count and the spread of 1…5 as bars (meters read out by screen readers as numbers). */
export function ScoreSummary({ summary }: { summary: FeedbackSummary }) {
  const { t } = useTranslation("grants");
  if (summary.count === 0) return <p className="empty-state">{t("feedback.none")}</p>;
  return (
    <>
      <p>
        <strong>{t("feedback.summary", { average: summary.average, count: summary.count })}</strong>
      </p>
      <ul className="score-bars" aria-label={t("feedback.distribution")}>
        {[5, 4, 3, 2, 1].map((score) => (
          <li key={score}>
            <span>{t("feedback.stars", { score })}</span>
            <meter min={0} max={summary.count} value={summary.distribution[score - 1]} />
            <span className="num">{summary.distribution[score - 1]}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
