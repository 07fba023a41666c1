// Issue 12, "Proof": a real deployment from an empty database (SEED_DEMO=false), in Chromium.
// No seed function is called: every business object is made through the portal's pages.
// Covered: set-up with the token from the log → the administrator invites a programme officer and a
// finance officer, who accept from the links in the outbox → the finance officer creates a programme
// and the next year's appropriation → the officer drafts, allocates and publishes a call → the officer
// invites an outside expert to the call's commission, who accepts → an NCO registers, confirms its
// address, registers its organization and submits a proposal (receipt 1) → the submission deadline
// passes (the call's deadline row is moved back: time only); screening refuses "eligible" until the officer
// has verified the organization (decision 0066), then records it → a chair and two more outside experts join
// the commission, all declare and score, the chair publishes the decision → the appeal windows pass (dates
// moved back) and the officer issues the letter → the agreement is drawn and signed → the NCO reports on its
// milestone, the officer accepts it → the finance officer records the payment and closes the fiscal year.
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { DAY_MS, instantToBishkekLocal } from "~/utils/time";
import { samplePdf } from "../factories-organizations";
import { privilegedSql, type PrivilegedSql } from "../integration/privileged-sql";
import { confirmPublication, declareInterests, issueLetters, openPublication, scoreProposal } from "./review-steps";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const locales = path.resolve(import.meta.dirname, "../../public/locales");
const text = (locale: string, ns: string) => JSON.parse(readFileSync(path.join(locales, locale, `${ns}.json`), "utf8"));
const ru = { admin: text("ru", "admin"), setup: text("ru", "setup"), finance: text("ru", "finance"), budgets: text("ru", "budgets") };
const ky = {
  admin: text("ky", "admin"),
  reviews: text("ky", "reviews"),
  organizations: text("ky", "organizations"),
  awards: text("ky", "awards"),
  grants: text("ky", "grants"),
};
const en = {
  reviews: text("en", "reviews"),
  proposals: text("en", "proposals"),
  confirmation: text("en", "confirmation"),
  grants: text("en", "grants"),
};
const fillIn = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key) => String(values[key]));

// The next fiscal year on a Bishkek clock (2027 while this was written).
const NEXT_YEAR = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Bishkek", year: "numeric" }).format(new Date())) + 1;
const at = (days: number) => instantToBishkekLocal(new Date(Date.now() + days * DAY_MS));

const PROFILE = {
  nameKy: "Нарын шаарынын мэриясы",
  nameRu: "Мэрия города Нарын",
  nameEn: "Naryn City Mayor's Office",
  region: "Нарын",
  address: "Нарын ш., Ленин көч., 1",
  ocidPrefix: "ocds-nrn001",
  headNameKy: "Асанов Бакыт",
  headNameRu: "Асанов Бакыт",
  headPositionKy: "Нарын шаарынын мэри",
  headPositionRu: "Мэр города Нарын",
  adminFullName: "Гүлнара Осмонова",
  adminEmail: "admin@naryn.kg",
};
const ADMIN_PASSWORD = "Naryn-portal-2026";
const OFFICER = { email: "officer@naryn.kg", name: "Айжан Токтогулова", password: "Naryn-officer-2026" };
const FINANCE = { email: "finance@naryn.kg", name: "Марат Жумабеков", password: "Naryn-finance-2026" };
const NCO = { email: "aselia@umut.kg", name: "Асель Токтосунова", password: "Naryn-nco-2026" };
const EXPERT = { email: "expert@example.kg", name: "Айгүл Сыдыкова", password: "Naryn-expert-2026" };
const CHAIR = { email: "chair@example.kg", name: "Бакыт Алиев", password: "Naryn-chair-2026" };
const MEMBERS = [
  { email: "member2@example.kg", name: "Нурлан Садыков", password: "Naryn-member-2026" },
  { email: "member3@example.kg", name: "Жыпар Исаева", password: "Naryn-member3-2026" },
];

let portal: Portal;
let browser: Browser;
let db: PrivilegedSql;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal({ SEED_DEMO: "false" }), launchBrowser()]);
  db = await privilegedSql(portal.databaseUrl);
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await db?.close();
  await browser?.close();
  await portal?.stop();
});

// Shared, busy machines: argon2 and a page load can take far longer than Playwright's default.
async function newPage(locale: "ky" | "ru" | "en", options: { javaScript?: boolean; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    locale,
    javaScriptEnabled: options.javaScript ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    extraHTTPHeaders: { "Accept-Language": locale },
  });
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  contexts.push(context);
  return context.newPage();
}

/** Waits for the text to appear, then checks it is there once. */
async function expectOne(locator: Locator) {
  await locator.first().waitFor({ state: "attached" });
  expect(await locator.count()).toBe(1);
}

