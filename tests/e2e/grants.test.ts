// A grant's journey in Chromium: the agreement, a milestone report with a
// photo, changes requested and answered, acceptance, the tranche paid through
// a (local, fake) treasury that calls back twice, the statement reconciled,
// the finance dashboard with its charts, and the exports opened.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import ExcelJS from "exceljs";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { createPrismaClient } from "../../app/utils/db.server";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";
import { calendarDateOf } from "~/utils/time";

const PASSWORD = "Karakol-2026";
const TOKEN = "e2e-treasury-token";
// A 1×1 PNG, enough for the files module's signature check.
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e10000000049454e44ae426082",
  "hex",
);

type TreasuryOrder = { id: string; reference: string; amount: string; status: string; executedAt?: string };
let portal: Portal;
let browser: Browser;
let treasury: Server;
const orders = new Map<string, TreasuryOrder>();
const received = { posts: 0, callbacks: [] as number[] };
const pages: Page[] = [];

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => resolve(body));
  });
}

/** The treasury: accepts an order, executes it a moment later and calls the portal back, twice. */
function startTreasury(): Promise<Server> {
  const server = createServer(async (request, response) => {
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error: "token" });
    if (request.method === "POST" && request.url === "/payment-orders") {
      received.posts += 1;
      const body = JSON.parse(await readBody(request)) as { reference: string; amount: string };
      if (orders.has(body.reference)) return json(409, orders.get(body.reference));
      const order = { id: `TR-${orders.size + 1}`, reference: body.reference, amount: body.amount, status: "accepted" };
      orders.set(order.reference, order);
      json(201, order);
      setTimeout(async () => {
        Object.assign(order, { status: "executed", executedAt: new Date().toISOString() });
        for (let i = 0; i < 2; i += 1) {
          const answer = await fetch(`${portal.url}/finance/treasury-callback`, {
            method: "POST",
            headers: { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` },
            body: JSON.stringify(order),
          });
          received.callbacks.push(answer.status);
        }
      }, 300);
      return;
    }
    const match = /^\/payment-orders\/(.+)$/.exec(request.url ?? "");
    if (request.method === "GET" && match) {
      const order = orders.get(decodeURIComponent(match[1]!));
      return order ? json(200, order) : json(404, { error: "unknown" });
    }
    json(404, { error: "route" });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  treasury = await startTreasury();
  const port = (treasury.address() as AddressInfo).port;
  [portal, browser] = await Promise.all([
    startPortal({ TREASURY_URL: `http://127.0.0.1:${port}`, TREASURY_TOKEN: TOKEN }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  await new Promise((resolve) => treasury?.close(resolve));
});

async function signedIn(email: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  pages.push(page);
  await signIn(page, portal.url, email, PASSWORD);
  // Work in English: the choice is saved on the account. On a phone the language buttons are in the menu.
  if (!(await page.getByRole("button", { name: "English" }).isVisible())) await page.locator("details.site-menu > summary").click();
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "English" }).click()]);
  await page.waitForFunction(() => document.documentElement.lang === "en");
  return page;
}

async function click(scope: Page | Locator, name: string | RegExp) {
  await scope.getByRole("button", { name }).click();
}

/** Clicks a submit button and waits until the server has answered the POST (and so committed it). */
async function submit(page: Page, name: string | RegExp) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), click(page, name)]);
}

