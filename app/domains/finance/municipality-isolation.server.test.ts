// Issue 17 item 2: a second municipality's staff neither see nor act on the
// first one's agreements, payments, bank statements, finance figures, exports
// or budgets (and the other way round). Each domain function is called by the
// other municipality's finance and programme officers.
import { describe, expect, it } from "vitest";
import { getAgreement, listAgreements, listAwardsAwaitingAgreement } from "~/domains/agreements/agreements.server";
import { getBudgetOverview } from "~/domains/budgets/budgets.server";
import { createPaymentOrder, listPayableTranches, listPaymentOrders } from "~/domains/disbursements/payments.server";
import { getStatement, importStatement, listStatements, resolveLine } from "~/domains/disbursements/reconciliation.server";
import { getMilestone, recordVisit } from "~/domains/monitoring/monitoring.server";
import { grantsAttention } from "~/domains/monitoring/grants-attention.server";
import { prisma } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { createPayableAgreement } from "../../../tests/factories-grants";
import { buildExport } from "./exports.server";
import { appropriationDetail, callFinance, financeAttention, financeOverview } from "./finance.server";
import { startOfDay } from "~/utils/time";
import { domainError } from "../../../tests/support/domain-error";

type Setup = Awaited<ReturnType<typeof createPayableAgreement>>;

/** One municipality with a paid tranche, a payable one and an imported statement with a line to resolve. */
async function municipalityWithMoney() {
  const setup = await createPayableAgreement({ milestones: 2, shares: [5000, 5000] });
  const order = await createPaymentOrder({
    actor: setup.finance.actor,
    trancheId: setup.tranches[0]!.id,
    idempotencyKey: `iso-${setup.award.id}-0000000`,
    manual: { paidOn: startOfDay("2026-03-10"), bankReference: "" },
  });
  const csv = `Дата;Номер документа;Сумма\n11.03.2026;${order.reference};50 000,00\n12.03.2026;PO-000000-000000;10,00\n`;
  const statement = await importStatement({ actor: setup.finance.actor, fileName: "выписка.csv", bytes: new TextEncoder().encode(csv) });
  const lines = await prisma.bankStatementLine.findMany({
    where: { statementId: statement.id },
    orderBy: { lineNo: "asc" },
    select: { id: true },
  });
  return { ...setup, order, statementId: statement.id, openLineId: lines[1]!.id };
}

async function expectHidden(promise: Promise<unknown>) {
  await domainError(promise, undefined, 404);
}

