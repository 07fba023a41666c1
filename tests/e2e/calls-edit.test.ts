// Issue 11, item 1: the call form shows and stores exactly the ticked legal
// forms and documents (JavaScript on and off), and a change of who may apply
// to a published call is summarized and confirmed before it is saved.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "~/utils/db.server";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const PASSWORD = "Karakol-2026";

async function officerPage(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "ky-KG", viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  await signIn(page, portal.url, "officer@karakol.kg", PASSWORD);
  return { context, page };
}

/** The ticked boxes of the form, per group, as the DOM has them (what a POST would send). */
async function ticked(page: Page) {
  return page.$$eval("form.call-form input[type=checkbox]:checked", (boxes) =>
    boxes.map((box) => `${(box as HTMLInputElement).name}=${(box as HTMLInputElement).value}`).sort(),
  );
}

async function lookAt(page: Page, name: string) {
  await screenshot(page, `calls-edit-${name}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `calls-edit-${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const db = () => createPrismaClient(portal.databaseUrl);

describe("the call form keeps exactly what was chosen", () => {
  it("shows and saves one legal form and one document of a draft, JavaScript on and off", async () => {
    const prisma = db();
    const appropriation = (await prisma.appropriation.findMany({ select: { id: true, amount: true, allocated: true } })).sort((a, b) =>
      Number(b.amount - b.allocated - (a.amount - a.allocated)),
    )[0]!;

    // ── Drafted with JavaScript: one legal form, one document. ──
    const { context, page } = await officerPage();
    await page.goto(`${portal.url}/officer/calls/new`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Ассигнование").selectOption(appropriation.id);
    await page.getByRole("group", { name: "Тексттер" }).getByLabel("Аталышы — кыргызча").fill("Бир гана форма менен долбоор");
    await page.getByRole("checkbox", { name: "Коомдук бирикме", exact: true }).check();
    await page.getByRole("checkbox", { name: "Устав", exact: true }).check();
    await Promise.all([
      page.waitForURL(/\/officer\/calls\/[^/]+\?done=created$/),
      page.getByRole("button", { name: "Долбоор түзүү" }).click(),
    ]);
    const callId = new URL(page.url()).pathname.split("/").pop()!;
    const stored = async () =>
      prisma.call.findUniqueOrThrow({
        where: { id: callId },
        select: { eligibleLegalForms: true, requiredDocuments: true, eligibleRegions: true, summaryKy: true },
      });
    expect(await stored()).toMatchObject({ eligibleLegalForms: ["PUBLIC_UNION"], requiredDocuments: ["CHARTER"], eligibleRegions: [] });

    // ── Edited with JavaScript: a re-render (a field error) must not tick the other boxes. ──
    await page.goto(`${portal.url}/officer/calls/${callId}/edit`);
    await page.waitForLoadState("networkidle");
    const exactly = ["legalForms=PUBLIC_UNION", "requiredDocuments=CHARTER"];
    expect(await ticked(page)).toEqual(exactly);
    await page.getByLabel("Эң аз грант, сом").fill("он миң");
    await page.locator("form.call-form .field-error").first().waitFor();
    expect(await ticked(page)).toEqual(exactly);
    await page.getByLabel("Эң аз грант, сом").fill("10 000");
    await page.getByLabel("Кыскача мазмуну — кыргызча").fill("Башка себеп менен сакталды.");
    expect(await ticked(page)).toEqual(exactly);
    await lookAt(page, "draft-js");
    await Promise.all([page.waitForURL(/done=saved/), page.getByRole("button", { name: "Долбоорду сактоо" }).click()]);
    expect(await stored()).toMatchObject({
      eligibleLegalForms: ["PUBLIC_UNION"],
      requiredDocuments: ["CHARTER"],
      eligibleRegions: [],
      summaryKy: "Башка себеп менен сакталды.",
    });

    // Unticking and ticking is stored as ticked.
    await page.goto(`${portal.url}/officer/calls/${callId}/edit`);
    await page.waitForLoadState("networkidle");
    await page.getByRole("checkbox", { name: "Устав", exact: true }).uncheck();
    await page.getByRole("checkbox", { name: "Долбоордун командасынын резюмелери", exact: true }).check();
    await Promise.all([page.waitForURL(/done=saved/), page.getByRole("button", { name: "Долбоорду сактоо" }).click()]);
    expect(await stored()).toMatchObject({ eligibleLegalForms: ["PUBLIC_UNION"], requiredDocuments: ["CV"] });
    await context.close();

    // ── The same without JavaScript. ──
    const plain = await officerPage({ javaScriptEnabled: false });
    await plain.page.goto(`${portal.url}/officer/calls/${callId}/edit`);
    expect(await ticked(plain.page)).toEqual(["legalForms=PUBLIC_UNION", "requiredDocuments=CV"]);
    await plain.page.getByLabel("Кыскача мазмуну — кыргызча").fill("JavaScriptсиз сакталды.");
    await Promise.all([plain.page.waitForURL(/done=saved/), plain.page.getByRole("button", { name: "Долбоорду сактоо" }).click()]);
    expect(await stored()).toMatchObject({
      eligibleLegalForms: ["PUBLIC_UNION"],
      requiredDocuments: ["CV"],
      summaryKy: "JavaScriptсиз сакталды.",
    });
    await plain.context.close();
    await prisma.$disconnect();
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`shows a published call's change of documents and saves it only once confirmed (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const prisma = db();
      const call = await prisma.call.findFirstOrThrow({
        where: { status: "PUBLISHED", submissionDeadline: { gt: new Date() }, publishAt: { lte: new Date() } },
        select: { id: true, requiredDocuments: true },
      });
      const before = call.requiredDocuments as string[];
      const { context, page } = await officerPage({ javaScriptEnabled });
      await page.goto(`${portal.url}/officer/calls/${call.id}/edit`);
      if (javaScriptEnabled) await page.waitForLoadState("networkidle");
      expect(await ticked(page)).toEqual(expect.arrayContaining(before.map((d) => `requiredDocuments=${d}`)));
      // One document added (JS on) or one removed (JS off).
      const added = javaScriptEnabled ? "Долбоордун командасынын резюмелери" : null;
      const removed = javaScriptEnabled ? null : before.includes("CHARTER") ? "Устав" : null;
      if (added) await page.getByRole("checkbox", { name: added, exact: true }).check();
      if (removed) await page.getByRole("checkbox", { name: removed, exact: true }).uncheck();
      const reason = `Документтердин тизмеси тактаалды (${javaScriptEnabled ? "JS" : "HTML"}).`;
      await page.getByLabel("Өзгөртүүнүн себеби (жарыяланат)").fill(reason);
      await page.getByRole("button", { name: "Өзгөртүүнү жарыялоо" }).click();

      const summary = page.getByRole("alert").filter({ hasText: "Шарттардын өзгөрүшүн текшериңиз" });
      await summary.waitFor();
      expect(await summary.textContent()).toContain(added ? `кошулду: ${added}` : `алынды: ${removed}`);
      // Nothing is saved before the confirmation.
      expect(
        (await prisma.call.findUniqueOrThrow({ where: { id: call.id }, select: { requiredDocuments: true } })).requiredDocuments,
      ).toEqual(before);
      expect(await prisma.callAmendment.count({ where: { callId: call.id, reason } })).toBe(0);
      await lookAt(page, `confirm-${javaScriptEnabled ? "js" : "nojs"}`);

      await Promise.all([
        page.waitForURL(/done=(amended|extended)/),
        page.getByRole("button", { name: "Өзгөртүүлөрдү ырастап, жарыялоо" }).click(),
      ]);
      const after = (await prisma.call.findUniqueOrThrow({ where: { id: call.id }, select: { requiredDocuments: true } }))
        .requiredDocuments as string[];
      if (added) expect([...after].sort()).toEqual([...before, "CV"].sort());
      if (removed) expect(after).toEqual(before.filter((d) => d !== "CHARTER"));
      expect(await prisma.callAmendment.count({ where: { callId: call.id, reason } })).toBe(1);
      await context.close();
      await prisma.$disconnect();
    });
  }
});

describe("the public list of calls, without JavaScript", () => {
  it("lists every public call, in review and decided ones too, under status=all, and filters open and closed", async () => {
    const prisma = db();
    const now = new Date();
    const published = await prisma.call.findMany({
      where: { status: { not: "DRAFT" }, publishedAt: { not: null } },
      select: { id: true, status: true, publishAt: true, submissionDeadline: true },
    });
    const visible = published.filter((c) => c.status !== "PUBLISHED" || (c.publishAt !== null && c.publishAt <= now));
    expect(visible.some((c) => c.status === "IN_REVIEW" || c.status === "DECIDED")).toBe(true);
    const context = await browser.newContext({ locale: "ky-KG", javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const listed = async () =>
      (await page.locator(".call-card h2 a").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).sort();
    await page.goto(`${portal.url}/calls`);
    await page.getByLabel("Көрсөтүү").selectOption("all");
    await Promise.all([page.waitForURL(/status=all/), page.getByRole("button", { name: "Издөө" }).click()]);
    expect(await listed()).toEqual(visible.map((c) => `/calls/${c.id}`).sort());
    await lookAt(page, "public-all");
    await page.getByLabel("Көрсөтүү").selectOption("open");
    await Promise.all([page.waitForURL(/status=open/), page.getByRole("button", { name: "Издөө" }).click()]);
    const open = visible.filter((c) => c.status === "PUBLISHED" && c.submissionDeadline !== null && c.submissionDeadline > now);
    expect(await listed()).toEqual(open.map((c) => `/calls/${c.id}`).sort());
    await context.close();
    await prisma.$disconnect();
  });
});
