// Every interface string must exist, non-empty, in Kyrgyz, Russian and English.
// The directories are read at run time, so a namespace added by anyone is checked too.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LOCALES } from "./i18n";

const LOCALES_DIR = path.resolve(import.meta.dirname, "../../public/locales");

function namespacesIn(dir: string) {
  const names = new Set<string>();
  for (const locale of LOCALES) {
    const localeDir = path.join(dir, locale);
    if (!existsSync(localeDir)) continue;
    for (const file of readdirSync(localeDir)) if (file.endsWith(".json")) names.add(file.replace(/\.json$/, ""));
  }
  return [...names].sort();
}

type Strings = { values: Map<string, string>; problems: string[] };

/** Flattens nested keys to "a.b.c" and notes any value that is not a non-empty string. */
function readStrings(dir: string, locale: string, ns: string): Strings {
  const name = `${locale}/${ns}.json`;
  const file = path.join(dir, locale, `${ns}.json`);
  const values = new Map<string, string>();
  if (!existsSync(file)) return { values, problems: [`${name} is missing`] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { values, problems: [`${name} is not valid JSON: ${(error as Error).message}`] };
  }
  const problems: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const entries = Object.entries(value);
      if (entries.length === 0) problems.push(`${name} ${key || "(root)"}: empty object`);
      for (const [child, v] of entries) walk(v, key ? `${key}.${child}` : child);
      return;
    }
    values.set(key, typeof value === "string" ? value : "");
    if (typeof value !== "string") problems.push(`${name} ${key}: ${Array.isArray(value) ? "an array" : typeof value}, expected a string`);
    else if (!value.trim()) problems.push(`${name} ${key}: empty`);
  };
  walk(parsed, "");
  return { values, problems };
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join(",");

/** Everything wrong with one namespace, one line each, naming the missing keys. */
export function localeProblems(dir: string, ns: string): string[] {
  const found = Object.fromEntries(LOCALES.map((locale) => [locale, readStrings(dir, locale, ns)]));
  const problems = LOCALES.flatMap((locale) => found[locale]!.problems);
  const union = new Set(LOCALES.flatMap((locale) => [...found[locale]!.values.keys()]));
  for (const locale of LOCALES) {
    const missing = [...union].filter((key) => !found[locale]!.values.has(key)).sort();
    if (missing.length && existsSync(path.join(dir, locale, `${ns}.json`)))
      problems.push(`${locale}/${ns}.json is missing keys: ${missing.join(", ")}`);
  }
  // A translation that drops {{count}} silently loses a number.
  for (const key of union) {
    const variants = LOCALES.filter((l) => found[l]!.values.get(key)).map((l) => `${l}:{{${placeholders(found[l]!.values.get(key)!)}}}`);
    if (new Set(variants.map((v) => v.slice(3))).size > 1) problems.push(`${ns}:${key} has different placeholders: ${variants.join(" ")}`);
  }
  return problems;
}

describe("translations in public/locales", () => {
  const all = namespacesIn(LOCALES_DIR);

  it("include the core namespaces", () => {
    expect(all).toEqual(expect.arrayContaining(["auth", "common", "errors", "validation"]));
  });

  it.each(all)("%s: the same non-empty keys and placeholders in ky, ru and en", (ns) => {
    const problems = localeProblems(LOCALES_DIR, ns);
    expect(problems, `\n${problems.join("\n")}`).toEqual([]);
  });
});

/**
 * One word per concept in each language (issue 11, item 20): the term on the
 * left is never used; the one named instead is. Checked over every namespace.
 */
export const GLOSSARY: Record<string, { forbidden: RegExp; use: string }[]> = {
  ky: [
    { forbidden: /өтүнмө/i, use: "табыштама (a proposal)" },
    { forbidden: /конкурс/i, use: "сынак (a call)" },
    { forbidden: /отчет/i, use: "отчёт" },
  ],
  ru: [{ forbidden: /отчет/i, use: "отчёт" }],
  en: [{ forbidden: /\bapplications?\b/i, use: "proposal" }],
};

/** Every value that breaks the glossary, as "<locale>/<ns> <key>: <term> (use …)". */
export function glossaryProblems(dir: string): string[] {
  const problems: string[] = [];
  for (const locale of LOCALES) {
    for (const ns of namespacesIn(dir)) {
      if (!existsSync(path.join(dir, locale, `${ns}.json`))) continue;
      for (const [key, value] of readStrings(dir, locale, ns).values) {
        for (const term of GLOSSARY[locale] ?? []) {
          const hit = value.match(term.forbidden);
          if (hit) problems.push(`${locale}/${ns} ${key}: "${hit[0]}" (use ${term.use})`);
        }
      }
    }
  }
  return problems;
}

describe("the glossary", () => {
  it("every locale file uses one word per concept", () => {
    const problems = glossaryProblems(LOCALES_DIR);
    expect(problems, `\n${problems.join("\n")}`).toEqual([]);
  });
});

describe("the completeness check itself", () => {
  const fixture = mkdtempSync(path.join(os.tmpdir(), "locales-"));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));
  const write = (locale: string, ns: string, content: unknown) => {
    mkdirSync(path.join(fixture, locale), { recursive: true });
    writeFileSync(path.join(fixture, locale, `${ns}.json`), typeof content === "string" ? content : JSON.stringify(content));
  };
  write("ky", "sample", { a: { b: "Салам", c: "{{count}} жолу" }, d: "x" });
  write("ru", "sample", { a: { b: "Привет", c: "{{n}} раз" }, d: "" });
  write("en", "sample", { a: { c: "{{count}} times" }, d: "x", e: 5 });
  write("ky", "onlyky", { a: "x" });
  write("ky", "broken", "{ not json");
  write("ru", "broken", {});
  write("en", "broken", {});

  it("lists missing keys, empty values, non-strings and placeholder mismatches", () => {
    const problems = localeProblems(fixture, "sample");
    expect(problems).toEqual(
      expect.arrayContaining([
        "ru/sample.json d: empty",
        "en/sample.json e: number, expected a string",
        "ky/sample.json is missing keys: e",
        "ru/sample.json is missing keys: e",
        "en/sample.json is missing keys: a.b",
        expect.stringMatching(/^sample:a\.c has different placeholders/),
      ]),
    );
  });

  it("finds a glossary term in any namespace", () => {
    write("ky", "terms", { a: "Өтүнмө берилди", b: "Табыштама" });
    write("ru", "terms", { a: "Заявка", b: "Отчет" });
    write("en", "terms", { a: "Proposal", b: "Report" });
    expect(glossaryProblems(fixture)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ky\/terms a: "Өтүнмө"/), expect.stringMatching(/^ru\/terms b: "Отчет"/)]),
    );
  });

  it("finds namespaces present in only one language and unreadable files", () => {
    expect(namespacesIn(fixture)).toEqual(["broken", "onlyky", "sample", "terms"]);
    expect(localeProblems(fixture, "onlyky")).toEqual(["ru/onlyky.json is missing", "en/onlyky.json is missing"]);
    expect(localeProblems(fixture, "broken")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ky\/broken\.json is not valid JSON/), "ru/broken.json (root): empty object"]),
    );
  });
});
