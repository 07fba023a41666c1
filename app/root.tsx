import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { createInstance, type i18n as I18n } from "i18next";
import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { I18nextProvider, initReactI18next, useTranslation } from "react-i18next";
import stylesheet from "~/styles/app.css";
import { DEFAULT_LOCALE, LOCALE_NAMES, LOCALES, reportMissingString, type AppLocale } from "~/utils/i18n";
import { pageResources, resolveLocale } from "~/utils/i18n.server";
import { activeNavTarget, navigationFor, type NavItem } from "~/utils/navigation";
import { isRecord } from "~/utils/guards";
import { useNonce } from "~/utils/nonce";
import { pageTitle } from "~/utils/page-title";
import { getActor } from "~/utils/session.server";
import { ErrorPageStringsScript, useErrorPageStrings } from "~/utils/error-page-strings";
import { portalPublisher } from "~/domains/municipalities/publisher.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const locale = await resolveLocale(request, actor?.locale);
  return {
    locale,
    resources: pageResources(locale, new URL(request.url).pathname),
    user: actor ? { name: actor.label.replace(/ <.*>$/, ""), roles: actor.roles } : null,
    publisher: await portalPublisher(locale),
  };
}

// The strings sent are the page's own (pageResources): another page needs its own.
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  currentUrl.pathname !== nextUrl.pathname || defaultShouldRevalidate;

/** A page without its own title, and every error page, carries the site's name. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "layout.siteName");

export type RootData = Awaited<ReturnType<typeof loader>>;

function createI18n(locale: AppLocale, resources: RootData["resources"]): I18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    ns: Object.keys(resources),
    defaultNS: "common",
    resources: { [locale]: resources },
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
    // A key the page was not sent shows as the key itself: report it (a fallback given on purpose is not a miss).
    saveMissing: true,
    missingKeyHandler: (_languages, ns, key, _fallback, _update, options?: { defaultValue?: unknown }) => {
      if (options?.defaultValue === undefined) reportMissingString(`${ns}:${key}`);
    },
  });
  return instance;
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const errorPageStrings = useErrorPageStrings();
  const locale = data?.locale ?? errorPageStrings?.locale ?? DEFAULT_LOCALE;
  const resources = data?.resources ?? errorPageStrings?.resources;
  const nonce = useNonce();
  // A page whose route says `handle = { scripts: false }` is served as plain HTML (decision 0079):
  // its forms post without JavaScript anyway, and the beneficiary's rating page must stay under 30 KB.
  const scripts = !useMatches().some((match) => isRecord(match.handle) && match.handle.scripts === false);
  const i18n = useMemo(() => createI18n(locale, resources ?? {}), [locale, resources]);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <SiteHeader />
          <main id="main" className="container">
            {children}
          </main>
          <SiteFooter />
        </I18nextProvider>
        {!data && errorPageStrings ? <ErrorPageStringsScript strings={errorPageStrings} nonce={nonce} /> : null}
        {scripts ? <ScrollRestoration nonce={nonce} /> : null}
        {scripts ? <Scripts nonce={nonce} /> : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

function SiteHeader() {
  const { t } = useTranslation();
  const data = useRouteLoaderData<typeof loader>("root");
  const location = useLocation();
  const user = data?.user;
  const items: NavItem[] = [
    ...navigationFor(user?.roles ?? [], Boolean(user)),
    ...(user
      ? [{ to: "/profile", label: "nav.profile" }]
      : [
          { to: "/login", label: "nav.login" },
          { to: "/register", label: "nav.register" },
        ]),
  ];
  const active = activeNavTarget(
    items.map((item) => item.to),
    location.pathname,
  );
  const menu = useRef<HTMLDetailsElement>(null);
  // A client-side navigation keeps the page, so the phone menu would stay open over the next page.
  // A wide screen whose browser cannot style a closed <details> keeps the menu open instead.
  useEffect(() => {
    if (!menu.current) return;
    const unstyleable = typeof CSS !== "undefined" && !CSS.supports("selector(::details-content)");
    menu.current.open = unstyleable && window.matchMedia("(min-width: 48rem)").matches;
  }, [location.key]);
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("layout.skipToContent")}
      </a>
      <div className="container header-row">
        <Link to="/" className="brand">
          <span aria-hidden="true" className="brand-mark">
            ◈
          </span>
          <span>{t("layout.brand")}</span>
        </Link>
        {/* Collapsed on phones (works without JavaScript); on wider screens the stylesheet keeps it open. */}
        <details className="site-menu" ref={menu}>
          <summary>
            <span aria-hidden="true" className="menu-icon" />
            {t("layout.menu")}
          </summary>
          <div className="menu-panel">
            <nav aria-label={t("layout.mainNavigation")} className="main-nav">
              <ul>
                {items.map((item) => (
                  <li key={item.to}>
                    <Link
                      to={item.to}
                      aria-current={item.to === active ? "page" : undefined}
                      className={item.to === active ? "active" : undefined}
                    >
                      {t(item.label)}
                    </Link>
                  </li>
                ))}
                {user ? (
                  <li>
                    <Form method="post" action="/logout">
                      <button type="submit" className="link-button">
                        {t("nav.logout")}
                      </button>
                    </Form>
                  </li>
                ) : null}
              </ul>
            </nav>
            <LanguageSwitcher current={data?.locale ?? DEFAULT_LOCALE} />
          </div>
        </details>
      </div>
    </header>
  );
}

function LanguageSwitcher({ current }: { current: AppLocale }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switcher" aria-label={t("layout.language")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          className={locale === current ? "active" : undefined}
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </Form>
  );
}

function SiteFooter() {
  const { t } = useTranslation();
  const publisher = useRouteLoaderData<typeof loader>("root")?.publisher;
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{publisher ? `${publisher} · ${t("layout.footer")}` : t("layout.footer")}</p>
        <ul className="footer-links">
          <li>
            <Link to="/verify">{t("nav.verify")}</Link>
          </li>
          <li>
            <Link to="/priorities">{t("nav.priorities")}</Link>
          </li>
          <li>
            <Link to="/open-data">{t("nav.openData")}</Link>
          </li>
          <li>
            <Link to="/privacy">{t("nav.privacy")}</Link>
          </li>
        </ul>
      </div>
    </footer>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key =
    status === 404 ? "notFound" : status === 403 ? "forbidden" : status === 400 ? "badRequest" : status === 429 ? "tooMany" : "unexpected";
  // On the server, handleError (entry.server.tsx) has already logged it with the request's id.
  // In the browser, the console is the only log there is.
  // eslint-disable-next-line no-console
  if (!isRouteErrorResponse(error) && typeof document !== "undefined") console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t(`errorPage.${key}.title`)}</h1>
      <p>{t(`errorPage.${key}.body`)}</p>
      <p>
        <Link to="/">{t("errorPage.home")}</Link>
      </p>
    </section>
  );
}
