import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privilegedSql } from "../integration/privileged-sql";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

// The machines are shared and often busy: a sign-in (argon2) and a page load can take far longer than Playwright's 30 s default.
async function newContext(options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  return context;
}

describe("a visitor", () => {
  it("switches the language to Kyrgyz and sees the page in Kyrgyz", async () => {
    const context = await newContext({ locale: "en-GB", extraHTTPHeaders: { "Accept-Language": "en-GB,en;q=0.9" } });
    const page = await context.newPage();
    await page.goto(portal.url);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Karakol City Mayor's Office: state social order");
    await Promise.all([page.waitForURL(portal.url + "/"), page.getByRole("button", { name: "Кыргызча" }).click()]);
    await page.waitForFunction(() => document.documentElement.lang === "ky");
    // react-i18next hands a component its new t one render after the language changes: wait for that render.
    await page
      .getByRole("heading", { level: 1, name: "Каракол шаарынын мэриясы: мамлекеттик социалдык заказ", exact: true })
      .waitFor({ timeout: 10_000 });
    await screenshot(page, "home-ky");
    // Remembered for the next visit by cookie.
    await page.goto(`${portal.url}/calls`);
    expect(await page.getAttribute("html", "lang")).toBe("ky");
    await context.close();
  });

  it("gets the language of Accept-Language, and Kyrgyz when none of ours is asked for", async () => {
    for (const [header, lang] of [
      ["ru-RU,ru;q=0.9", "ru"],
      ["de-DE,fr;q=0.8", "ky"],
      ["en-US", "en"],
    ]) {
      const html = await (await fetch(portal.url, { headers: { "Accept-Language": header! } })).text();
      expect(html, header).toMatch(new RegExp(`<html lang="${lang}"`));
    }
  });
});

