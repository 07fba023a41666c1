import { formatDateTime, type AppLocale } from "~/utils/i18n";
import { TIME_ZONE } from "~/utils/time";

/**
 * A receipt's instant to the second in Asia/Bishkek, and the exact UTC
 * instant to the millisecond beside it: the deadline is held to the
 * millisecond, so the receipt shows it.
 */
export function receiptTime(instant: Date | string, locale: AppLocale) {
  const date = new Date(instant);
  // Built by formatDateTime, not Intl: browsers have no Kyrgyz date data, and the page must hydrate unchanged.
  const local = formatDateTime(date, locale, { seconds: true });
  return { local: `${local} (${TIME_ZONE}, UTC+6)`, utc: date.toISOString() };
}