/** The link in the notice the outbox holds for the address (what the mail gateway would send). */
async function outboxLink(email: string, template: string) {
  const rows = await db.query<{ payload: string | Record<string, string>; locale: string }>(
    `SELECT "payload", "locale" FROM "Notification" WHERE "recipient" = $1 AND "template" = $2 ORDER BY "createdAt" DESC`,
    [email, template],
  );
  expect(rows).toHaveLength(1);
  const payload = typeof rows[0]!.payload === "string" ? JSON.parse(rows[0]!.payload) : rows[0]!.payload;
  return { path: new URL(payload.link as string).pathname, locale: rows[0]!.locale };
}

/** A timestamp as the database stores it (SQLite: milliseconds; PostgreSQL: a timestamp). */
function sqlTime(ms: number) {
  return portal.databaseUrl.startsWith("postgres") ? new Date(ms).toISOString() : ms;
}

async function count(sql: string, params: unknown[] = []) {
  const rows = await db.query<{ n: number | string | bigint }>(sql, params);
  return Number(rows[0]!.n);
}

describe("a real deployment from an empty database", () => {
  it("set-up → staff → programme and appropriation → call → commission → NCO submits → screening after verification → decision → letter → agreement → report → payment → year closed", async () => {
    // ── Nothing but the schema: no municipality, no user, no call. ──
    expect(await count(`SELECT COUNT(*) AS n FROM "Municipality"`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM "User"`)).toBe(0);

    // ── Set-up with the token from the server log. ──
    const token = /Set-up token: (\S+)/.exec(portal.output())?.[1];
    expect(token, portal.output()).toBeTruthy();
    const admin = await newPage("ru");
    await admin.goto(`${portal.url}/setup`);
    await admin.waitForLoadState("networkidle");
    for (const [name, value] of Object.entries(PROFILE)) await admin.locator(`[name="${name}"]`).fill(value);
    await admin.locator('[name="kind"]').selectOption("CITY");
    await admin.locator('[name="adminPassword"]').fill(ADMIN_PASSWORD);
    await admin.locator('[name="adminConfirmPassword"]').fill(ADMIN_PASSWORD);
    await admin.locator('[name="setupToken"]').fill(token!);
    await Promise.all([admin.waitForURL((u) => u.pathname === "/dashboard"), admin.getByRole("button", { name: ru.setup.submit }).click()]);
    expect((await fetch(`${portal.url}/setup`)).status).toBe(404);

    // The administrator's account speaks the language the set-up was done in (Russian).
    // ── The administrator invites a programme officer (in Kyrgyz) and a finance officer (in Russian). ──
    const invite = async (email: string, role: string, locale: string) => {
      await admin.goto(`${portal.url}/admin/staff`);
      await admin.getByRole("heading", { level: 1, name: ru.admin.staff.title }).waitFor();
      await admin.waitForLoadState("networkidle");
      await admin.getByLabel(ru.admin.staff.email).fill(email);
      await admin.getByLabel(ru.admin.staff.role, { exact: true }).selectOption(role);
      await admin.getByLabel(ru.admin.staff.locale).selectOption(locale);
      await Promise.all([admin.waitForURL(/done=invited/), admin.getByRole("button", { name: ru.admin.staff.invite }).click()]);
      await admin.getByRole("cell", { name: email, exact: true }).waitFor();
    };
    await invite(OFFICER.email, "PROGRAMME_OFFICER", "ky");
    await invite(FINANCE.email, "FINANCE_OFFICER", "ru");
    await screenshot(admin, "journey-staff-invited");

    const accept = async (
      person: { email: string; name: string; password: string },
      locale: "ky" | "ru",
      strings: { admin: Record<string, any> },
    ) => {
      const link = await outboxLink(person.email, "staff-invitation");
      expect(link.locale).toBe(locale);
      const page = await newPage(locale, { width: 390 });
      await page.goto(`${portal.url}${link.path}`);
      await page.getByRole("heading", { level: 1, name: strings.admin.invitation.title }).waitFor();
      await page.waitForLoadState("networkidle");
      await page.getByLabel(strings.admin.invitation.fullName).fill(person.name);
      await page.getByLabel(strings.admin.invitation.password, { exact: true }).fill(person.password);
      await page.getByLabel(strings.admin.invitation.confirmPassword).fill(person.password);
      await page.locator('input[name="privacyConsent"]').check();
      await Promise.all([
        page.waitForURL(`${portal.url}/dashboard`),
        page.getByRole("button", { name: strings.admin.invitation.create }).click(),
      ]);
      await page.setViewportSize({ width: 1280, height: 900 });
      return page;
    };
    const officer = await accept(OFFICER, "ky", ky);
    const finance = await accept(FINANCE, "ru", ru);

    // ── The finance officer creates the programme and opens next year's appropriation. ──
    await finance.goto(`${portal.url}/budgets/programmes/new`);
    await finance.waitForLoadState("networkidle");
    await finance.getByLabel("Код программы").fill(`SZ-${NEXT_YEAR}-NRN`);
    await finance.getByLabel("Название на кыргызском").fill("Социалдык заказ");
    await finance.getByLabel("Название на русском").fill("Социальный заказ");
    await finance.getByLabel("Название на английском").fill("Social order");
    await finance.getByLabel("Орган, принявший акт").fill("Нарынский городской кенеш");
    await finance.getByLabel("Номер акта").fill("3/1");
    await finance.getByLabel("Дата акта").fill(`${NEXT_YEAR - 1}-11-20`);
    await finance.getByLabel("Первый год").fill(String(NEXT_YEAR));
    await finance.getByLabel("Последний год").fill(String(NEXT_YEAR + 1));
    await Promise.all([
      finance.waitForURL(/\/budgets\/programmes\/[^/]+\?done=saved/),
      finance.getByRole("button", { name: "Создать программу" }).click(),
    ]);
    const open = finance.getByRole("form", { name: "Открыть ассигнования" });
    await open.getByLabel("Финансовый год").selectOption(String(NEXT_YEAR));
    await open.getByLabel("Сумма, сом").fill("1 000 000");
    await open.getByLabel("Орган, принявший акт").fill("Нарынский городской кенеш");
    await open.getByLabel("Номер акта").fill("4/2");
    await open.getByLabel("Дата акта").fill(`${NEXT_YEAR - 1}-12-01`);
    await Promise.all([finance.waitForURL(/done=opened/), open.getByRole("button", { name: "Открыть ассигнования" }).click()]);
    const [appropriation] = await db.query<{ id: string; amount: string | number | bigint }>(
      `SELECT a."id", a."amount" FROM "Appropriation" a JOIN "BudgetProgramme" p ON p."id" = a."programmeId" WHERE p."code" = $1 AND a."fiscalYear" = $2`,
      [`SZ-${NEXT_YEAR}-NRN`, NEXT_YEAR],
    );
    expect(BigInt(appropriation!.amount)).toBe(100_000_000n);
    await screenshot(finance, "journey-appropriation-opened");

    // ── The programme officer records the public hearing and sets the year's priority problem (decision 0078). ──
    await officer.goto(`${portal.url}/officer/priorities`);
    await officer.waitForLoadState("networkidle");
    await officer.getByLabel("Угуунун күнү").fill(`${new Date(Date.now() + 6 * 3600_000).getUTCFullYear()}-01-20`);
    await officer.getByLabel("Орду", { exact: true }).fill("Нарын шаардык кеңеши");
    await officer.getByLabel("Катышкан аялдар").fill("14");
    await officer.getByLabel("Катышкан эркектер").fill("9");
    await officer.getByLabel("Көтөрүлгөн көйгөйлөр").fill("Жалгыз улгайгандарга үйдө жардам жетишсиз");
    await Promise.all([officer.waitForURL(/done=hearing/), officer.getByRole("button", { name: "Угууну киргизүү" }).click()]);
    const raised = officer.locator("li.card", { hasText: "Жалгыз улгайгандарга үйдө жардам жетишсиз" });
    await raised.getByLabel("Орду (1 — эң маанилүү)").fill("1");
    await raised.getByLabel("Негиздеме").fill("Угууда эң көп колдоо алды");
    await raised.getByLabel("Максаттуу топтор").fill("65 жаштан улуу жалгыз жашаган адамдар");
    await raised.getByLabel("Каржылоочу программа").selectOption({ index: 1 });
    await Promise.all([officer.waitForURL(/done=priority/), raised.getByRole("button", { name: "Артыкчылык катары сактоо" }).click()]);

    // ── The programme officer drafts, allocates and publishes a call (her account is in Kyrgyz). ──
    await officer.goto(`${portal.url}/officer/calls/new`);
    await officer.waitForLoadState("networkidle");
    await officer.getByLabel("Сынак чечкен артыкчылыктуу көйгөй").selectOption({ index: 1 });
    await officer.getByLabel("Ассигнование").selectOption(appropriation!.id);
    const texts = officer.getByRole("group", { name: "Тексттер" });
    const both = async (field: string, kyText: string, ruText: string) => {
      await texts.getByLabel(`${field} — кыргызча`).fill(kyText);
      await texts.getByLabel(`${field} — орусча`).fill(ruText);
    };
    await both("Аталышы", "Улгайгандарга үйдө жардам", "Помощь пожилым на дому");
    await both(
      "Кыскача мазмуну",
      "Жалгыз улгайгандарга үйдө социалдык жардам көрсөтүү.",
      "Социальная помощь на дому одиноким пожилым людям.",
    );
    await both(
      "Артыкчылыктуу социалдык көйгөй",
      "Нарында жалгыз жашаган улгайгандар көбөйүүдө.",
      "В Нарыне растёт число одиноко живущих пожилых людей.",
    );
    await both("Максаттуу топ", "65 жаштан улуу жалгыз жашаган адамдар.", "Одиноко живущие люди старше 65 лет.");
    await both("Катышуу шарттары", "Нарында катталган коммерциялык эмес уюмдар.", "НКО, зарегистрированные в Нарыне.");
    await officer.getByRole("checkbox", { name: "Коомдук бирикме" }).check();
    await officer.getByRole("checkbox", { name: "Коомдук фонд" }).check();
    await officer.getByRole("checkbox", { name: "Нарын облусу" }).check();
    await officer.getByRole("checkbox", { name: "Устав" }).check();
    await officer.getByLabel("Эң аз грант, сом").fill("10 000");
    await officer.getByLabel("Эң чоң грант, сом").fill("200 000");
    const criterion = (n: number) => officer.getByRole("group", { name: `${n}-критерий` });
    await criterion(1).getByLabel("Аталышы — кыргызча").fill("Кызматтын сапаты");
    await criterion(1).getByLabel("Аталышы — орусча").fill("Качество услуг");
    await criterion(1).getByLabel("Эң жогорку балл").fill("10");
    await criterion(1).getByLabel("Салмагы, %").fill("70");
    await criterion(2).getByLabel("Аталышы — кыргызча").fill("Бюджет");
    await criterion(2).getByLabel("Аталышы — орусча").fill("Бюджет");
    await criterion(2).getByLabel("Эң жогорку балл").fill("10");
    await criterion(2).getByLabel("Салмагы, %").fill("30");
    await officer.getByLabel("Суроолор кабыл алынат").fill(at(10));
    await officer.getByLabel("Табыштама берүү мөөнөтү").fill(at(20));
    await officer.getByLabel("Кароонун башталышы").fill(at(21));
    await officer.getByLabel("Кароонун аяктышы").fill(at(40));
    await Promise.all([
      officer.waitForURL(/\/officer\/calls\/[^/]+\?done=created$/),
      officer.getByRole("button", { name: "Долбоор түзүү" }).click(),
    ]);
    const callId = new URL(officer.url()).pathname.split("/").pop()!;
    await officer.getByLabel("Сынактын бюджети, сом").fill("500 000");
    await Promise.all([officer.waitForURL(/done=allocated/), officer.getByRole("button", { name: "Бюджетти белгилөө" }).click()]);
    await expectOne(officer.getByText("Бардык керектүү нерселер толтурулду."));
    await Promise.all([officer.waitForURL(/confirm=publish/), officer.getByRole("button", { name: "Сынакты жарыялоо" }).click()]);
    await Promise.all([officer.waitForURL(/done=published/), officer.getByRole("button", { name: "Ооба, сынакты жарыялоо" }).click()]);
    await expectOne(officer.getByRole("status").filter({ hasText: "Сынак жарыяланды." }));
    // Published and public; the money left the appropriation.
    const listing = await (await fetch(`${portal.url}/calls`, { headers: { "Accept-Language": "ru" } })).text();
    expect(listing).toContain("Помощь пожилым на дому");
    const [held] = await db.query<{ allocated: string | number | bigint }>(`SELECT "allocated" FROM "Appropriation" WHERE "id" = $1`, [
      appropriation!.id,
    ]);
    expect(BigInt(held!.allocated)).toBe(50_000_000n);

    // ── The officer invites an outside expert to the call's commission; the expert accepts. ──
    await officer.goto(`${portal.url}/officer/calls/${callId}/commission`);
    await officer.getByRole("heading", { level: 1, name: ky.reviews.commission.title }).waitFor();
    await officer.waitForLoadState("networkidle");
    await officer.getByLabel(ky.reviews.commission.email, { exact: true }).fill(EXPERT.email);
    await officer.getByLabel(ky.reviews.commission.fullName).fill(EXPERT.name);
    await officer.getByLabel(ky.reviews.commission.locale).selectOption("en");
    await Promise.all([
      officer.waitForURL(/done=invited/),
      officer.getByRole("button", { name: ky.reviews.commission.appointSubmit }).click(),
    ]);
    await officer.getByText(ky.reviews.done.invited).waitFor();
    const expertLink = await outboxLink(EXPERT.email, "commission-invitation");
    expect(expertLink.locale).toBe("en");
    const expert = await newPage("en", { javaScript: false, width: 390 });
    await expert.goto(`${portal.url}${expertLink.path}`);
    await expert.getByRole("heading", { level: 1, name: en.reviews.invitation.title }).waitFor();
    await expert.getByLabel(en.reviews.invitation.password, { exact: true }).fill(EXPERT.password);
    await expert.getByLabel(en.reviews.invitation.confirmPassword).fill(EXPERT.password);
    await expert.locator('input[name="privacyConsent"]').check();
    await Promise.all([
      expert.waitForURL(`${portal.url}/review`),
      expert.getByRole("button", { name: en.reviews.invitation.create }).click(),
    ]);
    await screenshot(expert, "journey-expert-review-390");
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM "CommissionMembership" m JOIN "User" u ON u."id" = m."userId" WHERE m."callId" = $1 AND u."email" = $2`,
        [callId, EXPERT.email],
      ),
    ).toBe(1);

    // ── An NCO registers, registers its organization and submits a proposal (in English). ──
    const nco = await newPage("en");
    await nco.goto(`${portal.url}/register`);
    await nco.waitForLoadState("networkidle");
    await nco.getByLabel("Full name").fill(NCO.name);
    await nco.getByLabel("Email").fill(NCO.email);
    await nco.getByLabel("Password (at least 10 characters)").fill(NCO.password);
    await nco.getByLabel("Repeat the password").fill(NCO.password);
    await nco.getByLabel("Language of notices").selectOption("en");
    await nco.locator('input[name="privacyConsent"]').check();
    await Promise.all([nco.waitForURL(`${portal.url}/confirm-email`), nco.getByRole("button", { name: "Create account" }).click()]);
    // The address is confirmed from the link in the outbox (a proposal cannot be submitted before).
    const confirmation = await outboxLink(NCO.email, "email-confirmation");
    await nco.goto(`${portal.url}${confirmation.path}`);
    await nco.waitForLoadState("networkidle");
    await Promise.all([
      nco.waitForURL(/\/confirm-email\?confirmed=1$/),
      nco.getByRole("button", { name: en.confirmation.confirmButton }).click(),
    ]);
    await nco.goto(`${portal.url}/dashboard`);
    await nco.waitForLoadState("networkidle");
    await Promise.all([
      nco.waitForURL(`${portal.url}/organizations/new`),
      nco.getByRole("link", { name: "Register an organization" }).click(),
    ]);
    await nco.waitForLoadState("networkidle");
    await nco.getByLabel("Name in Kyrgyz").fill("«Үмүт» коомдук бирикмеси");
    await nco.getByLabel("Name in Russian").fill("Общественное объединение «Умут»");
    await nco.getByLabel("Legal form").selectOption("PUBLIC_UNION");
    await nco.getByLabel("Registration number").fill("4521-3302-ОБ");
    await nco.getByLabel("TIN", { exact: true }).fill("01203202010452");
    await nco.getByLabel("Registered on").fill("2020-03-12");
    await nco.getByLabel("Region").selectOption("NARYN");
    await nco.getByLabel("Address").fill("Naryn, Lenin St. 40");
    await nco.getByLabel("Phone").fill("+996 555 111 222");
    await nco.getByLabel("Email").fill("office@umut.kg");
    await nco.getByLabel("Bank", { exact: true }).fill("RSK Bank");
    await nco.getByLabel("BIK").fill("129001");
    await nco.getByLabel("Settlement account").fill("1290010000555555");
    await Promise.all([
      nco.waitForURL(/\/organizations\/[^/]+\?done=registered$/),
      nco.getByRole("button", { name: "Register the organization" }).click(),
    ]);

    const P = en.proposals;
    const press = async (name: string, next: string | RegExp) => {
      await Promise.all([nco.waitForURL(next), nco.getByRole("button", { name, exact: true }).click()]);
      await nco.waitForLoadState("networkidle");
    };
    const box = (name: string) => nco.getByRole("textbox", { name, exact: true });
    await nco.goto(`${portal.url}/calls/${callId}/proposals/new`);
    await nco.waitForLoadState("networkidle");
    await Promise.all([
      nco.waitForURL(/\/proposals\/[^/]+\/summary$/),
      nco.getByRole("button", { name: P.start.button, exact: true }).click(),
    ]);
    const proposalUrl = nco.url().replace(/\/summary$/, "");
    await nco.waitForLoadState("networkidle");
    await box(P.fields.title).fill("Home care for older people living alone");
    await box(P.fields.summary).fill("A social worker visits 40 older people living alone twice a week.");
    await nco.getByLabel(P.fields.language).selectOption("ru");
    await Promise.all([
      nco.waitForURL(`${proposalUrl}/problem`),
      nco.getByRole("button", { name: P.actions.saveAndNext, exact: true }).click(),
    ]);
    await nco.waitForLoadState("networkidle");
    await box(P.fields.problem).fill("Over 300 older people live alone in Naryn; many cannot reach a shop or a pharmacy.");
    await Promise.all([
      nco.waitForURL(`${proposalUrl}/target-group`),
      nco.getByRole("button", { name: P.actions.saveAndNext, exact: true }).click(),
    ]);
    await nco.waitForLoadState("networkidle");
    await box(P.fields.targetGroup).fill("People over 70 living alone");
    await box(P.fields.beneficiaries).fill("40");
    await press(P.actions.saveAndNext, `${proposalUrl}/objectives`);
    await box(P.fields.objectives).fill("Two visits a week for each person.");
    await press(P.actions.saveAndNext, `${proposalUrl}/work-plan`);
    await box(P.fields.activities).fill("Selecting and training social workers; home visits.");
    await nco.locator('[name="milestones.0.title"]').fill("Social workers trained");
    await nco.locator('[name="milestones.0.startsOn"]').fill(`${NEXT_YEAR}-02-01`);
    await nco.locator('[name="milestones.0.dueOn"]').fill(`${NEXT_YEAR}-04-30`);
    await press(P.actions.saveAndNext, `${proposalUrl}/budget`);
    await nco.locator('[name="lines.0.category"]').selectOption("STAFF");
    await nco.locator('[name="lines.0.description"]').fill("Social workers (2)");
    await nco.locator('[name="lines.0.unit"]').fill("month");
    await nco.locator('[name="lines.0.quantity"]').fill("12");
    await nco.locator('[name="lines.0.unitCost"]').fill("8 000");
    await press(P.actions.save, /\/budget\?done=saved$/);
    await nco
      .getByText(/96[\s,\u00a0\u202f]000/)
      .first()
      .waitFor();
    await nco.goto(`${proposalUrl}/team`);
    await nco.waitForLoadState("networkidle");
    await box(P.fields.team).fill("Head: Asel Toktosunova; two social workers.");
    await press(P.actions.saveAndNext, `${proposalUrl}/documents`);
    const charter = path.join(mkdtempSync(path.join(tmpdir(), "journey-e2e-")), "charter.pdf");
    writeFileSync(charter, samplePdf("Charter of Umut"));
    await nco.getByLabel(P.documents.kind).selectOption("CHARTER");
    await nco.locator('input[type="file"][name="file"]').setInputFiles(charter);
    await press(P.documents.uploadButton, /\/documents\?done=uploaded$/);
    await nco.getByRole("link", { name: "charter.pdf" }).first().waitFor();
    await nco.goto(proposalUrl);
    await nco.waitForLoadState("networkidle");
    await Promise.all([nco.waitForURL(/\/receipts\/1$/), nco.getByRole("button", { name: P.actions.submit, exact: true }).click()]);
    await screenshot(nco, "journey-receipt");
    expect(
      await count(`SELECT COUNT(*) AS n FROM "ProposalVersion" v JOIN "Proposal" p ON p."id" = v."proposalId" WHERE p."callId" = $1`, [
        callId,
      ]),
    ).toBe(1);

    // ── The submission deadline passes (time only: the deadline row is moved back), and the officer screens. ──
    await db.execute(`UPDATE "Call" SET "submissionDeadline" = $1 WHERE "id" = $2`, [sqlTime(Date.now() - DAY_MS), callId]);
    const [proposal] = await db.query<{ id: string; organizationId: string }>(
      `SELECT "id", "organizationId" FROM "Proposal" WHERE "callId" = $1`,
      [callId],
    );
    await officer.goto(`${portal.url}/officer/calls/${callId}/screening`);
    await officer.waitForLoadState("networkidle");
    const item = officer.locator(`li#p-${proposal!.id}`);
    // The organization registered minutes ago and nobody has checked it: eligible is refused, and says why (decision 0066).
    await item.getByText(`✗ ${ky.reviews.screening.check.verified}`).waitFor();
    await item.getByRole("radio", { name: ky.reviews.screening.eligible, exact: true }).check();
    await item.getByRole("button", { name: ky.reviews.screening.record }).click();
    await item.getByRole("alert").filter({ hasText: ky.reviews.errors.notVerified }).waitFor();
    await screenshot(officer, "journey-screening-unverified");
    // The officer opens the organization from the screening list, checks its registration and verifies it.
    await Promise.all([
      officer.waitForURL(`${portal.url}/organizations/${proposal!.organizationId}`),
      item.getByRole("link", { name: "«Үмүт» коомдук бирикмеси" }).click(),
    ]);
    await officer.waitForLoadState("networkidle");
    await Promise.all([officer.waitForURL(/done=verified/), officer.getByRole("button", { name: ky.organizations.review.verify }).click()]);
    await officer.goto(`${portal.url}/officer/calls/${callId}/screening`);
    await officer.waitForLoadState("networkidle");
    await item.getByText(`✓ ${ky.reviews.screening.check.verified}`).waitFor();
    await item.getByRole("radio", { name: ky.reviews.screening.eligible, exact: true }).check();
    await Promise.all([officer.waitForURL(/done=screened/), item.getByRole("button", { name: ky.reviews.screening.record }).click()]);
    const [screened] = await db.query<{ status: string }>(`SELECT "status" FROM "Proposal" WHERE "id" = $1`, [proposal!.id]);
    expect(screened!.status).toBe("ELIGIBLE");

    // ── The commission: a chair and two more outside experts join the first one, through the same invitation. ──
    const seat = async (person: { email: string; name: string; password: string }, role: "CHAIR" | "MEMBER") => {
      await officer.goto(`${portal.url}/officer/calls/${callId}/commission`);
      await officer.waitForLoadState("networkidle");
      await officer.getByLabel(ky.reviews.commission.email, { exact: true }).fill(person.email);
      await officer.getByLabel(ky.reviews.commission.fullName).fill(person.name);
      await officer.getByLabel(ky.reviews.commission.role).selectOption(role);
      await officer.getByLabel(ky.reviews.commission.locale).selectOption("en");
      await Promise.all([
        officer.waitForURL(/done=invited/),
        officer.getByRole("button", { name: ky.reviews.commission.appointSubmit }).click(),
      ]);
      const link = await outboxLink(person.email, "commission-invitation");
      const page = await newPage("en", { javaScript: false });
      await page.goto(`${portal.url}${link.path}`);
      await page.getByLabel(en.reviews.invitation.password, { exact: true }).fill(person.password);
      await page.getByLabel(en.reviews.invitation.confirmPassword).fill(person.password);
      await page.locator('input[name="privacyConsent"]').check();
      await Promise.all([
        page.waitForURL(`${portal.url}/review`),
        page.getByRole("button", { name: en.reviews.invitation.create }).click(),
      ]);
      return page;
    };
    const chair = await seat(CHAIR, "CHAIR");
    const members = [expert, await seat(MEMBERS[0]!, "MEMBER"), await seat(MEMBERS[1]!, "MEMBER")];
    await officer.goto(`${portal.url}/officer/calls/${callId}/commission`);
    await officer.getByText(ky.reviews.commission.complete).first().waitFor();
    await screenshot(officer, "journey-commission-complete");

    // ── Each declares, then scores the one proposal (blind, confirmed); the chair publishes the decision. ──
    const criteria = await db.query<{ id: string; maxScore: number }>(
      `SELECT "id", "maxScore" FROM "CallCriterion" WHERE "callId" = $1 ORDER BY "position"`,
      [callId],
    );
    const reviewUrl = `${portal.url}/review/${callId}`;
    const scores = [
      [9, 8],
      [8, 8],
      [9, 7],
      [8, 9],
    ];
    for (const [i, page] of [chair, ...members].entries()) {
      await declareInterests(page, en.reviews, reviewUrl, [{ tin: "01203202010452" }]);
      await scoreProposal(page, en.reviews, `${reviewUrl}/proposals/${proposal!.id}`, criteria, scores[i]!);
    }
    await screenshot(expert, "journey-expert-scored-390");
    const boardUrl = `${reviewUrl}/board`;
    const confirm = await openPublication(chair, en.reviews, boardUrl, 1);
    await confirm
      .getByRole("row")
      .filter({ hasText: /96[\s,\u00a0\u202f]000/ })
      .first()
      .waitFor();
    await screenshot(chair, "journey-decision-confirm");
    await confirmPublication(chair, en.reviews);
    const [decided] = await db.query<{ status: string }>(`SELECT "status" FROM "Call" WHERE "id" = $1`, [callId]);
    expect(decided!.status).toBe("DECIDED");

    // ── The appeal windows pass (time only: the dates are moved back), and the officer issues the letter. ──
    await db.execute(`UPDATE "EligibilityDecision" SET "decidedAt" = $1 WHERE "proposalId" = $2`, [
      sqlTime(Date.now() - 30 * DAY_MS),
      proposal!.id,
    ]);
    await db.execute(`UPDATE "Call" SET "decisionPublishedAt" = $1, "standstillEndsAt" = $2 WHERE "id" = $3`, [
      sqlTime(Date.now() - 20 * DAY_MS),
      sqlTime(Date.now() - DAY_MS),
      callId,
    ]);
    await issueLetters(officer, ky.awards, `${portal.url}/awards/letters/${callId}`, 1);
    await screenshot(officer, "journey-letter-issued");
    const [award] = await db.query<{ id: string; reference: string; status: string }>(
      `SELECT "id", "reference", "status" FROM "Award" WHERE "proposalId" = $1`,
      [proposal!.id],
    );
    expect(award!.status).toBe("FINAL");
    const letter = await officer.request.get(`${portal.url}/awards/${award!.id}/letter.pdf`);
    expect((await letter.body()).subarray(0, 5).toString()).toBe("%PDF-");

    // ── The agreement: drawn from the award on the agreements page, then marked signed. ──
    await officer.goto(`${portal.url}/agreements`);
    await officer.waitForLoadState("networkidle");
    await Promise.all([
      officer.waitForURL(`${portal.url}/agreements/new/${award!.id}`),
      officer.getByRole("row").filter({ hasText: award!.reference }).getByRole("link", { name: ky.grants.draft.start }).click(),
    ]);
    await officer.waitForLoadState("networkidle");
    await Promise.all([
      officer.waitForURL(/\/agreements\/(?!new)[^/?]+$/),
      officer.getByRole("button", { name: ky.grants.draft.submit }).click(),
    ]);
    const agreementUrl = officer.url();
    // Numbered as people count: milestone and tranche 1, not 0.
    const numbered = await db.query<{ position: number }>(`SELECT "position" FROM "GrantMilestone" WHERE "agreementId" = $1`, [
      agreementUrl.split("/").pop(),
    ]);
    expect(numbered.map((row) => Number(row.position))).toEqual([1]);
    await officer.getByLabel(ky.grants.agreement.signedOn).fill(instantToBishkekLocal(new Date()).slice(0, 10));
    await Promise.all([officer.waitForURL(/done=saved/), officer.getByRole("button", { name: ky.grants.agreement.signSubmit }).click()]);
    await screenshot(officer, "journey-agreement-signed");

    // ── The NCO reports on its milestone; the officer accepts it and the tranche becomes payable. ──
    await nco.goto(agreementUrl);
    await nco.waitForLoadState("networkidle");
    await Promise.all([nco.waitForURL(/\/milestones\/[^/]+$/), nco.getByRole("link", { name: "Social workers trained" }).click()]);
    const milestoneUrl = nco.url();
    await nco.waitForLoadState("networkidle");
    await nco.getByLabel(en.grants.milestone.narrative).fill("Two social workers were selected and trained; home visits started in April.");
    await nco.getByLabel(en.grants.milestone.beneficiaries).fill("40");
    await nco.getByLabel("Social workers (2)").fill("96 000");
    await Promise.all([nco.waitForURL(/done=report/), nco.getByRole("button", { name: en.grants.milestone.submit }).click()]);
    await nco.getByText(en.grants.milestoneStatus.REPORTED).first().waitFor();
    await nco.setViewportSize({ width: 390, height: 844 });
    await screenshot(nco, "journey-report-390");
    await nco.setViewportSize({ width: 1280, height: 900 });

    await officer.goto(milestoneUrl);
    await officer.waitForLoadState("networkidle");
    await officer.getByLabel(new RegExp(`^${ky.grants.milestone.accept.split(" (")[0]}`)).check();
    await Promise.all([officer.waitForURL(/done=saved/), officer.getByRole("button", { name: ky.grants.milestone.reviewSubmit }).click()]);
    await officer.getByText(new RegExp(ky.grants.trancheStatus.PAYABLE)).first().waitFor();

    // ── The finance officer records the payment (no treasury connection configured: recorded by hand). ──
    await finance.goto(`${portal.url}/finance/payments`);
    await finance.waitForLoadState("networkidle");
    const tranche = finance.getByRole("listitem").filter({ hasText: "Social workers trained" });
    await tranche.getByLabel(ru.finance.payments.bankReference).fill("ПП-2027-0001");
    await Promise.all([
      finance.waitForURL(/done=created/),
      tranche.getByRole("button", { name: ru.finance.payments.recordManual }).click(),
    ]);
    await screenshot(finance, "journey-payment-recorded");
    const paid = await db.query<{ amount: string | number | bigint }>(
      `SELECT l."amount" FROM "LedgerEntry" l WHERE l."kind" = 'DISBURSEMENT' AND l."callId" = $1`,
      [callId],
    );
    expect(paid.map((row) => BigInt(row.amount))).toEqual([9_600_000n]);

    // ── The finance officer closes the fiscal year: what was not committed goes back, the commitment stays. ──
    const [programme] = await db.query<{ id: string }>(`SELECT "id" FROM "BudgetProgramme" WHERE "code" = $1`, [`SZ-${NEXT_YEAR}-NRN`]);
    await finance.goto(`${portal.url}/budgets/programmes/${programme!.id}`);
    await finance.waitForLoadState("networkidle");
    await finance.getByRole("link", { name: fillIn(ru.budgets.programmes.closeStart, { year: NEXT_YEAR }) }).click();
    const closing = finance.getByRole("region", { name: fillIn(ru.budgets.programmes.closeConfirmTitle, { year: NEXT_YEAR }) });
    await closing.waitFor();
    await screenshot(finance, "journey-year-close-confirm");
    await Promise.all([
      finance.waitForURL(/done=closed/),
      closing.getByRole("button", { name: fillIn(ru.budgets.programmes.closeConfirm, { year: NEXT_YEAR }) }).click(),
    ]);
    await screenshot(finance, "journey-year-closed");
    const [closed] = await db.query<{ closedAt: unknown; allocated: string | number | bigint; releasedAtClose: string | number | bigint }>(
      `SELECT "closedAt", "allocated", "releasedAtClose" FROM "Appropriation" WHERE "id" = $1`,
      [appropriation!.id],
    );
    expect(closed!.closedAt).not.toBeNull();
    // 500 000 allocated to the call, 96 000 committed to the grant: 404 000 released.
    expect([BigInt(closed!.allocated), BigInt(closed!.releasedAtClose)]).toEqual([9_600_000n, 40_400_000n]);

    // Everyone signs in again with the password they chose.
    const again = await newPage("ru");
    await signIn(again, portal.url, FINANCE.email, FINANCE.password);
    expect(new URL(again.url()).pathname).toBe("/dashboard");
  }, 600_000);
});
