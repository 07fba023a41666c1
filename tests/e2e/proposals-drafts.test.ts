// Drafting with JavaScript on (and off where the NCO's forms differ): what a
// person types is never lost (an invalid milestone, an expired session), the
// budget form checks and totals as it is typed.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../app/utils/db.server";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const ky = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../public/locales/ky/proposals.json"), "utf8"));

let portal: Portal;
let browser: Browser;
let db: Db;
let callId: string;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  db = createPrismaClient(portal.databaseUrl);
  const appropriation = await db.appropriation.findFirstOrThrow({ select: { id: true, programme: { select: { municipalityId: true } } } });
  const call = await db.call.create({
    data: {
      municipalityId: appropriation.programme.municipalityId,
      appropriationId: appropriation.id,
      reference: "SZ-E2E-DRAFTS",
      status: "PUBLISHED",
      titleKy: "Жаштар үчүн спорт",
      titleRu: "Спорт для молодёжи",
      titleEn: "Sport for young people",
      envelope: 10_000_000n,
      minGrant: 1_000_000n,
      maxGrant: 5_000_000n,
      maxProposalsPerOrganization: 10,
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

async function newContext(javaScriptEnabled: boolean, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled, locale: "ky", viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signIn(page, portal.url, "nco@balakai.kg", "Karakol-2026");
  return { context, page };
}

/** A fresh draft in our call; returns its id. */
async function startDraft(page: Page) {
  await page.goto(`${portal.url}/calls/${callId}/proposals/new`);
  await Promise.all([page.waitForURL(/\/summary$/), page.getByRole("button", { name: ky.start.button }).click()]);
  return page.url().split("/").slice(-2)[0]!;
}

async function lookAt(page: Page, name: string) {
  await screenshot(page, `proposals-${name}`);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `proposals-${name}-390`);
  await page.setViewportSize(size);
}

describe("budget with JavaScript", () => {
  it("takes a chosen category and moves on with Save and continue", async () => {
    const { context, page } = await newContext(true);
    const proposalId = await startDraft(page);
    await page.goto(`${portal.url}/proposals/${proposalId}/budget`);
    await page.locator('[name="lines.0.category"]').selectOption("STAFF");
    await page.locator('[name="lines.0.description"]').fill("Машыктыруучу");
    await page.locator('[name="lines.0.unit"]').fill("ай");
    await page.locator('[name="lines.0.quantity"]').fill("10");
    await page.locator('[name="lines.0.unitCost"]').fill("150 000");
    await Promise.all([page.waitForURL(/\/team$/), page.getByRole("button", { name: ky.actions.saveAndNext, exact: true }).click()]);
    const lines = await db.budgetLine.findMany({ where: { proposalId } });
    expect(lines).toMatchObject([{ category: "STAFF", quantity: 1000, unitCost: 15_000_000n, requested: 150_000_000n }]);
    await context.close();
  });
});

describe("budget totals and rows with JavaScript", () => {
  it("shows the live total with a warning above the call's maximum, derives requested again, and focuses an added line", async () => {
    const { context, page } = await newContext(true, 390);
    const proposalId = await startDraft(page);
    await page.goto(`${portal.url}/proposals/${proposalId}/budget`);
    await page.locator('[name="lines.0.category"]').selectOption("EQUIPMENT");
    await page.locator('[name="lines.0.description"]').fill("Тренажёрлор");
    await page.locator('[name="lines.0.unit"]').fill("даана");
    await page.locator('[name="lines.0.quantity"]').fill("2");
    await page.locator('[name="lines.0.unitCost"]').fill("30 000");
    // 60 000 som against a maximum of 50 000: said next to the total while typing, before any save.
    const warning = page.locator(".range-warning");
    await warning.waitFor();
    expect((await warning.textContent())!.replace(/\s/g, " ")).toContain("10 000,00");
    await page.getByRole("button", { name: ky.budget.add }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("lines.2.category");
    expect(await page.locator("[aria-live=polite]", { hasText: ky.budget.row.replace("{{n}}", "3") }).count()).toBeGreaterThan(0);
    await lookAt(page, "budget-live");
    await Promise.all([page.waitForURL(/\/budget\?done=saved$/), page.getByRole("button", { name: ky.actions.save, exact: true }).click()]);
    // The portal derived "requested"; a later price change derives it again instead of failing.
    expect(await page.locator('[name="lines.0.requested"]').inputValue()).toBe("");
    await page.locator('[name="lines.0.unitCost"]').fill("20 000");
    await Promise.all([page.waitForURL(/\/team$/), page.getByRole("button", { name: ky.actions.saveAndNext, exact: true }).click()]);
    expect(await db.budgetLine.findMany({ where: { proposalId }, select: { requested: true } })).toEqual([{ requested: 4_000_000n }]);
    await context.close();
  });
});

describe("a milestone outside the implementation period", () => {
  it("is warned about on the field, with JavaScript off too", async () => {
    const { context, page } = await newContext(false);
    const proposalId = await startDraft(page);
    await page.goto(`${portal.url}/proposals/${proposalId}/work-plan`);
    await page.locator('[name="milestones.0.title"]').fill("Узак этап");
    await page.locator('[name="milestones.0.startsOn"]').fill("2031-01-10");
    await page.locator('[name="milestones.0.dueOn"]').fill("2031-01-05");
    await Promise.all([
      page.waitForURL(/\/work-plan\?done=saved$/),
      page.getByRole("button", { name: ky.actions.save, exact: true }).click(),
    ]);
    expect(await page.locator(".field-warning").count()).toBe(2);
    expect(await page.getByText(ky.validation.dueBeforeStart).isVisible()).toBe(true);
    expect(await db.proposalMilestone.count({ where: { proposalId } })).toBe(1);
    await lookAt(page, "work-plan-warnings");
    await context.close();
  });
});

/** Ends the person's session on the server, as an expiry or a sign-out elsewhere would. */
async function expireSessions() {
  const user = await db.user.findUniqueOrThrow({ where: { email: "nco@balakai.kg" }, select: { id: true } });
  await db.session.deleteMany({ where: { userId: user.id } });
}

describe("the session ends while typing", () => {
  it("with JavaScript: autosave says so, the text stays, and after signing in it is back and saved", async () => {
    const { context, page } = await newContext(true);
    const proposalId = await startDraft(page);
    await page.goto(`${portal.url}/proposals/${proposalId}/problem`);
    await expireSessions();
    const typed = "Айылда жаштар үчүн бир да спорт аянтча жок.\n\nКышында балдар үйдөн чыкпайт.";
    await page.getByRole("textbox", { name: ky.fields.problem, exact: true }).fill(typed);
    await page.getByText(ky.sessionExpired.autosave).waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${portal.url}/proposals/${proposalId}/problem`);
    expect(await page.getByRole("textbox", { name: ky.fields.problem, exact: true }).inputValue()).toBe(typed);
    await lookAt(page, "session-expired-autosave");
    await Promise.all([page.waitForURL(/\/login\?/), page.getByRole("link", { name: ky.sessionExpired.signIn }).click()]);
    expect(await page.getByText(ky.login.sessionExpired).isVisible()).toBe(true);
    await lookAt(page, "login-session-expired");
    await page.locator('input[name="email"]').fill("nco@balakai.kg");
    await page.locator('input[name="password"]').fill("Karakol-2026");
    await Promise.all([page.waitForURL(/\/problem$/), page.locator('form[method="post"] button[type="submit"]').last().click()]);
    await page.getByText(ky.kept.restoredSaving).waitFor();
    expect(await page.getByRole("textbox", { name: ky.fields.problem, exact: true }).inputValue()).toBe(typed);
    await expect
      .poll(async () => (await db.proposal.findUniqueOrThrow({ where: { id: proposalId } })).problem, { timeout: 15_000 })
      .toBe(typed);
    await expect.poll(() => page.evaluate((key) => window.localStorage.getItem(key), `proposal-draft:${proposalId}:problem`)).toBeNull();
    await context.close();
  });

  it("without JavaScript: Save comes back with the text, and saves it once signed in again", async () => {
    const { context, page } = await newContext(false);
    const proposalId = await startDraft(page);
    await page.goto(`${portal.url}/proposals/${proposalId}/objectives`);
    const typed = "Жылына 200 өспүрүм жумасына үч жолу машыгат.";
    await page.getByRole("textbox", { name: ky.fields.objectives, exact: true }).fill(typed);
    await expireSessions();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: ky.actions.saveAndNext, exact: true }).click(),
    ]);
    expect(response.status()).toBe(401);
    await page.waitForLoadState();
    expect(page.url()).toBe(`${portal.url}/proposals/${proposalId}/objectives`);
    expect(await page.getByRole("heading", { name: ky.sessionExpired.title }).isVisible()).toBe(true);
    expect(await page.getByText(typed).isVisible()).toBe(true);
    await lookAt(page, "session-expired-save");
    // Signing in beside this page (the link opens a new tab), then the same Save again.
    const [login] = await Promise.all([
      context.waitForEvent("page"),
      page.getByRole("link", { name: ky.sessionExpired.signInNewTab }).click(),
    ]);
    await login.waitForLoadState();
    expect(await login.getByText(ky.login.sessionExpired).isVisible()).toBe(true);
    await login.locator('input[name="email"]').fill("nco@balakai.kg");
    await login.locator('input[name="password"]').fill("Karakol-2026");
    await Promise.all([login.waitForURL(/\/objectives$/), login.locator('form[method="post"] button[type="submit"]').last().click()]);
    const [again] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: ky.sessionExpired.saveAgain }).click(),
    ]);
    expect(again.status()).toBe(302);
    await page.waitForURL(/\/work-plan$/);
    expect((await db.proposal.findUniqueOrThrow({ where: { id: proposalId } })).objectives).toBe(typed);
    await context.close();
  });
});

describe("starting a proposal signed out", () => {
  it("the sign-in page says why", async () => {
    const context = await browser.newContext({ locale: "ky", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${portal.url}/calls/${callId}/proposals/new`);
    expect(page.url()).toContain("reason=startProposal");
    expect(await page.getByText(ky.login.startProposal).isVisible()).toBe(true);
    await screenshot(page, "proposals-login-start-390");
    await context.close();
  });
});