describe("the production server", () => {
  it("sends security headers and a CSP with a fresh nonce, and no x-powered-by", async () => {
    const [a, b] = await Promise.all([fetch(portal.url), fetch(portal.url)]);
    for (const response of [a, b]) {
      expect(response.headers.get("x-powered-by")).toBeNull();
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      const csp = response.headers.get("content-security-policy")!;
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/form-action 'self'/);
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    const nonce = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy")!)![1];
    expect(nonce(a)).not.toBe(nonce(b));
    // Every inline script of the page carries the nonce, or the browser would block it.
    const html = await a.text();
    const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce(a)}"`);
  });

  it("compresses pages and caches built assets for a year, other public files for an hour", async () => {
    const page = await fetch(portal.url, { headers: { "Accept-Encoding": "gzip" } });
    expect(page.headers.get("content-encoding")).toBe("gzip");
    const html = await page.text();
    const asset = /\/build\/[^"]+\.js/.exec(html)![0];
    const built = await fetch(portal.url + asset);
    expect(built.status).toBe(200);
    expect(built.headers.get("cache-control")).toMatch(/max-age=31536000.*immutable|immutable.*max-age=31536000/);
    const icon = await fetch(`${portal.url}/favicon.svg`);
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
  });

  it("answers /healthz with JSON naming the database kind", async () => {
    const response = await fetch(`${portal.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", database: portal.databaseUrl.startsWith("file:") ? "sqlite" : "postgresql" });
  });

  it("refuses a POST that names another origin, and accepts its own", async () => {
    const form = new URLSearchParams({ locale: "ru", redirectTo: "/" });
    const foreign = await fetch(`${portal.url}/language`, {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { Origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("set-cookie")).toBeNull();
    const viaReferer = await fetch(`${portal.url}/language`, {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { Referer: "https://evil.example/page" },
    });
    expect(viaReferer.status).toBe(403);
    const own = await fetch(`${portal.url}/language`, { method: "POST", body: form, redirect: "manual", headers: { Origin: portal.url } });
    expect(own.status).toBe(302);
    expect(own.headers.get("set-cookie")).toMatch(/^lng=/);
  });
});

// People and pages to look at, on a desktop and on a 390 px phone.
const PEOPLE = {
  visitor: null,
  admin: "admin@karakol.kg",
  officer: "officer@karakol.kg",
  finance: "finance@karakol.kg",
  commission: "chair@karakol.kg",
  ncoAdmin: "nco@balakai.kg",
  ncoMember: "staff@balakai.kg",
} as const;
const PAGES: Record<keyof typeof PEOPLE, string[]> = {
  visitor: ["/", "/login", "/register", "/forgot-password", "/calls"],
  admin: ["/dashboard", "/admin/users", "/admin/audit", "/profile"],
  officer: ["/dashboard", "/admin/audit"],
  finance: ["/dashboard"],
  commission: ["/dashboard"],
  ncoAdmin: ["/dashboard", "/profile", "/organizations/:own"],
  ncoMember: ["/dashboard"],
};

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => {
        if (el.getBoundingClientRect().right <= width + 1) return false;
        // The phone's collapsed menu keeps its (unrendered) boxes: only what a person can see counts.
        if (!el.checkVisibility()) return false;
        // Content inside a container that scrolls sideways (wide tables, tab strips) is wider on purpose.
        for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
          if (["auto", "scroll", "hidden"].includes(getComputedStyle(parent).overflowX)) return false;
        }
        return true;
      })
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).replace(/ /g, ".") : ""} (${Math.round(el.getBoundingClientRect().right)}px)`,
      );
    return { scrollWidth: document.documentElement.scrollWidth, width, wide };
  });
}

describe("every page, for every role, on a phone and a desktop", () => {
  it.each(Object.keys(PEOPLE) as (keyof typeof PEOPLE)[])(
    "%s: fits a 390 px screen and has one h1, a main landmark and labelled inputs",
    async (who) => {
      for (const viewport of [
        { width: 390, height: 844, name: "phone" },
        { width: 1280, height: 900, name: "desktop" },
      ]) {
        const context = await newContext({ viewport, locale: "ru", extraHTTPHeaders: { "Accept-Language": "ru" } });
        const page = await context.newPage();
        const email = PEOPLE[who];
        if (email) await signIn(page, portal.url, email, "Karakol-2026");
        for (const path of PAGES[who]) {
          let target = path;
          if (path === "/organizations/:own") {
            await page.goto(`${portal.url}/profile`);
            target = (await page.locator('a[href^="/organizations/"]').first().getAttribute("href"))!;
          }
          const response = await page.goto(portal.url + target);
          expect(response!.status(), `${who} ${target}`).toBe(200);
          await screenshot(page, `${who}${path.replace(/[/:]+/g, "-").replace(/-$/, "") || "-home"}-${viewport.name}`);
          expect(await page.locator("h1").count(), `${who} ${target}: one h1`).toBe(1);
          expect(await page.locator("main").count(), `${who} ${target}: main landmark`).toBe(1);
          const unlabelled = await page.$$eval("input:not([type=hidden]), select, textarea", (fields) =>
            fields
              .filter((f) => !(f.id && document.querySelector(`label[for="${f.id}"]`)) && !f.getAttribute("aria-label"))
              .map((f) => f.getAttribute("name")),
          );
          expect(unlabelled, `${who} ${target}: inputs without a label`).toEqual([]);
          if (viewport.width === 390) {
            const overflow = await horizontalOverflow(page);
            expect(overflow.wide, `${who} ${target} is wider than the phone`).toEqual([]);
            expect(overflow.scrollWidth, `${who} ${target}`).toBeLessThanOrEqual(overflow.width);
          }
        }
        await context.close();
      }
    },
    360_000,
  );
});

describe("administration pages", () => {
  it("list every account with its roles and organization in the reader's language, with a named button per person", async () => {
    const context = await newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, portal.url, "admin@karakol.kg", "Karakol-2026");
    await page.goto(`${portal.url}/admin/users`);
    const row = (email: string) => page.getByRole("row").filter({ hasText: email });
    expect(await row("officer@karakol.kg").textContent()).toContain("Специалист программы");
    expect(await row("nco@balakai.kg").textContent()).toContain("Общественное объединение «Балакай»");
    // Staff of the municipality have a named button; an NCO's account is not the municipality's to disable (decision 0050).
    expect(await page.getByRole("button", { name: "Отключить: Нурлан Абдыкеримов" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Отключить: Мирлан Усенов" }).count()).toBe(0);
    await context.close();
  });

  it("show an administrator that an audit event was changed behind the portal's back", async () => {
    const sql = await privilegedSql(portal.databaseUrl);
    try {
      await sql.dropAuditTriggers();
      expect(await sql.execute(`UPDATE "AuditEvent" SET "actorLabel" = 'someone else' WHERE "seq" = 2`)).toBe(1);
    } finally {
      await sql.close();
    }
    const context = await newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, portal.url, "admin@karakol.kg", "Karakol-2026");
    await page.goto(`${portal.url}/admin/audit`);
    const alert = page.getByRole("alert");
    expect(await alert.textContent()).toBe(
      "Цепочка нарушена на записи 2 (содержимое записи не совпадает с её хешем: запись изменили задним числом).",
    );
    await screenshot(page, "admin-audit-broken-phone");
    await context.close();
  });
});

// Last: it leaves 127.0.0.1, the address of every browser above, locked out of logins for a minute.
describe("the login limit", () => {
  it("counts failed logins by the connection's address, whatever X-Portal-Client-Ip a client sends", async () => {
    const attempt = (i: number) =>
      fetch(`${portal.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: portal.url, "X-Portal-Client-Ip": `10.9.9.${i}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: `nobody${i}@example.kg`, password: "wrong-password" }),
      });
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt(i)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses[10]).toBe(429);
  });
});
