import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { databaseKind, prisma } from "~/utils/db.server";
import type { DomainError } from "~/utils/domain-error";
import { createAppropriation, createDraftCall } from "../../../tests/factories-calls";
import { createFinalAward } from "../../../tests/factories-grants";
import { createMunicipality, createStaff } from "../../../tests/factories";
import { changeAppropriation, closeAppropriation, openAppropriation } from "./appropriations.server";
import { allocateEnvelope, listAppropriationsForCalls } from "./budgets.server";
import { somToTyiyn } from "./money";
import { ChangeAppropriationSchema, OpenAppropriationSchema, ProgrammeSchema } from "./programme-schemas";
import { createProgramme, getProgramme, listProgrammes, updateProgramme } from "./programmes.server";
import { startOfDay } from "~/utils/time";
import { domainError } from "../../../tests/support/domain-error";

// A December day in Bishkek: 2026 is the current fiscal year, 2027 the next.
const NOW = new Date("2026-12-06T10:00:00Z");

const programmeForm = (overrides: Record<string, string> = {}) =>
  ProgrammeSchema.parse({
    code: `sz-${randomUUID().slice(0, 8)}`,
    nameKy: "Социалдык заказ",
    nameRu: "Социальный заказ",
    nameEn: "Social order",
    actBody: "Каракол шаардык кеңеши",
    actNumber: "12/3",
    actDate: "2026-11-20",
    firstYear: "2026",
    lastYear: "2028",
    ...overrides,
  });

const act = { actBody: "Каракол шаардык кеңеши", actNumber: "15/1", actDate: "2026-12-01" };
const openForm = (fiscalYear: number, som: string) =>
  OpenAppropriationSchema.parse({ fiscalYear: String(fiscalYear), amount: som, ...act, requestKey: randomUUID() });
const changeForm = (appropriationId: string, direction: "INCREASE" | "DECREASE", som: string, requestKey = randomUUID()) =>
  ChangeAppropriationSchema.parse({ appropriationId, direction, amount: som, reason: "Бюджетке өзгөртүү", ...act, requestKey });

async function financeWithProgramme(overrides: Record<string, string> = {}) {
  const finance = await createStaff("FINANCE_OFFICER");
  const programme = await createProgramme({ actor: finance.actor, input: programmeForm(overrides), now: NOW });
  return { finance: finance.actor, municipalityId: finance.municipalityId, programme };
}

describe("budget programmes", () => {
  it("are created and edited by the administrator or finance officer of their own municipality, with an audit event", async () => {
    const { finance, municipalityId, programme } = await financeWithProgramme({ code: ` sz-edit-1-${randomUUID().slice(0, 4)} ` });
    expect(programme.code).toMatch(/^SZ-EDIT-1/);
    const admin = await createStaff("ADMIN", municipalityId);
    await updateProgramme({
      actor: admin.actor,
      programmeId: programme.id,
      input: programmeForm({ code: programme.code, nameRu: "Социальный заказ города", lastYear: "2029" }),
      now: NOW,
    });
    const read = await getProgramme({ actor: finance, programmeId: programme.id });
    expect(read).toMatchObject({
      nameRu: "Социальный заказ города",
      lastYear: 2029,
      actNumber: "12/3",
      actDate: startOfDay("2026-11-20"),
    });
    expect(
      await prisma.auditEvent.count({ where: { entityId: programme.id, action: { in: ["programme.created", "programme.updated"] } } }),
    ).toBe(2);
    // The same code twice in one municipality is refused; another municipality may use it.
    await domainError(createProgramme({ actor: finance, input: programmeForm({ code: programme.code }) }), "budgets:errors.codeTaken", 409);
    const other = await createStaff("FINANCE_OFFICER");
    await createProgramme({ actor: other.actor, input: programmeForm({ code: programme.code }) });
  });

  it("are neither seen nor changed by another municipality, nor by a programme officer", async () => {
    const { programme } = await financeWithProgramme();
    const stranger = await createStaff("ADMIN");
    await domainError(getProgramme({ actor: stranger.actor, programmeId: programme.id }), "notFound", 404);
    await domainError(updateProgramme({ actor: stranger.actor, programmeId: programme.id, input: programmeForm() }), "notFound", 404);
    await domainError(
      openAppropriation({ actor: stranger.actor, programmeId: programme.id, input: openForm(2027, "100"), now: NOW }),
      undefined,
      404,
    );
    expect((await listProgrammes({ actor: stranger.actor })).map((p) => p.id)).not.toContain(programme.id);
    const officer = await createStaff("PROGRAMME_OFFICER");
    await domainError(createProgramme({ actor: officer.actor, input: programmeForm() }), "forbidden", 403);
  });

  it("validates the form: period order, act date, code", () => {
    const result = ProgrammeSchema.safeParse({
      code: "a b",
      nameKy: "",
      nameRu: "x",
      nameEn: "x",
      actBody: "x",
      actNumber: "1",
      actDate: "2026-02-30",
      firstYear: "2027",
      lastYear: "2026",
    });
    expect(result.success).toBe(false);
    const errors = result.success ? {} : result.error.flatten().fieldErrors;
    expect(errors).toMatchObject({ code: ["budgets:form.error.code"], nameKy: ["required"], actDate: ["budgets:form.error.date"] });
    expect(
      ProgrammeSchema.safeParse({ ...programmeForm(), actDate: "2026-11-20", firstYear: "2027", lastYear: "2026" }).error?.flatten()
        .fieldErrors.lastYear,
    ).toEqual(["budgets:form.error.period"]);
  });
});

