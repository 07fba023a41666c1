import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import i18next, { type TFunction } from "i18next";
import { DEFAULT_LOCALE, isLocale, LOCALES, localeFromAcceptLanguage, type AppLocale } from "./i18n";

type Resources = Record<AppLocale, Record<string, Record<string, unknown>>>;

/** Reads public/locales once per process. */
function loadResources(): Resources {
  const dir = path.resolve("public/locales");
  const resources = {} as Resources;
  for (const locale of LOCALES) {
    resources[locale] = {};
    for (const file of readdirSync(path.join(dir, locale))) {
      if (!file.endsWith(".json")) continue;
      resources[locale][file.replace(/\.json$/, "")] = JSON.parse(readFileSync(path.join(dir, locale, file), "utf8"));
    }
  }
  return resources;
}

let resources: Resources | undefined;
export function getResources(): Resources {
  resources ??= loadResources();
  return resources;
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
