import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, instantToBishkekLocal } from "~/utils/time";
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
const stamp = Date.now().toString().slice(-5);
const call = {
  titleKy: `Улгайгандарга үйдө жардам ${stamp}`,
  titleRu: `Помощь пожилым на дому ${stamp}`,
};
const at = (days: number) => instantToBishkekLocal(new Date(Date.now() + days * DAY_MS));

async function lookAt(page: Page, name: string) {
  await screenshot(page, `calls-${name}`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `calls-${name}-390`);
  if (size) await page.setViewportSize(size);
}

/**
 * Waits for the page to be hydrated and settled. (Where the browser's Intl
 * lacks Kyrgyz data, as Debian's Chromium does, React re-renders the page
 * after hydration; a click during that re-render can be lost.)
 */
async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
}

/** Waits for the text to appear (a client navigation renders just after the URL changes), then checks it is there once. */
async function expectOne(locator: Locator) {
  await locator.first().waitFor({ state: "attached" });
  expect(await locator.count()).toBe(1);
}

async function kyrgyzContext(options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: "ky-KG",
    extraHTTPHeaders: { "Accept-Language": "ky-KG,ky;q=0.9" },
    viewport: { width: 1280, height: 900 },
    ...options,
  });
}

describe("a call from draft to published answers", () => {
  it("is drafted in Kyrgyz and Russian, allocated and published; read in Kyrgyz; asked about and answered in public", async () => {
    // Other demo data also draws on the budget: the call goes to the appropriation with the most room.
    const db = createPrismaClient(portal.databaseUrl);
    const appropriations = await db.appropriation.findMany({ select: { id: true, amount: true, allocated: true } });
    const roomiest = appropriations.sort((a, b) => Number(b.amount - b.allocated - (a.amount - a.allocated)))[0]!;
    expect(roomiest.amount - roomiest.allocated).toBeGreaterThanOrEqual(5_000_000n);

    // ── The programme officer drafts the call (her account is in Kyrgyz). ──
    const officerContext = await kyrgyzContext();
    const officer = await officerContext.newPage();
    await signIn(officer, portal.url, "officer@karakol.kg", PASSWORD);
    await officer.goto(`${portal.url}/officer/calls`);
    await settle(officer);
    await Promise.all([officer.waitForURL(`${portal.url}/officer/calls/new`), officer.getByRole("link", { name: "Жаңы сынак" }).click()]);

    await settle(officer);
    await officer.getByLabel("Ассигнование").selectOption(roomiest.id);
    // The call answers one of the year's priority problems set after the hearings (decision 0078).
    await officer.getByLabel("Сынак чечкен артыкчылыктуу көйгөй").selectOption({ index: 1 });
    const texts = officer.getByRole("group", { name: "Тексттер" });
    const fill = async (field: string, ky: string, ru: string) => {
      await texts.getByLabel(`${field} — кыргызча`).fill(ky);
      await texts.getByLabel(`${field} — орусча`).fill(ru);
    };
    await fill("Аталышы", call.titleKy, call.titleRu);
    await fill(
      "Кыскача мазмуну",
      "Жалгыз улгайгандарга үйдө социалдык жардам көрсөтүү.",
      "Социальная помощь на дому одиноким пожилым людям.",
    );
    await fill(
      "Артыкчылыктуу социалдык көйгөй",
      "Караколдо жалгыз жашаган улгайгандар көбөйүүдө.",
      "В Караколе растёт число одиноко живущих пожилых людей.",
    );
    await fill("Максаттуу топ", "65 жаштан улуу жалгыз жашаган адамдар.", "Одиноко живущие люди старше 65 лет.");
    await fill("Катышуу шарттары", "Караколдо катталган коммерциялык эмес уюмдар.", "НКО, зарегистрированные в Караколе.");
    await officer.getByRole("checkbox", { name: "Коомдук бирикме" }).check();
    await officer.getByRole("checkbox", { name: "Коомдук фонд" }).check();
    await officer.getByRole("checkbox", { name: "Ысык-Көл облусу" }).check();
    await officer.getByRole("checkbox", { name: "Устав" }).check();
    await officer.getByLabel("Эң аз грант, сом").fill("10 000");
    await officer.getByLabel("Эң чоң грант, сом").fill("25 000");
    const criterion = (n: number) => officer.getByRole("group", { name: `${n}-критерий` });
    await criterion(1).getByLabel("Аталышы — кыргызча").fill("Кызматтын сапаты");
    await criterion(1).getByLabel("Аталышы — орусча").fill("Качество услуг");
    await criterion(1).getByLabel("Эң жогорку балл").fill("10");
    await criterion(1).getByLabel("Салмагы, %").fill("70");
    await criterion(2).getByLabel("Аталышы — кыргызча").fill("Бюджет");
    await criterion(2).getByLabel("Аталышы — орусча").fill("Бюджет");
    await criterion(2).getByLabel("Эң жогорку балл").fill("10");
    await criterion(2).getByLabel("Салмагы, %").fill("30");
    await expectOne(officer.getByText("Салмактардын суммасы: 100 / 100"));
    await officer.getByLabel("Суроолор кабыл алынат").fill(at(10));
    await officer.getByLabel("Табыштама берүү мөөнөтү").fill(at(20));
    await officer.getByLabel("Кароонун башталышы").fill(at(21));
    await officer.getByLabel("Кароонун аяктышы").fill(at(40));
    await lookAt(officer, "officer-new");
    await Promise.all([
      officer.waitForURL(/\/officer\/calls\/[^/]+\?done=created$/),
      officer.getByRole("button", { name: "Долбоор түзүү" }).click(),
    ]);
    const callId = new URL(officer.url()).pathname.split("/").pop()!;

    // Not yet: the envelope is missing, and the page says so.
    await expectOne(officer.getByText("Сынактын бюджети бөлүнгөн жок"));
    await officer.getByLabel("Сынактын бюджети, сом").fill("50 000");
    await Promise.all([officer.waitForURL(/done=allocated/), officer.getByRole("button", { name: "Бюджетти белгилөө" }).click()]);
    await expectOne(officer.getByText("Бардык керектүү нерселер толтурулду."));
    await lookAt(officer, "officer-ready");
    // Publishing is confirmed on a second step that says what it does.
    await Promise.all([officer.waitForURL(/confirm=publish/), officer.getByRole("button", { name: "Сынакты жарыялоо" }).click()]);
    await expectOne(officer.getByText("Жарыялоону артка кайтарууга болбойт", { exact: false }));
    await lookAt(officer, "officer-publish-confirm");
    await Promise.all([officer.waitForURL(/done=published/), officer.getByRole("button", { name: "Ооба, сынакты жарыялоо" }).click()]);
    await expectOne(officer.getByRole("status").filter({ hasText: "Сынак жарыяланды." }));

    // ── A visitor finds it and reads it in Kyrgyz. ──
    const visitorContext = await kyrgyzContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${portal.url}/calls`);
    await settle(visitor);
    expect(await visitor.getAttribute("html", "lang")).toBe("ky");
    await Promise.all([visitor.waitForURL(`${portal.url}/calls/${callId}`), visitor.getByRole("link", { name: call.titleKy }).click()]);
    await expectOne(visitor.getByRole("heading", { level: 1, name: call.titleKy }));
    await expectOne(visitor.getByRole("cell", { name: "Кызматтын сапаты" }));
    await expectOne(visitor.getByText(/\d+ күн( \d+ саат)? калды/));
    expect(await visitor.getByText("Помощь пожилым").count()).toBe(0);
    await lookAt(visitor, "public-ky");

    // ── An NCO member asks a question, with JavaScript off. ──
    const ncoContext = await kyrgyzContext({ javaScriptEnabled: false });
    const nco = await ncoContext.newPage();
    await signIn(nco, portal.url, "nco@balakai.kg", PASSWORD);
    await nco.goto(`${portal.url}/calls/${callId}`);
    const question = "Долбоорго ыктыярчыларды тартууга болобу?";
    await nco.getByLabel("Сиздин суроңуз").fill(question);
    await Promise.all([nco.waitForURL(/done=asked/), nco.getByRole("button", { name: "Суроону жөнөтүү" }).click()]);
    await expectOne(nco.getByText("Рахмат, суроо жөнөтүлдү."));

    // ── The officer answers in Kyrgyz and Russian. ──
    await officer.goto(`${portal.url}/officer/calls/${callId}`);
    await settle(officer);
    const form = officer.getByRole("form", { name: "Суроо" });
    await expectOne(form.getByText("Жылдыз Мамбетова"));
    await form.getByLabel("Жооп — кыргызча").fill("Ооба, ыктыярчылардын эмгеги өз салым катары эсептелет.");
    await form.getByLabel("Жооп — орусча").fill("Да, труд волонтёров засчитывается как собственный вклад.");
    await lookAt(officer, "officer-answer");
    await Promise.all([officer.waitForURL(/done=answered/), form.getByRole("button", { name: "Жоопту жарыялоо" }).click()]);

    // ── Everyone sees the answer on the public page, never who asked. ──
    await visitor.reload();
    await settle(visitor);
    const answers = visitor.getByRole("region", { name: "Суроолор жана жооптор" });
    await expectOne(answers.getByText(question));
    await expectOne(answers.getByText("Ооба, ыктыярчылардын эмгеги өз салым катары эсептелет."));
    await answers.getByText("Жооп башка тилдерде").click();
    expect(await answers.getByText("Да, труд волонтёров засчитывается как собственный вклад.").isVisible()).toBe(true);
    const html = await visitor.content();
    for (const identity of ["Жылдыз Мамбетова", "nco@balakai.kg", "Балакай"]) expect(html).not.toContain(identity);
    await lookAt(visitor, "public-answered");

    // The asker follows the call from the question on, so the answer is in her outbox.
    const notices = await db.notification.findMany({
      where: { template: "call.answer-published", recipient: "nco@balakai.kg" },
      select: { payload: true },
    });
    expect(notices).toEqual([{ payload: expect.objectContaining({ url: `${portal.url}/calls/${callId}`, title: call.titleKy }) }]);
    await db.$disconnect();

    // The printable version.
    await visitor.goto(`${portal.url}/calls/${callId}/print`);
    await expectOne(visitor.getByRole("heading", { level: 1, name: call.titleKy }));
    await visitor.emulateMedia({ media: "print" });
    await screenshot(visitor, "calls-print");

    await Promise.all([officerContext.close(), visitorContext.close(), ncoContext.close()]);
  });

  it("shows the demo's open and closed calls, filtered, without JavaScript", async () => {
    const context = await kyrgyzContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${portal.url}/calls`);
    await expectOne(page.getByRole("link", { name: "Балдар — эмгек мигранттарынын балдары" }));
    await page.getByLabel("Көрсөтүү").selectOption("closed");
    await Promise.all([page.waitForURL(/status=closed/), page.getByRole("button", { name: "Издөө" }).click()]);
    await expectOne(page.getByRole("link", { name: "Зомбулуктун курмандыгы болгон аялдар" }));
    expect(await page.getByRole("link", { name: "Балдар — эмгек мигранттарынын балдары" }).count()).toBe(0);
    await lookAt(page, "list-closed");
    await context.close();
  });
});
