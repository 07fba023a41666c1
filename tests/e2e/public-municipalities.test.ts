import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privilegedSql } from "../integration/privileged-sql";
import { launchBrowser, screenshot, startPortal, type Portal } from "./support";

// One deployment, two municipalities: the demo's Karakol (with open calls) and Osh (none yet).
let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  // Before any page is served, so that no process has the one-municipality list cached yet.
  const sql = await privilegedSql(portal.databaseUrl);
  await sql.execute(
    `INSERT INTO "Municipality" ("id", "slug", "kind", "nameKy", "nameRu", "nameEn", "region", "ocidPrefix") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    ["e2e-osh", "osh", "CITY", "Ош шаарынын мэриясы", "Мэрия города Ош", "Osh City Mayor's Office", "Osh", "ocds-kgosh1"],
  );
  await sql.close();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

async function newPage(options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ locale: "en-GB", extraHTTPHeaders: { "Accept-Language": "en-GB,en;q=0.9" }, ...options });
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  return { context, page: await context.newPage() };
}

describe("a visitor on a deployment that serves several municipalities", () => {
  it("chooses a municipality on the home page and the calls page, and every call says whose it is", async () => {
    const { context, page } = await newPage();
    await page.goto(portal.url);
    // No single publisher: the portal's own title, and each call names its municipality.
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("State social order");
    const firstCall = page.locator(".call-card").first();
    await expect(firstCall.textContent()).resolves.toContain("Karakol City Mayor's Office");

    const chooser = page.getByLabel("Municipality");
    const options = await chooser.locator("option").allTextContents();
    expect(options[0]).toBe("All municipalities");
    expect(options.slice(1).sort()).toEqual(["Karakol City Mayor's Office", "Osh City Mayor's Office"]);
    await chooser.selectOption("osh");
    await Promise.all([page.waitForURL(/municipality=osh/), page.getByRole("button", { name: "Show" }).click()]);
    await expect(page.locator(".empty-state").first().textContent()).resolves.toContain("There are no open calls");
    // The link to every call keeps the choice.
    await Promise.all([page.waitForURL(/\/calls\?status=all&municipality=osh/), page.getByRole("link", { name: "All calls" }).click()]);
    await expect(page.getByLabel("Municipality").inputValue()).resolves.toBe("osh");
    await page.locator(".empty-state").first().waitFor();
    await expect(page.locator(".call-card").count()).resolves.toBe(0);

    await page.getByLabel("Municipality").selectOption("karakol");
    await Promise.all([page.waitForURL(/municipality=karakol/), page.getByRole("button", { name: "Search" }).click()]);
    // The list re-renders just after the address changes: wait for Karakol's first card, then count.
    await page.locator(".call-card").first().waitFor();
    const karakolCalls = await page.locator(".call-card").count();
    expect(karakolCalls).toBeGreaterThan(0);
    await page.getByLabel("Municipality").selectOption("");
    await Promise.all([
      page.waitForURL((url) => !url.search.includes("municipality=karakol")),
      page.getByRole("button", { name: "Search" }).click(),
    ]);
    await page.waitForFunction((n) => document.querySelectorAll(".call-card").length === n, karakolCalls);
    await expect(page.locator(".call-card").count()).resolves.toBe(karakolCalls);
    await context.close();
  });

  it("narrows results and projects without JavaScript, on a phone", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    await page.goto(`${portal.url}/projects`);
    await page.getByLabel("Municipality").selectOption("osh");
    await Promise.all([page.waitForURL(/\/projects\?municipality=osh/), page.getByRole("button", { name: "Show" }).click()]);
    await expect(page.locator(".empty-state").count()).resolves.toBe(1);
    await screenshot(page, "projects-municipality-390");
    await page.goto(`${portal.url}/results?municipality=karakol`);
    await expect(page.getByLabel("Municipality").inputValue()).resolves.toBe("karakol");
    await context.close();
  });

  it("answers a mistyped municipality with 404 instead of everyone's data", async () => {
    for (const path of ["/calls?municipality=nowhere", "/results?municipality=nowhere", "/open-data/ocds.json?municipality=nowhere"]) {
      expect((await fetch(`${portal.url}${path}`)).status, path).toBe(404);
    }
  });

  it("publishes open data per municipality, under each one's prefix, and for all", async () => {
    const { context, page } = await newPage();
    await page.goto(`${portal.url}/open-data`);
    const rows = page.getByRole("table").getByRole("row");
    await expect(rows.count()).resolves.toBe(3);
    await expect(
      page
        .getByRole("row", { name: /Osh City Mayor's Office/ })
        .getByRole("link", { name: "OCDS release package (JSON)" })
        .getAttribute("href"),
    ).resolves.toBe("/open-data/ocds.json?municipality=osh");
    await context.close();

    const osh = await (await fetch(`${portal.url}/open-data/ocds.json?municipality=osh`)).json();
    expect(osh.publisher.name).toBe("Мэрия города Ош");
    expect(osh.releases).toEqual([]);
    const karakol = await (await fetch(`${portal.url}/open-data/ocds.json?municipality=karakol`)).json();
    const all = await (await fetch(`${portal.url}/open-data/ocds.json`)).json();
    expect(karakol.releases.length).toBeGreaterThan(0);
    expect(all.releases.map((r: { ocid: string }) => r.ocid)).toEqual(karakol.releases.map((r: { ocid: string }) => r.ocid));
  });
});