describe("opening an appropriation", () => {
  it("opens this year's and next year's, in tyiyn, without touching another year's figures", async () => {
    const { finance, programme } = await financeWithProgramme();
    const y2026 = await openAppropriation({ actor: finance, programmeId: programme.id, input: openForm(2026, "500 000"), now: NOW });
    const officer = (await createStaff("PROGRAMME_OFFICER", finance.municipalityId!)).actor;
    const call = await createDraftCall({ actor: officer, appropriationId: y2026.appropriationId });
    await allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(100_000) });
    const before = await prisma.appropriation.findUniqueOrThrow({ where: { id: y2026.appropriationId } });
    const y2027 = await openAppropriation({ actor: finance, programmeId: programme.id, input: openForm(2027, "1 250 000,50"), now: NOW });
    expect(
      await prisma.appropriation.findUniqueOrThrow({ where: { id: y2027.appropriationId }, select: { amount: true, fiscalYear: true } }),
    ).toEqual({ amount: 125_000_050n, fiscalYear: 2027 });
    expect(await prisma.appropriation.findUniqueOrThrow({ where: { id: y2026.appropriationId } })).toEqual(before);
    const changes = await prisma.appropriationChange.findMany({ where: { appropriationId: y2027.appropriationId } });
    expect(changes).toMatchObject([{ kind: "OPENING", amount: 125_000_050n, amountAfter: 125_000_050n, actNumber: "15/1" }]);
    expect(await prisma.auditEvent.count({ where: { entityId: y2027.appropriationId, action: "appropriation.opened" } })).toBe(1);
  });

  it("refuses a past year, a year after next, a year outside the programme's period, and a year already open; a repeated form opens once", async () => {
    const { finance, programme } = await financeWithProgramme({ firstYear: "2027", lastYear: "2030" });
    await domainError(
      openAppropriation({ actor: finance, programmeId: programme.id, input: openForm(2025, "1"), now: NOW }),
      "budgets:errors.pastYear",
    );
    await domainError(
      openAppropriation({ actor: finance, programmeId: programme.id, input: openForm(2028, "1"), now: NOW }),
      "budgets:errors.tooFarAhead",
    );
    await domainError(
      openAppropriation({ actor: finance, programmeId: programme.id, input: openForm(2026, "1"), now: NOW }),
      "budgets:errors.outsidePeriod",
    );
    const form = openForm(2027, "300000");
    const [first, second] = await Promise.all([
      openAppropriation({ actor: finance, programmeId: programme.id, input: form, now: NOW }),
      openAppropriation({ actor: finance, programmeId: programme.id, input: form, now: NOW }),
    ]);
    expect(second.appropriationId).toBe(first.appropriationId);
    expect(await prisma.appropriation.count({ where: { programmeId: programme.id } })).toBe(1);
    await domainError(
      openAppropriation({ actor: finance, programmeId: programme.id, input: openForm(2027, "1"), now: NOW }),
      "budgets:errors.yearOpen",
    );
  });
});

