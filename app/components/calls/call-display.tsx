import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { timeLeft, type TimeLeft } from "~/utils/time";
import type { CallPhase } from "~/domains/calls/calls-rules";
import type { BadgeTone } from "~/components/ui/alerts";
import { LOCALES, type AppLocale } from "~/utils/i18n";

export const SUFFIX = { ky: "Ky", ru: "Ru", en: "En" } as const;

/** The text in the visitor's language, or the fallback (ky -> ru, else ky) with the language it is in. */
export function pickText(record: Record<string, unknown>, field: string, locale: AppLocale): { text: string; lang: AppLocale } {
  const candidates: AppLocale[] = [locale, locale === "ru" ? "ky" : "ru", "ky"];
  for (const candidate of candidates) {
    const text = record[`${field}${SUFFIX[candidate]}`];
    if (typeof text === "string" && text.trim()) return { text, lang: candidate };
  }
  return { text: "", lang: locale };
}

/**
 * A trilingual text in the visitor's language; when it is missing there, the
 * fallback is marked with its language (screen readers switch voice) and a note.
 */
export function LocalizedText({
  record,
  field,
  locale,
  as: Tag = "div",
  className,
  id,
}: {
  record: Record<string, unknown>;
  field: string;
  locale: AppLocale;
  as?: "div" | "span" | "h1" | "h2" | "h3" | "p";
  className?: string;
  id?: string;
}) {
  const { t } = useTranslation("calls");
  const { text, lang } = pickText(record, field, locale);
  if (!text) return null;
  const fallback = lang !== locale;
  return (
    <>
      <Tag id={id} className={className} lang={fallback ? lang : undefined}>
        {text}
      </Tag>
      {fallback && Tag === "div" ? (
        <p className="meta fallback-note">{t("page.fallbackLanguage", { language: t(`language.${lang}`) })}</p>
      ) : null}
    </>
  );
}

/** The colour of a call's phase in its Badge: open is good news, not yet open waits, cancelled is bad. */
export const PHASE_TONE: Record<CallPhase, BadgeTone> = {
  draft: "wait",
  scheduled: "wait",
  open: "ok",
  closed: "neutral",
  inReview: "neutral",
  decided: "neutral",
  completed: "neutral",
  cancelled: "bad",
};

export function formatTimeLeft(t: TFunction, left: TimeLeft) {
  const part = (unit: "days" | "hours" | "minutes", count: number) => t(`countdown.${unit}`, { count });
  if (left.days > 0) return left.hours > 0 ? `${part("days", left.days)} ${part("hours", left.hours)}` : part("days", left.days);
  if (left.hours > 0) return left.minutes > 0 ? `${part("hours", left.hours)} ${part("minutes", left.minutes)}` : part("hours", left.hours);
  return left.minutes > 0 ? part("minutes", left.minutes) : t("countdown.lessThanMinute");
}

/**
 * "5 days 3 hours left", rendered on the server from the server's clock. With
 * JavaScript it keeps counting, still on the server's clock (the offset
 * measured at load), so a wrong clock on the visitor's phone does not lie.
 */
export function Countdown({ deadline, serverNow }: { deadline: Date | string; serverNow: Date | string }) {
  const { t } = useTranslation("calls");
  const [now, setNow] = useState(() => new Date(serverNow).getTime());
  useEffect(() => {
    const offset = new Date(serverNow).getTime() - Date.now();
    const tick = () => setNow(Date.now() + offset);
    const timer = setInterval(tick, 30_000);
    return () => clearInterval(timer);
  }, [serverNow]);
  const left = timeLeft(deadline, now);
  return (
    <span className={left ? "countdown" : "countdown countdown-closed"}>
      {left ? t("countdown.left", { time: formatTimeLeft(t, left) }) : t("countdown.closed")}
    </span>
  );
}

const TEXT_KEY = /^(title|summary|problem|targetGroup|eligibility)(Ky|Ru|En)$/;
const FIELD_LABEL: Record<string, string> = {
  eligibleLegalForms: "form.legalForms",
  eligibleRegions: "form.regions",
  minOrganizationAgeMonths: "form.minOrganizationAgeMonths",
  requiredDocuments: "form.documents",
  budgetRules: "budgetRules.legend",
  minGrant: "form.minGrant",
  maxGrant: "form.maxGrant",
  maxProposalsPerOrganization: "form.maxProposalsPerOrganization",
  criteria: "form.criteria",
  publishAt: "timelineField.publishAt",
  clarificationDeadline: "timelineField.clarificationDeadline",
  submissionDeadline: "timelineField.submissionDeadline",
  reviewStartsAt: "timelineField.reviewStartsAt",
  reviewEndsAt: "timelineField.reviewEndsAt",
};

/** The name of a changed field of an amendment, in the reader's language. */
export function changedFieldLabel(t: TFunction, key: string) {
  const text = TEXT_KEY.exec(key);
  if (text) {
    const language = LOCALES.find((l) => SUFFIX[l] === text[2]) ?? "ky";
    return `${t(`form.field.${text[1]}`)} (${t(`language.${language}`)})`;
  }
  return FIELD_LABEL[key] ? t(FIELD_LABEL[key]) : key;
}

type Problem = { key: string; params?: Record<string, string | number> };

/** A publishing problem in words: field and language names are translated too. */
export function problemText(t: TFunction, problem: Problem) {
  const params = { ...problem.params };
  if (problem.key === "text" && typeof params.field === "string") params.field = t(`form.field.${params.field}`);
  if (typeof params.language === "string") params.language = t(`language.${params.language}`);
  for (const key of ["field", "first", "second"] as const) {
    if (problem.key !== "text" && typeof params[key] === "string") params[key] = t(`timelineField.${params[key]}`);
  }
  return t(`publish.problem.${problem.key}`, params);
}

/** What a refused publication misses, under the form's alert (the problems come in the failure's `details`). */
export function ProblemList({ problems }: { problems?: Problem[] }) {
  const { t } = useTranslation("calls");
  if (!problems?.length) return null;
  return (
    <ul className="problem-list">
      {problems.map((problem, index) => (
        <li key={index}>{problemText(t, problem)}</li>
      ))}
    </ul>
  );
}
