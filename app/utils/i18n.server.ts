import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import i18next, { type TFunction } from "i18next";
import { ROUTE_NAMESPACES } from "~/generated/route-namespaces";
import { DEFAULT_LOCALE, isLocale, LOCALES, localeFromAcceptLanguage, type AppLocale } from "./i18n";

type Resources = Record<AppLocale, Record<string, Record<string, unknown>>>;

/** Reads public/locales once per process. */
function loadResources(): Resources {
  const dir = path.resolve("public/locales");
  const load = (locale: AppLocale) => {
    const namespaces: Resources[AppLocale] = {};
    for (const file of readdirSync(path.join(dir, locale))) {
      if (!file.endsWith(".json")) continue;
      namespaces[file.replace(/\.json$/, "")] = JSON.parse(readFileSync(path.join(dir, locale, file), "utf8"));
    }
    return namespaces;
  };
  return { ky: load("ky"), ru: load("ru"), en: load("en") };
}

let resources: Resources | undefined;
export function getResources(): Resources {
  resources ??= loadResources();
  return resources;
}

/**
 * A route of the generated tree (scripts/route-namespaces.ts) with what its page shows:
 * whole namespaces ("calls") and single subtrees of others ("finance:nav").
 */
export type RouteNamespaces = { id: string; path?: string; index?: true; namespaces: string[]; children?: RouteNamespaces[] };

/** The generated tree as the router matches it: an index route has no children. */
type MatchableRoute = AgnosticRouteObject & { namespaces: string[] };
function matchable(route: RouteNamespaces): MatchableRoute {
  const base = { id: route.id, path: route.path, namespaces: route.namespaces };
  return route.index ? { ...base, index: true } : { ...base, children: route.children?.map(matchable) };
}
const ROUTES = ROUTE_NAMESPACES.map(matchable);

// Every page carries these whole; of every other namespace, at least its messages of refusal:
// an action may refuse with any domain's message ("reviews:errors.…" on a call's page).
const EVERY_PAGE = ["common", "errors", "validation"];
const REFUSALS = ["error", "errors", "validation"];

const pageCache = new Map<string, Resources[AppLocale]>();

/**
 * The strings the browser needs for one page: what its routes show, and every
 * namespace's refusals. Sent by the root loader, again on each navigation, so a
 * phone downloads one page's strings rather than the whole portal's.
 */
export function pageResources(locale: AppLocale, pathname: string): Resources[AppLocale] {
  const matches = matchRoutes(ROUTES, pathname) ?? [];
  const used = new Set([...EVERY_PAGE, ...matches.flatMap((m) => m.route.namespaces)]);
  const key = `${locale} ${[...used].sort().join(",")}`;
  const cached = pageCache.get(key);
  if (cached) return cached;
  const page: Resources[AppLocale] = {};
  for (const [ns, strings] of Object.entries(getResources()[locale])) {
    const kept = used.has(ns)
      ? strings
      : Object.fromEntries(Object.entries(strings).filter(([k]) => REFUSALS.includes(k) || used.has(`${ns}:${k}`)));
    if (Object.keys(kept).length) page[ns] = kept;
  }
  pageCache.set(key, page);
  return page;
}

const server = i18next.createInstance();
let serverReady: Promise<unknown> | undefined;

export async function getFixedT(locale: AppLocale, ns: string | string[] = "common"): Promise<TFunction> {
  serverReady ??= server.init({
    resources: getResources(),
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    ns: Object.keys(getResources()[DEFAULT_LOCALE]),
    defaultNS: "common",
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  await serverReady;
  return server.getFixedT(locale, ns);
}

export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** A signed-in user's choice, then the visitor's cookie, then Accept-Language, then Kyrgyz. */
export async function resolveLocale(request: Request, userLocale?: string | null): Promise<AppLocale> {
  if (isLocale(userLocale)) return userLocale;
  const fromCookie = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}