describe("a grant from agreement to reconciled payment", () => {
  it("runs the whole cycle in the browser", async () => {
    onTestFailed(async () => {
      for (const [i, page] of pages.entries()) await screenshot(page, `grants-failure-${i}`).catch(() => undefined);
    });
    // The officer opens the agreement drawn from the award, and its PDF.
    const officer = await signedIn("officer@karakol.kg");
    await officer.goto(`${portal.url}/agreements`);
    await officer.getByRole("link", { name: "AGR-SZ-2026-K1-G1" }).click();
    await officer.getByRole("heading", { level: 1, name: /AGR-SZ-2026-K1-G1/ }).waitFor();
    const agreementUrl = officer.url();
    const pdf = await officer.request.get(`${agreementUrl}/pdf`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    // The stored file is served: the same bytes every time, so anyone can check them on /verify.
    const again = await officer.request.get(`${agreementUrl}/pdf`);
    expect(Buffer.compare(await again.body(), await pdf.body())).toBe(0);
    await screenshot(officer, "grants-agreement");
    const checker = await browser.newPage({ viewport: { width: 390, height: 844 } });
    pages.push(checker);
    await checker.goto(`${portal.url}/verify`);
    await checker
      .getByLabel("The letter or agreement as a PDF file")
      .setInputFiles({ name: "agreement.pdf", mimeType: "application/pdf", buffer: await pdf.body() });
    await checker.getByRole("button", { name: "Check the file" }).click();
    await checker.getByRole("status").filter({ hasText: "grant agreement issued by the portal" }).getByRole("link").click();
    await checker.getByText("AGR-SZ-2026-K1-G1").waitFor();
    await checker.getByText("In force", { exact: true }).waitFor();
    await screenshot(checker, "grants-agreement-verified");

    // The NCO reports on milestone 3 with a photo.
    const nco = await signedIn("nco@balakai.kg", 390);
    await nco.goto(agreementUrl);
    await nco.getByRole("link", { name: "Итоговые проекты и выпуск" }).click();
    await nco.getByRole("heading", { level: 1, name: /Milestone 3/ }).waitFor();
    const milestoneUrl = nco.url();
    await nco.getByLabel("What was done").fill("Провели защиту 24 проектов, выдали сертификаты.");
    await nco.getByLabel("People reached").fill("115");
    await nco.getByLabel("Indicator 1").fill("Защищённые проекты");
    await nco.locator("#field-target-0").fill("20");
    await nco.locator("#field-achieved-0").fill("24");
    await nco.getByLabel("Материалы и печать").fill("1 000,50");
    await nco.getByLabel(/Photos and supporting documents/).setInputFiles({ name: "защита.png", mimeType: "image/png", buffer: PNG });
    await click(nco, "Submit the report");
    await nco.getByText("Report under review").first().waitFor({ timeout: 10_000 });
    await nco.getByRole("link", { name: "защита.png" }).waitFor({ timeout: 10_000 });
    await screenshot(nco, "grants-report-390");

    // The officer asks for changes; the NCO answers and sends the report again; the officer accepts.
    await officer.goto(milestoneUrl);
    await officer.getByLabel("Request changes").check();
    await officer.getByLabel(/Comment for the organization/).fill("Добавьте, пожалуйста, список выпускников.");
    await click(officer, "Record the decision");
    await officer.getByText("Changes requested").first().waitFor({ timeout: 10_000 });

    await nco.goto(milestoneUrl);
    await nco.getByLabel("Your comment or answer").fill("Список выпускников приложен к отчёту.");
    await click(nco, "Send the comment");
    await nco.getByText("Список выпускников приложен к отчёту.").waitFor();
    await nco.getByLabel("What was done").fill("Провели защиту 24 проектов, выдали сертификаты. Список выпускников приложен.");
    await nco.getByLabel("People reached").fill("115");
    await nco.getByLabel("Материалы и печать").fill("1 000,50");
    // The officer's comment is on the page before and after, so wait for the server's answer itself.
    await submit(nco, "Submit the report");
    await nco.getByText("Report under review").first().waitFor({ timeout: 10_000 });

    await officer.goto(milestoneUrl);
    await officer.getByLabel(/^Accept/).check();
    await click(officer, "Record the decision");
    await officer.getByText(/Tranche 3: .* — Payable/).waitFor({ timeout: 10_000 });
    await screenshot(officer, "grants-milestone-accepted");

    // The finance officer sends the payment order; the treasury executes it and calls back twice.
    const finance = await signedIn("finance@karakol.kg");
    await finance.goto(`${portal.url}/finance/payments`);
    const card = finance.getByRole("listitem").filter({ hasText: "AGR-SZ-2026-K1-G1" }).filter({ hasText: "Tranche 3" });
    await Promise.all([finance.waitForURL(/done=created/), click(card, "Send a payment order to the treasury")]);
    const reference = new URL(finance.url()).searchParams.get("reference")!;
    expect(reference).toMatch(/^PO-\d{6}-[0-9A-F]{6}$/);
    const row = finance.getByRole("row").filter({ hasText: reference });
    for (let i = 0; i < 40 && !(await row.textContent())?.includes("Executed"); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await finance.reload();
    }
    expect(await row.textContent()).toContain("Executed");
    // The order may show as executed from the first callback (or a status poll) while the duplicate is still on its way.
    for (let i = 0; i < 40 && received.callbacks.length < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(received.posts).toBe(1);
    expect(received.callbacks).toEqual([200, 200]);
    await screenshot(finance, "grants-payments");

    const db = createPrismaClient(portal.databaseUrl);
    const ledger = await db.ledgerEntry.findMany({ where: { kind: "DISBURSEMENT", paymentOrder: { reference } } });
    expect(ledger.map((e) => e.amount)).toEqual([10_000_00n]);
    await db.$disconnect();

    // The statement: the payment matches; an unknown line is resolved with a note.
    await finance.goto(`${portal.url}/finance/statements`);
    const today = calendarDateOf(new Date()).split("-").reverse().join(".");
    const csv = `Дата;Номер документа;Сумма;Получатель\n${today};${reference};"10 000,00";ОО «Балакай»\n${today};PO-000000-FFFFFF;"777,00";Неизвестный\n`;
    await finance
      .getByLabel(/Statement file/)
      .setInputFiles({ name: "выписка.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await Promise.all([
      finance.waitForURL(/\/finance\/statements\/.+/),
      finance.getByRole("button", { name: "Upload and reconcile" }).click(),
    ]);
    await finance.getByText("1 matched, 0 with a different amount, 1 unmatched, 0 resolved.").waitFor({ timeout: 10_000 });
    await finance.getByLabel("What was done").fill("Не наш платёж, банк уведомлён.");
    await click(finance, "Resolve");
    await finance.getByText("1 matched, 0 with a different amount, 0 unmatched, 1 resolved.").waitFor({ timeout: 10_000 });
    await screenshot(finance, "grants-statement");

    // The dashboard with its charts, and the exports opened.
    // The demo's appropriations are for 2026: chosen in the URL, so the test reads the same year after New Year.
    await finance.goto(`${portal.url}/finance?year=2026`);
    await finance
      .getByRole("img", { name: /Budget use per programme/ })
      .first()
      .waitFor({ timeout: 10_000 });
    await finance.getByRole("img", { name: /Disbursements per month/ }).waitFor({ timeout: 10_000 });
    await screenshot(finance, "grants-finance-dashboard");
    const [csvDownload] = await Promise.all([finance.waitForEvent("download"), finance.getByRole("link", { name: "CSV" }).first().click()]);
    const exported = readFileSync((await csvDownload.path())!, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(exported[0]).toBe("Appropriations — Fiscal year 2026 · All programmes");
    expect(exported[1]).toBe(
      'Programme,Year,"Amount, KGS","Allocated, KGS","Committed, KGS","Free after commitments, KGS","Disbursed, KGS","Returned, KGS","Remaining, KGS"',
    );
    expect(exported[2]).toContain(",2026,400000.00,");
    expect(exported[2]).toContain(",30000.00,"); // 20 000 paid in the demo + 10 000 now
    const [xlsxDownload] = await Promise.all([
      finance.waitForEvent("download"),
      finance.getByRole("link", { name: "Excel (XLSX)" }).first().click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsxDownload.path())!);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(2).getCell(7).value).toBe("Disbursed, KGS");
    expect(sheet.getRow(3).getCell(7).value).toBe(30000);

    // The public project page shows the paid tranche.
    const visitor = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await visitor.goto(`${portal.url}/projects`);
    await visitor.getByRole("link", { name: /IT-кружки/ }).click();
    await visitor.getByRole("heading", { level: 2, name: "Tranches paid" }).waitFor();
    expect((await visitor.getByRole("row").filter({ hasText: "10" }).allTextContents()).length).toBeGreaterThan(0);
    await screenshot(visitor, "grants-project-390");
    const summary = await visitor.request.get(`${visitor.url()}/summary?lang=ru`);
    expect((await summary.body()).subarray(0, 5).toString()).toBe("%PDF-");
  });
});
