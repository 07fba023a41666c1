import { Prisma } from "~/generated/sqlite/client";
import { databaseKind, prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, can, type Actor } from "~/utils/permissions";
import { staffScope } from "~/domains/disbursements/payments.server";
import { NEEDS_ACTION_STATUSES } from "~/domains/disbursements/reconciliation-rules";
import { statementScope } from "~/domains/disbursements/reconciliation.server";
import { bishkekYear } from "~/domains/budgets/appropriations.server";
import { freeOf, remainingOf, type BudgetFigures } from "./finance-rules";

/** Rows of the actor's municipality; staff without one see none. */
function municipalityOf(actor: Actor) {
  return { municipalityId: { in: actor.municipalityId ? [actor.municipalityId] : [] } };
}

export type MonthTotal = { month: string; amount: bigint };

/**
 * Disbursements per calendar month in Bishkek (UTC+6), summed by the
 * database: the dashboard never loads the ledger rows themselves.
 */
export async function disbursementsByMonth(filter: { appropriationIds?: string[]; callId?: string }): Promise<MonthTotal[]> {
  const conditions = [Prisma.sql`"kind" = 'DISBURSEMENT'`];
  if (filter.appropriationIds) {
    if (filter.appropriationIds.length === 0) return [];
    conditions.push(Prisma.sql`"appropriationId" IN (${Prisma.join(filter.appropriationIds)})`);
  }
  if (filter.callId) conditions.push(Prisma.sql`"callId" = ${filter.callId}`);
  const where = Prisma.join(conditions, " AND ");
  const rows =
    databaseKind() === "postgresql"
      ? await prisma.$queryRaw<
          { month: string; amount: bigint }[]
        >`SELECT to_char("createdAt" + interval '6 hours', 'YYYY-MM') AS "month", SUM("amount")::bigint AS "amount"
          FROM "LedgerEntry" WHERE ${where} GROUP BY 1 ORDER BY 1`
      : // Instants are stored as ISO text in UTC; only an evening (18:00 UTC or later) can fall in the next Bishkek month,
        // so the date function runs for those rows alone and the rest take the month from the text.
        await prisma.$queryRaw<{ month: string; amount: bigint | number }[]>`SELECT CASE WHEN substr("createdAt", 12, 2) >= '18'
            THEN strftime('%Y-%m', "createdAt", '+6 hours') ELSE substr("createdAt", 1, 7) END AS "month", SUM("amount") AS "amount"
          FROM "LedgerEntry" WHERE ${where} GROUP BY 1 ORDER BY 1`;
  return rows.map((row) => ({ month: row.month, amount: BigInt(row.amount) }));
}

/**
 * The dashboard for one fiscal year (by default this year on a Bishkek clock) and one programme or
 * all of them, from the appropriations' running totals (kept on the row by conditional updates,
 * equal to the ledger's sums by kind). A programme id that is not the actor's municipality's
 * answers 404, like any foreign id (decision 0062).
 */
export async function financeOverview({
  actor,
  year,
  programmeId = null,
  now = new Date(),
}: {
  actor: Actor;
  year?: number | null;
  programmeId?: string | null;
  now?: Date;
}) {
  assertCan(actor, "read:finance:any");
  const municipality = municipalityOf(actor);
  const currentYear = bishkekYear(now);
  const selectedYear = year ?? currentYear;
  const [programmes, yearGroups, appropriations] = await Promise.all([
    prisma.budgetProgramme.findMany({
      where: municipality,
      orderBy: { code: "asc" },
      select: { id: true, code: true, nameKy: true, nameRu: true, nameEn: true, firstYear: true, lastYear: true },
    }),
    prisma.appropriation.groupBy({ by: ["fiscalYear"], where: { programme: municipality }, _count: { _all: true, closedAt: true } }),
    prisma.appropriation.findMany({
      where: { programme: municipality, fiscalYear: selectedYear, ...(programmeId ? { programmeId } : {}) },
      orderBy: { programme: { code: "asc" } },
      select: {
        id: true,
        programmeId: true,
        fiscalYear: true,
        amount: true,
        allocated: true,
        committed: true,
        disbursed: true,
        returned: true,
        closedAt: true,
        programme: { select: { code: true, nameKy: true, nameRu: true, nameEn: true } },
      },
    }),
  ]);
  const programme = programmeId ? (programmes.find((p) => p.id === programmeId) ?? null) : null;
  if (programmeId && !programme) throw new DomainError("finance:error.notFound", {}, 404);
  const rows = appropriations.map((a) => ({ ...a, remaining: remainingOf(a), free: freeOf(a) }));
  const months = await disbursementsByMonth({ appropriationIds: rows.map((r) => r.id) });
  return {
    year: selectedYear,
    currentYear,
    programme,
    programmes,
    years: yearChoices(yearGroups, [currentYear, currentYear + 1, selectedYear]),
    rows,
    totals: sumFigures(rows),
    months,
    /** Every appropriation shown is closed: the year is over for this choice. */
    closed: rows.length > 0 && rows.every((r) => r.closedAt !== null),
    canOpen: can(actor, "manage:programme:any"),
  };
}