describe("changing an appropriation", () => {
  it("increases and decreases with the act, each an immutable change and an audit event; a repeated form changes once", async () => {
    const { finance, programme } = await financeWithProgramme();
    const { appropriationId } = await openAppropriation({
      actor: finance,
      programmeId: programme.id,
      input: openForm(2027, "400000"),
      now: NOW,
    });
    const increase = changeForm(appropriationId, "INCREASE", "100000");
    await changeAppropriation({ actor: finance, input: increase, now: NOW });
    const replay = await changeAppropriation({ actor: finance, input: increase, now: NOW });
    expect(replay.replayed).toBe(true);
    await changeAppropriation({ actor: finance, input: changeForm(appropriationId, "DECREASE", "50 000,25"), now: NOW });
    const row = await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriationId }, select: { amount: true } });
    expect(row.amount).toBe(somToTyiyn(450_000) - 25n);
    const changes = await prisma.appropriationChange.findMany({
      where: { appropriationId },
      orderBy: { amountAfter: "asc" },
      select: { kind: true, amount: true, amountAfter: true, reason: true },
    });
    expect(changes.map((c) => c.kind).sort()).toEqual(["DECREASE", "INCREASE", "OPENING"]);
    expect(changes.find((c) => c.kind === "DECREASE")).toMatchObject({
      amount: somToTyiyn(50_000) + 25n,
      amountAfter: somToTyiyn(450_000) - 25n,
      reason: "Бюджетке өзгөртүү",
    });
    const audit = await prisma.auditEvent.findMany({
      where: { entityId: appropriationId, action: { in: ["appropriation.increased", "appropriation.decreased"] } },
    });
    expect(audit).toHaveLength(2);
  });

  it("changes or closes an appropriation only on its own programme's page: another programme's finds nothing and writes nothing", async () => {
    const { finance, programme } = await financeWithProgramme();
    const other = await createProgramme({ actor: finance, input: programmeForm(), now: NOW });
    const { appropriationId } = await openAppropriation({
      actor: finance,
      programmeId: programme.id,
      input: openForm(2027, "400000"),
      now: NOW,
    });
    await domainError(
      changeAppropriation({ actor: finance, programmeId: other.id, input: changeForm(appropriationId, "INCREASE", "100000"), now: NOW }),
      undefined,
      404,
    );
    await domainError(closeAppropriation({ actor: finance, programmeId: other.id, appropriationId, now: NOW }), undefined, 404);
    const row = await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriationId }, select: { amount: true, closedAt: true } });
    expect(row).toEqual({ amount: somToTyiyn(400_000), closedAt: null });
    expect(await prisma.appropriationChange.count({ where: { appropriationId, kind: { not: "OPENING" } } })).toBe(0);
    await changeAppropriation({
      actor: finance,
      programmeId: programme.id,
      input: changeForm(appropriationId, "INCREASE", "100000"),
      now: NOW,
    });
    expect((await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriationId }, select: { amount: true } })).amount).toBe(
      somToTyiyn(500_000),
    );
  });

  it("refuses a decrease below what calls hold, with the figures for the message, and a change to a past year", async () => {
    const appropriation = await createAppropriation({ amountSom: 300_000, fiscalYear: 2026 });
    const municipalityId = appropriation.programme.municipalityId;
    const officer = (await createStaff("PROGRAMME_OFFICER", municipalityId)).actor;
    const finance = (await createStaff("FINANCE_OFFICER", municipalityId)).actor;
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    await allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(250_000) });
    const refused = await domainError(
      changeAppropriation({ actor: finance, input: changeForm(appropriation.id, "DECREASE", "50000,01"), now: NOW }),
      "budgets:errors.belowAllocated",
      409,
    );
    expect(refused.params).toEqual({ allocated: String(somToTyiyn(250_000)), maxDecrease: String(somToTyiyn(50_000)) });
    await changeAppropriation({ actor: finance, input: changeForm(appropriation.id, "DECREASE", "50000"), now: NOW });
    expect((await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriation.id } })).amount).toBe(somToTyiyn(250_000));
    const nextYear = new Date("2027-01-05T00:00:00Z");
    await domainError(
      changeAppropriation({ actor: finance, input: changeForm(appropriation.id, "INCREASE", "1"), now: nextYear }),
      "budgets:errors.pastYear",
    );
    const stranger = await createStaff("FINANCE_OFFICER", (await createMunicipality()).id);
    await domainError(
      changeAppropriation({ actor: stranger.actor, input: changeForm(appropriation.id, "INCREASE", "1"), now: NOW }),
      undefined,
      404,
    );
  });
});

