import { describe, expect, it } from "vitest";
import type { DomainError } from "~/utils/domain-error";
import { databaseKind, prisma } from "~/utils/db.server";
import { createBudgetSetting, createDraftCall, createPublishedCall } from "../../../tests/factories-calls";
import { createStaff } from "../../../tests/factories";
import { allocateEnvelope, getBudgetOverview } from "./budgets.server";
import { somToTyiyn } from "./money";
import { domainError } from "../../../tests/support/domain-error";

async function books(appropriationId: string) {
  const appropriation = await prisma.appropriation.findUniqueOrThrow({
    where: { id: appropriationId },
    select: { amount: true, allocated: true },
  });
  const calls = await prisma.call.findMany({ where: { appropriationId }, select: { id: true, envelope: true } });
  const ledger = await prisma.ledgerEntry.findMany({ where: { appropriationId }, select: { kind: true, amount: true, callId: true } });
  const net = (callId?: string) =>
    ledger
      .filter((e) => !callId || e.callId === callId)
      .reduce((sum, e) => sum + (e.kind === "ALLOCATION" ? e.amount : e.kind === "RELEASE" ? -e.amount : 0n), 0n);
  return { ...appropriation, envelopes: calls.reduce((sum, c) => sum + c.envelope, 0n), calls, net, ledger };
}

describe("allocating a call's envelope", () => {
  it("allocates from the appropriation with a ledger entry and an audit event", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const result = await allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(150_000) });
    expect(result.movement).toEqual({ kind: "ALLOCATION", amount: somToTyiyn(150_000) });
    const after = await books(appropriation.id);
    expect(after.allocated).toBe(somToTyiyn(150_000));
    expect(after.ledger).toEqual([{ kind: "ALLOCATION", amount: somToTyiyn(150_000), callId: call.id }]);
    const audit = await prisma.auditEvent.findMany({ where: { entityId: call.id, action: "budget.allocated" } });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ envelope: "15000000", amount: "15000000" });
  });

  it("releases what a draft's envelope is reduced by", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    await allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(150_000) });
    const result = await allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(100_000) });
    expect(result.movement).toEqual({ kind: "RELEASE", amount: somToTyiyn(50_000) });
    const after = await books(appropriation.id);
    expect(after.allocated).toBe(somToTyiyn(100_000));
    expect(after.net(call.id)).toBe(somToTyiyn(100_000));
    // Setting the same envelope again moves nothing and records nothing.
    await allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(100_000) });
    expect((await books(appropriation.id)).ledger).toHaveLength(2);
  });

  it("refuses more than is free and writes nothing", async () => {
    const { appropriation, officer } = await createBudgetSetting({ amountSom: 100_000 });
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const auditBefore = await prisma.auditEvent.count();
    await domainError(
      allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(100_000) + 1n }),
      "budgets:errors.exhausted",
      409,
    );
    const after = await books(appropriation.id);
    expect(after.allocated).toBe(0n);
    expect(after.envelopes).toBe(0n);
    expect(after.ledger).toEqual([]);
    expect(await prisma.auditEvent.count()).toBe(auditBefore);
    // Exactly the appropriation fits.
    await allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(100_000) });
    expect((await books(appropriation.id)).allocated).toBe(somToTyiyn(100_000));
  });

  it("does not change a published call's envelope", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id, envelopeSom: 120_000 });
    await domainError(allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(130_000) }), "budgets:errors.notDraft", 409);
    expect((await books(appropriation.id)).allocated).toBe(somToTyiyn(120_000));
  });

  it("answers 404 for another municipality's call and 403 without the permission", async () => {
    const { appropriation, officer, finance } = await createBudgetSetting();
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const stranger = await createStaff("PROGRAMME_OFFICER");
    await domainError(allocateEnvelope({ actor: stranger.actor, callId: call.id, envelope: 1n }), "notFound", 404);
    await domainError(allocateEnvelope({ actor: finance, callId: call.id, envelope: 1n }), "forbidden", 403);
    await domainError(allocateEnvelope({ actor: officer, callId: call.id, envelope: -1n }), "budgets:errors.negative", 400);
  });
});

describe("the budget overview", () => {
  it("shows finance the appropriation, allocated and free amounts per programme and year, and the calls holding them", async () => {
    const { appropriation, officer, finance } = await createBudgetSetting({ amountSom: 400_000 });
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    await allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(250_000) });
    const overview = await getBudgetOverview({ actor: finance });
    expect(overview.years).toEqual([2026]);
    expect(overview.programmes).toHaveLength(1);
    const [row] = overview.programmes[0]!.appropriations;
    expect(row).toMatchObject({ fiscalYear: 2026, amount: somToTyiyn(400_000), allocated: somToTyiyn(250_000), free: somToTyiyn(150_000) });
    expect(row!.calls.map((c) => [c.id, c.envelope])).toEqual([[call.id, somToTyiyn(250_000)]]);
    expect(row!.ledger.map((e) => e.kind)).toEqual(["ALLOCATION"]);
    expect((await getBudgetOverview({ actor: finance, fiscalYear: 2025 })).programmes[0]!.appropriations).toEqual([]);
    const stranger = await createStaff("FINANCE_OFFICER");
    expect((await getBudgetOverview({ actor: stranger.actor })).programmes).toEqual([]);
    const nco = { ...finance, roles: ["NCO_ADMIN" as const] };
    await domainError(getBudgetOverview({ actor: nco }), "forbidden", 403);
  });
});

