// Issue 11 items 8 and 15 in Chromium, with JavaScript on and off: the
// commission's appointment form starts empty for each new member (member 2
// was saved with member 1's TIN), removals, final scores and the published
// decision each go through a confirmation step that states the consequence.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../app/utils/db.server";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";
import { DAY_MS, startOfDay } from "~/utils/time";

const PASSWORD = "Karakol-2026";
const root = path.resolve(import.meta.dirname, "../..");
const R = JSON.parse(readFileSync(path.join(root, "public/locales/ky/reviews.json"), "utf8"));
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{\{(\w+)\}\}/g, (_, k) => String(values[k]));

let portal: Portal;
let browser: Browser;
let db: Db;
const contexts: BrowserContext[] = [];

async function signedIn(email: string, options: { javaScript: boolean; width?: number }): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript,
    viewport: { width: options.width ?? 1280, height: 900 },
    extraHTTPHeaders: { "Accept-Language": "ky" },
  });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, portal.url, email, PASSWORD);
  return page;
}

/** A call of the demo municipality; `status` IN_REVIEW with one eligible proposal when scoring is tested. */
async function createCall(status: "PUBLISHED" | "IN_REVIEW") {
  const municipality = await db.municipality.findUniqueOrThrow({ where: { slug: "karakol" } });
  const tag = randomBytes(3).toString("hex").toUpperCase();
  const programme = await db.budgetProgramme.create({
    data: { municipalityId: municipality.id, code: `E2E-${tag}`, nameKy: "Е2Е", nameRu: "E2E", nameEn: "E2E" },
  });
  const appropriation = await db.appropriation.create({
    data: { programmeId: programme.id, fiscalYear: 2026, amount: 1_000_000_00n, allocated: 500_000_00n },
  });
  return db.call.create({
    data: {
      municipalityId: municipality.id,
      appropriationId: appropriation.id,
      reference: `SZ-CONF-${tag}`,
      status,
      titleKy: "Карылар үчүн кызматтар",
      titleRu: "Услуги для пожилых",
      titleEn: "Services for older people",
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
    include: { criteria: true },
  });
}

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

const TIN = "02103201810123";

describe("appointing and removing commission members", () => {
  for (const javaScript of [true, false]) {
    it(`JS ${javaScript ? "on" : "off"}: the next member starts from an empty form; a removal is confirmed first`, async () => {
      const call = await createCall("PUBLISHED");
      const page = await signedIn("officer@karakol.kg", { javaScript, width: javaScript ? 1280 : 390 });
      const url = `${portal.url}/officer/calls/${call.id}/commission`;
      const t = R.commission;
      await page.goto(url);
      await page.getByLabel(t.email).fill("member1@karakol.kg");
      await page.getByLabel(t.affiliations).fill(TIN);
      await Promise.all([page.waitForURL(/done=appointed/), page.getByRole("button", { name: t.appointSubmit }).click()]);
      await page.locator("tbody").getByText("member1@karakol.kg").waitFor();
      // The form is empty again: nothing of member 1 is sent with member 2.
      expect(await page.getByLabel(t.email).inputValue()).toBe("");
      expect(await page.getByLabel(t.affiliations).inputValue()).toBe("");
      await page.getByLabel(t.email).fill("member2@karakol.kg");
      // The URL already says done=appointed: wait for member 2's row instead.
      await page.getByRole("button", { name: t.appointSubmit }).click();
      await page.locator("tbody").getByText("member2@karakol.kg").waitFor();
      const seats = await db.commissionMembership.findMany({
        where: { callId: call.id },
        select: { id: true, affiliations: true, user: { select: { email: true, fullName: true } } },
      });
      const affiliationsOf = (email: string) => seats.find((s) => s.user.email === email)?.affiliations;
      expect(affiliationsOf("member1@karakol.kg")).toEqual([TIN]);
      expect(affiliationsOf("member2@karakol.kg")).toEqual([]);

      // A refusal does not sit under the earlier "appointed" banner, and keeps what was typed.
      await page.getByLabel(t.email).fill("member2@karakol.kg");
      await page.getByRole("button", { name: t.appointSubmit }).click();
      await page.getByRole("alert").filter({ hasText: R.errors.alreadySeated }).waitFor();
      expect(await page.getByText(R.done.appointed).count()).toBe(0);
      expect(await page.getByLabel(t.email).inputValue()).toBe("member2@karakol.kg");
      await screenshot(page, `review-commission-refusal-js-${javaScript ? "on-1280" : "off-390"}`);

      // Removing: the button leads to a confirmation that says what goes; "keep" changes nothing.
      const member2 = seats.find((s) => s.user.email === "member2@karakol.kg")!;
      await page.goto(url);
      await Promise.all([
        page.waitForURL(/remove=/),
        page.getByRole("link", { name: fill(t.removeLabel, { name: member2.user.fullName }) }).click(),
      ]);
      const confirm = page.getByRole("region", { name: fill(t.removeConfirm.title, { name: member2.user.fullName }) });
      await confirm.getByText(t.removeConfirm.drafts).waitFor();
      await screenshot(page, `review-commission-remove-confirm-js-${javaScript ? "on-1280" : "off-390"}`);
      expect(await db.commissionMembership.count({ where: { id: member2.id } })).toBe(1);
      await Promise.all([
        page.waitForURL((u) => !u.search.includes("remove=")),
        confirm.getByRole("link", { name: t.removeConfirm.cancel }).click(),
      ]);
      expect(await db.commissionMembership.count({ where: { id: member2.id } })).toBe(1);
      await page.getByRole("link", { name: fill(t.removeLabel, { name: member2.user.fullName }) }).click();
      await Promise.all([page.waitForURL(/done=removed/), confirm.getByRole("button", { name: t.removeConfirm.submit }).click()]);
      expect(await db.commissionMembership.count({ where: { id: member2.id } })).toBe(0);
      expect(await db.commissionMembership.count({ where: { callId: call.id } })).toBe(1);
    }, 240_000);
  }
});

describe("final scores and the decision, with JavaScript off", () => {
  it("a member confirms final scores and the chair confirms the decision on server-rendered steps", async () => {
    const call = await createCall("IN_REVIEW");
    const criterion = call.criteria[0]!;
    const officer = await db.user.findUniqueOrThrow({ where: { email: "officer@karakol.kg" } });
    const tin = `0${Date.now()}`.slice(0, 14);
    const organization = await db.organization.create({
      data: {
        nameKy: "«Ак-Жол» коомдук бирикмеси",
        nameRu: "ОО «Ак-Жол»",
        nameEn: "Ak-Jol",
        legalForm: "PUBLIC_UNION",
        registrationNumber: `E2E-${tin}`,
        tin,
        registeredOn: startOfDay("2018-01-01"),
        region: "Ысык-Көл",
        address: "Каракол",
        verification: "VERIFIED",
      },
    });
    const proposal = await db.proposal.create({
      data: {
        callId: call.id,
        organizationId: organization.id,
        reference: `${call.reference}-A`,
        status: "ELIGIBLE",
        language: "ky",
        title: "Карылар үчүн күндүзгү борбор",
        summary: "Борбор.",
        problem: "Жок.",
        targetGroup: "Карылар",
        beneficiaries: 30,
        objectives: "Кам көрүү.",
        activities: "Ачуу.",
        team: "Жетекчи.",
        requestedTotal: 150_000_00n,
        submittedAt: new Date(Date.now() - 3 * DAY_MS),
        createdById: officer.id,
        budgetLines: {
          create: [
            {
              position: 1,
              category: "STAFF",
              description: "Адистер",
              unit: "ай",
              quantity: 1,
              unitCost: 150_000_00n,
              requested: 150_000_00n,
            },
          ],
        },
      },
    });
    const people = {
      chair: "chair@karakol.kg",
      member1: "member1@karakol.kg",
      member2: "member2@karakol.kg",
      member3: "member3@karakol.kg",
    };
    const seats: Record<string, string> = {};
    for (const [key, email] of Object.entries(people)) {
      const user = await db.user.findUniqueOrThrow({ where: { email } });
      const seat = await db.commissionMembership.create({
        data: { callId: call.id, userId: user.id, role: key === "chair" ? "CHAIR" : "MEMBER", appointedById: officer.id },
      });
      await db.conflictDeclaration.create({
        data: { membershipId: seat.id, organizationId: organization.id, hasConflict: false, reason: "" },
      });
      seats[key] = seat.id;
      if (key !== "member1") {
        await db.scoreSheet.create({ data: { proposalId: proposal.id, membershipId: seat.id, submittedAt: new Date() } });
        await db.score.create({
          data: { proposalId: proposal.id, membershipId: seat.id, criterionId: criterion.id, score: 8, comment: "Негиздүү." },
        });
      }
    }

    const member = await signedIn(people.member1, { javaScript: false, width: 390 });
    await member.goto(`${portal.url}/review/${call.id}/proposals/${proposal.id}`);
    await member.locator(`#field-score_${criterion.id}`).fill("7");
    await member.locator(`#field-comment_${criterion.id}`).fill("Маселе так көрсөтүлгөн.");
    await Promise.all([member.waitForURL(/confirm=submit/), member.getByRole("button", { name: R.score.submit }).click()]);
    const scoreConfirm = member.getByRole("region", { name: R.score.confirm.title });
    await scoreConfirm.getByText("7 / 10").waitFor();
    const sheet = { proposalId_membershipId: { proposalId: proposal.id, membershipId: seats.member1! } };
    expect((await db.scoreSheet.findUniqueOrThrow({ where: sheet })).submittedAt).toBeNull();
    await screenshot(member, "review-score-confirm-js-off-390");
    await Promise.all([member.waitForURL(/done=submitted/), scoreConfirm.getByRole("button", { name: R.score.confirm.submit }).click()]);
    expect((await db.scoreSheet.findUniqueOrThrow({ where: sheet })).submittedAt).not.toBeNull();

    const chair = await signedIn(people.chair, { javaScript: false, width: 390 });
    await chair.goto(`${portal.url}/review/${call.id}/board`);
    await chair.getByText(R.board.waiting.none).waitFor();
    await Promise.all([chair.waitForURL(/confirm=publish/), chair.getByRole("link", { name: R.board.publish }).click()]);
    const publish = chair.getByRole("region", { name: R.board.confirm.title });
    await publish.getByRole("row").filter({ hasText: "«Ак-Жол» коомдук бирикмеси" }).filter({ hasText: "150 000,00" }).waitFor();
    await publish.getByText(fill(R.board.confirm.notify, { n: 1 })).waitFor();
    expect((await db.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe("IN_REVIEW");
    await screenshot(chair, "review-publish-confirm-js-off-390");
    await Promise.all([chair.waitForURL(/done=published/), publish.getByRole("button", { name: R.board.confirm.submit }).click()]);
    expect((await db.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe("DECIDED");
    expect(await db.award.findMany({ where: { callId: call.id }, select: { amount: true } })).toEqual([{ amount: 150_000_00n }]);
  }, 240_000);
});
