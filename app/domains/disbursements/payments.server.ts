import { randomBytes } from "node:crypto";
import { currentSnapshot, notifyOrganization } from "~/domains/agreements/agreements.server";
import { isAfterToday, isOutOfRange } from "~/domains/agreements/calendar-date";
import { recordAudit } from "~/domains/audit/audit.server";
import { municipalityCallScope } from "~/domains/proposals/proposal-access.server";
import { prisma, type Db, type Tx } from "~/utils/db.server";
import { assert, DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";
import { isOpen, newPaymentReference, transition, type PaymentStatus, type TreasuryStatus } from "./payment-rules";

/** Awards of the actor's municipality (staff without one match none). */
export function staffScope(actor: Actor) {
  return { call: municipalityCallScope(actor) };
}

/** Tranches whose milestone was accepted and that no open or paid order covers yet. */
export async function listPayableTranches({ actor }: { actor: Actor }) {
  assertCan(actor, "create:payment:any");
  return prisma.tranche.findMany({
    where: { status: "PAYABLE", agreement: { status: "SIGNED", award: staffScope(actor) } },
    orderBy: { agreement: { createdAt: "asc" } },
    select: {
      id: true,
      position: true,
      amount: true,
      shareBp: true,
      milestone: { select: { title: true, acceptedAt: true } },
      agreement: {
        select: {
          id: true,
          number: true,
          award: { select: { reference: true, organization: { select: { nameKy: true, nameRu: true, nameEn: true } } } },
        },
      },
    },
  });
}

export type CreatedOrder = { id: string; reference: string; status: PaymentStatus; amount: bigint; replayed: boolean };

/**
 * Creates a payment order for a payable tranche.
 *
 * The award's ceiling is enforced by reserving on creation: one conditional
 * UPDATE adds the amount to Award.paid only while paid + amount <= amount, in
 * the same transaction as the order, so concurrent requests can never promise
 * more than the award. A rejected order releases its reservation.
 *
 * The idempotency key is unique: a repeated request (a double click, a retry
 * after a lost answer) gets the first request's order back, even when both
 * raced, because the loser's transaction fails on the key and then finds it.
 *
 * `manual` records a payment made outside the portal (no treasury
 * configured): the order is executed at once.
 */
export async function createPaymentOrder({
  actor,
  trancheId,
  idempotencyKey,
  manual,
  now = new Date(),
}: {
  actor: Actor;
  trancheId: string;
  idempotencyKey: string;
  manual?: { paidOn: Date; bankReference: string };
  now?: Date;
}): Promise<CreatedOrder> {
  assertCan(actor, "create:payment:any");
  if (manual) {
    // Money recorded as paid must have left: a future day would show the tranche paid and raise "paid so far".
    assert(!isOutOfRange(manual.paidOn), "finance:v.dateRange", {}, 422);
    assert(!isAfterToday(manual.paidOn, now), "finance:v.dateFuture", {}, 422);
  }
  const replay = async () => {
    const existing = await prisma.paymentOrder.findFirst({
      where: { idempotencyKey, award: staffScope(actor) },
      select: { id: true, reference: true, status: true, amount: true, trancheId: true },
    });
    if (!existing) return null;
    assert(existing.trancheId === trancheId, "finance:error.idempotencyKeyReused", {}, 422);
    const { trancheId: _ignored, ...order } = existing;
    return { ...order, replayed: true };
  };
  const first = await replay();
  if (first) return first;
  try {
    return await prisma.$transaction(async (tx) => {
      const tranche = await tx.tranche.findFirst({
        where: { id: trancheId, agreement: { award: staffScope(actor) } },
        select: {
          id: true,
          amount: true,
          position: true,
          agreement: {
            select: {
              id: true,
              status: true,
              number: true,
              award: { select: { id: true, callId: true, organizationId: true, call: { select: { appropriationId: true } } } },
            },
          },
        },
      });
      if (!tranche) throw new DomainError("finance:error.notFound", {}, 404);
      assert(tranche.agreement.status === "SIGNED", "finance:error.agreementNotSigned");
      const ordered = await tx.tranche.updateMany({ where: { id: tranche.id, status: "PAYABLE" }, data: { status: "ORDERED" } });
      assert(ordered.count === 1, "finance:error.trancheNotPayable");
      const award = tranche.agreement.award;
      const reserved = await tx.$executeRaw`UPDATE "Award" SET "paid" = "paid" + ${tranche.amount}
        WHERE "id" = ${award.id} AND "status" = 'FINAL' AND "paid" + ${tranche.amount} <= "amount"`;
      assert(reserved === 1, "finance:error.exceedsAward");
      const order = await tx.paymentOrder.create({
        data: {
          awardId: award.id,
          trancheId: tranche.id,
          reference: newPaymentReference(now, randomBytes(3).toString("hex")),
          idempotencyKey,
          amount: tranche.amount,
          createdById: actor.id,
          nextAttemptAt: now,
        },
        select: { id: true, reference: true, status: true, amount: true },
      });
      await recordAudit(tx, {
        actor,
        action: "payment-order.created",
        entityType: "PaymentOrder",
        entityId: order.id,
        after: { reference: order.reference, trancheId: tranche.id, amount: order.amount.toString(), manual: Boolean(manual) },
      });
      if (manual) {
        await tx.paymentOrder.update({
          where: { id: order.id },
          data: { status: "RECORDED_MANUALLY", bankReference: manual.bankReference },
        });
        await executeInTx(tx, { orderId: order.id, executedAt: manual.paidOn, actor, source: "manual" });
        return { ...order, status: "RECORDED_MANUALLY" as const, replayed: false };
      }
      return { ...order, replayed: false };
    });
  } catch (error) {
    // A concurrent twin may have committed the same key first: answer with its order.
    const twin = await replay().catch(() => null);
    if (twin) return twin;
    throw error;
  }
}

/**
 * Money leaves: one DISBURSEMENT ledger entry, the appropriation's disbursed
 * total, the tranche marked paid. Called only by the transition that won the
 * conditional status update, so a duplicate treasury answer writes nothing.
 */
async function executeInTx(
  tx: Tx,
  { orderId, executedAt, actor, source }: { orderId: string; executedAt: Date; actor: Actor | null; source: string },
) {
  const order = await tx.paymentOrder.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      id: true,
      reference: true,
      amount: true,
      trancheId: true,
      award: {
        select: {
          id: true,
          callId: true,
          organizationId: true,
          call: { select: { appropriationId: true } },
          agreement: { select: { number: true } },
        },
      },
    },
  });
  await tx.paymentOrder.update({ where: { id: order.id }, data: { executedAt } });
  await tx.ledgerEntry.create({
    data: {
      appropriationId: order.award.call.appropriationId,
      kind: "DISBURSEMENT",
      amount: order.amount,
      callId: order.award.callId,
      awardId: order.award.id,
      paymentOrderId: order.id,
      note: order.reference,
      actorId: actor?.id ?? null,
      createdAt: executedAt,
    },
  });
  await tx.$executeRaw`UPDATE "Appropriation" SET "disbursed" = "disbursed" + ${order.amount} WHERE "id" = ${order.award.call.appropriationId}`;
  await tx.tranche.update({ where: { id: order.trancheId }, data: { status: "PAID" } });
  await recordAudit(tx, {
    actor,
    action: "payment-order.executed",
    entityType: "PaymentOrder",
    entityId: order.id,
    after: { reference: order.reference, amount: order.amount.toString(), executedAt, source },
  });
  await notifyOrganization(tx, order.award.organizationId, "tranche.paid", {
    number: order.award.agreement?.number ?? "",
    amount: order.amount.toString(),
  });
}