describe("closing a fiscal year", () => {
  it("reports the year, releases what calls hold uncommitted, keeps commitments, and takes no allocation or increase after", async () => {
    const { appropriation, call, finance, officer } = await createFinalAward({ amount: somToTyiyn(100_000) });
    await prisma.appropriation.update({ where: { id: appropriation.id }, data: { disbursed: somToTyiyn(40_000) } });
    const draft = await createDraftCall({ actor: officer.actor, appropriationId: appropriation.id });
    await allocateEnvelope({ actor: officer.actor, callId: draft.id, envelope: somToTyiyn(30_000) });

    const closed = await closeAppropriation({ actor: finance.actor, appropriationId: appropriation.id, now: NOW });
    expect(closed.report).toEqual({
      appropriated: somToTyiyn(400_000),
      allocated: somToTyiyn(230_000),
      committed: somToTyiyn(100_000),
      disbursed: somToTyiyn(40_000),
      returned: 0n,
      released: somToTyiyn(130_000),
      carriedOver: somToTyiyn(60_000),
      unallocated: somToTyiyn(170_000),
    });
    const row = await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriation.id } });
    expect(row).toMatchObject({
      allocated: somToTyiyn(100_000),
      committed: somToTyiyn(100_000),
      releasedAtClose: somToTyiyn(130_000),
      closedAt: NOW,
      closedById: finance.user.id,
    });
    expect(await prisma.call.findUniqueOrThrow({ where: { id: call.id }, select: { envelope: true, committed: true } })).toEqual({
      envelope: somToTyiyn(100_000),
      committed: somToTyiyn(100_000),
    });
    expect(await prisma.call.findUniqueOrThrow({ where: { id: draft.id }, select: { envelope: true } })).toEqual({ envelope: 0n });
    const releases = await prisma.ledgerEntry.findMany({
      where: { appropriationId: appropriation.id, kind: "RELEASE", createdAt: NOW },
      select: { callId: true, amount: true },
    });
    expect(releases.sort((a, b) => Number(a.amount - b.amount))).toEqual([
      { callId: draft.id, amount: somToTyiyn(30_000) },
      { callId: call.id, amount: somToTyiyn(100_000) },
    ]);
    expect(await prisma.auditEvent.count({ where: { entityId: appropriation.id, action: "appropriation.closed" } })).toBe(1);
    // The report reads the same afterwards.
    const page = await getProgramme({ actor: finance.actor, programmeId: appropriation.programmeId });
    expect(page.appropriations[0]!.report).toEqual(closed.report);
    // Closing again changes nothing; the closed year takes no allocation nor increase.
    expect(await closeAppropriation({ actor: finance.actor, appropriationId: appropriation.id, now: NOW })).toMatchObject({
      alreadyClosed: true,
    });
    await domainError(allocateEnvelope({ actor: officer.actor, callId: draft.id, envelope: 1n }), "budgets:errors.closed");
    await domainError(
      changeAppropriation({ actor: finance.actor, input: changeForm(appropriation.id, "INCREASE", "1"), now: NOW }),
      "budgets:errors.closed",
    );
    await domainError(
      changeAppropriation({ actor: finance.actor, input: changeForm(appropriation.id, "DECREASE", "1"), now: NOW }),
      "budgets:errors.closed",
    );
    // Nor a new call: the officer's form no longer offers it, and a forged choice is refused.
    expect((await listAppropriationsForCalls(officer.actor)).map((a) => a.id)).not.toContain(appropriation.id);
    expect(
      (await domainError(createDraftCall({ actor: officer.actor, appropriationId: appropriation.id }), "budgets:errors.closed")).params,
    ).toMatchObject({ year: appropriation.fiscalYear });
  });

  it("is refused while a call of the year awaits its decision", async () => {
    const { appropriation, call, finance } = await createFinalAward();
    await prisma.call.update({ where: { id: call.id }, data: { status: "IN_REVIEW" } });
    const refused = await domainError(
      closeAppropriation({ actor: finance.actor, appropriationId: appropriation.id, now: NOW }),
      "budgets:errors.callsUndecided",
    );
    expect(refused.params).toMatchObject({ calls: call.reference });
    expect((await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriation.id } })).closedAt).toBeNull();
    const stranger = await createStaff("FINANCE_OFFICER");
    await domainError(closeAppropriation({ actor: stranger.actor, appropriationId: appropriation.id, now: NOW }), undefined, 404);
  });
});

