// The finance dashboard by fiscal year and programme (issue 12, decision 0062): two programmes, two
// years, every movement made by the domain functions. The figures shown must equal the books: the
// test sums the ledger rows (and the appropriation's change rows) itself and compares.
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { changeAppropriation, closeAppropriation, openAppropriation } from "~/domains/budgets/appropriations.server";
import { allocateEnvelope } from "~/domains/budgets/budgets.server";
import { somToTyiyn } from "~/domains/budgets/money";
import { ChangeAppropriationSchema, OpenAppropriationSchema, ProgrammeSchema } from "~/domains/budgets/programme-schemas";
import { createProgramme } from "~/domains/budgets/programmes.server";
import { createPaymentOrder } from "~/domains/disbursements/payments.server";
import { prisma } from "~/utils/db.server";
import { createStaff } from "../../../tests/factories";
import { createDraftCall } from "../../../tests/factories-calls";
import { acceptTrancheMilestone, createSignedAgreement } from "../../../tests/factories-grants";
import { buildExport, toCsv, toXlsx } from "./exports.server";
import { readFinanceChoice } from "./finance-rules";
import { financeOverview } from "./finance.server";
import { domainError } from "../../../tests/support/domain-error";

// A December day in Bishkek: 2026 is this fiscal year, 2027 the next.
const NOW = new Date("2026-12-06T10:00:00Z");
const act = { actBody: "Каракол шаардык кеңеши", actNumber: "15/1", actDate: "2026-12-01" };
const som = (n: number) => somToTyiyn(n);

/** The figures as the books give them: the ledger's rows summed by kind, the ceiling from its change rows. */
async function fromTheBooks(appropriationIds: string[]) {
  const [ledger, changes] = await Promise.all([
    prisma.ledgerEntry.findMany({ where: { appropriationId: { in: appropriationIds } }, select: { kind: true, amount: true } }),
    prisma.appropriationChange.findMany({ where: { appropriationId: { in: appropriationIds } }, select: { kind: true, amount: true } }),
  ]);
  const sum = (kind: string) => ledger.filter((e) => e.kind === kind).reduce((s, e) => s + e.amount, 0n);
  const amount = changes.reduce((s, c) => s + (c.kind === "DECREASE" ? -c.amount : c.amount), 0n);
  const allocated = sum("ALLOCATION") - sum("RELEASE");
  const committed = sum("COMMITMENT") - sum("DECOMMITMENT");
  const disbursed = sum("DISBURSEMENT");
  const returned = sum("RETURN");
  return {
    amount,
    allocated,
    committed,
    disbursed,
    returned,
    free: amount - committed + returned,
    remaining: amount - disbursed + returned,
  };
}

const figuresOf = (f: {
  amount: bigint;
  allocated: bigint;
  committed: bigint;
  disbursed: bigint;
  returned: bigint;
  free: bigint;
  remaining: bigint;
}) => ({
  amount: f.amount,
  allocated: f.allocated,
  committed: f.committed,
  disbursed: f.disbursed,
  returned: f.returned,
  free: f.free,
  remaining: f.remaining,
});

/** One municipality with programmes A and B, each opened for 2026 and 2027, money moved through the domain. */
async function twoProgrammesTwoYears() {
  const finance = await createStaff("FINANCE_OFFICER");
  const officer = await createStaff("PROGRAMME_OFFICER", finance.municipalityId);
  const programme = (code: string, nameRu: string) =>
    createProgramme({
      actor: finance.actor,
      input: ProgrammeSchema.parse({ code, nameKy: nameRu, nameRu, nameEn: nameRu, ...act, firstYear: "2026", lastYear: "2028" }),
      now: NOW,
    });
  const suffix = randomUUID().slice(0, 6);
  const a = await programme(`A-${suffix}`, "Молодёжь");
  const b = await programme(`B-${suffix}`, "Пожилые");
  const open = async (programmeId: string, fiscalYear: number, amount: string) =>
    (
      await openAppropriation({
        actor: finance.actor,
        programmeId,
        input: OpenAppropriationSchema.parse({ fiscalYear: String(fiscalYear), amount, ...act, requestKey: randomUUID() }),
        now: NOW,
      })
    ).appropriationId;
  const a26 = await open(a.id, 2026, "1 000 000");
  const b26 = await open(b.id, 2026, "500 000");
  const a27 = await open(a.id, 2027, "1 200 000");
  const b27 = await open(b.id, 2027, "600 000");
  await changeAppropriation({
    actor: finance.actor,
    input: ChangeAppropriationSchema.parse({
      appropriationId: b27,
      direction: "INCREASE",
      amount: "50 000",
      reason: "Бюджетке өзгөртүү",
      ...act,
      requestKey: randomUUID(),
    }),
    now: NOW,
  });

  // A 2026: a call holding 300 000, an award of 100 000 committed and 60 % of it paid; the envelope cut to 200 000.
  const callA26 = await createDraftCall({ actor: officer.actor, appropriationId: a26 });
  await allocateEnvelope({ actor: officer.actor, callId: callA26.id, envelope: som(300_000), now: NOW });
  const grant = await createSignedAgreement({
    amount: som(100_000),
    milestones: 2,
    shares: [6000, 4000],
    on: { callId: callA26.id, officer, finance },
  });
  await acceptTrancheMilestone(grant, grant.agreement.milestones[0]!.id);
  await createPaymentOrder({
    actor: finance.actor,
    trancheId: grant.agreement.tranches[0]!.id,
    idempotencyKey: `years-${randomUUID()}`,
    manual: { paidOn: new Date("2026-04-10T04:00:00Z"), bankReference: "" },
  });
  await allocateEnvelope({ actor: officer.actor, callId: callA26.id, envelope: som(200_000), now: NOW });
  // B 2026: a call holding 100 000, nothing committed yet.
  const callB26 = await createDraftCall({ actor: officer.actor, appropriationId: b26 });
  await allocateEnvelope({ actor: officer.actor, callId: callB26.id, envelope: som(100_000), now: NOW });
  // A 2027: a call holding 400 000 with an award of 150 000 committed.
  const callA27 = await createDraftCall({ actor: officer.actor, appropriationId: a27 });
  await allocateEnvelope({ actor: officer.actor, callId: callA27.id, envelope: som(400_000), now: NOW });
  await createSignedAgreement({ amount: som(150_000), milestones: 1, shares: [10000], on: { callId: callA27.id, officer, finance } });
  return { finance, officer, a, b, a26, b26, a27, b27 };
}

