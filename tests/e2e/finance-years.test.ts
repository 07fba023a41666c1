// Issue 12, "Programmes and money over the years": the finance officer chooses a fiscal year and a
// programme on the finance dashboard (JavaScript off, then on), sees that choice's figures and that
// the year is closed, downloads the export named after it, and from a year with no appropriation
// follows the link to open one. At 390 px the figures stack and nothing scrolls sideways.
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "~/utils/db.server";
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

const PASSWORD = "Karakol-2026";
const THIS_YEAR = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Bishkek", year: "numeric" }).format(new Date()));
const CODE = "FY-E2E";

async function noSidewaysScroll(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe("the finance dashboard by year and programme", () => {
  it("shows the chosen year's and programme's figures, marks the closed year, exports that choice, and leads to opening an empty year", async () => {
    // A programme of the demo municipality with last year's appropriation, paid in part and closed.
    const prisma = createPrismaClient(portal.databaseUrl);
    const municipality = await prisma.municipality.findFirstOrThrow({ where: { programmes: { some: {} } }, select: { id: true } });
    const programme = await prisma.budgetProgramme.create({
      data: {
        municipalityId: municipality.id,
        code: CODE,
        nameKy: "Карылар үчүн кам көрүү",
        nameRu: "Уход за пожилыми",
        nameEn: "Elder care",
        firstYear: THIS_YEAR - 1,
        lastYear: THIS_YEAR + 1,
      },
    });
    await prisma.appropriation.create({
      data: {
        programmeId: programme.id,
        fiscalYear: THIS_YEAR - 1,
        amount: 250_000_00n,
        allocated: 0n,
        closedAt: new Date(`${THIS_YEAR - 1}-12-30T06:00:00Z`),
      },
    });
    // Pages follow the account's language: English first, then Russian.
    await prisma.user.update({ where: { email: "finance@karakol.kg" }, data: { locale: "en" } });

    // ── JavaScript off: the GET form alone chooses, and the choice stays in the URL. ──
    const off = await browser.newContext({
      locale: "en-GB",
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
      acceptDownloads: true,
    });
    const page = await off.newPage();
    await signIn(page, portal.url, "finance@karakol.kg", PASSWORD);
    await page.goto(`${portal.url}/finance`);
    await page.getByRole("heading", { level: 2, name: `Fiscal year ${THIS_YEAR} · All programmes` }).waitFor();
    await page.getByLabel("Fiscal year", { exact: true }).selectOption(String(THIS_YEAR - 1));
    await page.getByLabel("Programme", { exact: true }).selectOption({ label: `${CODE} Elder care` });
    await Promise.all([page.waitForURL(/programme=/), page.getByRole("button", { name: "Show" }).click()]);
    const url = new URL(page.url());
    expect([url.searchParams.get("year"), url.searchParams.get("programme")]).toEqual([String(THIS_YEAR - 1), programme.id]);
    await page.getByRole("heading", { level: 2, name: `Fiscal year ${THIS_YEAR - 1} · ${CODE} Elder care` }).waitFor();
    await page.getByText(`Fiscal year ${THIS_YEAR - 1} is closed: nothing more is allocated to calls`).waitFor();
    const row = page.getByRole("row").filter({ hasText: `${CODE} Elder care` });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain("250,000");
    expect(await page.getByLabel("Fiscal year", { exact: true }).locator("option:checked").innerText()).toBe(`${THIS_YEAR - 1} (closed)`);
    await screenshot(page, "finance-years-closed");
    await noSidewaysScroll(page, "finance-years-closed");

    // The export takes the same choice and says so in its name and first line.
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).first().click()]);
    expect(csv.suggestedFilename()).toMatch(new RegExp(`^appropriations-${THIS_YEAR - 1}-${CODE}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const lines = readFileSync((await csv.path())!, "utf8")
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    expect(lines[0]).toBe(`Appropriations — Fiscal year ${THIS_YEAR - 1} · ${CODE} Elder care · year closed`);
    expect(lines[2]).toBe(`${CODE} Elder care,${THIS_YEAR - 1},250000.00,0.00,0.00,250000.00,0.00,0.00,250000.00`);
    expect(lines).toHaveLength(4);
    await off.close();
    await prisma.user.update({ where: { email: "finance@karakol.kg" }, data: { locale: "ru" } });
    await prisma.$disconnect();

    // ── JavaScript on, in Russian: next year has no appropriation; the link leads to opening it. ──
    const on = await browser.newContext({ locale: "ru-RU", viewport: { width: 390, height: 844 } });
    const phone = await on.newPage();
    await signIn(phone, portal.url, "finance@karakol.kg", PASSWORD);
    await phone.goto(`${portal.url}/finance`);
    await phone.waitForLoadState("networkidle");
    await phone.getByLabel("Финансовый год", { exact: true }).selectOption(String(THIS_YEAR + 1));
    await phone.getByLabel("Программа", { exact: true }).selectOption({ label: `${CODE} Уход за пожилыми` });
    await Promise.all([phone.waitForURL(new RegExp(`year=${THIS_YEAR + 1}`)), phone.getByRole("button", { name: "Показать" }).click()]);
    await phone.getByText(`У программы ${CODE} Уход за пожилыми нет ассигнований на ${THIS_YEAR + 1} год.`).waitFor();
    await noSidewaysScroll(phone, "finance-years-empty");
    await Promise.all([
      phone.waitForURL(new RegExp(`/budgets/programmes/${programme.id}`)),
      phone.getByRole("link", { name: `Открыть ассигнования на ${THIS_YEAR + 1} год` }).click(),
    ]);
    await phone.getByRole("heading", { level: 2, name: "Открыть ассигнования" }).waitFor();
    // Back on the dashboard (this year, all programmes), the figures stack at 390 px with their labels.
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${portal.url}/finance?year=2026`);
    const stacked = phone.locator("table.stack-table tbody td[data-label]").first();
    expect(await stacked.evaluate((td) => getComputedStyle(td).display)).toBe("flow-root");
    await screenshot(phone, "finance-years-2026-390");
    await on.close();
  });
});
