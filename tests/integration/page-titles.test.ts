/**
 * Every page has one <title> in the reader's language: "<subject> — <page> —
 * <site>", the page and site names taken from the locale files. Pages are
 * found by following links from the home page and the dashboard, as each demo
 * account and as an anonymous visitor in each language, against the
 * production build with the demo data.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, seedDemoIfEmpty } from "../../prisma/seed-demo";
import { LOCALES, type AppLocale } from "~/utils/i18n";
import { prisma } from "~/utils/db.server";
import { loadBuild, ORIGIN, requestHandler } from "../support/route-call";
import { listRoutes } from "./route-manifest";
import { sessionCookieFor } from "../support/session";

type Visit = { url: string; locale: AppLocale; status: number; title: string | null; titles: number };

const localesDir = path.resolve(import.meta.dirname, "../../public/locales");
const strings = (locale: AppLocale, ns: string) => JSON.parse(readFileSync(path.join(localesDir, locale, `${ns}.json`), "utf8"));

/** Every string of the locale files in one language: a page's name must be one of them (any namespace may name its pages). */
function pageNames(locale: AppLocale): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === "string") names.add(node);
    else if (node && typeof node === "object") Object.values(node).forEach(walk);
  };
  for (const file of readdirSync(path.join(localesDir, locale)))
    if (file.endsWith(".json")) walk(strings(locale, file.replace(/\.json$/, "")));
  return names;
}

const decode = (text: string) =>
  text.replace(/&(#x?[0-9a-f]+|amp|lt|gt|quot|apos|#39);/gi, (entity, code: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };
    if (named[code.toLowerCase()]) return named[code.toLowerCase()]!;
    return String.fromCodePoint(code[1]?.toLowerCase() === "x" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10));
  });

// Downloads, data and state-changing addresses are not pages.
const NOT_A_PAGE =
  /\.(pdf|csv|json|data|png|svg|ico|zip)$|^\/(files|logout|language|healthz|readyz)\b|\/files\/|\/summary$|\/documents\/[^/]+$/;

/** One visit per URL shape: /calls/abc and /calls/def are the same page. */
const shape = (pathname: string) => pathname.replace(/\/[^/]*\d[^/]*/g, "/:id");

let build: ServerBuild;
let handle: (request: Request) => Promise<Response>;

