// Issue 12, "Programmes and money over the years": a finance officer creates a
// budget programme, opens next year's appropriation, increases it, is refused a
// decrease below what calls already hold (with JavaScript on and off), and
// closes the year after confirming its consequence; the closing report stays.
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
// The next fiscal year on a Bishkek clock (2027 while this was written).
const NEXT_YEAR = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Bishkek", year: "numeric" }).format(new Date())) + 1;

async function financePage(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "ru-RU", viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  await signIn(page, portal.url, "finance@karakol.kg", PASSWORD);
  return { context, page };
}

async function lookAt(page: Page, name: string) {
  await screenshot(page, `budget-programmes-${name}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `budget-programmes-${name}-390`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const db = () => createPrismaClient(portal.databaseUrl);

describe("budget programmes and appropriations", () => {
  it("are created, opened, increased, refused a decrease below allocations, and closed with a report", async () => {
    const prisma = db();
    const { context, page } = await financePage();

    // ── From /budgets to a new programme; a field error keeps everything typed. ──
    await page.goto(`${portal.url}/budgets`);
    await page.getByRole("link", { name: "Бюджетные программы и ассигнования" }).click();
    await page.waitForURL(/\/budgets\/programmes$/);
    await page.getByRole("link", { name: "Новая программа" }).click();
    await page.waitForURL(/\/budgets\/programmes\/new$/);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Код программы").fill(`SZ-${NEXT_YEAR}-E2E`);
    await page.getByLabel("Название на кыргызском").fill("Жаштар үчүн социалдык заказ");
    await page.getByLabel("Название на русском").fill("Социальный заказ для молодёжи");
    await page.getByLabel("Название на английском").fill("Social order for young people");
    await page.getByLabel("Орган, принявший акт").fill("Каракольский городской кенеш");
    await page.getByLabel("Номер акта").fill("7/2");
    await page.getByLabel("Дата акта").fill(`${NEXT_YEAR - 1}-11-20`);
    await page.getByLabel("Первый год").fill(String(NEXT_YEAR + 1));
    await page.getByLabel("Последний год").fill(String(NEXT_YEAR - 1));
    await page.getByRole("button", { name: "Создать программу" }).click();
    await expect.poll(() => page.getByText("Последний год не может быть раньше первого.").isVisible()).toBe(true);
    expect(await page.getByLabel("Название на русском").inputValue()).toBe("Социальный заказ для молодёжи");
    await page.getByLabel("Первый год").fill(String(NEXT_YEAR - 1));
    await page.getByLabel("Последний год").fill(String(NEXT_YEAR + 1));
    await lookAt(page, "new");
    await Promise.all([
      page.waitForURL(/\/budgets\/programmes\/[^/]+\?done=saved/),
      page.getByRole("button", { name: "Создать программу" }).click(),
    ]);
    const programmeUrl = page.url().split("?")[0]!;
    const programme = await prisma.budgetProgramme.findFirstOrThrow({ where: { code: `SZ-${NEXT_YEAR}-E2E` } });
    expect(programme).toMatchObject({
      nameKy: "Жаштар үчүн социалдык заказ",
      actNumber: "7/2",
      firstYear: NEXT_YEAR - 1,
      lastYear: NEXT_YEAR + 1,
    });

    // ── Next year's appropriation, typed in som and stored in tyiyn. ──
    const open = page.getByRole("form", { name: "Открыть ассигнования" });
    await open.getByLabel("Финансовый год").selectOption(String(NEXT_YEAR));
    await open.getByLabel("Сумма, сом").fill("1 500 000");
    await open.getByLabel("Орган, принявший акт").fill("Каракольский городской кенеш");
    await open.getByLabel("Номер акта").fill("9/1");
    await open.getByLabel("Дата акта").fill(`${NEXT_YEAR - 1}-12-01`);
    await Promise.all([page.waitForURL(/done=opened/), open.getByRole("button", { name: "Открыть ассигнования" }).click()]);
    const appropriation = await prisma.appropriation.findFirstOrThrow({ where: { programmeId: programme.id, fiscalYear: NEXT_YEAR } });
    expect(appropriation.amount).toBe(150_000_000n);

    // ── Increased by 200 000 som under an act of change. ──
    const change = () => page.getByRole("form", { name: "Увеличить или уменьшить ассигнования" });
    await change().getByLabel("Увеличение").check();
    await change().getByLabel("Сумма изменения, сом").fill("200 000");
    await change().getByLabel("Причина").fill("Уточнение бюджета");
    await change().getByLabel("Орган, принявший акт об изменении").fill("Каракольский городской кенеш");
    await change().getByLabel("Номер акта").fill("11/4");
    await change()
      .getByLabel("Дата акта")
      .fill(`${NEXT_YEAR - 1}-12-05`);
    await Promise.all([page.waitForURL(/done=increased/), change().getByRole("button", { name: "Записать изменение" }).click()]);
    expect((await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriation.id } })).amount).toBe(170_000_000n);
    await expect.poll(() => page.getByText("Ассигнования увеличены.", { exact: false }).isVisible()).toBe(true);

    // Meanwhile a draft call holds 1 600 000 som of it (as the programme officer's allocation leaves the books).
    const karakol = await prisma.municipality.findFirstOrThrow({ where: { id: programme.municipalityId } });
    await prisma.$transaction([
      prisma.call.create({
        data: {
          municipalityId: karakol.id,
          appropriationId: appropriation.id,
          reference: `E2E-${NEXT_YEAR}-1`,
          titleRu: "Черновик конкурса",
          envelope: 160_000_000n,
        },
      }),
      prisma.appropriation.update({ where: { id: appropriation.id }, data: { allocated: 160_000_000n } }),
    ]);

    // ── A decrease below what calls hold is refused, with the figures, and nothing typed is lost. ──
    await page.reload();
    await change().getByLabel("Уменьшение").check();
    await change().getByLabel("Сумма изменения, сом").fill("150 000");
    await change().getByLabel("Причина").fill("Секвестр");
    await change().getByLabel("Орган, принявший акт об изменении").fill("Каракольский городской кенеш");
    await change().getByLabel("Номер акта").fill("12/1");
    await change()
      .getByLabel("Дата акта")
      .fill(`${NEXT_YEAR - 1}-12-06`);
    await change().getByRole("button", { name: "Записать изменение" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "Так уменьшить нельзя" });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/1\s600\s000.*100\s000/);
    expect(await change().getByLabel("Причина").inputValue()).toBe("Секвестр");
    expect((await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriation.id } })).amount).toBe(170_000_000n);
    await lookAt(page, "refused");

    // The same refusal without JavaScript: a plain form post.
    const noJs = await financePage({ javaScriptEnabled: false });
    await noJs.page.goto(programmeUrl);
    const plain = noJs.page.getByRole("form", { name: "Увеличить или уменьшить ассигнования" });
    await plain.getByLabel("Уменьшение").check();
    await plain.getByLabel("Сумма изменения, сом").fill("100 000,01");
    await plain.getByLabel("Причина").fill("Секвестр");
    await plain.getByLabel("Орган, принявший акт об изменении").fill("Каракольский городской кенеш");
    await plain.getByLabel("Номер акта").fill("12/1");
    await plain.getByLabel("Дата акта").fill(`${NEXT_YEAR - 1}-12-06`);
    await Promise.all([noJs.page.waitForLoadState("load"), plain.getByRole("button", { name: "Записать изменение" }).click()]);
    await noJs.page.getByRole("alert").filter({ hasText: "Так уменьшить нельзя" }).waitFor();
    expect(
      await noJs.page.getByRole("form", { name: "Увеличить или уменьшить ассигнования" }).getByLabel("Сумма изменения, сом").inputValue(),
    ).toBe("100 000,01");
    await noJs.context.close();

    // ── Closing the year: a confirmation that states the consequence, then the report. ──
    await page.getByRole("link", { name: `Закрыть ${NEXT_YEAR} год…` }).click();
    const confirm = page.getByRole("region", { name: `Закрыть ${NEXT_YEAR} финансовый год?` });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain("отменить закрытие нельзя");
    expect(await confirm.textContent()).toMatch(/1\s600\s000/);
    await lookAt(page, "close-confirm");
    await Promise.all([page.waitForURL(/done=closed/), confirm.getByRole("button", { name: `Да, закрыть ${NEXT_YEAR} год` }).click()]);
    await page.getByRole("heading", { name: "Отчёт о закрытии года" }).waitFor();
    const closed = await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriation.id } });
    expect(closed).toMatchObject({ allocated: 0n, releasedAtClose: 160_000_000n });
    expect(closed.closedAt).not.toBeNull();
    expect(await prisma.ledgerEntry.count({ where: { appropriationId: appropriation.id, kind: "RELEASE" } })).toBe(1);
    expect(await page.getByRole("form", { name: "Увеличить или уменьшить ассигнования" }).count()).toBe(0);
    const report = await page.getByRole("table", { name: `Отчёт о закрытии ${NEXT_YEAR} года` }).textContent();
    expect(report).toMatch(/Высвобождено при закрытии\s*1\s600\s000/);
    await lookAt(page, "closed");
    // Still there later.
    await page.goto(programmeUrl);
    await page.getByRole("table", { name: `Отчёт о закрытии ${NEXT_YEAR} года` }).waitFor();

    await context.close();
    await prisma.$disconnect();
  });
});
