// Issue 15: the officer defines an extra question in the call form (JavaScript
// off); an NCO's submission without the required answer is refused naming the
// question, the NCO answers it in the proposal's "questions" section and
// submits; a commission member sees the answer on the review page.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "~/utils/db.server";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

let portal: Portal;
let browser: Browser;
let db: ReturnType<typeof createPrismaClient>;
const PASSWORD = "Karakol-2026";
const LABEL_KY = "Долбоорго канча мектеп катышат?";
const LABEL_RU = "Сколько школ участвует в проекте?";

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  db = createPrismaClient(portal.databaseUrl);
});

afterAll(async () => {
  await db?.$disconnect();
  await browser?.close();
  await portal?.stop();
});

describe("per-call extra questions", () => {
  it("the officer defines a question, the NCO answers it, a commission member sees the answer", async () => {
    const appropriation = (await db.appropriation.findMany({ select: { id: true, amount: true, allocated: true, programme: true } })).sort(
      (a, b) => Number(b.amount - b.allocated - (a.amount - a.allocated)),
    )[0]!;

    // ── The officer, without JavaScript: a question without Russian is refused, nothing typed is lost. ──
    const officer = await browser.newContext({ locale: "ky-KG", javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await officer.newPage();
    await signIn(page, portal.url, "officer@karakol.kg", PASSWORD);
    await page.goto(`${portal.url}/officer/calls/new`);
    await page.getByLabel("Ассигнование").selectOption(appropriation.id);
    await page.getByRole("group", { name: "Тексттер" }).getByLabel("Аталышы — кыргызча").fill("Суроолору бар сынак");
    const question = page.getByRole("group", { name: "1-суроо" });
    await question.getByLabel("Жооптун түрү").selectOption("NUMBER");
    await question.getByLabel("Суроо — кыргызча").fill(LABEL_KY);
    await question.getByText("Жооп милдеттүү").click();
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Долбоор түзүү" }).click()]);
    expect(await page.getByText("Суроону орусча жазыңыз.").isVisible()).toBe(true);
    expect(await question.getByLabel("Суроо — кыргызча").inputValue()).toBe(LABEL_KY);
    await question.getByLabel("Суроо — орусча").fill(LABEL_RU);
    await page.setViewportSize({ width: 390, height: 844 });
    await question.scrollIntoViewIfNeeded();
    await screenshot(page, "call-questions-form-390");
    await Promise.all([
      page.waitForURL(/\/officer\/calls\/[^/]+\?done=created$/),
      page.getByRole("button", { name: "Долбоор түзүү" }).click(),
    ]);
    const draftId = new URL(page.url()).pathname.split("/").pop()!;
    const defined = await db.callQuestion.findMany({ where: { callId: draftId } });
    expect(defined.map((q) => [q.kind, q.required, q.labelKy, q.labelRu])).toEqual([["NUMBER", true, LABEL_KY, LABEL_RU]]);
    await officer.close();

    // ── The same question on an open call, and an NCO's complete draft. ──
    const call = await db.call.create({
      data: {
        municipalityId: appropriation.programme.municipalityId,
        appropriationId: appropriation.id,
        reference: "SZ-E2E-Q",
        status: "PUBLISHED",
        titleKy: "Суроолор",
        titleRu: "Вопросы",
        titleEn: "Questions",
        envelope: 10_000_000n,
        minGrant: 1_000_000n,
        maxGrant: 5_000_000n,
        publishedAt: new Date(Date.now() - 86_400_000),
        submissionDeadline: new Date(Date.now() + 7 * 86_400_000),
        extraQuestions: {
          create: { position: 0, kind: "NUMBER", required: true, labelKy: LABEL_KY, labelRu: LABEL_RU, minValue: 1, maxValue: 50 },
        },
      },
    });
    const nco = await db.user.findUniqueOrThrow({
      where: { email: "nco@balakai.kg" },
      select: { id: true, memberships: { select: { organizationId: true } } },
    });
    const organizationId = nco.memberships[0]!.organizationId;
    const proposal = await db.proposal.create({
      data: {
        callId: call.id,
        organizationId,
        createdById: nco.id,
        reference: "SZ-E2E-Q-001",
        title: "Мектептердеги психолог",
        summary: "Мигранттардын балдарына мектепте психологиялык жардам.",
        problem: "Караколдо 900дөн ашык бала ата-энесиз жашайт.",
        targetGroup: "Мигранттардын балдары",
        beneficiaries: 120,
        objectives: "Ар бир мектепте жумасына эки жолу кеңеш.",
        activities: "Психологдорду окутуу, мектептерде кеңештер.",
        team: "Жетекчи жана эки психолог.",
        requestedTotal: 2_000_000n,
        milestones: {
          create: {
            position: 0,
            title: "Окутуу",
            deliverables: "Акт",
            startsOn: new Date("2027-01-31T18:00:00Z"),
            dueOn: new Date("2027-04-29T18:00:00Z"),
          },
        },
        budgetLines: {
          create: {
            position: 0,
            category: "STAFF",
            description: "Психологдор",
            unit: "ай",
            quantity: 100,
            unitCost: 2_000_000n,
            requested: 2_000_000n,
          },
        },
      },
    });

    const context = await browser.newContext({ locale: "ky-KG", viewport: { width: 390, height: 844 } });
    const ncoPage = await context.newPage();
    await signIn(ncoPage, portal.url, "nco@balakai.kg", PASSWORD);
    await ncoPage.goto(`${portal.url}/proposals/${proposal.id}`);
    await Promise.all([ncoPage.waitForLoadState("networkidle"), ncoPage.getByRole("button", { name: "Табыштаманы тапшыруу" }).click()]);
    const refusal = ncoPage.getByText(`Тапшыруудан мурун «${LABEL_KY}» суроосуна жооп бериңиз.`);
    await refusal.waitFor();
    expect((await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("DRAFT");

    // The section is in the steps; a word is not a number (kept), then 12.
    await ncoPage.getByRole("link", { name: "Сынактын суроолору" }).first().click();
    await ncoPage.waitForURL(/\/questions$/);
    const answer = ncoPage.getByLabel(LABEL_KY, { exact: false });
    await answer.fill("он эки");
    await Promise.all([ncoPage.waitForLoadState("networkidle"), ncoPage.getByRole("button", { name: "Сактоо", exact: true }).click()]);
    await ncoPage.getByText("Сан жазыңыз.").waitFor();
    expect(await answer.inputValue()).toBe("он эки");
    await answer.fill("12");
    await Promise.all([ncoPage.waitForURL(/done=saved/), ncoPage.getByRole("button", { name: "Сактоо", exact: true }).click()]);
    await screenshot(ncoPage, "call-questions-answer-390");
    await ncoPage.goto(`${portal.url}/proposals/${proposal.id}`);
    await Promise.all([ncoPage.waitForURL(/\/receipts\/1$/), ncoPage.getByRole("button", { name: "Табыштаманы тапшыруу" }).click()]);
    const version = await db.proposalVersion.findFirstOrThrow({ where: { proposalId: proposal.id }, select: { content: true } });
    const content: unknown = typeof version.content === "string" ? JSON.parse(version.content) : version.content;
    expect(content).toMatchObject({ answers: [{ kind: "NUMBER", value: "12", labelKy: LABEL_KY }] });
    await context.close();

    // ── The call goes to review; a member who declared no conflict sees the answer. ──
    await db.proposal.update({ where: { id: proposal.id }, data: { status: "ELIGIBLE" } });
    await db.call.update({ where: { id: call.id }, data: { status: "IN_REVIEW" } });
    const [member, officerUser] = await Promise.all([
      db.user.findUniqueOrThrow({ where: { email: "member1@karakol.kg" } }),
      db.user.findUniqueOrThrow({ where: { email: "officer@karakol.kg" } }),
    ]);
    await db.commissionMembership.create({
      data: {
        callId: call.id,
        userId: member.id,
        role: "MEMBER",
        appointedById: officerUser.id,
        declarations: { create: { organizationId, hasConflict: false } },
      },
    });
    const commission = await browser.newContext({ locale: "ky-KG", viewport: { width: 1280, height: 900 } });
    const memberPage = await commission.newPage();
    await signIn(memberPage, portal.url, "member1@karakol.kg", PASSWORD);
    await memberPage.goto(`${portal.url}/review/${call.id}/proposals/${proposal.id}`);
    const answers = memberPage.getByRole("region", { name: "Сынактын суроолору" });
    await answers.waitFor();
    expect(await answers.getByText(LABEL_KY).isVisible()).toBe(true);
    expect(await answers.getByText("12", { exact: true }).isVisible()).toBe(true);
    await screenshot(memberPage, "call-questions-review");
    await commission.close();
  });
});
