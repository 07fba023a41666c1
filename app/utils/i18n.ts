// Shared by server and browser: which languages exist and how to pick one.

export const LOCALES = ["ky", "ru", "en"] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = "ky";
export const TIME_ZONE = "Asia/Bishkek";

// Namespaces are the files public/locales/<locale>/<namespace>.json; a new
// file is picked up without registering it anywhere.

export const LOCALE_NAMES: Record<AppLocale, string> = { ky: "Кыргызча", ru: "Русский", en: "English" };

// Intl knows Kyrgyz as "ky"; the browser tag we set on <html> is the same.
const INTL_TAG: Record<AppLocale, string> = { ky: "ky-KG", ru: "ru-KG", en: "en-GB" };

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
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
export function formatMoney(tyiyn: bigint | number | string, locale: AppLocale) {
  const value = BigInt(tyiyn);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const soms = abs / 100n;
  const rest = abs % 100n;
  const grouped = new Intl.NumberFormat(INTL_TAG[locale], { useGrouping: true }).format(soms);
  const decimal = locale === "en" ? "." : ",";
  const amount = `${negative ? "−" : ""}${grouped}${decimal}${rest.toString().padStart(2, "0")}`;
  return locale === "en" ? `KGS ${amount}` : `${amount} сом`;
}

export function formatDateTime(instant: Date | string, locale: AppLocale) {
  return new Intl.DateTimeFormat(INTL_TAG[locale], {
    timeZone: TIME_ZONE,
    dateStyle: "long",
    timeStyle: "short",
  }).format(new Date(instant));
}

export function formatDate(instant: Date | string, locale: AppLocale) {
  return new Intl.DateTimeFormat(INTL_TAG[locale], { timeZone: TIME_ZONE, dateStyle: "long" }).format(new Date(instant));
}

/** Picks the text of a trilingual record: nameKy / nameRu / nameEn, falling back ky -> ru. */
export function localized<T extends Record<string, unknown>>(record: T, field: string, locale: AppLocale): string {
  const suffix = { ky: "Ky", ru: "Ru", en: "En" } as const;
  const pick = (l: AppLocale) => record[`${field}${suffix[l]}`];
  for (const candidate of [locale, locale === "ru" ? "ky" : "ru", "ky"] as AppLocale[]) {
    const text = pick(candidate);
    if (typeof text === "string" && text.trim()) return text;
  }
  return "";
}