/** The years the chooser offers: each with an appropriation (closed when all of that year's are), and this year and the next. */
function yearChoices(groups: { fiscalYear: number; _count: { _all: number; closedAt: number } }[], always: number[]) {
  const byYear = new Map(
    groups.map((g) => [g.fiscalYear, { year: g.fiscalYear, closed: g._count.closedAt === g._count._all, opened: true }]),
  );
  for (const year of always) if (!byYear.has(year)) byYear.set(year, { year, closed: false, opened: false });
  return [...byYear.values()].sort((a, b) => b.year - a.year);
}

const FIGURES = ["amount", "allocated", "committed", "disbursed", "returned"] as const satisfies readonly (keyof BudgetFigures)[];

export function sumFigures(rows: BudgetFigures[]) {
  const totals: BudgetFigures = { amount: 0n, allocated: 0n, committed: 0n, disbursed: 0n, returned: 0n };
  for (const row of rows) for (const key of FIGURES) totals[key] += row[key];
  return { ...totals, remaining: remainingOf(totals), free: freeOf(totals) };
}

async function sumsBy(field: "callId" | "awardId", where: Prisma.LedgerEntryWhereInput) {
  const groups = await prisma.ledgerEntry.groupBy({
    by: [field, "kind"],
    where: { ...where, kind: { in: ["DISBURSEMENT", "RETURN"] } },
    _sum: { amount: true },
  });
  const result = new Map<string, { disbursed: bigint; returned: bigint }>();
  for (const group of groups) {
    const id = group[field];
    if (!id) continue;
    const entry = result.get(id) ?? { disbursed: 0n, returned: 0n };
    if (group.kind === "DISBURSEMENT") entry.disbursed += group._sum.amount ?? 0n;
    else entry.returned += group._sum.amount ?? 0n;
    result.set(id, entry);
  }
  return result;
}

/** Drill-down: an appropriation's calls with their envelope, commitments, payments and returns. */
export async function appropriationDetail({ actor, appropriationId }: { actor: Actor; appropriationId: string }) {
  assertCan(actor, "read:finance:any");
  const appropriation = await prisma.appropriation.findFirst({
    where: { id: appropriationId, programme: municipalityOf(actor) },
    select: {
      id: true,
      fiscalYear: true,
      amount: true,
      allocated: true,
      committed: true,
      disbursed: true,
      returned: true,
      programme: { select: { code: true, nameKy: true, nameRu: true, nameEn: true } },
      calls: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          reference: true,
          status: true,
          titleKy: true,
          titleRu: true,
          titleEn: true,
          envelope: true,
          committed: true,
          _count: { select: { awards: true } },
        },
      },
    },
  });
  if (!appropriation) throw new DomainError("finance:error.notFound", {}, 404);
  const sums = await sumsBy("callId", { appropriationId });
  // A call's envelope is not reopened by returns (they go back to the appropriation): free is envelope less commitments.
  const calls = appropriation.calls.map((c) => ({
    ...c,
    awards: c._count.awards,
    disbursed: sums.get(c.id)?.disbursed ?? 0n,
    returned: sums.get(c.id)?.returned ?? 0n,
    free: freeOf({ amount: c.envelope, committed: c.committed, returned: 0n }),
  }));
  const months = await disbursementsByMonth({ appropriationIds: [appropriationId] });
  return { appropriation: { ...appropriation, remaining: remainingOf(appropriation), free: freeOf(appropriation) }, calls, months };
}

/** Drill-down: a call's grants (FINAL and closed awards) with what was paid and returned. */
export async function callFinance({ actor, callId }: { actor: Actor; callId: string }) {
  assertCan(actor, "read:finance:any");
  const call = await prisma.call.findFirst({
    where: { id: callId, ...municipalityOf(actor) },
    select: {
      id: true,
      reference: true,
      titleKy: true,
      titleRu: true,
      titleEn: true,
      envelope: true,
      committed: true,
      appropriationId: true,
    },
  });
  if (!call) throw new DomainError("finance:error.notFound", {}, 404);
  const awards = await prisma.award.findMany({
    where: { callId, status: { in: ["FINAL", "CLOSED"] } },
    orderBy: { rank: "asc" },
    select: {
      id: true,
      reference: true,
      status: true,
      amount: true,
      paid: true,
      returned: true,
      organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
      agreement: { select: { id: true, number: true, status: true } },
    },
  });
  const sums = await sumsBy("awardId", { callId });
  const grants = awards.map((a) => ({ ...a, disbursed: sums.get(a.id)?.disbursed ?? 0n }));
  return { call, grants, months: await disbursementsByMonth({ callId }) };
}

/** Counts for the finance officer's attention: payable tranches, orders stuck with the treasury, statement lines to resolve. */
export async function financeAttention({ actor, stuckAfterAttempts }: { actor: Actor; stuckAfterAttempts: number }) {
  assertCan(actor, "read:finance:any");
  const award = staffScope(actor);
  const [payable, stuck, toResolve] = await Promise.all([
    prisma.tranche.count({ where: { status: "PAYABLE", agreement: { status: "SIGNED", award } } }),
    prisma.paymentOrder.count({ where: { status: { in: ["CREATED", "SENT"] }, attempts: { gte: stuckAfterAttempts }, award } }),
    prisma.reconciliationMatch.count({ where: { status: { in: [...NEEDS_ACTION_STATUSES] }, line: { statement: statementScope(actor) } } }),
  ]);
  return { payable, stuck, toResolve };
}
