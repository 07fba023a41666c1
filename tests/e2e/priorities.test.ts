// Issue 14 (the officer works in Kyrgyz, the demo account's language; the visitor reads English), "Priority problems and public hearings": the officer records a hearing with three
// problems and imports its paper tally (JavaScript off, 390 px), sets a priority; a draft call
// without a priority problem cannot be published (checklist and 409); once it names the problem it
// is published, and /priorities shows the problem with its support and the call.
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

describe("priority problems", () => {
  it("a hearing with three problems and a paper tally; a call must name a priority to be published; /priorities shows it", async () => {
    const officer = await browser.newContext({ locale: "ky-KG", javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await officer.newPage();
    await signIn(page, portal.url, "officer@karakol.kg", PASSWORD);
    await page.goto(`${portal.url}/officer/priorities`);
    const year = new Date(Date.now() + 6 * 3600_000).getUTCFullYear();
    const day = `${year}-01-15`;

    await page.getByLabel("Угуунун күнү").fill(day);
    await page.getByLabel("Орду", { exact: true }).fill("Pristan village school");
    await page.getByLabel("Катышкан аялдар").fill("12");
    await page.getByLabel("Катышкан эркектер").fill("8");
    await page
      .getByLabel("Көтөрүлгөн көйгөйлөр")
      .fill("Winter heating of the school\nNo pharmacy in the village\nYouth leave for the city");
    await Promise.all([page.waitForURL(/done=hearing/), page.getByRole("button", { name: "Угууну киргизүү" }).click()]);
    expect(await page.getByText("Угуу жана анын көйгөйлөрү киргизилди.").isVisible()).toBe(true);

    const hearing = page.locator("article", { hasText: "Pristan village school" });
    await hearing.getByLabel("Же эсепти кыстарыңыз").fill("problem;count\n1;40\nNo pharmacy in the village;6\n");
    await Promise.all([page.waitForURL(/done=tally/), hearing.getByRole("button", { name: "Эсепти импорттоо" }).click()]);
    expect(await page.getByText("бардыгы 46 колдоо").isVisible()).toBe(true);
    expect(
      await page
        .locator("article", { hasText: "Pristan village school" })
        .getByText(/«Winter heating of the school» үчүн кагазда 40/)
        .isVisible(),
    ).toBe(true);

    const problem = page.locator("li.card", { hasText: "Winter heating of the school" });
    await problem.getByLabel("Орду (1 — эң маанилүү)").fill("4");
    await problem.getByLabel("Негиздеме").fill("Forty signatures at the hearing");
    await problem.getByLabel("Максаттуу топтор").fill("Pupils of the village school");
    await problem.getByLabel("Каржылоочу программа").selectOption({ index: 1 });
    await Promise.all([page.waitForURL(/done=priority/), problem.getByRole("button", { name: "Артыкчылык катары сактоо" }).click()]);
    await page.locator("li.card", { hasText: "Winter heating of the school" }).scrollIntoViewIfNeeded();
    await screenshot(page, "priorities-officer-390");
    const heating = await db.priorityProblem.findFirstOrThrow({ where: { title: "Winter heating of the school" } });
    expect(heating).toMatchObject({ rank: 4, year });

    // A complete draft without a priority problem (a copy of a demo call's texts), its envelope set on the page.
    const template = await db.call.findFirstOrThrow({
      where: { status: "PUBLISHED", submissionDeadline: { gt: new Date(Date.now() + 86_400_000) }, municipality: { slug: "karakol" } },
      include: { criteria: true },
    });
    const {
      id: _id,
      reference: _r,
      status: _s,
      criteria,
      createdAt: _c,
      updatedAt: _u,
      publishedAt: _p,
      committed: _m,
      envelope: _e,
      ...columns
    } = template;
    const draft = await db.call.create({
      data: {
        ...columns,
        eligibleLegalForms: columns.eligibleLegalForms ?? [],
        eligibleRegions: columns.eligibleRegions ?? [],
        requiredDocuments: columns.requiredDocuments ?? [],
        budgetRules: columns.budgetRules ?? [],
        reference: `E2E-PRIO-${Date.now()}`,
        status: "DRAFT",
        priorityProblemId: null,
        publishAt: null,
        clarificationDeadline: new Date(template.submissionDeadline!.getTime() - 12 * 3600_000),
        titleEn: "Warm school",
        // Grants that fit the 50 000 som envelope set below (the demo call's are larger).
        minGrant: 1_000_000n,
        maxGrant: 4_000_000n,
        criteria: { create: criteria.map(({ id: _i, callId: _k, ...c }) => c) },
      },
    });
    await page.goto(`${portal.url}/officer/calls/${draft.id}`);
    await page.getByLabel("Сынактын бюджети, сом").fill("50 000");
    await Promise.all([page.waitForLoadState(), page.getByRole("button", { name: "Бюджетти белгилөө" }).click()]);
    await page.goto(`${portal.url}/officer/calls/${draft.id}`);
    expect(await page.getByText("Сынак чечкен артыкчылыктуу көйгөйдү тандаңыз.").isVisible()).toBe(true);
    const refused = await page.request.post(`${portal.url}/officer/calls/${draft.id}`, {
      form: { intent: "publish", confirm: "publish" },
      headers: { Origin: portal.url },
    });
    expect(refused.status()).toBe(409);
    expect((await db.call.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("DRAFT");

    await page.goto(`${portal.url}/officer/calls/${draft.id}/edit`);
    await page.getByLabel("Сынак чечкен артыкчылыктуу көйгөй").selectOption({ label: `${year} · 4. Winter heating of the school` });
    await Promise.all([page.waitForURL(/\/officer\/calls\/[^/]+\?done=/), page.getByRole("button", { name: "Долбоорду сактоо" }).click()]);
    await page.goto(`${portal.url}/officer/calls/${draft.id}`);
    expect(await page.getByText("Сынак чечкен артыкчылыктуу көйгөйдү тандаңыз.").count()).toBe(0);
    const published = await page.request.post(`${portal.url}/officer/calls/${draft.id}`, {
      form: { intent: "publish", confirm: "publish" },
      headers: { Origin: portal.url },
      maxRedirects: 0,
    });
    if (published.status() !== 302) await screenshot(page, "priorities-publish-blocked");
    expect(published.status()).toBe(302);
    expect((await db.call.findUniqueOrThrow({ where: { id: draft.id } })).priorityProblemId).toBe(heating.id);
    await officer.close();

    // The public page, signed out, without JavaScript, at 390 px.
    const visitor = await browser.newContext({ locale: "en-US", javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const pub = await visitor.newPage();
    const answer = await pub.goto(`${portal.url}/priorities?year=${year}`);
    expect(answer?.status()).toBe(200);
    const card = pub.locator("li.card", { hasText: "Winter heating of the school" });
    expect(await card.getByText("Priority 4").isVisible()).toBe(true);
    expect(await card.getByText("Support: 40 (0 online, 40 on paper)").isVisible()).toBe(true);
    expect(await card.getByRole("link", { name: /Warm school/ }).isVisible()).toBe(true);
    expect(await card.getByText(/Pristan village school/).isVisible()).toBe(true);
    await card.scrollIntoViewIfNeeded();
    await screenshot(pub, "priorities-public-390");
    for (const [locale, title] of [
      ["ky-KG", "Артыкчылыктуу көйгөйлөр"],
      ["ru-RU", "Приоритетные проблемы"],
    ] as const) {
      const other = await browser.newContext({ locale, javaScriptEnabled: false });
      const p = await other.newPage();
      await p.goto(`${portal.url}/priorities?year=${year}`);
      expect(await p.getByRole("heading", { level: 1 }).textContent()).toContain(title);
      await other.close();
    }
    await visitor.close();
  });
});
