// Issue 12: an outside expert on a call's commission (decision 0061). The officer invites an address
// without an account from the commission page; the expert opens the link from the outbox, creates the
// account (here without JavaScript, on a phone) and finds the call on /review.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../app/utils/db.server";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";
import { DAY_MS } from "~/utils/time";

const PASSWORD = "Karakol-2026";
const root = path.resolve(import.meta.dirname, "../..");
const strings = (locale: string) => JSON.parse(readFileSync(path.join(root, `public/locales/${locale}/reviews.json`), "utf8"));
// The demo officer's account is in Kyrgyz; the expert reads Russian.
const OFFICER = strings("ky");
const EXPERT = strings("ru");

let portal: Portal;
let browser: Browser;
let db: Db;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  db = createPrismaClient(portal.databaseUrl);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await db?.$disconnect();
  await portal?.stop();
});

// Shared, busy machines: argon2 and a page load can take far longer than Playwright's default.
async function newPage(locale: "ky" | "ru", options: { javaScript: boolean; width: number }) {
  const context = await browser.newContext({
    locale,
    javaScriptEnabled: options.javaScript,
    viewport: { width: options.width, height: 900 },
    extraHTTPHeaders: { "Accept-Language": locale },
  });
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  contexts.push(context);
  return context.newPage();
}

async function createCall() {
  const municipality = await db.municipality.findUniqueOrThrow({ where: { slug: "karakol" } });
  const tag = randomBytes(3).toString("hex").toUpperCase();
  const programme = await db.budgetProgramme.create({
    data: { municipalityId: municipality.id, code: `E2E-X-${tag}`, nameKy: "Е2Е", nameRu: "E2E", nameEn: "E2E" },
  });
  const appropriation = await db.appropriation.create({
    data: { programmeId: programme.id, fiscalYear: 2026, amount: 1_000_000_00n, allocated: 500_000_00n },
  });
  return db.call.create({
    data: {
      municipalityId: municipality.id,
      appropriationId: appropriation.id,
      reference: `SZ-EXP-${tag}`,
      status: "PUBLISHED",
      titleKy: "Мүмкүнчүлүгү чектелген балдар үчүн кызматтар",
      titleRu: "Услуги для детей с ограниченными возможностями",
      titleEn: "Services for children with disabilities",
      envelope: 500_000_00n,
      minGrant: 50_000_00n,
      maxGrant: 300_000_00n,
      minScore: 50,
      appealDays: 5,
      standstillDays: 10,
      publishedAt: new Date(Date.now() - 30 * DAY_MS),
      submissionDeadline: new Date(Date.now() - DAY_MS),
      criteria: {
        create: [{ position: 1, nameKy: "Актуалдуулук", nameRu: "Актуальность", nameEn: "Relevance", maxScore: 10, weight: 100 }],
      },
    },
  });
}

/** The link in the notice the outbox holds for the address (what the mail gateway would send). */
async function invitationLink(email: string) {
  const notices = await db.notification.findMany({
    where: { recipient: email, template: "commission-invitation" },
    select: { payload: true, locale: true },
  });
  expect(notices).toHaveLength(1);
  const payload = (typeof notices[0]!.payload === "string" ? JSON.parse(notices[0]!.payload) : notices[0]!.payload) as { link: string };
  return { path: new URL(payload.link).pathname, locale: notices[0]!.locale };
}

describe("an outside expert on a call's commission", () => {
  it("the officer invites an address without an account; the expert creates the account from the link and sees the call in /review", async () => {
    const call = await createCall();
    const officer = await newPage("ky", { javaScript: true, width: 1280 });
    await signIn(officer, portal.url, "officer@karakol.kg", PASSWORD);
    await officer.goto(`${portal.url}/officer/calls/${call.id}/commission`);
    await officer.getByRole("heading", { level: 1, name: OFFICER.commission.title }).waitFor();
    await officer.waitForLoadState("networkidle");

    const email = `expert.${Date.now()}@example.kg`;
    await officer.getByLabel(OFFICER.commission.email, { exact: true }).fill(email);
    await officer.getByLabel(OFFICER.commission.fullName).fill("Айгуль Сыдыкова");
    await officer.getByLabel(OFFICER.commission.affiliations).fill("02103201810123");
    await officer.getByLabel(OFFICER.commission.locale).selectOption("ru");
    await Promise.all([
      officer.waitForURL(/done=invited/),
      officer.getByRole("button", { name: OFFICER.commission.appointSubmit }).click(),
    ]);
    await officer.getByText(OFFICER.done.invited).waitFor();
    await officer.getByRole("heading", { level: 2, name: OFFICER.commission.invitations }).waitFor();
    await officer.getByText(email).waitFor();
    await officer.getByRole("button", { name: OFFICER.commission.withdrawLabel.replace("{{email}}", email) }).waitFor();
    // The form is empty again for the next person.
    expect(await officer.getByLabel(OFFICER.commission.email, { exact: true }).inputValue()).toBe("");
    await screenshot(officer, "commission-expert-invited-ky-desktop");
    await officer.setViewportSize({ width: 390, height: 844 });
    await screenshot(officer, "commission-expert-invited-ky-phone");

    // The link from the outbox, in the language the officer chose.
    const link = await invitationLink(email);
    expect(link.locale).toBe("ru");
    const expert = await newPage("ru", { javaScript: false, width: 390 });
    const opened = await expert.goto(`${portal.url}${link.path}`);
    expect(opened?.status()).toBe(200);
    await expert.getByRole("heading", { level: 1, name: EXPERT.invitation.title }).waitFor();
    expect(await expert.getByLabel(EXPERT.invitation.fullName).inputValue()).toBe("Айгуль Сыдыкова");
    await expert.getByLabel(EXPERT.invitation.fullName).fill("Айгүл Сыдыкова");
    await expert.getByLabel(EXPERT.invitation.password, { exact: true }).fill("Issyk-Kul-2026");
    await expert.getByLabel(EXPERT.invitation.confirmPassword).fill("Issyk-Kul-2026");
    await expert.locator('input[name="privacyConsent"]').check();
    await screenshot(expert, "commission-expert-invitation-ru-phone-nojs");
    await Promise.all([expert.waitForURL(`${portal.url}/review`), expert.getByRole("button", { name: EXPERT.invitation.create }).click()]);
    await expert.getByRole("link", { name: "Услуги для детей с ограниченными возможностями" }).waitFor();
    await screenshot(expert, "commission-expert-review-ru-phone");

    // An outside expert has no staff role: the officer's pages are closed to them.
    const staffPage = await expert.goto(`${portal.url}/officer/calls/${call.id}/commission`);
    expect(staffPage?.status()).toBe(403);
    // The link works once.
    const again = await expert.goto(`${portal.url}${link.path}`);
    expect(again?.status()).toBe(410);
    await expert.getByText(EXPERT.invitation.used).waitFor();

    // The officer's page now lists the expert as a member and no pending invitation.
    await officer.goto(`${portal.url}/officer/calls/${call.id}/commission`);
    await officer.locator("tbody").getByText("Айгүл Сыдыкова").waitFor();
    expect(await officer.getByRole("heading", { level: 2, name: OFFICER.commission.invitations }).count()).toBe(0);
    const seat = await db.commissionMembership.findFirstOrThrow({
      where: { callId: call.id, user: { email } },
      select: { role: true, affiliations: true, user: { select: { emailConfirmedAt: true } } },
    });
    expect(seat).toMatchObject({ role: "MEMBER", affiliations: ["02103201810123"] });
    expect(seat.user.emailConfirmedAt).not.toBeNull();
  }, 300_000);
});