export type TreasuryReport = {
  reference: string;
  status: TreasuryStatus;
  treasuryId?: string | null;
  executedAt?: Date | null;
  reason?: string;
};

/**
 * Applies what the treasury says about an order (an answer to our request, a
 * poll or a callback). Each move is a conditional UPDATE on the order's
 * current status, so answers that repeat, arrive late or out of order change
 * nothing and write no second ledger entry.
 */
export async function applyTreasuryReport(db: Db, report: TreasuryReport, source: "send" | "poll" | "callback", now = new Date()) {
  return db.$transaction(async (tx) => {
    const order = await tx.paymentOrder.findUnique({
      where: { reference: report.reference },
      select: { id: true, status: true, amount: true, awardId: true, trancheId: true, treasuryId: true },
    });
    if (!order) return { applied: false, known: false as const };
    const next = transition(order.status, report.status);
    if (!next) {
      const contradicts = !isOpen(order.status) && report.status !== "SENT" && statusWord(order.status) !== report.status;
      if (contradicts) {
        await recordAudit(tx, {
          actor: null,
          action: "payment-order.treasury-contradiction",
          entityType: "PaymentOrder",
          entityId: order.id,
          after: { ours: order.status, treasury: report.status, source },
        });
      }
      return { applied: false, known: true as const, status: order.status };
    }
    const treasuryId = report.treasuryId ?? order.treasuryId ?? undefined;
    const moved = await tx.paymentOrder.updateMany({
      where: { id: order.id, status: order.status },
      data: {
        status: next,
        treasuryId,
        sentAt: next === "SENT" ? now : undefined,
        lastError: next === "REJECTED" ? (report.reason ?? "").slice(0, 500) : "",
        nextAttemptAt: next === "SENT" ? now : null,
      },
    });
    if (moved.count !== 1) return { applied: false, known: true as const, status: order.status };
    if (next === "EXECUTED") {
      await executeInTx(tx, { orderId: order.id, executedAt: report.executedAt ?? now, actor: null, source });
    } else if (next === "REJECTED") {
      await tx.$executeRaw`UPDATE "Award" SET "paid" = "paid" - ${order.amount} WHERE "id" = ${order.awardId}`;
      await tx.tranche.updateMany({ where: { id: order.trancheId, status: "ORDERED" }, data: { status: "PAYABLE" } });
      await recordAudit(tx, {
        actor: null,
        action: "payment-order.rejected",
        entityType: "PaymentOrder",
        entityId: order.id,
        after: { reason: report.reason ?? "", source },
      });
    } else {
      await recordAudit(tx, {
        actor: null,
        action: "payment-order.sent",
        entityType: "PaymentOrder",
        entityId: order.id,
        after: { treasuryId, source },
      });
    }
    return { applied: true, known: true as const, status: next };
  });
}

