import { createHash } from "node:crypto";
import { recordAudit } from "~/domains/audit/audit.server";
import { prisma } from "~/utils/db.server";
import { assert, DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";
import { staffScope } from "./payments.server";
import { matchStatement, missingPayments, needsSecondOfficer, withFourEyes, type OrderForMatching } from "./reconciliation-rules";
import { decodeStatement, parseStatement } from "./statement-csv";

export const MAX_STATEMENT_BYTES = 2 * 1024 * 1024;

/** Statements of the actor's municipality; staff without one see none. */
export function statementScope(actor: Actor) {
  const none: string[] = [];
  return actor.municipalityId ? { municipalityId: actor.municipalityId } : { id: { in: none } };
}

function scopeOf(actor: Actor) {
  return { award: staffScope(actor) };
}

/** Orders that money may have left for: sent, executed or recorded by hand. */
async function ordersForMatching(actor: Actor): Promise<OrderForMatching[]> {
  const orders = await prisma.paymentOrder.findMany({
    where: { status: { in: ["SENT", "EXECUTED", "RECORDED_MANUALLY"] }, ...scopeOf(actor) },
    select: { id: true, reference: true, amount: true, executedAt: true, createdById: true },
  });
  return orders.map((o) => ({ id: o.id, reference: o.reference, amount: o.amount, paidAt: o.executedAt, createdById: o.createdById }));
}

async function settledOrderIds(actor: Actor) {
  const matches = await prisma.reconciliationMatch.findMany({
    where: { paymentOrder: scopeOf(actor), status: { in: ["MATCHED", "AWAITING_SECOND", "AMOUNT_DIFFERS", "RESOLVED"] } },
    select: { paymentOrderId: true },
  });
  return new Set(matches.map((m) => m.paymentOrderId!));
}

/**
 * Imports a statement and matches its lines in one transaction. The same file
 * twice is refused (by its SHA-256), so a line is never counted twice.
 */
export async function importStatement({ actor, fileName, bytes }: { actor: Actor; fileName: string; bytes: Uint8Array }) {
  assertCan(actor, "reconcile:statement:any");
  assert(actor.municipalityId, "forbidden", {}, 403);
  const municipalityId = actor.municipalityId!;
  assert(bytes.byteLength > 0, "finance:error.statement.empty", { line: 0 }, 422);
  assert(bytes.byteLength <= MAX_STATEMENT_BYTES, "finance:error.statement.tooLarge", {}, 422);
  const parsed = parseStatement(decodeStatement(bytes));
  if ("problem" in parsed) {
    throw new DomainError(
      `finance:error.statement.${parsed.problem.code}`,
      { line: parsed.problem.lineNo, value: parsed.problem.column ?? "" },
      422,
    );
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const orders = await ordersForMatching(actor);
  const outcomes = withFourEyes(
    matchStatement(parsed.lines, orders, await settledOrderIds(actor)),
    orders,
    await fourEyesThreshold(municipalityId),
    actor.id,
  );
  try {
    return await prisma.$transaction(async (tx) => {
      const statement = await tx.bankStatement.create({
        data: { municipalityId, fileName: fileName.slice(0, 200), sha256, uploadedById: actor.id },
        select: { id: true },
      });
      for (const [i, line] of parsed.lines.entries()) {
        const outcome = outcomes[i]!;
        await tx.bankStatementLine.create({
          data: {
            statementId: statement.id,
            lineNo: line.lineNo,
            reference: line.reference || line.purpose.slice(0, 200),
            amount: line.amount,
            valueDate: line.valueDate,
            counterparty: line.counterparty.slice(0, 300),
            raw: line.raw,
            match: { create: { status: outcome.status, paymentOrderId: outcome.paymentOrderId, note: outcome.note } },
          },
        });
      }
      const summary = countBy(outcomes.map((o) => o.status));
      await recordAudit(tx, {
        actor,
        action: "statement.imported",
        entityType: "BankStatement",
        entityId: statement.id,
        after: { fileName, sha256, lines: parsed.lines.length, ...summary },
      });
      return { id: statement.id, summary };
    });
  } catch (error) {
    const existing = await prisma.bankStatement.findFirst({ where: { municipalityId, sha256 }, select: { id: true } });
    if (existing) throw new DomainError("finance:error.statement.duplicate", {}, 409);
    throw error;
  }
}

async function fourEyesThreshold(municipalityId: string) {
  const municipality = await prisma.municipality.findUnique({ where: { id: municipalityId }, select: { fourEyesThreshold: true } });
  return municipality?.fourEyesThreshold ?? 0n;
}

function countBy(values: string[]) {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

export async function listStatements({ actor }: { actor: Actor }) {
  assertCan(actor, "reconcile:statement:any");
  const statements = await prisma.bankStatement.findMany({
    where: statementScope(actor),
    orderBy: { uploadedAt: "desc" },
    take: 100,
    select: { id: true, fileName: true, uploadedAt: true, lines: { select: { match: { select: { status: true } } } } },
  });
  return statements.map((s) => ({
    id: s.id,
    fileName: s.fileName,
    uploadedAt: s.uploadedAt,
    summary: countBy(s.lines.map((l) => l.match?.status ?? "UNMATCHED")),
  }));
}

/** A statement's lines with their matches, and the paid orders of its period that no statement shows. */
export async function getStatement({ actor, statementId }: { actor: Actor; statementId: string }) {
  assertCan(actor, "reconcile:statement:any");
  const statement = await prisma.bankStatement.findFirst({
    where: { id: statementId, ...statementScope(actor) },
    select: {
      id: true,
      municipalityId: true,
      fileName: true,
      uploadedAt: true,
      lines: {
        orderBy: { lineNo: "asc" },
        select: {
          id: true,
          lineNo: true,
          reference: true,
          amount: true,
          valueDate: true,
          counterparty: true,
          match: {
            select: {
              status: true,
              note: true,
              paymentOrder: { select: { id: true, reference: true, amount: true, executedAt: true, status: true, createdById: true } },
            },
          },
        },
      },
    },
  });
  if (!statement) throw new DomainError("finance:error.notFound", {}, 404);
  const threshold = await fourEyesThreshold(statement.municipalityId!);
  const dates = statement.lines.map((l) => l.valueDate.getTime());
  const period = { from: new Date(Math.min(...dates)), to: new Date(Math.max(...dates)) };
  const missing = missingPayments(await ordersForMatching(actor), await settledOrderIds(actor), period);
  const summary = countBy(statement.lines.map((l) => l.match?.status ?? "UNMATCHED"));
  const lines = statement.lines.map(({ match, ...line }) => {
    if (!match) return { ...line, match, recordedByYou: false };
    const { paymentOrder, ...rest } = match;
    const order = paymentOrder
      ? {
          id: paymentOrder.id,
          reference: paymentOrder.reference,
          amount: paymentOrder.amount,
          executedAt: paymentOrder.executedAt,
          status: paymentOrder.status,
        }
      : null;
    // The page offers this officer no button the domain would refuse.
    return {
      ...line,
      match: { ...rest, paymentOrder: order },
      recordedByYou: Boolean(paymentOrder && needsSecondOfficer({ threshold, order: paymentOrder, actorId: actor.id })),
    };
  });
  return { ...statement, lines, period, missing, summary };
}

const MATCH_FOR_ACTION = {
  id: true,
  status: true,
  paymentOrder: { select: { amount: true, createdById: true } },
  line: { select: { statementId: true, statement: { select: { municipality: { select: { fourEyesThreshold: true } } } } } },
} as const;

/** Four eyes (decision 0055): the officer who recorded an order above the threshold does not settle its match alone. */
function assertFourEyes(
  actor: Actor,
  match: {
    paymentOrder: { amount: bigint; createdById: string } | null;
    line: { statement: { municipality: { fourEyesThreshold: bigint } | null } };
  },
) {
  const threshold = match.line.statement.municipality?.fourEyesThreshold ?? 0n;
  assert(
    !match.paymentOrder || !needsSecondOfficer({ threshold, order: match.paymentOrder, actorId: actor.id }),
    "finance:error.fourEyes",
    {},
    409,
  );
}

/** Settles a line that needs action (unmatched, differing) with a note saying what was done. */
export async function resolveLine({ actor, lineId, note }: { actor: Actor; lineId: string; note: string }) {
  assertCan(actor, "reconcile:statement:any");
  return prisma.$transaction(async (tx) => {
    const match = await tx.reconciliationMatch.findFirst({
      where: { lineId, line: { statement: statementScope(actor) } },
      select: MATCH_FOR_ACTION,
    });
    if (!match) throw new DomainError("finance:error.notFound", {}, 404);
    assertFourEyes(actor, match);
    const changed = await tx.reconciliationMatch.updateMany({
      where: { id: match.id, status: { in: ["UNMATCHED", "AMOUNT_DIFFERS"] } },
      data: { status: "RESOLVED", note, resolvedById: actor.id },
    });
    assert(changed.count === 1, "finance:error.alreadyResolved");
    await recordAudit(tx, {
      actor,
      action: "statement-line.resolved",
      entityType: "BankStatementLine",
      entityId: lineId,
      before: { status: match.status },
      after: { status: "RESOLVED", note },
    });
    return { statementId: match.line.statementId };
  });
}

/**
 * The second finance officer confirms a match that waits for them (AWAITING_SECOND -> MATCHED).
 * The officer who recorded the order may not, whatever the threshold says now: the match waited
 * because they were alone when it was made.
 */
export async function confirmMatch({ actor, lineId }: { actor: Actor; lineId: string }) {
  assertCan(actor, "reconcile:statement:any");
  return prisma.$transaction(async (tx) => {
    const match = await tx.reconciliationMatch.findFirst({
      where: { lineId, line: { statement: statementScope(actor) } },
      select: MATCH_FOR_ACTION,
    });
    if (!match) throw new DomainError("finance:error.notFound", {}, 404);
    assert(match.status === "AWAITING_SECOND", "finance:error.alreadyResolved");
    assert(match.paymentOrder && match.paymentOrder.createdById !== actor.id, "finance:error.fourEyes", {}, 409);
    const changed = await tx.reconciliationMatch.updateMany({
      where: { id: match.id, status: "AWAITING_SECOND" },
      data: { status: "MATCHED", resolvedById: actor.id },
    });
    assert(changed.count === 1, "finance:error.alreadyResolved");
    await recordAudit(tx, {
      actor,
      action: "statement-line.confirmed",
      entityType: "BankStatementLine",
      entityId: lineId,
      before: { status: "AWAITING_SECOND" },
      after: { status: "MATCHED", amount: match.paymentOrder.amount, recordedBy: match.paymentOrder.createdById },
    });
    return { statementId: match.line.statementId };
  });
}