async function crawl(locale: AppLocale, cookie: string | undefined, starts: string[], limit = 150): Promise<Visit[]> {
  const queue = [...starts];
  const seen = new Set<string>();
  const visits: Visit[] = [];
  while (queue.length && visits.length < limit) {
    const url = queue.shift()!;
    if (seen.has(shape(url))) continue;
    seen.add(shape(url));
    const headers: Record<string, string> = { "Accept-Language": locale, "X-Portal-Client-Ip": "10.9.9.9" };
    if (cookie) headers.Cookie = cookie;
    const response = await handle(new Request(ORIGIN + url, { headers }));
    if (response.status >= 300 && response.status < 400) continue;
    if (!(response.headers.get("Content-Type") ?? "").includes("text/html")) continue;
    const html = await response.text();
    const titles = [...html.matchAll(/<title>([\s\S]*?)<\/title>/g)].map((m) => decode(m[1]!));
    visits.push({ url, locale, status: response.status, title: titles[0] ?? null, titles: titles.length });
    for (const match of html.matchAll(/<a [^>]*href="([^"#]+)"/g)) {
      const target = new URL(decode(match[1]!), ORIGIN + url);
      if (target.origin !== ORIGIN || NOT_A_PAGE.test(target.pathname)) continue;
      if (!seen.has(shape(target.pathname))) queue.push(target.pathname);
    }
  }
  return visits;
}

/** What is wrong with one page's title, or null. */
function titleProblem(visit: Visit): string | null {
  if (visit.titles !== 1 || !visit.title) return `${visit.titles} <title> elements`;
  const title = visit.title;
  const site = strings(visit.locale, "common").layout.siteName as string;
  const parts = title.split(" — ");
  // The subject (a reference, an NCO's own project title) is what people typed; the rest is the portal's.
  const own = parts.slice(-2).join(" — ");
  if (own.includes(" / ")) return `trilingual: "${title}"`;
  // "— work-plan", "— commission": a code in place of a name.
  if (parts.slice(-2).some((part) => /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(part))) return `a slug: "${title}"`;
  if (visit.locale !== "en" && /[A-Za-z]/.test(own)) return `Latin letters on a ${visit.locale} page: "${title}"`;
  if (parts.at(-1) !== site) return `does not end with the site name "${site}": "${title}"`;
  const page = parts.length > 1 ? parts.at(-2)! : site;
  if (!pageNames(visit.locale).has(page)) return `page name "${page}" is not a ${visit.locale} page title`;
  return null;
}

const accounts = Object.values(DEMO_ACCOUNTS);
// Pages reached from an e-mail's link or a first step rather than from a link on a page.
const SIGNED_IN_STARTS = [
  "/dashboard",
  "/profile",
  "/organizations/new",
  "/organizations/invitations/expired-link",
  "/confirm-email",
  "/confirm-email/expired-link",
  "/staff-invitations/expired-link",
  "/commission-invitations/expired-link",
];
const byLocale = new Map<string, Visit[]>();

// Every string a crawled page asked for and was not sent (app/root.tsx reports them).
const missingStrings = new Set<string>();

beforeAll(async () => {
  (globalThis as { __missingStrings?: Set<string> }).__missingStrings = missingStrings;
  await seedDemoIfEmpty(prisma);
  build = await loadBuild();
  handle = requestHandler(build);
}, 120_000);

describe("page titles", () => {
  it.each([...LOCALES])("anonymous visitor in %s: every public page has one title in that language", async (locale) => {
    const visits = await crawl(locale, undefined, [
      "/",
      "/calls",
      "/results",
      "/projects",
      "/open-data",
      "/verify",
      "/login",
      "/register",
      "/forgot-password",
      "/reset-password/expired-link",
      "/organizations/invitations/expired-link",
      "/staff-invitations/expired-link",
      "/commission-invitations/expired-link",
    ]);
    byLocale.set(`anonymous-${locale}`, visits);
    expect(visits.length).toBeGreaterThan(8);
    const problems = visits.map((v) => [v.url, titleProblem(v)]).filter(([, p]) => p);
    expect(problems).toEqual([]);
  });

  it.each(accounts.map((a) => [a.email, a] as const))(
    "%s: every page reached from the dashboard has one title in the account's language",
    async (_, account) => {
      const user = await prisma.user.findUniqueOrThrow({ where: { email: account.email } });
      const call = await prisma.call.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
      const visits = await crawl(account.locale as AppLocale, await sessionCookieFor(user.id), [
        ...SIGNED_IN_STARTS,
        `/officer/calls/${call.id}/edit`,
      ]);
      byLocale.set(account.email, visits);
      console.log(`${account.email}: ${visits.length} pages`);
      expect(visits.length).toBeGreaterThan(3);
      const problems = visits.map((v) => [v.url, titleProblem(v)]).filter(([, p]) => p);
      expect(problems).toEqual([]);
    },
  );

  it("a person asked to consent to a new privacy notice: the consent page has one title in their language", async () => {
    // Consent never given (an account from before the notice): every signed-in page leads here.
    const user = await prisma.user.create({
      data: { email: `consent-${Date.now()}@example.kg`, fullName: "Асел Токтогулова", passwordHash: "not-a-hash", locale: "ky" },
    });
    const visits = await crawl("ky", await sessionCookieFor(user.id), ["/privacy/consent"]);
    byLocale.set("consent-again", visits);
    expect(visits.some((v) => v.url.startsWith("/privacy/consent"))).toBe(true);
    const problems = visits.map((v) => [v.url, titleProblem(v)]).filter(([, p]) => p);
    expect(problems).toEqual([]);
  });

  it("the crawl reached every page of the portal", () => {
    const visited = [...byLocale.values()].flat().map((v) => v.url);
    const pages = listRoutes(build).filter((r) => build.routes[r.id]!.module.default && r.hasLoader);
    const pattern = (p: string) => new RegExp(`^${p.replace(/\/$/, "").replace(/:[A-Za-z0-9_]+/g, "[^/]+")}/?$`);
    // The set-up page exists only until the first municipality is created; first-start.test.ts opens it on an empty database.
    const ONLY_ON_AN_EMPTY_DATABASE = ["/setup"];
    const missed = pages
      .filter((route) => !ONLY_ON_AN_EMPTY_DATABASE.includes(route.path))
      .filter((route) => !visited.some((url) => pattern(route.path).test(url)))
      .map((r) => r.path);
    expect(missed).toEqual([]);
  });

  it("every page was sent every string it shows (the page's own namespaces and every refusal)", () => {
    expect([...byLocale.values()].flat().length).toBeGreaterThan(100);
    expect([...missingStrings]).toEqual([]);
  });
});