/** A fixed pseudo-random sequence, so a failure can be replayed. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("under concurrency", () => {
  it(`never exceeds the appropriation with 200 concurrent attempts asking for twice of it, and uses at least 99% (${databaseKind()})`, async () => {
    const appropriationSom = 400_000;
    const { appropriation, officer, municipalityId } = await createBudgetSetting({ amountSom: appropriationSom });
    const attempts = 200;
    // Twice the appropriation in all: 1,000 som each plus a random share of the rest.
    const random = sequence(20_260_401);
    const weights = Array.from({ length: attempts }, () => random());
    const spread = somToTyiyn(2 * appropriationSom - attempts * 1_000);
    const weightTotal = weights.reduce((a, b) => a + b, 0);
    const amounts = weights.map((w) => somToTyiyn(1_000) + (spread * BigInt(Math.round((w / weightTotal) * 1e9))) / 1_000_000_000n);
    amounts[attempts - 1]! += somToTyiyn(2 * appropriationSom) - amounts.reduce((a, b) => a + b, 0n);
    expect(amounts.reduce((a, b) => a + b, 0n)).toBe(2n * appropriation.amount);

    const ids = Array.from({ length: attempts }, (_, i) => `concurrency-${appropriation.id}-${i}`);
    await prisma.call.createMany({
      data: ids.map((id, i) => ({
        id,
        reference: `${id}-ref`,
        municipalityId,
        appropriationId: appropriation.id,
        titleRu: `Конкурс ${i}`,
      })),
    });

    const started = performance.now();
    const results = await Promise.allSettled(ids.map((callId, i) => allocateEnvelope({ actor: officer, callId, envelope: amounts[i]! })));
    const elapsedMs = Math.round(performance.now() - started);

    const refused = results.flatMap((r, i) => (r.status === "rejected" ? [{ reason: r.reason as unknown, amount: amounts[i]! }] : []));
    for (const { reason } of refused) expect(reason).toMatchObject({ name: "DomainError", code: "budgets:errors.exhausted" });
    const granted = results.flatMap((r, i) => (r.status === "fulfilled" ? [amounts[i]!] : []));
    const grantedTotal = granted.reduce((a, b) => a + b, 0n);

    const after = await books(appropriation.id);
    expect(after.allocated).toBeLessThanOrEqual(after.amount);
    expect(after.allocated).toBe(grantedTotal);
    expect(after.envelopes).toBe(grantedTotal);
    expect(after.net()).toBe(grantedTotal);
    expect(after.ledger).toHaveLength(granted.length);
    expect(await prisma.auditEvent.count({ where: { action: "budget.allocated", entityId: { in: ids } } })).toBe(granted.length);
    // Every refusal was for want of room: none of the refused amounts fits in what is left.
    const free = after.amount - after.allocated;
    for (const { amount } of refused) expect(amount).toBeGreaterThan(free);
    const usedPercent = Number((after.allocated * 10_000n) / after.amount) / 100;
    expect(usedPercent).toBeGreaterThanOrEqual(99);

    console.log(
      `[allocation proof, ${databaseKind()}] ${attempts} attempts asking ${2 * appropriationSom} som of ${appropriationSom}: ` +
        `${granted.length} granted, ${refused.length} refused, ${usedPercent}% used, never above; ${elapsedMs} ms`,
    );
  });

  it("keeps the books balanced when one draft's envelope is changed by many requests at once", async () => {
    const { appropriation, officer } = await createBudgetSetting({ amountSom: 100_000 });
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const targets = Array.from({ length: 40 }, (_, i) => somToTyiyn(((i * 37) % 120) * 1_000));
    const results = await Promise.allSettled(targets.map((envelope) => allocateEnvelope({ actor: officer, callId: call.id, envelope })));
    for (const r of results)
      if (r.status === "rejected") expect((r.reason as DomainError).code).toMatch(/^budgets:errors\.(exhausted|changedMeanwhile)$/);
    const after = await books(appropriation.id);
    expect(after.allocated).toBeLessThanOrEqual(after.amount);
    expect(after.allocated).toBe(after.envelopes);
    expect(after.net(call.id)).toBe(after.calls[0]!.envelope);
  });
});
