// Each role's dashboard says what to do next, on the demo as loaded (no one
// acts first): the NCO's next actions with their deadlines and links to the
// exact object (JavaScript on and off), and every role's page looked at on a
// phone (390 px) and a desktop (1280 px).
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const PASSWORD = "Karakol-2026";
const root = path.resolve(import.meta.dirname, "../..");
const D = {
  ky: JSON.parse(readFileSync(path.join(root, "public/locales/ky/dashboard.json"), "utf8")).next,
  en: JSON.parse(readFileSync(path.join(root, "public/locales/en/dashboard.json"), "utf8")).next,
};

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

async function signedIn(email: string, options: { width?: number; javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page = await context.newPage();
  await signIn(page, portal.url, email, PASSWORD);
  await page.goto(`${portal.url}/dashboard`);
  return page;
}

/** A message's fixed words before its first placeholder, to find its line on the page. */
const lead = (text: string) => text.split("«")[0]!.trim();

describe("the NCO's dashboard", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`lists the next actions with deadlines, each linking to its object (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const page = await signedIn("nco@balakai.kg", { javaScriptEnabled });
      const list = page.getByRole("region", { name: D.ky.title }).getByRole("listitem");
      await list.first().waitFor();
      const texts = await list.allInnerTexts();
      const hrefs = await page
        .getByRole("region", { name: D.ky.title })
        .getByRole("link")
        .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      // A reduced offer and a proposed grant (their awards), a draft agreement, a report due, a draft proposal: each its own page.
      expect(hrefs.filter((h) => /^\/awards\/[^/]+$/.test(h)).length).toBeGreaterThanOrEqual(2);
      expect(hrefs.some((h) => /^\/agreements\/[^/]+$/.test(h))).toBe(true);
      expect(hrefs.some((h) => /^\/agreements\/[^/]+\/milestones\/[^/]+$/.test(h))).toBe(true);
      expect(hrefs.some((h) => /^\/proposals\/[^/]+$/.test(h))).toBe(true);
      expect(texts.some((t) => t.includes("Жашыл мектеп") && t.includes(lead(D.ky.answerReducedOffer).slice(0, 3)))).toBe(true);
      // The appeal window, the report and the call deadline are shown as dates.
      const dueWord = D.ky.dueBy.replace("{{date}}", "").trim();
      expect(texts.filter((t) => t.includes(dueWord)).length).toBeGreaterThanOrEqual(3);
      if (!javaScriptEnabled) return;
      await screenshot(page, "dashboard-nco-1280");
      const offer = page.getByRole("link", { name: /Жашыл мектеп/ });
      await Promise.all([page.waitForURL(/\/awards\/[^/]+$/), offer.click()]);
      await page.getByRole("heading", { level: 1 }).waitFor();
      await page.context().close();
    });
  }
});

describe("every role's dashboard, looked at", () => {
  const accounts = {
    nco: "nco@balakai.kg",
    ncoMember: "staff@balakai.kg",
    ayal: "info@ayalzhardam.kg",
    officer: "officer@karakol.kg",
    finance: "finance@karakol.kg",
    chair: "chair@karakol.kg",
    member3: "member3@karakol.kg",
    admin: "admin@karakol.kg",
  };
  it("shows each role its next steps at 390 and 1280 px", async () => {
    for (const [name, email] of Object.entries(accounts)) {
      for (const width of [390, 1280]) {
        const page = await signedIn(email, { width });
        await page.getByRole("heading", { level: 1 }).waitFor();
        if (name !== "admin") expect(await page.locator(".next-action a").count()).toBeGreaterThan(0);
        // Nothing wider than the phone's screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
        await screenshot(page, `dashboard-${name}-${width}`);
        await page.context().close();
      }
    }
  });

  it("links the officer's steps to the exact object and names the programme", async () => {
    const page = await signedIn("officer@karakol.kg");
    const links = await page.locator(".next-action a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(links.some((href) => /^\/agreements\/[^/]+\/milestones\/[^/]+$/.test(href))).toBe(true);
    expect(links.some((href) => /^\/officer\/calls\/[^/]+\/screening$/.test(href))).toBe(true);
    expect(links.some((href) => /^\/agreements\/new\/[^/]+$/.test(href))).toBe(true);
    expect(links.every((href) => !["/agreements", "/officer/calls"].includes(href))).toBe(true);
    expect(await page.getByText(/SZ-2026(-R)?:/).count()).toBeGreaterThan(0);
    await page.context().close();
  });
});