async function assertIsolated(own: Setup & { statementId: string; openLineId: string; order: { reference: string } }, other: Setup) {
  const finance: Actor = other.finance.actor;
  const officer: Actor = other.officer.actor;

  // Bank statements: listed, opened, exported, resolved.
  expect((await listStatements({ actor: finance })).map((s) => s.id)).not.toContain(own.statementId);
  await expectHidden(getStatement({ actor: finance, statementId: own.statementId }));
  await expectHidden(
    buildExport({ actor: finance, name: "statement", params: new URLSearchParams({ statementId: own.statementId }), locale: "ru" }),
  );
  await expectHidden(resolveLine({ actor: finance, lineId: own.openLineId, note: "чужая строка" }));
  expect(await prisma.reconciliationMatch.findUniqueOrThrow({ where: { lineId: own.openLineId }, select: { status: true } })).toEqual({
    status: "UNMATCHED",
  });

  // Payments: listed, exported, ordered.
  expect((await listPaymentOrders({ actor: finance })).map((o) => o.reference)).not.toContain(own.order.reference);
  expect((await listPayableTranches({ actor: finance })).map((t) => t.id)).not.toContain(own.tranches[1]!.id);
  const payments = await buildExport({ actor: finance, name: "payments", params: new URLSearchParams(), locale: "ru" });
  expect(payments.rows.map((r) => r.reference)).not.toContain(own.order.reference);
  await expectHidden(
    createPaymentOrder({ actor: finance, trancheId: own.tranches[1]!.id, idempotencyKey: `steal-${own.award.id}-000000` }),
  );
  expect(await prisma.tranche.findUniqueOrThrow({ where: { id: own.tranches[1]!.id }, select: { status: true } })).toEqual({
    status: "PAYABLE",
  });

  // Finance dashboards and their drill-downs and exports.
  const overview = await financeOverview({ actor: finance, year: own.appropriation.fiscalYear });
  expect(overview.rows.map((r) => r.id)).not.toContain(own.appropriation.id);
  expect(overview.programmes.map((p) => p.id)).not.toContain(own.programme.id);
  await expectHidden(financeOverview({ actor: finance, year: own.appropriation.fiscalYear, programmeId: own.programme.id }));
  await expectHidden(
    buildExport({ actor: finance, name: "appropriations", params: new URLSearchParams({ programme: own.programme.id }), locale: "ru" }),
  );
  await expectHidden(
    buildExport({
      actor: finance,
      name: "months",
      params: new URLSearchParams({ year: "2026", programme: own.programme.id }),
      locale: "en",
    }),
  );
  await expectHidden(appropriationDetail({ actor: finance, appropriationId: own.appropriation.id }));
  await expectHidden(callFinance({ actor: finance, callId: own.call.id }));
  await expectHidden(buildExport({ actor: finance, name: "grants", params: new URLSearchParams({ callId: own.call.id }), locale: "ky" }));
  await expectHidden(
    buildExport({ actor: finance, name: "calls", params: new URLSearchParams({ appropriationId: own.appropriation.id }), locale: "ky" }),
  );
  expect(await financeAttention({ actor: finance, stuckAfterAttempts: 3 })).toEqual({ payable: 1, stuck: 0, toResolve: 1 });
  const cards = Object.fromEntries((await grantsAttention(finance)).map((c) => [c.key, c.count]));
  expect(cards).toMatchObject({ payableTranches: 1, linesToResolve: 1 });

  // Agreements, milestones, visits.
  expect((await listAgreements({ actor: officer })).map((a: { id: string }) => a.id)).not.toContain(own.agreement.id);
  expect((await listAgreements({ actor: finance })).map((a: { id: string }) => a.id)).not.toContain(own.agreement.id);
  await expectHidden(getAgreement({ actor: finance, agreementId: own.agreement.id }));
  await expectHidden(getMilestone({ actor: officer, milestoneId: own.agreement.milestones[0]!.id }));
  await expectHidden(
    recordVisit({ actor: officer, agreementId: own.agreement.id, visitedOn: startOfDay("2026-03-01"), findings: "чужой визит" }),
  );
  expect(await listAwardsAwaitingAgreement({ actor: officer })).toEqual([]);

  // Budgets.
  const budget = await getBudgetOverview({ actor: officer });
  expect(budget.programmes.map((p) => p.id)).not.toContain(own.programme.id);
}

describe("municipality isolation of agreements, payments, statements, finance and budgets", () => {
  it("keeps each municipality's objects from the other's staff, both ways", async () => {
    const first = await municipalityWithMoney();
    const second = await municipalityWithMoney();
    expect(first.finance.municipalityId).not.toBe(second.finance.municipalityId);
    await assertIsolated(first, second);
    await assertIsolated(second, first);
    // Each still sees its own.
    expect((await listStatements({ actor: first.finance.actor })).map((s) => s.id)).toEqual([first.statementId]);
    expect((await getStatement({ actor: first.finance.actor, statementId: first.statementId })).lines).toHaveLength(2);
  });

  it("lets each municipality import the same statement file once for itself", async () => {
    const first = await municipalityWithMoney();
    const second = await municipalityWithMoney();
    const csv = new TextEncoder().encode("Дата;Номер документа;Сумма\n11.03.2026;PO-000000-111111;10,00\n");
    await importStatement({ actor: first.finance.actor, fileName: "общая.csv", bytes: csv });
    await importStatement({ actor: second.finance.actor, fileName: "общая.csv", bytes: csv });
    await domainError(
      importStatement({ actor: first.finance.actor, fileName: "общая.csv", bytes: csv }),
      "finance:error.statement.duplicate",
      409,
    );
  });

  it("shows staff without a municipality nothing", async () => {
    const first = await municipalityWithMoney();
    const stray: Actor = { ...first.finance.actor, municipalityId: null };
    expect(await listStatements({ actor: stray })).toEqual([]);
    expect(await listPaymentOrders({ actor: stray })).toEqual([]);
    expect((await financeOverview({ actor: stray, year: 2026 })).rows).toEqual([]);
    expect(await financeAttention({ actor: stray, stuckAfterAttempts: 3 })).toEqual({ payable: 0, stuck: 0, toResolve: 0 });
    await expectHidden(getAgreement({ actor: stray, agreementId: first.agreement.id }));
  });
});
