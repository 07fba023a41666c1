// The commission's journey in Chromium: screening with one ineligible proposal,
// a commission of a chair and three members (one conflicted), blind scoring with
// a divergence settled by consensus, the ranking with a reduced offer, the
// published decision, the appeal window (time moved in the database), final
// awards and their letters, rendered to PNG and verified by upload.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../app/utils/db.server";
import { confirmPublication, declareInterests, issueLetters, openPublication, scoreProposal } from "./review-steps";
import { launchBrowser, SCREENSHOT_DIR, screenshot, signIn, startPortal, type Portal } from "./support";
import { DAY_MS, startOfDay } from "~/utils/time";

const PASSWORD = "Karakol-2026";
const SOM = 100n;
const root = path.resolve(import.meta.dirname, "../..");

type Locale = "ky" | "ru" | "en";
const strings = (ns: string, locale: Locale) => JSON.parse(readFileSync(path.join(root, "public/locales", locale, `${ns}.json`), "utf8"));
const R = { ky: strings("reviews", "ky"), ru: strings("reviews", "ru"), en: strings("reviews", "en") };
const A = { ky: strings("awards", "ky"), ru: strings("awards", "ru"), en: strings("awards", "en") };
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{\{(\w+)\}\}/g, (_, k) => String(values[k]));

// Demo accounts (prisma/seed-demo.ts) and the language each one uses.
const PEOPLE = {
  officer: { email: "officer@karakol.kg", locale: "ky" },
  chair: { email: "chair@karakol.kg", locale: "ky" },
  member1: { email: "member1@karakol.kg", locale: "ky" },
  member2: { email: "member2@karakol.kg", locale: "ru" },
  member3: { email: "member3@karakol.kg", locale: "en" },
  balakai: { email: "nco@balakai.kg", locale: "ky" },
  ayal: { email: "info@ayalzhardam.kg", locale: "ru" },
} as const;
type Person = keyof typeof PEOPLE;

let portal: Portal;
let browser: Browser;
let db: Db;
const sessions = new Map<Person, BrowserContext>();

/** A signed-in page for the person (one browser context each, reused). */
async function as(person: Person): Promise<Page> {
  let context = sessions.get(person);
  if (!context) {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, portal.url, PEOPLE[person].email, PASSWORD);
    await page.close();
    sessions.set(person, context);
  }
  return context.newPage();
}

