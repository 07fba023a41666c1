// An NCO drafts a proposal with JavaScript disabled, uploads a document,
// submits, reads and downloads the receipt; a submission after the deadline is
// refused. Then, with JavaScript on, a section checks and saves itself.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../app/utils/db.server";
import { samplePdf } from "../factories-organizations";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const ky = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../public/locales/ky/proposals.json"), "utf8"));

let portal: Portal;
let browser: Browser;
let db: Db;
let callId: string;
const files = mkdtempSync(path.join(tmpdir(), "proposals-e2e-"));

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  db = createPrismaClient(portal.databaseUrl);
  // A call of our own (the demo's open call already holds the demo NCO's draft, and this test moves the deadline).
  const appropriation = await db.appropriation.findFirstOrThrow({ select: { id: true, programme: { select: { municipalityId: true } } } });
  const call = await db.call.create({
    data: {
      municipalityId: appropriation.programme.municipalityId,
      appropriationId: appropriation.id,
      reference: "SZ-E2E-01",
      status: "PUBLISHED",
      titleKy: "Кары адамдарга үйдөн жардам",
      titleRu: "Помощь пожилым на дому",
      titleEn: "Home care for older people",
      requiredDocuments: ["CHARTER"],
      envelope: 10_000_000n,
      minGrant: 1_000_000n,
      maxGrant: 5_000_000n,
      maxProposalsPerOrganization: 2,
      publishedAt: new Date(Date.now() - 86_400_000),
      submissionDeadline: new Date(Date.now() + 7 * 86_400_000),
    },
  });
  callId = call.id;
});

afterAll(async () => {
  await db?.$disconnect();
  await browser?.close();
  await portal?.stop();
});

async function lookAt(page: Page, name: string) {
  await screenshot(page, `proposals-${name}`);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `proposals-${name}-390`);
  await page.setViewportSize(size);
}

/** Presses a button that posts the form and waits for the page that answers. */
async function press(page: Page, name: string) {
  await Promise.all([page.waitForLoadState("load"), page.waitForNavigation(), page.getByRole("button", { name, exact: true }).click()]);
}

const textbox = (page: Page, name: string) => page.getByRole("textbox", { name, exact: true });

