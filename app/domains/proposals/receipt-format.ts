import { TIME_ZONE, type AppLocale } from "~/utils/i18n";

const TAGS: Record<AppLocale, string> = { ky: "ky-KG", ru: "ru-KG", en: "en-GB" };

/**
 * A receipt's instant to the second in Asia/Bishkek, and the exact UTC
 * instant to the millisecond beside it: the deadline is held to the
 * millisecond, so the receipt shows it.
 */
export function receiptTime(instant: Date | string, locale: AppLocale) {
  const date = new Date(instant);
  const local = new Intl.DateTimeFormat(TAGS[locale], { timeZone: TIME_ZONE, dateStyle: "long", timeStyle: "medium" }).format(date);
  return { local: `${local} (${TIME_ZONE}, UTC+6)`, utc: date.toISOString() };
}