function statusWord(status: PaymentStatus): TreasuryStatus | null {
  if (status === "EXECUTED" || status === "RECORDED_MANUALLY") return "EXECUTED";
  if (status === "REJECTED") return "REJECTED";
  return null;
}

export async function listPaymentOrders({ actor, take = 200 }: { actor: Actor; take?: number }) {
  assertCan(actor, ["create:payment:any", "read:finance:any"]);
  return prisma.paymentOrder.findMany({
    where: { award: staffScope(actor) },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      reference: true,
      amount: true,
      status: true,
      attempts: true,
      lastError: true,
      bankReference: true,
      createdAt: true,
      sentAt: true,
      executedAt: true,
      nextAttemptAt: true,
      tranche: { select: { position: true } },
      award: {
        select: {
          reference: true,
          organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
          agreement: { select: { id: true, number: true } },
        },
      },
    },
  });
}

/** What the treasury needs to pay: the payee from the agreement's latest version. */
export async function paymentInstruction(db: Db, orderId: string) {
  const order = await db.paymentOrder.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      id: true,
      reference: true,
      idempotencyKey: true,
      amount: true,
      status: true,
      attempts: true,
      tranche: { select: { position: true } },
      award: {
        select: {
          reference: true,
          organization: { select: { nameRu: true, tin: true } },
          agreement: { select: { id: true, number: true } },
        },
      },
    },
  });
  const { snapshot } = await db.$transaction((tx) => currentSnapshot(tx, order.award.agreement!.id));
  return {
    order,
    body: {
      reference: order.reference,
      amount: order.amount.toString(),
      amountKgs: `${order.amount / 100n}.${(order.amount % 100n).toString().padStart(2, "0")}`,
      currency: "KGS",
      payee: {
        name: order.award.organization.nameRu,
        tin: order.award.organization.tin,
        bankBik: snapshot.bank.bik,
        bankAccount: snapshot.bank.account,
      },
      purpose: `Грант ${order.award.agreement!.number}, транш ${order.tranche.position} / ${order.award.reference}`,
    },
  };
}
