import { isOneOf } from "./guards";
// Shared by server and browser: which languages exist and how to pick one.
import { bishkekClock } from "./time";

export const LOCALES = ["ky", "ru", "en"] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = "ky";

// Namespaces are the files public/locales/<locale>/<namespace>.json; a new
// file is picked up without registering it anywhere.

export const LOCALE_NAMES: Record<AppLocale, string> = { ky: "Кыргызча", ru: "Русский", en: "English" };

/**
 * A string a page asked for and was not sent (see pageResources): a warning in the
 * server's log, or into a set a test installs as globalThis.__missingStrings.
 */
declare global {
  // Installed by a test that collects the strings its pages missed.
  var __missingStrings: Set<string> | undefined;
}

export function reportMissingString(key: string) {
  const sink = globalThis.__missingStrings;
  if (sink) sink.add(key);
  // Shared with the browser, which has no server logger; on the server console output is collected as well.
  // eslint-disable-next-line no-console
  else if (typeof document === "undefined") console.warn(`missing string: ${key}`);
}

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === "string" && isOneOf(LOCALES, value);
}

/** Picks the best supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null): AppLocale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { base: tag.trim().toLowerCase().split("-")[0] ?? "", q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.base && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.base).find(isLocale) ?? null;
}

/** Formats tyiyn as KGS in the given language: 400 000,00 сом / KGS 400,000.00. */
/**
 * Formats tyiyn as KGS in the given language: 400 000,00 сом / KGS 400,000.00.
 * Grouping is done here, not by Intl: browsers ship without Kyrgyz number
 * data, and the server's and the browser's text must match for hydration.
 */
export function formatMoney(tyiyn: bigint | number | string, locale: AppLocale) {
  const value = BigInt(tyiyn);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const separator = locale === "en" ? "," : "\u00A0";
  const grouped = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  const decimal = locale === "en" ? "." : ",";
  const amount = `${negative ? "−" : ""}${grouped}${decimal}${(abs % 100n).toString().padStart(2, "0")}`;
  return locale === "en" ? `KGS ${amount}` : `${amount} сом`;
}

const MONTHS: Record<AppLocale, readonly string[]> = {
  ky: ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"],
  ru: ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
};

const pad2 = (n: number) => String(n).padStart(2, "0");

/** The wall-clock fields in Asia/Bishkek, as `app/utils/time.ts` reads them (UTC+6, decision 0072). */
function inBishkek(instant: Date | string) {
  const clock = bishkekClock(instant);
  return {
    year: String(clock.year),
    month: clock.month,
    day: clock.day,
    time: `${pad2(clock.hour)}:${pad2(clock.minute)}`,
    second: pad2(clock.second),
  };
}

/**
 * Dates in Asia/Bishkek, spelled as CLDR does for each language, but built
 * here: browsers have no Kyrgyz date data, and server and browser must agree.
 */
export function formatDate(instant: Date | string, locale: AppLocale) {
  const { year, month, day } = inBishkek(instant);
  const name = MONTHS[locale][month - 1];
  if (locale === "ky") return `${year}-ж., ${day}-${name}`;
  if (locale === "ru") return `${day} ${name} ${year} г.`;
  return `${day} ${name} ${year}`;
}

/** Date and time in Asia/Bishkek; `seconds` for receipts, where the deadline is held to the second. */
export function formatDateTime(instant: Date | string, locale: AppLocale, { seconds = false } = {}) {
  const { time: minutes, second } = inBishkek(instant);
  const time = seconds ? `${minutes}:${second}` : minutes;
  const date = formatDate(instant, locale);
  if (locale === "ky") return `${date} ${time}`;
  if (locale === "ru") return `${date} в ${time}`;
  return `${date} at ${time}`;
}

const SHORT_MONTHS: Record<AppLocale, readonly string[]> = {
  ky: ["янв.", "фев.", "мар.", "апр.", "май", "июн.", "июл.", "авг.", "сен.", "окт.", "ноя.", "дек."],
  ru: ["янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек."],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

/** A "YYYY-MM" month as a short label ("март 26", "Mar 26"), for chart axes. */
export function formatMonthShort(month: string, locale: AppLocale) {
  const [year, number] = month.split("-");
  return `${SHORT_MONTHS[locale][Number(number) - 1] ?? number} ${year?.slice(2)}`;
}

/** Picks the text of a trilingual record: nameKy / nameRu / nameEn, falling back ky -> ru. */
export function localized<T extends Record<string, unknown>>(record: T, field: string, locale: AppLocale): string {
  const suffix = { ky: "Ky", ru: "Ru", en: "En" } as const;
  const pick = (l: AppLocale) => record[`${field}${suffix[l]}`];
  const candidates: AppLocale[] = [locale, locale === "ru" ? "ky" : "ru", "ky"];
  for (const candidate of candidates) {
    const text = pick(candidate);
    if (typeof text === "string" && text.trim()) return text;
  }
  return "";
}
