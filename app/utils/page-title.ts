// One <title> convention for every page: "<subject> — <page> — <site>", the
// page and site names read from the locale files in the reader's language
// (the root loader already sends the reader's locale and strings).
import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, type AppLocale } from "./i18n";
import { isRecord } from "./guards";

type MatchLike = { id: string; data?: unknown };

/** "ns:a.b" (namespace "common" when none is named) looked up in the loaded strings, {{x}} filled in. */
export function translateKey(resources: unknown, key: string, values: Record<string, string> = {}): string | undefined {
  const [ns = "common", path = key] = key.includes(":") ? key.split(":", 2) : [];
  let node: unknown = isRecord(resources) ? resources[ns] : undefined;
  for (const part of path.split(".")) node = isRecord(node) ? node[part] : undefined;
  if (typeof node !== "string") return undefined;
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => values[name] ?? "");
}

/** The reader's language as the root loader resolved it. */
export function titleLocale(matches: readonly MatchLike[]): AppLocale {
  const locale = rootData(matches)?.locale;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/** The root loader's data (its locale and strings), read as unknowns: a meta function gets every match's data untyped. */
function rootData(matches: readonly MatchLike[]) {
  const data = matches.find((m) => m.id === "root")?.data;
  return isRecord(data) ? data : undefined;
}

/**
 * The page's <title>: `key` names the page ("titles.calls", or "ns:key"),
 * `subject` the object shown (a call's reference, a proposal's title), if any.
 */
export function pageTitle(
  matches: readonly MatchLike[],
  key: string,
  subject?: string | null | ((locale: AppLocale) => string | null | undefined),
  extra: MetaDescriptor[] = [],
): MetaDescriptor[] {
  const resources = rootData(matches)?.resources;
  const locale = titleLocale(matches);
  const page = translateKey(resources, key);
  const site = translateKey(resources, "layout.siteName");
  const what = typeof subject === "function" ? subject(locale) : subject;
  const parts = [what?.trim() || null, page, site].filter(
    (part, index, all): part is string => Boolean(part) && all.indexOf(part) === index,
  );
  return [{ title: parts.join(" — ") }, ...extra];
}