describe("an NCO without JavaScript", () => {
  let context: BrowserContext;
  let page: Page;
  let proposalUrl: string;

  beforeAll(async () => {
    context = await browser.newContext({
      javaScriptEnabled: false,
      locale: "ky",
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    await signIn(page, portal.url, "nco@balakai.kg", "Karakol-2026");
  });

  afterAll(async () => context?.close());

  it("drafts every section, with a typing mistake caught and nothing lost", async () => {
    await page.goto(`${portal.url}/calls/${callId}/proposals/new`);
    await lookAt(page, "start");
    await press(page, ky.start.button);
    expect(page.url()).toMatch(/\/proposals\/[^/]+\/summary$/);
    proposalUrl = page.url().replace(/\/summary$/, "");

    await textbox(page, ky.fields.title).fill("Карылар үчүн үйдөгү жардам кызматы");
    await textbox(page, ky.fields.summary).fill("Жалгыз жашаган 40 карыяга жумасына эки жолу социалдык кызматкер келет.");
    await page.getByLabel(ky.fields.language).selectOption("ky");
    await press(page, ky.actions.saveAndNext);
    expect(page.url()).toBe(`${proposalUrl}/problem`);
    await textbox(page, ky.fields.problem).fill(
      "Караколдо 600дөн ашык карыя жалгыз жашайт; алардын көбү дүкөнгө, дарыканага өзү бара албайт.",
    );
    await press(page, ky.actions.saveAndNext);
    await textbox(page, ky.fields.targetGroup).fill("Жалгыз жашаган, 70 жаштан ашкан карылар");
    await textbox(page, ky.fields.beneficiaries).fill("40");
    await press(page, ky.actions.saveAndNext);
    await textbox(page, ky.fields.objectives).fill("Ар бир карыяга жумасына эки жолу жардам.");
    await press(page, ky.actions.saveAndNext);

    await textbox(page, ky.fields.activities).fill("Социалдык кызматкерлерди тандоо жана окутуу, үйгө баруулар.");
    await page.locator('[name="milestones.0.title"]').fill("Кызматкерлер окутулду");
    await page.locator('[name="milestones.0.startsOn"]').fill("2027-02-01");
    await page.locator('[name="milestones.0.dueOn"]').fill("2027-01-15");
    await press(page, ky.actions.save);
    // Saved as typed (issue 11 item 2), with the error marked on the field after the reload.
    expect(page.url()).toBe(`${proposalUrl}/work-plan?done=saved`);
    expect(await page.getByText(ky.validation.dueBeforeStart).isVisible()).toBe(true);
    expect(await page.locator('[name="milestones.0.dueOn"]').getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator('[name="milestones.0.title"]').inputValue()).toBe("Кызматкерлер окутулду");
    expect(await textbox(page, ky.fields.activities).inputValue()).toContain("Социалдык кызматкерлерди");
    await lookAt(page, "work-plan-error");
    await page.locator('[name="milestones.0.dueOn"]').fill("2027-04-30");
    await press(page, ky.actions.saveAndNext);

    expect(page.url()).toBe(`${proposalUrl}/budget`);
    await page.locator('[name="lines.0.category"]').selectOption("STAFF");
    await page.locator('[name="lines.0.description"]').fill("Социалдык кызматкерлер (2)");
    await page.locator('[name="lines.0.unit"]').fill("ай");
    await page.locator('[name="lines.0.quantity"]').fill("12");
    await page.locator('[name="lines.0.unitCost"]').fill("2\u00a0500,50");
    await page.locator('[name="lines.0.cofinancing"]').fill("1 000");
    await page.locator('[name="lines.1.category"]').selectOption("TRAVEL");
    await page.locator('[name="lines.1.description"]').fill("Жол кире");
    await page.locator('[name="lines.1.unit"]').fill("ай");
    await page.locator('[name="lines.1.quantity"]').fill("12");
    await page.locator('[name="lines.1.unitCost"]').fill("400.25");
    await press(page, ky.actions.save);
    // Totals computed on the server: 12 x 2 500,50 - 1 000 + 12 x 400,25 = 33 809,00 som requested.
    expect(await page.getByText("33 809,00 сом").first().isVisible()).toBe(true);
    await lookAt(page, "budget");

    await page.goto(`${proposalUrl}/team`);
    await textbox(page, ky.fields.team).fill("Жетекчи — Мамбетова Жылдыз; эки социалдык кызматкер.");
    await press(page, ky.actions.saveAndNext);
    expect(page.url()).toBe(`${proposalUrl}/documents`);
  });

  it("uploads the charter through the files module", async () => {
    const pdf = path.join(files, "устав.pdf");
    writeFileSync(pdf, samplePdf("Charter"));
    await page.getByLabel(ky.documents.kind).selectOption("CHARTER");
    await page.locator('input[type="file"][name="file"]').setInputFiles(pdf);
    await press(page, ky.documents.uploadButton);
    expect(page.url()).toBe(`${proposalUrl}/documents?done=uploaded`);
    expect(await page.getByRole("link", { name: "устав.pdf" }).count()).toBeGreaterThan(0);
    await lookAt(page, "documents");
  });

  it("submits and gets a receipt with the number, the server time and the content's SHA-256, also as a PDF", async () => {
    await page.goto(proposalUrl);
    await lookAt(page, "overview");
    await press(page, ky.actions.submit);
    expect(page.url()).toMatch(/\/receipts\/1$/);
    const version = await db.proposalVersion.findFirstOrThrow({ where: { proposal: { callId } }, orderBy: { submittedAt: "desc" } });
    expect(await page.getByText(version.receiptNumber).first().isVisible()).toBe(true);
    // Plain-language confirmation first; the fingerprint is folded away until asked for.
    expect(await page.getByText(ky.receipt.next.title).isVisible()).toBe(true);
    expect(await page.getByText(version.contentSha256).isVisible()).toBe(false);
    await page.getByText(ky.receipt.proof).click();
    expect(await page.getByText(version.contentSha256).isVisible()).toBe(true);
    expect(await page.getByText("(Asia/Bishkek, UTC+6)").isVisible()).toBe(true);
    await lookAt(page, "receipt");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: ky.receipt.download }).click()]);
    const file = path.join(files, "receipt.pdf");
    await download.saveAs(file);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain(ky.receipt.title);
    expect(text).toContain(version.receiptNumber);
    expect(text).toContain(version.contentSha256);
    expect(text).toContain("33 809,00 сом");
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", file, path.join(path.dirname(file), "receipt")]);
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "80",
      "-f",
      "1",
      "-l",
      "1",
      file,
      path.join(import.meta.dirname, "screenshots", "proposals-receipt-pdf"),
    ]);
    // The QR code's link is printed beside it: the receipt's page at PUBLIC_URL.
    expect(text.replace(/\s+/g, "")).toContain(`/proposals/${version.proposalId}/receipts/1`);
  });

  it("is refused after the deadline, and the refusal is recorded", async () => {
    await page.goto(proposalUrl);
    // The page still offers a new version; the deadline passes before the person presses the button.
    await db.call.update({ where: { id: callId }, data: { submissionDeadline: new Date(Date.now() - 1000) } });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().startsWith(proposalUrl)),
      page.getByRole("button", { name: ky.actions.resubmit }).click(),
    ]);
    expect(response.status()).toBe(409);
    await page.waitForLoadState();
    expect(await page.getByText(ky.errors.late.split("(")[0].trim()).isVisible()).toBe(true);
    await lookAt(page, "late");
    const proposalId = proposalUrl.split("/").pop()!;
    expect(await db.auditEvent.count({ where: { entityId: proposalId, action: "proposal.submission.rejected" } })).toBe(1);
    expect(await db.proposalVersion.count({ where: { proposalId } })).toBe(1);
  });
});

