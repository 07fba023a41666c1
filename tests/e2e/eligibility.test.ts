// Eligibility before starting (decision 0074) in the browser: a signed-in NCO
// sees its organization's checks on the call page with the failing one
// marked, a REFUSE call refuses to start a draft, a WARN call starts it and
// the draft page warns. One look at 390 px.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../app/utils/db.server";
import { launchBrowser, screenshot, SCREENSHOT_DIR, signIn, startPortal, type Portal } from "./support";

const ru = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../public/locales/ru/calls.json"), "utf8"));
const ruProposals = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../public/locales/ru/proposals.json"), "utf8"));

let portal: Portal;
let browser: Browser;
let db: Db;
const calls: Record<"REFUSE" | "WARN", string> = { REFUSE: "", WARN: "" };

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  db = createPrismaClient(portal.databaseUrl);
  const appropriation = await db.appropriation.findFirstOrThrow({ select: { id: true, programme: { select: { municipalityId: true } } } });
  for (const enforcement of ["REFUSE", "WARN"] as const) {
    const call = await db.call.create({
      data: {
        municipalityId: appropriation.programme.municipalityId,
        appropriationId: appropriation.id,
        reference: `SZ-E2E-ELIG-${enforcement}`,
        status: "PUBLISHED",
        titleKy: "Карылар үчүн кызматтар",
        titleRu: `Услуги для пожилых (${enforcement})`,
        titleEn: "Services for the elderly",
        envelope: 10_000_000n,
        minGrant: 1_000_000n,
        maxGrant: 5_000_000n,
        maxProposalsPerOrganization: 5,
        // Balakai (the demo NCO) is a public union: a foundations-only call fails its legal form.
        eligibleLegalForms: ["PUBLIC_FOUNDATION"],
        eligibilityEnforcement: enforcement,
        publishAt: new Date(Date.now() - 86_400_000),
        publishedAt: new Date(Date.now() - 86_400_000),
        submissionDeadline: new Date(Date.now() + 7 * 86_400_000),
      },
    });
    calls[enforcement] = call.id;
  }
});

afterAll(async () => {
  await db?.$disconnect();
  await browser?.close();
  await portal?.stop();
});

describe("eligibility before starting", () => {
  it("shows the failing check, refuses the REFUSE call's draft and lets the WARN call's start with a warning", async () => {
    const context = await browser.newContext({ locale: "ru", viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    await signIn(page, portal.url, "staff@balakai.kg", "Karakol-2026");
    await page.goto(`${portal.url}/calls/${calls.REFUSE}`);

    const panel = page.getByRole("region", { name: ru.eligibility.title });
    expect(await panel.getByText(ru.eligibility.refused).isVisible()).toBe(true);
    const failed = panel.locator("li.check-failed");
    expect(await failed.count()).toBe(1);
    expect(await failed.first().textContent()).toContain("Общественный фонд");
    expect(await panel.locator("li.check-ok").count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByText(ru.page.enforcementValue.REFUSE).isVisible()).toBe(true);
    // None of the member's organizations may apply: the page offers no start.
    expect(await page.getByRole("link", { name: ruProposals.start.title }).count()).toBe(0);
    await screenshot(page, "eligibility-refuse-390");
    await panel.screenshot({ path: path.join(SCREENSHOT_DIR, "eligibility-panel-390.png") });

    await page.goto(`${portal.url}/calls/${calls.REFUSE}/proposals/new`);
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: ruProposals.start.button }).first().click()]);
    const alert = page.getByRole("alert");
    await alert.first().waitFor();
    expect(await alert.first().textContent()).toContain(ru.eligibility.name.legalForm);
    expect(page.url()).toMatch(/\/proposals\/new$/);
    const organization = await db.organization.findFirstOrThrow({ where: { email: "nco@balakai.kg" }, select: { id: true } });
    expect(await db.proposal.count({ where: { callId: calls.REFUSE, organizationId: organization.id } })).toBe(0);

    await page.goto(`${portal.url}/calls/${calls.WARN}`);
    expect(await page.getByText(ru.eligibility.warned).isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: ruProposals.start.title }).count()).toBe(1);
    await page.goto(`${portal.url}/calls/${calls.WARN}/proposals/new`);
    await Promise.all([page.waitForURL(/\/summary$/), page.getByRole("button", { name: ruProposals.start.button }).first().click()]);
    const proposalId = page.url().split("/").slice(-2)[0]!;
    await page.goto(`${portal.url}/proposals/${proposalId}`);
    expect(await page.getByText(ru.eligibility.name.legalForm, { exact: false }).first().isVisible()).toBe(true);
    await context.close();
  });
});
