import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, startPortal, type Portal } from "./support";

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe("a visitor", () => {
  it("switches the language to Kyrgyz and sees the page in Kyrgyz", async () => {
    const context = await browser.newContext({ locale: "en-GB", extraHTTPHeaders: { "Accept-Language": "en-GB,en;q=0.9" } });
    const page = await context.newPage();
    await page.goto(portal.url);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("State social order in Karakol");
    await Promise.all([page.waitForURL(portal.url + "/"), page.getByRole("button", { name: "Кыргызча" }).click()]);
    await page.waitForFunction(() => document.documentElement.lang === "ky");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Караколдогу мамлекеттик социалдык заказ");
    await screenshot(page, "home-ky");
    // Remembered for the next visit by cookie.
    await page.goto(`${portal.url}/calls`);
    expect(await page.getAttribute("html", "lang")).toBe("ky");
    await context.close();
  });
});
