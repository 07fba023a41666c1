/**
 * The shell on a phone and a desktop: the header stays small on a 390×844
 * screen for every role (the menu is collapsed, and opens with or without
 * JavaScript, by mouse or keyboard), one navigation item is active, the footer
 * links to letter verification, and tables with money keep every column on
 * screen at 390 px.
 */
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../prisma/seed-demo";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

async function open(viewport: { width: number; height: number }, email?: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  if (email) {
    // Signing in needs no script: the login form posts either way.
    await signIn(page, portal.url, email, DEMO_PASSWORD);
  }
  return page;
}

const headerHeight = (page: Page) => page.locator("header.site-header").evaluate((el) => el.getBoundingClientRect().height);
const navLink = (page: Page, href: string) => page.locator(`nav.main-nav a[href="${href}"]`);

describe("header on a phone", () => {
  const roles: [string, string | undefined][] = [
    ["visitor", undefined],
    ["officer", DEMO_ACCOUNTS.officer.email],
    ["nco", DEMO_ACCOUNTS.ncoAdmin.email],
    ["finance", DEMO_ACCOUNTS.finance.email],
    ["chair", DEMO_ACCOUNTS.chair.email],
    ["admin", DEMO_ACCOUNTS.admin.email],
  ];

  it.each(roles)("takes under 15%% of a 390×844 screen for the %s", async (name, email) => {
    const page = await open(PHONE, email);
    await page.goto(`${portal.url}${email ? "/dashboard" : "/"}`);
    const height = await headerHeight(page);
    await screenshot(page, `layout-header-${name}-390`);
    expect(height).toBeLessThan(0.15 * PHONE.height);
    // The navigation is there, one tap away.
    await expect(navLink(page, "/calls").isVisible()).resolves.toBe(false);
    await page.locator("summary", { hasText: /Меню|Menu/ }).click();
    await expect(navLink(page, "/calls").isVisible()).resolves.toBe(true);
    await screenshot(page, `layout-menu-open-${name}-390`);
    await page.context().close();
  });

  it("opens and closes without JavaScript", async () => {
    const page = await open(PHONE, DEMO_ACCOUNTS.officer.email, { javaScriptEnabled: false });
    await page.goto(`${portal.url}/dashboard`);
    expect(await headerHeight(page)).toBeLessThan(0.15 * PHONE.height);
    await expect(navLink(page, "/officer/calls").isVisible()).resolves.toBe(false);
    await page.locator("summary").click();
    await expect(navLink(page, "/officer/calls").isVisible()).resolves.toBe(true);
    await navLink(page, "/officer/calls").click();
    await page.waitForURL(/\/officer\/calls$/);
    await page.context().close();
  });

  it("opens from the keyboard and its links are reachable by Tab", async () => {
    const page = await open(PHONE, DEMO_ACCOUNTS.ncoAdmin.email);
    await page.goto(`${portal.url}/dashboard`);
    await page.locator("summary").focus();
    await page.keyboard.press("Enter");
    await expect(page.locator("details.site-menu").evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.closest("nav.main-nav") !== null)).resolves.toBe(true);
    // A navigation inside the page closes the menu again.
    await navLink(page, "/proposals").click();
    await page.waitForURL(/\/proposals$/);
    await expect(page.locator("details.site-menu").evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
    await page.context().close();
  });
});

describe("header on a desktop", () => {
  it("shows the navigation without a menu button, with and without JavaScript", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const page = await open(DESKTOP, DEMO_ACCOUNTS.officer.email, { javaScriptEnabled });
      await page.goto(`${portal.url}/dashboard`);
      await expect(navLink(page, "/officer/calls").isVisible()).resolves.toBe(true);
      await expect(page.locator("summary").isVisible()).resolves.toBe(false);
      if (javaScriptEnabled) await screenshot(page, "layout-header-officer-1280");
      await page.context().close();
    }
  });
});