describe("with JavaScript", () => {
  it("checks a field as it is typed and saves the section by itself", async () => {
    const context = await browser.newContext({ locale: "ky", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, portal.url, "nco@balakai.kg", "Karakol-2026");
    await db.call.update({ where: { id: callId }, data: { submissionDeadline: new Date(Date.now() + 86_400_000) } });
    await page.goto(`${portal.url}/calls/${callId}/proposals/new`);
    await Promise.all([page.waitForURL(/\/summary$/), page.getByRole("button", { name: ky.start.button }).click()]);
    const proposalId = page.url().split("/").slice(-2)[0]!;
    await page.goto(`${portal.url}/proposals/${proposalId}/target-group`);
    await textbox(page, ky.fields.beneficiaries).fill("12,5");
    await textbox(page, ky.fields.targetGroup).click();
    await page.getByText(ky.validation.wholeNumber).waitFor();
    await textbox(page, ky.fields.beneficiaries).fill("85");
    await textbox(page, ky.fields.targetGroup).fill("Көзү начар көргөн карылар");
    // The status line under the form says when the draft was saved ("Долбоор 14:05 сакталды.").
    const [before, after] = ky.autosave.saved.split("{{time}}") as [string, string];
    await page
      .locator(".autosave", { hasText: new RegExp(`${before.trim()} \\d{2}:\\d{2} ${after.trim().replace(".", "\\.")}`) })
      .waitFor({ timeout: 15_000 });
    await screenshot(page, "proposals-autosave-390");
    const row = await db.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    expect(row).toMatchObject({ beneficiaries: 85, targetGroup: "Көзү начар көргөн карылар" });
    await context.close();
  });
});