describe("under concurrency", () => {
  it(`never lets decreases and allocations racing each other leave calls holding more than the appropriation (${databaseKind()})`, async () => {
    const { finance, municipalityId, programme } = await financeWithProgramme();
    const officer = (await createStaff("PROGRAMME_OFFICER", municipalityId)).actor;
    const { appropriationId } = await openAppropriation({
      actor: finance,
      programmeId: programme.id,
      input: openForm(2026, "400000"),
      now: NOW,
    });
    const ids = Array.from({ length: 40 }, (_, i) => `race-${appropriationId}-${i}`);
    await prisma.call.createMany({
      data: ids.map((id, i) => ({ id, reference: `${id}-ref`, municipalityId, appropriationId, titleRu: `Конкурс ${i}` })),
    });
    // 40 allocations of 8,000 som (320,000 in all) against 40 decreases of 5,000 (200,000): both cannot fit in 400,000.
    const allocations = ids.map((callId) => () => allocateEnvelope({ actor: officer, callId, envelope: somToTyiyn(8_000) }));
    const decreases = ids.map(
      () => () => changeAppropriation({ actor: finance, input: changeForm(appropriationId, "DECREASE", "5000"), now: NOW }),
    );
    const work = allocations.flatMap((allocate, i) => [allocate, decreases[i]!]);
    const results = await Promise.allSettled(work.map((run) => run()));

    for (const r of results)
      if (r.status === "rejected") expect((r.reason as DomainError).code).toMatch(/^budgets:errors\.(exhausted|belowAllocated)$/);
    const allocatedOk = results.filter((r, i) => i % 2 === 0 && r.status === "fulfilled").length;
    const decreasedOk = results.filter((r, i) => i % 2 === 1 && r.status === "fulfilled").length;
    const row = await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriationId }, select: { amount: true, allocated: true } });
    const envelopes = await prisma.call.aggregate({ where: { appropriationId }, _sum: { envelope: true } });
    expect(row.allocated).toBeLessThanOrEqual(row.amount);
    expect(row.allocated).toBe(somToTyiyn(8_000) * BigInt(allocatedOk));
    expect(envelopes._sum.envelope ?? 0n).toBe(row.allocated);
    expect(row.amount).toBe(somToTyiyn(400_000) - somToTyiyn(5_000) * BigInt(decreasedOk));
    const decreasesRecorded = await prisma.appropriationChange.findMany({
      where: { appropriationId, kind: "DECREASE" },
      select: { amount: true },
    });
    expect(decreasesRecorded).toHaveLength(decreasedOk);
    expect(await prisma.auditEvent.count({ where: { entityId: appropriationId, action: "appropriation.decreased" } })).toBe(decreasedOk);
    // Both kinds got through and at least one was refused: the race was real.
    expect(allocatedOk).toBeGreaterThan(0);
    expect(decreasedOk).toBeGreaterThan(0);
    expect(allocatedOk + decreasedOk).toBeLessThan(80);
    console.log(
      `[decrease/allocation race, ${databaseKind()}] ${allocatedOk} allocations, ${decreasedOk} decreases granted of 40 each; allocated ${row.allocated} <= ${row.amount}`,
    );
  });
});