const world = {} as {
  callId: string;
  criteria: { id: string; position: number; maxScore: number }[];
  proposals: Record<"A" | "B" | "C" | "D", { id: string; reference: string; organizationId: string }>;
  dTin: string;
  tins: Record<"A" | "B" | "C" | "D", string>;
};

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  db = createPrismaClient(portal.databaseUrl);
  // A call closed by the clock yesterday, with four submitted proposals: «Балакай» (A), «Аял жардам» (B), and two more (C, D).
  const municipality = await db.municipality.findUniqueOrThrow({ where: { slug: "karakol" } });
  const officer = await db.user.findUniqueOrThrow({ where: { email: PEOPLE.officer.email } });
  const programme = await db.budgetProgramme.create({
    data: { municipalityId: municipality.id, code: `E2E-${randomBytes(3).toString("hex")}`, nameKy: "Е2Е", nameRu: "E2E", nameEn: "E2E" },
  });
  const appropriation = await db.appropriation.create({
    data: { programmeId: programme.id, fiscalYear: 2026, amount: 1_000_000n * SOM, allocated: 320_000n * SOM },
  });
  const call = await db.call.create({
    data: {
      municipalityId: municipality.id,
      appropriationId: appropriation.id,
      reference: "SZ-E2E-01",
      status: "PUBLISHED",
      titleKy: "Майыптыгы бар балдар үчүн кызматтар",
      titleRu: "Услуги для детей с инвалидностью",
      titleEn: "Services for children with disabilities",
      envelope: 320_000n * SOM,
      minGrant: 50_000n * SOM,
      maxGrant: 200_000n * SOM,
      minScore: 50,
      appealDays: 5,
      standstillDays: 10,
      publishedAt: new Date(Date.now() - 30 * DAY_MS),
      submissionDeadline: new Date(Date.now() - DAY_MS),
      criteria: {
        create: [
          { position: 1, nameKy: "Актуалдуулук", nameRu: "Актуальность", nameEn: "Relevance", maxScore: 10, weight: 50 },
          { position: 2, nameKy: "Потенциал", nameRu: "Потенциал", nameEn: "Capacity", maxScore: 10, weight: 30 },
          { position: 3, nameKy: "Бюджет", nameRu: "Бюджет", nameEn: "Budget", maxScore: 5, weight: 20 },
        ],
      },
    },
    include: { criteria: { orderBy: { position: "asc" } } },
  });
  const organization = async (tin: string, name: string) =>
    db.organization.upsert({
      where: { tin },
      create: {
        nameKy: name,
        nameRu: name,
        nameEn: name,
        legalForm: "PUBLIC_UNION",
        registrationNumber: `E2E-${tin}`,
        tin,
        registeredOn: startOfDay("2018-01-01"),
        region: "Иссык-Кульская область",
        address: "Каракол",
        verification: "VERIFIED",
      },
      update: {},
    });
  const orgs = {
    A: await organization("02103201810123", "Балакай"),
    B: await organization("02506201510456", "Аял жардам"),
    C: await organization("01111111111101", "«Жарык» коомдук бирикмеси"),
    D: await organization("01111111111102", "«Мээрим» фонду"),
  };
  const requested = { A: 150_000n, B: 80_000n, C: 120_000n, D: 100_000n };
  world.proposals = {} as typeof world.proposals;
  for (const [key, org] of Object.entries(orgs) as [keyof typeof orgs, (typeof orgs)["A"]][]) {
    const amount = requested[key] * SOM;
    const proposal = await db.proposal.create({
      data: {
        callId: call.id,
        organizationId: org.id,
        reference: `SZ-E2E-01-${key}`,
        status: "SUBMITTED",
        language: "ru",
        title: `Проект ${key}: дневной центр`,
        summary: "Дневной центр для детей с инвалидностью.",
        problem: "В городе нет такого центра.",
        targetGroup: "Дети 7–17 лет",
        beneficiaries: 40,
        objectives: "Ежедневная забота о детях.",
        activities: "Открыть центр, обучить специалистов.",
        team: "Руководитель и два педагога.",
        requestedTotal: amount,
        submittedAt: new Date(Date.now() - (5 - Object.keys(orgs).indexOf(key)) * DAY_MS),
        createdById: officer.id,
        milestones: {
          create: [
            { position: 1, title: "Открытие центра", startsOn: startOfDay("2026-07-01"), dueOn: startOfDay("2026-09-01") },
            { position: 2, title: "Работа центра", startsOn: startOfDay("2026-09-01"), dueOn: startOfDay("2026-12-01") },
          ],
        },
        budgetLines: {
          create: [
            { position: 1, category: "STAFF", description: "Специалисты", unit: "мес", quantity: 100, unitCost: amount, requested: amount },
          ],
        },
      },
    });
    world.proposals[key] = { id: proposal.id, reference: proposal.reference, organizationId: org.id };
  }
  world.callId = call.id;
  world.criteria = call.criteria;
  world.dTin = orgs.D.tin;
  world.tins = { A: orgs.A.tin, B: orgs.B.tin, C: orgs.C.tin, D: orgs.D.tin };
});

afterAll(async () => {
  for (const context of sessions.values()) await context.close();
  await browser?.close();
  await db?.$disconnect();
  await portal?.stop();
});

