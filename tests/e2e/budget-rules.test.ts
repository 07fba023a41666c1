// Issue 15: the officer sets a 40 % staff cap in the call form (a wrong share
// gets a field error, nothing typed is lost, JavaScript off); an NCO's proposal
// over the cap is refused at submission with the category and the amounts,
// and submitted once the budget is within the cap.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "~/utils/db.server";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

let portal: Portal;
let browser: Browser;
let db: ReturnType<typeof createPrismaClient>;
const PASSWORD = "Karakol-2026";

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  db = createPrismaClient(portal.databaseUrl);
});

afterAll(async () => {
  await db?.$disconnect();
  await browser?.close();
  await portal?.stop();
});

describe("per-call budget rules", () => {
  it("the officer sets a 40 % staff cap; a proposal over it is refused at submission, then submitted", async () => {
    const appropriation = (await db.appropriation.findMany({ select: { id: true, amount: true, allocated: true, programme: true } })).sort(
      (a, b) => Number(b.amount - b.allocated - (a.amount - a.allocated)),
    )[0]!;

    // ── The officer, without JavaScript: a share of 150 and a bad code are refused field by field. ──
    const officer = await browser.newContext({ locale: "ky-KG", javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await officer.newPage();
    await signIn(page, portal.url, "officer@karakol.kg", PASSWORD);
    await page.goto(`${portal.url}/officer/calls/new`);
    await page.getByLabel("Ассигнование").selectOption(appropriation.id);
    await page.getByRole("group", { name: "Тексттер" }).getByLabel("Аталышы — кыргызча").fill("Бюджет эрежелери менен конкурс");
    const staff = page.getByRole("group", { name: "Эмгек акы" });
    await staff.getByLabel("Эң көп, суралган сумманын %").fill("150");
    await staff.getByLabel("Классификация коду").fill("22a1");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Долбоор түзүү" }).click()]);
    expect(await page.getByText("0дөн 100гө чейинки пайызды жазыңыз").isVisible()).toBe(true);
    expect(await page.getByText("4–8 сандан турган кодду жазыңыз").isVisible()).toBe(true);
    expect(await staff.getByLabel("Эң көп, суралган сумманын %").inputValue()).toBe("150");
    expect(await staff.getByLabel("Классификация коду").inputValue()).toBe("22a1");
    await staff.getByLabel("Эң көп, суралган сумманын %").fill("40");
    await staff.getByLabel("Классификация коду").fill("2111");
    await page.setViewportSize({ width: 390, height: 844 });
    await staff.scrollIntoViewIfNeeded();
    await screenshot(page, "budget-rules-call-form-390");
    await Promise.all([
      page.waitForURL(/\/officer\/calls\/[^/]+\?done=created$/),
      page.getByRole("button", { name: "Долбоор түзүү" }).click(),
    ]);
    const draftId = new URL(page.url()).pathname.split("/").pop()!;
    const draft = await db.call.findUniqueOrThrow({ where: { id: draftId }, select: { budgetRules: true } });
    const rules = typeof draft.budgetRules === "string" ? JSON.parse(draft.budgetRules) : draft.budgetRules;
    expect(rules).toEqual([{ category: "STAFF", maxShareBp: 4000, required: false, classificationCode: "2111" }]);
    await officer.close();

    // ── The same rule on an open call, and an NCO's complete draft with 60 % staff. ──
    const call = await db.call.create({
      data: {
        municipalityId: appropriation.programme.municipalityId,
        appropriationId: appropriation.id,
        reference: "SZ-E2E-BR",
        status: "PUBLISHED",
        titleKy: "Бюджет эрежелери",
        titleRu: "Правила бюджета",
        titleEn: "Budget rules",
        envelope: 10_000_000n,
        minGrant: 1_000_000n,
        maxGrant: 5_000_000n,
        budgetRules: rules,
        publishedAt: new Date(Date.now() - 86_400_000),
        submissionDeadline: new Date(Date.now() + 7 * 86_400_000),
      },
    });
    const nco = await db.user.findUniqueOrThrow({
      where: { email: "nco@balakai.kg" },
      select: { id: true, memberships: { select: { organizationId: true } } },
    });
    const line = (position: number, category: string, requested: bigint) => ({
      position,
      category,
      description: category === "STAFF" ? "Социалдык кызматкерлер" : "Имарат ижарасы",
      unit: "ай",
      quantity: 100,
      unitCost: requested,
      requested,
    });
    const proposal = await db.proposal.create({
      data: {
        callId: call.id,
        organizationId: nco.memberships[0]!.organizationId,
        createdById: nco.id,
        reference: "SZ-E2E-BR-001",
        title: "Карыяларга үйдөн жардам",
        summary: "Жалгыз карыяларга жумасына эки жолу жардам.",
        problem: "Караколдо 600дөн ашык карыя жалгыз жашайт.",
        targetGroup: "Жалгыз жашаган карылар",
        beneficiaries: 40,
        objectives: "Ар бир карыяга жумасына эки жолу жардам.",
        activities: "Кызматкерлерди окутуу, үйгө баруулар.",
        team: "Жетекчи жана эки социалдык кызматкер.",
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
        budgetLines: { create: [line(0, "STAFF", 1_200_000n), line(1, "RENT", 800_000n)] },
      },
    });

    const context = await browser.newContext({ locale: "ky-KG", viewport: { width: 390, height: 844 } });
    const ncoPage = await context.newPage();
    await signIn(ncoPage, portal.url, "nco@balakai.kg", PASSWORD);
    await ncoPage.goto(`${portal.url}/proposals/${proposal.id}`);
    await Promise.all([ncoPage.waitForLoadState("networkidle"), ncoPage.getByRole("button", { name: "Табыштаманы тапшыруу" }).click()]);
    const refusal = ncoPage.getByText("«Эмгек акы» беренеси боюнча сынактын эрежесин бузат");
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain("12\u00A0000,00 сом");
    expect(await refusal.textContent()).toContain("8\u00A0000,00 сом");
    await screenshot(ncoPage, "budget-rules-refused-390");
    expect((await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("DRAFT");

    // ── Fixed: exactly 40 % staff. ──
    await db.budgetLine.deleteMany({ where: { proposalId: proposal.id } });
    await db.budgetLine.createMany({
      data: [line(0, "STAFF", 800_000n), line(1, "RENT", 1_200_000n)].map((l) => ({ ...l, proposalId: proposal.id })),
    });
    await ncoPage.goto(`${portal.url}/proposals/${proposal.id}`);
    await Promise.all([ncoPage.waitForURL(/\/receipts\/1$/), ncoPage.getByRole("button", { name: "Табыштаманы тапшыруу" }).click()]);
    expect((await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("SUBMITTED");
    await context.close();
  });
});
