// Beneficiary feedback (decision 0079), on the demo as loaded: the NCO's page gives the short link
// and the printable card; a beneficiary opens the link in a browser with JavaScript off, rates the
// service with a comment and a one-time code, is refused the same code again, and the rating shows
// on the public project page. Looked at on a phone (390 px).
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../app/utils/db.server";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const root = path.resolve(import.meta.dirname, "../..");
const G = JSON.parse(readFileSync(path.join(root, "public/locales/ky/grants.json"), "utf8")).feedback;
const GRU = JSON.parse(readFileSync(path.join(root, "public/locales/ru/grants.json"), "utf8")).feedback;

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe("beneficiary feedback by the short link", () => {
  it("rates a service with JavaScript off, counts a code once and shows the rating on the project page", async () => {
    const db = createPrismaClient(portal.databaseUrl);
    const agreement = await db.agreement.findFirstOrThrow({ where: { number: "AGR-SZ-2026-K1-G1" }, select: { id: true } });
    const code = await db.feedbackCode.findFirstOrThrow({ where: { agreementId: agreement.id, usedAt: null }, select: { code: true } });
    await db.$disconnect();

    // The NCO finds the link and the card on the service's feedback page.
    const staff = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const nco = await staff.newPage();
    await signIn(nco, portal.url, "nco@balakai.kg", "Karakol-2026");
    await nco.goto(`${portal.url}/agreements/${agreement.id}/feedback`);
    const link = await nco.getByRole("link", { name: /\/f\/[a-z2-9]{7}$/ }).getAttribute("href");
    expect(link).toMatch(/\/f\/[a-z2-9]{7}$/);
    const card = await nco.request.get(`${portal.url}/agreements/${agreement.id}/feedback/card`);
    expect(card.headers()["content-type"]).toBe("application/pdf");
    expect((await card.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await screenshot(nco, "feedback-nco-390");
    await staff.close();

    // The beneficiary: no account, no JavaScript, Russian.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, locale: "ru-RU" });
    const page = await context.newPage();
    const slug = new URL(link!, portal.url).pathname;
    const response = await page.goto(`${portal.url}${slug}`);
    expect(response!.status()).toBe(200);
    expect(await page.locator("script[src]").count()).toBe(0);
    await page.getByRole("heading", { name: GRU.title }).waitFor();
    await screenshot(page, "feedback-rate-390");

    // No score chosen: the browser's own check is off with novalidate, so the server answers.
    await page.locator("form:has(textarea)").evaluate((f) => f.setAttribute("novalidate", ""));
    await page.getByLabel(GRU.comment).fill("Очень помогли с учёбой.");
    await page.getByRole("button", { name: GRU.submit }).click();
    await expect.poll(() => page.getByText("Выберите оценку от 1 до 5.").count()).toBe(1);
    expect(await page.getByLabel(GRU.comment).inputValue()).toBe("Очень помогли с учёбой.");

    await page.getByLabel("5", { exact: true }).check();
    await page.getByLabel(GRU.code).fill(`${code.code.slice(0, 4).toLowerCase()}-${code.code.slice(4)}`);
    await page.getByRole("button", { name: GRU.submit }).click();
    await page.getByText(GRU.thanks).waitFor();

    // The same code again: refused with a clear message, and nothing typed is lost.
    await page.goto(`${portal.url}${slug}`);
    await page.getByLabel("1", { exact: true }).check();
    await page.getByLabel(GRU.code).fill(code.code);
    await page.getByRole("button", { name: GRU.submit }).click();
    await page.getByText(GRU.error.codeUsed).waitFor();
    expect(await page.getByLabel(GRU.code).inputValue()).toBe(code.code);
    await screenshot(page, "feedback-code-used-390");

    // The project page: five ratings now (four from the demo), the comment and the NCO's reply.
    await page.goto(`${portal.url}/projects/${agreement.id}`);
    await page.getByText("Очень помогли с учёбой.").waitFor();
    expect(await page.getByText(/Средняя оценка: 4\.4 из 5 \(оценок: 5\)/).count()).toBe(1);
    expect(await page.getByText("С января расписание утверждено").count()).toBe(1);
    await screenshot(page, "feedback-project-390");
    await context.close();
    expect(G.title).toBeTruthy();
  });
});
