import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatMoney, formatMonthShort, isLocale, localeFromAcceptLanguage, localized } from "./i18n";

const NBSP = "\u00a0";
const MINUS = "\u2212";

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["ky-KG,ky;q=0.9,ru;q=0.8", "ky"],
    ["ru-RU,ru;q=0.9,en-US;q=0.8", "ru"],
    ["en-US,en;q=0.9,ru;q=0.8", "en"],
    ["de-DE,de;q=0.9,ru;q=0.5", "ru"],
    ["ru;q=0.3,en;q=0.7", "en"],
    ["en;q=0,ru", "ru"],
    ["KY", "ky"],
    ["  ru-KG ; q=0.9 , fr", "ru"],
    ["en;q=abc,ru;q=0.2", "ru"],
  ])("%j -> %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });

  it.each([[null], [""], ["fr-FR,de;q=0.9"], ["*"], ["ky;q=0"]])("%j -> null (the caller falls back to Kyrgyz)", (header) => {
    expect(localeFromAcceptLanguage(header)).toBeNull();
  });

  it("knows exactly the three portal languages", () => {
    expect(["ky", "ru", "en"].every(isLocale)).toBe(true);
    expect(["kg", "KY", "uz", "", null, 1].some(isLocale)).toBe(false);
  });
});

describe("formatMoney", () => {
  it.each([
    [40_000_000n, "ky", `400${NBSP}000,00 сом`],
    [40_000_000n, "ru", `400${NBSP}000,00 сом`],
    [40_000_000n, "en", "KGS 400,000.00"],
    [1n, "ru", "0,01 сом"],
    [99n, "en", "KGS 0.99"],
    [100n, "ky", "1,00 сом"],
    [123_456_789n, "ru", `1${NBSP}234${NBSP}567,89 сом`],
    [0n, "en", "KGS 0.00"],
  ] as const)("%s tyiyn in %s -> %s", (tyiyn, locale, expected) => {
    expect(formatMoney(tyiyn, locale)).toBe(expected);
  });

  it("shows negative amounts (returns) with a minus sign in every language", () => {
    expect(formatMoney(-5n, "ky")).toBe(`${MINUS}0,05 сом`);
    expect(formatMoney(-150_050n, "ru")).toBe(`${MINUS}1${NBSP}500,50 сом`);
    expect(formatMoney(-150_050n, "en")).toBe(`KGS ${MINUS}1,500.50`);
  });

  it("stays exact beyond 2^53 tyiyn, where a float would round", () => {
    const big = 2n ** 53n + 1n; // 9 007 199 254 740 993
    expect(formatMoney(big, "en")).toBe("KGS 90,071,992,547,409.93");
    expect(formatMoney(big, "ru")).toBe(`90${NBSP}071${NBSP}992${NBSP}547${NBSP}409,93 сом`);
    expect(formatMoney(-(10n ** 20n) - 7n, "en")).toBe(`KGS ${MINUS}1,000,000,000,000,000,000.07`);
  });

  it("accepts the decimal strings that loaders send for BigInt amounts", () => {
    expect(formatMoney("9007199254740993", "ky")).toBe(formatMoney(9_007_199_254_740_993n, "ky"));
    expect(formatMoney(250, "en")).toBe("KGS 2.50");
  });
});

describe("dates", () => {
  // 20:30 UTC on 28 Feb is already 1 March in Bishkek (UTC+6).
  const instant = new Date("2026-02-28T20:30:00Z");

  it("shows instants in Asia/Bishkek", () => {
    expect(formatDateTime(instant, "en")).toMatch(/1 March 2026.*02:30/);
    expect(formatDateTime(instant, "ru")).toMatch(/1 марта 2026.*02:30/);
    expect(formatDate(instant, "ky")).toMatch(/2026.*1.*март/);
  });

  it("gives receipts the second, and chart axes a short month, without Intl locale data", () => {
    expect(formatDateTime(new Date("2026-02-28T20:30:07.999Z"), "ky", { seconds: true })).toBe("2026-ж., 1-март 02:30:07");
    expect(formatDateTime(new Date("2026-02-28T20:30:07Z"), "ru", { seconds: true })).toBe("1 марта 2026 г. в 02:30:07");
    expect(formatMonthShort("2026-03", "en")).toBe("Mar 26");
    expect(formatMonthShort("2026-11", "ky")).toBe("ноя. 26");
  });
});

describe("localized", () => {
  const record = { nameKy: "Балакай бирикмеси", nameRu: "Объединение Балакай", nameEn: "" };

  it("picks the field of the language and falls back when it is empty", () => {
    expect(localized(record, "name", "ky")).toBe("Балакай бирикмеси");
    expect(localized(record, "name", "ru")).toBe("Объединение Балакай");
    expect(localized(record, "name", "en")).toBe("Объединение Балакай");
    expect(localized({ nameKy: "Кыргызча", nameRu: " " }, "name", "ru")).toBe("Кыргызча");
    expect(localized({}, "name", "en")).toBe("");
  });
});
