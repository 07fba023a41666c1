// Issue 11 items 9, 13 and issue 17 items 6, 12 against the production build:
// the treasury callback's status codes over HTTP, a statement named with "=" and
// ";" uploaded in Chromium, and a double click on "create agreement".
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { createPrismaClient } from "../../app/utils/db.server";
import { httpRequest } from "./http";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const PASSWORD = "Karakol-2026";
const TOKEN = "e2e-hardening-token";
let portal: Portal;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  // The treasury's address only has to be set for callbacks to be accepted; nothing is sent to it here.
  [portal, browser] = await Promise.all([startPortal({ TREASURY_URL: "http://127.0.0.1:9", TREASURY_TOKEN: TOKEN }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

async function signedIn(email: string, width: number): Promise<Page> {
  // The language buttons sit in the header at desktop width (a phone folds them into the menu).
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  pages.push(page);
  await signIn(page, portal.url, email, PASSWORD);
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "English" }).click()]);
  await page.waitForFunction(() => document.documentElement.lang === "en");
  await page.setViewportSize({ width, height: 900 });
  return page;
}

const callback = (body: string, headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }) =>
  httpRequest(`${portal.url}/finance/treasury-callback`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body,
  });

describe("grants and finance hardening", () => {
  it("the treasury callback answers each refusal with its own status", async () => {
    const db = createPrismaClient(portal.databaseUrl);
    const paid = await db.paymentOrder.findFirstOrThrow({ where: { status: "RECORDED_MANUALLY" }, select: { reference: true } });
    await db.$disconnect();
    const executed = JSON.stringify({ reference: paid.reference, id: "TR-1", status: "executed" });
    expect((await callback(executed, {})).status).toBe(401);
    expect((await callback(executed, { Authorization: "Bearer wrong-token-of-same-size" })).status).toBe(401);
    expect((await callback("{not json")).status).toBe(400);
    expect((await callback(JSON.stringify({ reference: 5, status: "executed" }))).status).toBe(400);
    expect((await callback(JSON.stringify({ reference: "PO-000000-000000", status: "executed" }))).status).toBe(404);
    expect((await callback(JSON.stringify({ reference: paid.reference, status: "rejected", reason: "x" }))).status).toBe(409);
    const big = await callback(JSON.stringify({ reference: paid.reference, status: "executed", reason: "x".repeat(20_000) }));
    expect(big.status).toBe(413);
    const again = await callback(executed);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, applied: false });
  });

  it("imports a statement whose file name holds '=' and ';', and names a broken line as such", async () => {
    onTestFailed(async () => {
      for (const [i, page] of pages.entries()) await screenshot(page, `grants-hardening-failure-${i}`).catch(() => undefined);
    });
    const finance = await signedIn("finance@karakol.kg", 390);
    await finance.goto(`${portal.url}/finance/statements`);
    const csv =
      'Дата;Номер документа;Сумма;Назначение платежа\r\n01.12.2026;PO-000000-ABCDEF;"1 000,00";"Грант,\r\nвторая строка"\r\n02.12.2026;;-20,50;комиссия банка\r\n';
    await finance
      .getByLabel(/Statement file/)
      .setInputFiles({ name: "выписка=декабрь;2026.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await Promise.all([
      finance.waitForURL(/\/finance\/statements\/.+/),
      finance.getByRole("button", { name: "Upload and reconcile" }).click(),
    ]);
    await finance.getByRole("heading", { level: 1, name: /выписка=декабрь;2026\.csv/ }).waitFor();
    await finance.getByText("A debit (negative amount), not a grant payment").waitFor();
    await screenshot(finance, "grants-statement-debit-390");

    await finance.goto(`${portal.url}/finance/statements`);
    await finance.getByLabel(/Statement file/).setInputFiles({
      name: "broken.csv",
      mimeType: "text/csv",
      buffer: Buffer.from('Дата;Номер документа;Сумма\n01.12.2026;"PO-1;10\n', "utf8"),
    });
    await finance.getByRole("button", { name: "Upload and reconcile" }).click();
    await finance.getByRole("alert").filter({ hasText: "Line 2: a quotation mark is not closed" }).waitFor();
    expect(await finance.getByText("larger than").count()).toBe(0);
  });

  it("a double click on 'create agreement' creates one and opens it", async () => {
    const db = createPrismaClient(portal.databaseUrl);
    // A FINAL award of the demo call whose agreement is not drawn yet.
    const template = await db.award.findFirstOrThrow({
      where: { agreement: { isNot: null } },
      include: { proposal: { include: { milestones: true, budgetLines: true } } },
    });
    const proposal = await db.proposal.create({
      data: {
        callId: template.callId,
        organizationId: template.organizationId,
        reference: `${template.proposal.reference}-X`,
        status: "AWARDED",
        language: "ru",
        title: "Проект для двойного клика",
        summary: "—",
        beneficiaries: 10,
        requestedTotal: template.amount,
        createdById: template.proposal.createdById,
        milestones: {
          create: template.proposal.milestones.map(({ position, title, deliverables, startsOn, dueOn }) => ({
            position,
            title,
            deliverables,
            startsOn,
            dueOn,
          })),
        },
        budgetLines: {
          create: template.proposal.budgetLines.map(({ position, category, description, unit, quantity, unitCost, requested }) => ({
            position,
            category,
            description,
            unit,
            quantity,
            unitCost,
            requested,
          })),
        },
      },
    });
    const award = await db.award.create({
      data: {
        callId: template.callId,
        proposalId: proposal.id,
        organizationId: template.organizationId,
        reference: `${template.reference}-X`,
        status: "FINAL",
        rank: 9,
        finalScore: 7000,
        requestedAmount: template.amount,
        amount: template.amount,
        finalizedAt: new Date(),
      },
    });
    const officer = await signedIn("officer@karakol.kg", 1280);
    await officer.goto(`${portal.url}/agreements/new/${award.id}`);
    const shares = officer.getByLabel(/^Share for milestone/);
    expect(await shares.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(
      template.proposal.milestones.length === 3 ? ["33.33", "33.33", "33.34"] : expect.any(Array),
    );
    await screenshot(officer, "grants-agreement-draft-1280");
    await officer.getByRole("button", { name: "Create the agreement" }).dblclick();
    await officer.waitForURL(/\/agreements\/(?!new)[^/]+$/, { timeout: 15_000 });
    await officer.getByRole("heading", { level: 1, name: new RegExp(`AGR-${award.reference}`) }).waitFor();
    expect(await officer.getByText(/already exists/i).count()).toBe(0);
    expect(await db.agreement.count({ where: { awardId: award.id } })).toBe(1);
    await screenshot(officer, "grants-agreement-after-double-click-1280");
    // A second POST of the same form (JavaScript off, or a late twin) goes to the same agreement.
    await officer.goto(`${portal.url}/agreements/new/${award.id}`);
    expect(officer.url()).toMatch(/\/agreements\/(?!new)[^/]+$/);
    await db.$disconnect();
  });
});
