// The finance dashboard's year and programme through HTTP (decision 0062): the GET form keeps the
// choice in the URL, the exports take it and name it in the file name and first line, a year with no
// appropriation says so and links to opening one, a foreign programme answers 404.
import { randomUUID } from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { bishkekYear, openAppropriation } from "~/domains/budgets/appropriations.server";
import { OpenAppropriationSchema, ProgrammeSchema } from "~/domains/budgets/programme-schemas";
import { createProgramme } from "~/domains/budgets/programmes.server";
import { prisma } from "~/utils/db.server";
import { createStaff } from "../../tests/factories";
import { getRequest, loadBuild, requestHandler } from "../../tests/support/route-call";
import { sessionCookieFor } from "../../tests/support/session";

let handle: ReturnType<typeof requestHandler>;
beforeAll(async () => {
  const build: ServerBuild = await loadBuild();
  handle = requestHandler(build);
});

const NOW = new Date("2026-12-06T10:00:00Z");
const act = { actBody: "Council", actNumber: "1", actDate: "2026-12-01" };

async function municipality(locale: "en" | "ru" | "ky" = "en") {
  const finance = await createStaff("FINANCE_OFFICER");
  const officer = await createStaff("PROGRAMME_OFFICER", finance.municipalityId);
  await prisma.user.updateMany({ where: { id: { in: [finance.user.id, officer.user.id] } }, data: { locale } });
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const make = (code: string, nameEn: string) =>
    createProgramme({
      actor: finance.actor,
      input: ProgrammeSchema.parse({ code, nameKy: nameEn, nameRu: nameEn, nameEn, ...act, firstYear: "2026", lastYear: "2030" }),
      now: NOW,
    });
  const youth = await make(`Y-${suffix}`, "Youth clubs");
  const elders = await make(`E-${suffix}`, "Elder care");
  for (const [programme, amount] of [
    [youth, "700 000"],
    [elders, "300 000"],
  ] as const) {
    await openAppropriation({
      actor: finance.actor,
      programmeId: programme.id,
      input: OpenAppropriationSchema.parse({ fiscalYear: "2026", amount, ...act, requestKey: randomUUID() }),
      now: NOW,
    });
  }
  return { finance: await sessionCookieFor(finance.user.id), officer: await sessionCookieFor(officer.user.id), youth, elders };
}

const page = async (url: string, cookie: string) => {
  const response = await handle(getRequest(url, cookie));
  return { status: response.status, html: await response.text() };
};

describe("the finance dashboard's year and programme", () => {
  it("shows the chosen year and programme, keeps them in the form and in the export links", async () => {
    const m = await municipality();
    const { status, html } = await page(`/finance?year=2026&programme=${m.youth.id}`, m.finance);
    expect(status).toBe(200);
    expect(html).toMatch(/<option value="2026" selected="">2026<\/option>/);
    expect(html).toContain(`<option value="${m.youth.id}" selected="">${m.youth.code} Youth clubs</option>`);
    expect(html).toContain(`Fiscal year 2026 · ${m.youth.code} Youth clubs`);
    expect(html).toContain("700,000");
    expect(html).toMatch(new RegExp(`href="/finance/export/appropriations\\?year=2026&amp;programme=${m.youth.id}&amp;format=csv"`));
    expect(html).not.toContain(`${m.elders.code} Elder care</a>`);
    // All programmes: both rows and their total.
    const all = await page("/finance?year=2026", m.finance);
    expect(all.html).toContain(`${m.youth.code} Youth clubs</a>`);
    expect(all.html).toContain(`${m.elders.code} Elder care</a>`);
    expect(all.html).toContain("1,000,000");
    // By default this fiscal year in Bishkek, all programmes.
    expect((await page("/finance", m.finance)).html).toContain(`Fiscal year ${bishkekYear(new Date())} · All programmes`);
  });

  it("says when a year has no appropriation, links those who may to opening one, and tells the others who does", async () => {
    const m = await municipality("ru");
    const year = bishkekYear(new Date()) + 1;
    const finance = await page(`/finance?year=${year}&programme=${m.elders.id}`, m.finance);
    expect(finance.html).toContain(`У программы ${m.elders.code} Elder care нет ассигнований на ${year} год.`);
    expect(finance.html).toContain(`href="/budgets/programmes/${m.elders.id}#open-title"`);
    expect(finance.html).toContain(`Открыть ассигнования на ${year} год`);
    const officer = await page(`/finance?year=${year}`, m.officer);
    expect(officer.html).toContain(`На ${year} год ассигнования не открыты.`);
    expect(officer.html).toContain("Ассигнования открывают администратор или финансист муниципалитета.");
    expect(officer.html).not.toContain("#open-title");
    const past = await page("/finance?year=2019", m.finance);
    expect(past.html).toContain("2019 год прошёл: ассигнования прошедшего года открыть нельзя.");
  });

  it("explains a year that is not one, in the reader's language, and answers 404 for another municipality's programme", async () => {
    const m = await municipality("ky");
    const bad = await page("/finance?year=20x6", m.finance);
    expect(bad.status).toBe(200);
    expect(bad.html).toContain(`«20x6» каржы жылы эмес: тизмеден жылды тандаңыз. ${bishkekYear(new Date())}-жыл көрсөтүлдү.`);
    const other = await municipality();
    expect((await page(`/finance?year=2026&programme=${other.youth.id}`, m.finance)).status).toBe(404);
    expect((await handle(getRequest(`/finance/export/appropriations?year=2026&programme=${other.youth.id}`, m.finance))).status).toBe(404);
    const badExport = await handle(getRequest("/finance/export/appropriations?year=abcd", m.finance));
    expect(badExport.status).toBe(400);
    expect(await badExport.text()).toContain("«abcd» каржы жылы эмес.");
  });

  it("names the year and programme in the export's file name and first line, CSV and XLSX", async () => {
    const m = await municipality();
    const csv = await handle(getRequest(`/finance/export/appropriations?year=2026&programme=${m.youth.id}&format=csv`, m.finance));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Disposition")).toMatch(
      new RegExp(`filename="appropriations-2026-${m.youth.code}-\\d{4}-\\d{2}-\\d{2}\\.csv"`),
    );
    const lines = (await csv.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(`Appropriations — Fiscal year 2026 · ${m.youth.code} Youth clubs`);
    expect(lines[2]).toMatch(new RegExp(`^${m.youth.code} Youth clubs,2026,700000\\.00,`));
    expect(lines).toHaveLength(4);
    const xlsx = await handle(getRequest(`/finance/export/months?year=2026&format=xlsx`, m.finance));
    expect(xlsx.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsx.headers.get("Content-Disposition")).toMatch(/filename="months-2026-all-programmes-\d{4}-\d{2}-\d{2}\.xlsx"/);
  });
});