describe("navigation and footer", () => {
  it("lights up one item: the deepest that holds the page", async () => {
    const page = await open(DESKTOP, DEMO_ACCOUNTS.finance.email);
    for (const [path, active] of [
      ["/finance/payments", "/finance/payments"],
      ["/finance", "/finance"],
      ["/finance/statements", "/finance/statements"],
      ["/dashboard", "/dashboard"],
    ] as const) {
      await page.goto(`${portal.url}${path}`);
      const current = page.locator('nav.main-nav a[aria-current="page"]');
      await expect(current.count()).resolves.toBe(1);
      await expect(current.getAttribute("href")).resolves.toBe(active);
    }
    await page.context().close();
  });

  it("links to letter verification from the footer of every page", async () => {
    const page = await open(PHONE);
    await page.goto(`${portal.url}/calls`);
    await page
      .locator("footer")
      .getByRole("link", { name: /Катты текшерүү|Проверить письмо|Verify a letter/ })
      .click();
    await page.waitForURL(/\/verify$/);
    await page.context().close();
  });
});

describe("tables on a phone", () => {
  /** Every cell of every stacked table lies inside the 390 px screen, and the page does not scroll sideways. */
  async function expectNothingCutOff(page: Page, name: string) {
    await screenshot(page, `layout-table-${name}-390`);
    const tables = page.locator("table.stack-table");
    expect(await tables.count(), page.url()).toBeGreaterThan(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const outside = await page
      .locator("table.stack-table td, table.stack-table tbody th")
      .evaluateAll((cells) =>
        cells.filter((c) => c.getBoundingClientRect().right > window.innerWidth + 1).map((c) => c.textContent?.trim()),
      );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(outside).toEqual([]);
  }

  it("payments: amount and status are on screen", async () => {
    const page = await open(PHONE, DEMO_ACCOUNTS.finance.email);
    await page.goto(`${portal.url}/finance/payments`);
    await expectNothingCutOff(page, "payments");
    const amount = page
      .locator("table.stack-table td[data-label]")
      .filter({ hasText: /сом|KGS/ })
      .first();
    await expect(amount.isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it("a call, a project and a proposal under review keep their money columns on screen", async () => {
    const visitor = await open(PHONE);
    await visitor.goto(`${portal.url}/calls`);
    await visitor.locator('main a[href^="/calls/"]').first().click();
    await visitor.waitForURL(/\/calls\/[^/]+$/);
    await expectNothingCutOff(visitor, "call");
    // A project shows its tranches once its agreement is signed: the first such project.
    await visitor.goto(`${portal.url}/projects`);
    const projects = await visitor.locator('main a[href^="/projects/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    let withTranches = false;
    for (const href of projects) {
      await visitor.goto(`${portal.url}${href}`);
      if ((await visitor.locator("table.stack-table").count()) > 0) {
        withTranches = true;
        break;
      }
    }
    expect(withTranches).toBe(true);
    await expectNothingCutOff(visitor, "project");
    await visitor.context().close();

    // The chair's first proposal whose budget is open to the commission (a call where the chair has declared).
    const chair = await open(PHONE, DEMO_ACCOUNTS.chair.email);
    await chair.goto(`${portal.url}/review`);
    const calls = await chair.locator('main a[href^="/review/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    let withBudget = false;
    for (const call of calls.filter((href) => /^\/review\/[^/]+$/.test(href))) {
      await chair.goto(`${portal.url}${call}`);
      const proposals = await chair
        .locator('main a[href*="/proposals/"]')
        .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
      for (const href of proposals.filter((h) => /\/review\/[^/]+\/proposals\/[^/]+$/.test(h))) {
        await chair.goto(`${portal.url}${href}`);
        if ((await chair.locator("table.stack-table").count()) > 0) {
          withBudget = true;
          break;
        }
      }
      if (withBudget) break;
    }
    expect(withBudget).toBe(true);
    await expectNothingCutOff(chair, "review-proposal");
    await chair.context().close();
  });
});