describe("a call from screening to award letters", () => {
  it("the officer screens: three eligible, one ineligible with a reason in the NCO's language", async () => {
    const page = await as("officer");
    const t = R.ky.screening;
    for (const key of ["A", "C", "D", "B"] as const) {
      // A fresh page each time, so that waiting for ?done= waits for this decision.
      await page.goto(`${portal.url}/officer/calls/${world.callId}/screening`);
      const item = page.locator(`li#p-${world.proposals[key].id}`);
      await item.getByRole("radio", { name: key === "B" ? t.ineligible : t.eligible, exact: true }).check();
      if (key === "B") await item.getByLabel(t.reason).fill("В уставе организации не предусмотрено оказание социальных услуг детям.");
      await Promise.all([page.waitForURL(/done=screened/), item.getByRole("button", { name: t.record }).click()]);
    }
    await screenshot(page, "review-screening");
    const statuses = await db.proposal.findMany({ where: { callId: world.callId }, select: { reference: true, status: true } });
    expect(Object.fromEntries(statuses.map((s) => [s.reference.slice(-1), s.status]))).toEqual({
      A: "ELIGIBLE",
      B: "INELIGIBLE",
      C: "ELIGIBLE",
      D: "ELIGIBLE",
    });
    const notice = await db.notification.findFirstOrThrow({ where: { recipient: PEOPLE.ayal.email, template: "reviews.ineligible" } });
    expect(notice.locale).toBe("ru");
    await page.close();
  }, 300_000);

  it("the officer appoints a chair and three members, one affiliated with an applicant", async () => {
    const page = await as("officer");
    const t = R.ky.commission;
    const seats: [Person, "CHAIR" | "MEMBER", string][] = [
      ["chair", "CHAIR", ""],
      ["member1", "MEMBER", ""],
      ["member2", "MEMBER", ""],
      ["member3", "MEMBER", world.dTin],
    ];
    for (const [person, role, affiliation] of seats) {
      await page.goto(`${portal.url}/officer/calls/${world.callId}/commission`);
      await page.getByLabel(t.email).fill(PEOPLE[person].email);
      await page.getByLabel(t.role).selectOption(role);
      await page.getByLabel(t.affiliations).fill(affiliation);
      await Promise.all([page.waitForURL(/done=appointed/), page.getByRole("button", { name: t.appointSubmit }).click()]);
    }
    await page.getByText(t.complete).first().waitFor();
    await screenshot(page, "review-commission");
    await page.close();
  }, 300_000);

  it("each member declares before seeing proposals; the affiliated member declares a conflict", async () => {
    for (const person of ["chair", "member1", "member2", "member3"] as const) {
      const t = R[PEOPLE[person].locale];
      const page = await as(person);
      const conflicted = (key: string) => person === "member3" && key === "D";
      await declareInterests(
        page,
        t,
        `${portal.url}/review/${world.callId}`,
        (["A", "B", "C", "D"] as const).map((key) => ({
          tin: world.tins[key],
          flaggedLikely: conflicted(key),
          conflict: conflicted(key) ? "I sit on this foundation's board." : undefined,
        })),
      );
      const links = page.locator(`a[href*="/proposals/"]`);
      await links.nth(person === "member3" ? 1 : 2).waitFor();
      expect(await links.count()).toBe(person === "member3" ? 2 : 3);
      if (person === "member3") await screenshot(page, "review-member-declared");
      await page.close();
    }
    // The conflicted member's proposal answers 404.
    const page = await as("member3");
    const response = await page.goto(`${portal.url}/review/${world.callId}/proposals/${world.proposals.D.id}`);
    expect(response?.status()).toBe(404);
    await page.close();
  }, 300_000);

  it("scores are blind until submitted, and a divergence is flagged", async () => {
    // C ranks first, D second, A third; member2 scores A's relevance 2 against 9 and 9: divergent.
    const sheets: Record<Person, Partial<Record<"A" | "C" | "D", [number, number, number]>>> = {
      chair: { A: [9, 7, 4], C: [9, 9, 5], D: [8, 8, 4] },
      member1: { A: [9, 6, 4], C: [9, 9, 5], D: [8, 8, 4] },
      member2: { A: [2, 7, 4], C: [9, 8, 5], D: [8, 7, 4] },
      member3: { A: [8, 7, 4], C: [9, 9, 4] },
    } as never;
    for (const person of ["chair", "member1", "member2", "member3"] as const) {
      const t = R[PEOPLE[person].locale];
      if (person === "member3") await chairRemindsMember3();
      const page = await as(person);
      for (const [key, values] of Object.entries(sheets[person]) as ["A" | "C" | "D", [number, number, number]][]) {
        // Before submitting, nobody else's scores are on the page; "submit" shows what becomes final, the confirmation submits.
        const looked = person === "member2" && key === "A";
        await scoreProposal(page, t, `${portal.url}/review/${world.callId}/proposals/${world.proposals[key].id}`, world.criteria, values, {
          onBlind: looked ? () => screenshot(page, "review-scoring-blind") : undefined,
          onConfirm: looked ? () => screenshot(page, "review-scoring-confirm") : undefined,
        });
      }
      await page.close();
    }
    expect(await db.scoreSheet.count({ where: { proposal: { callId: world.callId }, submittedAt: { not: null } } })).toBe(11);
  }, 300_000);

  /** Before member3 scores: the chair's board names who the scoring waits for, and a reminder goes out once. */
  async function chairRemindsMember3() {
    const t = R.ky.board.waiting;
    const member3 = await db.user.findUniqueOrThrow({ where: { email: PEOPLE.member3.email } });
    const page = await as("chair");
    await page.goto(`${portal.url}/review/${world.callId}/board`);
    const waiting = page.getByRole("region", { name: t.title });
    const line = waiting.getByRole("listitem").filter({ hasText: fill(t.member, { name: member3.fullName, count: 2 }) });
    await line.waitFor();
    expect(await waiting.getByRole("listitem").count()).toBe(1);
    await Promise.all([
      page.waitForURL(/done=reminded/),
      line.getByRole("button", { name: fill(t.remindLabel, { name: member3.fullName }) }).click(),
    ]);
    await page.getByText(R.ky.done.reminded).first().waitFor();
    // Reminded: no second button for an hour, and the time of the next one is said.
    expect(await line.getByRole("button").count()).toBe(0);
    await line
      .getByText(/\d{2}:\d{2}/)
      .first()
      .waitFor();
    await screenshot(page, "review-board-waiting");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "review-board-waiting-390");
    const notices = await db.notification.findMany({ where: { recipient: PEOPLE.member3.email, template: "reviews.scoringReminder" } });
    expect(notices.map((n) => n.locale)).toEqual([member3.locale]);
    await page.close();
  }

  it("the chair records a consensus, offers the third-ranked a reduced amount, the NCO accepts, and the decision is published", async () => {
    const t = R.ky;
    const page = await as("chair");
    await page.goto(`${portal.url}/review/${world.callId}/board`);
    await page
      .getByText(fill(t.board.divergence, { n: 1 }))
      .first()
      .waitFor();
    await screenshot(page, "review-board-divergence");

    await page.goto(`${portal.url}/review/${world.callId}/proposals/${world.proposals.A.id}`);
    const form = page.getByRole("form", { name: fill(t.consensus.formFor, { criterion: "Актуалдуулук" }) });
    await form.getByLabel(fill(t.consensus.score, { max: 10 })).fill("8");
    await form.getByLabel(t.consensus.rationale).fill("Комиссия обсудила: проблема подтверждена данными соцзащиты.");
    await Promise.all([page.waitForURL(/done=consensus/), form.getByRole("button", { name: t.consensus.record }).click()]);
    await screenshot(page, "review-consensus");

    // A (150 000) no longer fits after C and D: the chair offers the 100 000 left.
    await page.goto(`${portal.url}/review/${world.callId}/board`);
    const row = page.locator("tr").filter({ hasText: world.proposals.A.reference });
    await row.getByText(t.board.outcome.doesNotFit).first().waitFor();
    await row.getByLabel(t.board.offerAmount).fill("100 000");
    await Promise.all([page.waitForURL(/done=offered/), row.getByRole("button", { name: t.board.offerSubmit }).click()]);

    const nco = await as("balakai");
    const award = await db.award.findFirstOrThrow({ where: { proposalId: world.proposals.A.id } });
    await nco.goto(`${portal.url}/awards/${award.id}`);
    await nco.getByRole("radio", { name: A.ky.offer.accept, exact: true }).check();
    await nco.getByLabel(A.ky.offer.revisedTotal).fill("100 000");
    await Promise.all([nco.waitForURL(/done=offerAccepted/), nco.getByRole("button", { name: A.ky.offer.send }).click()]);
    await screenshot(nco, "review-offer-accepted");
    await nco.close();

    // The consequence is stated: notices, the standstill, every award and its amount, the total.
    const confirm = await openPublication(page, t, `${portal.url}/review/${world.callId}/board`, 3);
    for (const [name, amount] of [
      ["«Жарык» коомдук бирикмеси", "120 000,00"],
      ["«Мээрим» фонду", "100 000,00"],
      ["Балакай", "100 000,00"],
    ]) {
      await confirm.getByRole("row").filter({ hasText: name }).filter({ hasText: amount }).waitFor();
    }
    await confirm.getByRole("row").filter({ hasText: t.board.confirm.total }).filter({ hasText: "320 000,00" }).waitFor();
    expect((await db.call.findUniqueOrThrow({ where: { id: world.callId } })).status).toBe("IN_REVIEW");
    await screenshot(page, "review-board-confirm-publish");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "review-board-confirm-publish-390");
    await confirmPublication(page, t);
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "review-board-published");
    const call = await db.call.findUniqueOrThrow({ where: { id: world.callId } });
    expect(call.status).toBe("DECIDED");
    const awards = await db.award.findMany({
      where: { callId: world.callId },
      orderBy: { rank: "asc" },
      select: { proposalId: true, amount: true, status: true },
    });
    expect(awards.map((a) => [a.proposalId, a.amount, a.status])).toEqual([
      [world.proposals.C.id, 120_000n * SOM, "PROPOSED"],
      [world.proposals.D.id, 100_000n * SOM, "PROPOSED"],
      [world.proposals.A.id, 100_000n * SOM, "PROPOSED"],
    ]);
    await page.close();
  }, 300_000);

  it("the appeal windows close by the clock (dates moved in the database)", async () => {
    const nco = await as("balakai");
    await nco.goto(`${portal.url}/awards`);
    const awarded = nco.locator("li.item").filter({ hasText: world.proposals.A.reference });
    await awarded.getByText(A.ky.own.appeal.DECISION).first().waitFor();
    await screenshot(nco, "review-nco-standstill");
    const ayal = await as("ayal");
    await ayal.goto(`${portal.url}/awards`);
    const refused = ayal.locator("li.item").filter({ hasText: world.proposals.B.reference });
    await refused.getByText(A.ru.own.appeal.ELIGIBILITY).first().waitFor();

    // Six days after screening and eleven after publication: both windows are over.
    await db.eligibilityDecision.updateMany({
      where: { proposal: { callId: world.callId } },
      data: { decidedAt: new Date(Date.now() - 6 * DAY_MS) },
    });
    await db.call.update({
      where: { id: world.callId },
      data: { decisionPublishedAt: new Date(Date.now() - 11 * DAY_MS), standstillEndsAt: new Date(Date.now() - DAY_MS) },
    });
    await nco.reload();
    expect(await awarded.getByText(A.ky.own.appeal.DECISION).count()).toBe(0);
    await ayal.reload();
    expect(await refused.getByText(A.ru.own.appeal.ELIGIBILITY).count()).toBe(0);
    await Promise.all([nco.close(), ayal.close()]);
  }, 300_000);

  it("the officer issues the letters: the awards become final, the budget is committed, the progress page follows", async () => {
    const page = await as("officer");
    await issueLetters(page, A.ky, `${portal.url}/awards/letters/${world.callId}`, 3);
    await screenshot(page, "review-letters-issued");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "review-letters-issued-390");
    const call = await db.call.findUniqueOrThrow({ where: { id: world.callId } });
    expect(call.committed).toBe(320_000n * SOM);
    expect(await db.award.count({ where: { callId: world.callId, status: "FINAL" } })).toBe(3);
    expect(await db.ledgerEntry.count({ where: { callId: world.callId, kind: "COMMITMENT" } })).toBe(3);
    // Each award's letter in Kyrgyz (binding) and its Russian parallel text (decision 0080).
    expect(await db.awardLetter.count({ where: { award: { callId: world.callId }, revokedAt: null } })).toBe(6);
    await page.close();
  }, 300_000);

  it("a letter renders to PNG, reads in Kyrgyz with its number and amount, and verifies by upload", async () => {
    const page = await as("officer");
    const award = await db.award.findFirstOrThrow({ where: { proposalId: world.proposals.A.id }, include: { letters: true } });
    const letter = award.letters.find((l) => l.textRole === "BINDING")!;
    const response = await page.request.get(`${portal.url}/awards/${award.id}/letter.pdf`);
    expect(response.status()).toBe(200);
    const pdf = await response.body();
    const dir = path.join(SCREENSHOT_DIR, "letters");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "review-letter.pdf");
    writeFileSync(file, pdf);
    execFileSync("pdftoppm", ["-png", "-r", "80", "-singlefile", file, path.join(dir, "review-letter")]);
    expect(statSync(path.join(dir, "review-letter.png")).size).toBeGreaterThan(20_000);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain(award.reference);
    expect(text).toContain("100 000,00 сом");
    expect(text).toContain("Жүз миң сом 00 тыйын");
    expect(text).toContain("Грант ыйгаруу жөнүндө кат");

    const visitor = await browser.newPage({ extraHTTPHeaders: { "Accept-Language": "ky" }, viewport: { width: 390, height: 844 } });
    await visitor.goto(`${portal.url}/verify/${letter.verificationCode}`);
    await visitor.getByLabel(A.ky.verify.uploadLabel).setInputFiles(file);
    await Promise.all([visitor.waitForLoadState("networkidle"), visitor.getByRole("button", { name: A.ky.verify.uploadSubmit }).click()]);
    const verdict = visitor.getByRole("status").filter({ hasText: A.ky.verify.match.file.file });
    await verdict.waitFor();
    // The answer is at the top, above the letter's facts and the forms, and in view after the upload.
    const [verdictBox, factsBox] = await Promise.all([verdict.boundingBox(), visitor.locator("dl.facts").boundingBox()]);
    expect(verdictBox!.y).toBeLessThan(factsBox!.y);
    await expect.poll(() => verdict.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect
      .poll(() =>
        verdict.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
    await visitor.screenshot({ path: path.join(SCREENSHOT_DIR, "review-verify-upload-390-viewport.png") });
    await screenshot(visitor, "review-verify-upload-390");
    await visitor.setViewportSize({ width: 1280, height: 900 });
    await screenshot(visitor, "review-verify-upload");
    await visitor.goto(`${portal.url}/results/${world.callId}`);
    await screenshot(visitor, "review-public-results");
    await visitor.close();
    await page.close();
  }, 300_000);
});