describe("the finance dashboard by year and programme", () => {
  it("shows per programme and in total what the ledger holds, for the year and programme chosen; this Bishkek year by default", async () => {
    const m = await twoProgrammesTwoYears();
    const actor = m.finance.actor;

    const all2026 = await financeOverview({ actor, year: 2026, now: NOW });
    expect(all2026.rows.map((r) => r.id)).toEqual([m.a26, m.b26]);
    for (const row of all2026.rows) expect(figuresOf(row)).toEqual(await fromTheBooks([row.id]));
    expect(figuresOf(all2026.totals)).toEqual(await fromTheBooks([m.a26, m.b26]));
    // The expected figures, spelled out once: A 2026 paid 60 000 of 100 000 committed, 200 000 allocated.
    expect(figuresOf(all2026.rows[0]!)).toEqual({
      amount: som(1_000_000),
      allocated: som(200_000),
      committed: som(100_000),
      disbursed: som(60_000),
      returned: 0n,
      free: som(900_000),
      remaining: som(940_000),
    });
    expect(all2026.months).toEqual([{ month: "2026-04", amount: som(60_000) }]);

    const b2027 = await financeOverview({ actor, year: 2027, programmeId: m.b.id, now: NOW });
    expect(b2027.programme?.id).toBe(m.b.id);
    expect(b2027.rows.map((r) => r.id)).toEqual([m.b27]);
    expect(figuresOf(b2027.totals)).toEqual(await fromTheBooks([m.b27]));
    expect(b2027.totals.amount).toBe(som(650_000));
    expect(b2027.months).toEqual([]);

    const a2027 = await financeOverview({ actor, year: 2027, programmeId: m.a.id, now: NOW });
    expect(figuresOf(a2027.totals)).toEqual(await fromTheBooks([m.a27]));
    expect(a2027.totals).toMatchObject({ allocated: som(400_000), committed: som(150_000), disbursed: 0n });

    // By default this fiscal year on a Bishkek clock: 31 December 18:30 UTC is already 1 January 2027 there.
    expect((await financeOverview({ actor, now: NOW })).year).toBe(2026);
    const newYear = await financeOverview({ actor, now: new Date("2026-12-31T18:30:00Z") });
    expect(newYear.year).toBe(2027);
    expect(newYear.rows.map((r) => r.id)).toEqual([m.a27, m.b27]);
    // The chooser offers the years with an appropriation and this year and the next.
    expect(all2026.years).toEqual([
      { year: 2027, closed: false, opened: true },
      { year: 2026, closed: false, opened: true },
    ]);
    expect(newYear.years.map((y) => [y.year, y.opened])).toEqual([
      [2028, false],
      [2027, true],
      [2026, true],
    ]);
  });

  it("marks a closed year, still equal to the ledger after the close released what calls held", async () => {
    const m = await twoProgrammesTwoYears();
    const actor = m.finance.actor;
    await closeAppropriation({ actor, appropriationId: m.a26, now: NOW });
    const a2026 = await financeOverview({ actor, year: 2026, programmeId: m.a.id, now: NOW });
    expect(a2026.closed).toBe(true);
    expect(a2026.rows[0]!.closedAt).toEqual(NOW);
    expect(figuresOf(a2026.totals)).toEqual(await fromTheBooks([m.a26]));
    expect(a2026.totals.allocated).toBe(som(100_000)); // the 100 000 not committed went back at the close
    // B's 2026 is still open: the year as a whole is not closed, each row says which is.
    const all2026 = await financeOverview({ actor, year: 2026, now: NOW });
    expect(all2026.closed).toBe(false);
    expect(all2026.rows.map((r) => r.closedAt !== null)).toEqual([true, false]);
    await closeAppropriation({ actor, appropriationId: m.b26, now: NOW });
    const closedYear = await financeOverview({ actor, year: 2026, now: NOW });
    expect(closedYear.closed).toBe(true);
    expect(closedYear.years.find((y) => y.year === 2026)).toEqual({ year: 2026, closed: true, opened: true });
    expect(figuresOf(closedYear.totals)).toEqual(await fromTheBooks([m.a26, m.b26]));
  });

  it("keeps to the actor's municipality: another's programme answers 404, its years and figures are not shown", async () => {
    const m = await twoProgrammesTwoYears();
    const other = await createStaff("FINANCE_OFFICER");
    await domainError(financeOverview({ actor: other.actor, year: 2026, programmeId: m.a.id, now: NOW }), undefined, 404);
    const theirs = await financeOverview({ actor: other.actor, year: 2026, now: NOW });
    expect(theirs.rows).toEqual([]);
    expect(theirs.programmes).toEqual([]);
    expect(theirs.years.every((y) => !y.opened)).toBe(true);
    await domainError(
      buildExport({
        actor: other.actor,
        name: "appropriations",
        params: new URLSearchParams({ year: "2026", programme: m.a.id }),
        locale: "ru",
      }),
      undefined,
      404,
    );
    await domainError(financeOverview({ actor: m.finance.actor, year: 2026, programmeId: "no-such-programme", now: NOW }), undefined, 404);
    // A programme officer reads the figures; only those who manage programmes are offered to open a year.
    expect((await financeOverview({ actor: m.officer.actor, year: 2028, now: NOW })).canOpen).toBe(false);
    expect((await financeOverview({ actor: m.finance.actor, year: 2028, now: NOW })).canOpen).toBe(true);
  });

  it("exports the same choice, naming the year and programme in the file name and the first line", async () => {
    const m = await twoProgrammesTwoYears();
    const actor = m.finance.actor;
    const table = await buildExport({
      actor,
      name: "appropriations",
      params: new URLSearchParams({ year: "2026", programme: m.a.id }),
      locale: "ru",
    });
    expect(table.fileName).toBe(`appropriations-2026-${m.a.code}`);
    expect(table.scope).toBe(`Финансовый год 2026 · ${m.a.code} Молодёжь`);
    const lines = toCsv(table)
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    expect(lines[0]).toBe(`Ассигнования — Финансовый год 2026 · ${m.a.code} Молодёжь`);
    expect(lines[1]).toMatch(/^Программа,Год,/);
    expect(lines[2]).toBe(`${m.a.code} Молодёжь,2026,1000000.00,200000.00,100000.00,900000.00,60000.00,0.00,940000.00`);
    expect(lines.slice(3)).toEqual([""]);

    const all = await buildExport({ actor, name: "appropriations", params: new URLSearchParams({ year: "2027" }), locale: "en" });
    expect(all.fileName).toBe("appropriations-2027-all-programmes");
    expect(all.rows.map((r) => r.programme)).toEqual([`${m.a.code} Молодёжь`, `${m.b.code} Пожилые`]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(all)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("Appropriations — Fiscal year 2027 · All programmes");
    expect(sheet.getRow(2).getCell(3).value).toBe("Amount, KGS");
    expect(sheet.getRow(4).getCell(3).value).toBe(650_000);

    await closeAppropriation({ actor, appropriationId: m.a26, now: NOW });
    const closed = await buildExport({
      actor,
      name: "months",
      params: new URLSearchParams({ year: "2026", programme: m.a.id }),
      locale: "en",
    });
    expect(closed.scope).toBe(`Fiscal year 2026 · ${m.a.code} Молодёжь · year closed`);
    expect(closed.fileName).toBe(`months-2026-${m.a.code}`);
    expect(closed.rows).toEqual([{ month: "2026-04", disbursed: som(60_000) }]);

    await domainError(
      buildExport({ actor, name: "appropriations", params: new URLSearchParams({ year: "20x6" }), locale: "ru" }),
      "finance:choice.badYearExport",
      400,
    );
  });
});

describe("reading the choice from the URL", () => {
  it("takes a four-digit year between 2000 and 2100 and a programme id; all programmes when empty", () => {
    expect(readFinanceChoice(new URLSearchParams("year=2027&programme=abc"))).toEqual({ year: 2027, programmeId: "abc", badYear: null });
    expect(readFinanceChoice(new URLSearchParams(""))).toEqual({ year: null, programmeId: null, badYear: null });
    expect(readFinanceChoice(new URLSearchParams("year=&programme="))).toEqual({ year: null, programmeId: null, badYear: null });
    expect(readFinanceChoice(new URLSearchParams("programme=all"))).toEqual({ year: null, programmeId: null, badYear: null });
    for (const bad of ["20x6", "1999", "2101", "26", "2026.5", "-2026"])
      expect(readFinanceChoice(new URLSearchParams({ year: bad })).badYear).toBe(bad);
  });
});
