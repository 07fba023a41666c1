import { recordAudit } from "~/domains/audit/audit.server";
import { notifyOrganization } from "~/domains/reviews/access.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import type { Actor } from "~/utils/permissions";
import { assertTransition, finalizationDue } from "./award-rules";

// After the decision: the standstill, appeals against the decision, and the
// awards becoming FINAL, which commits the budget. The committed total of a
// call never exceeds its envelope: each commitment is one conditional UPDATE
// (`committed + x <= envelope`), never a read-then-write.

/**
 * An upheld appeal against the decision reopens the review: the call goes
 * back to IN_REVIEW, its proposals to ELIGIBLE, the standstill is void. The
 * award rows stay and are recomputed when the chair publishes again, which
 * opens a new standstill. Nothing was committed yet: awards become final only
 * after a standstill with no open appeal.
 */
export async function decideDecisionAppealInTx(
  tx: Tx,
  input: { actor: Actor; appeal: { id: string; proposalId: string; callId: string }; upheld: boolean; decision: string; now: Date },
) {
  const { actor, appeal, upheld, decision, now } = input;
  const status = upheld ? "UPHELD" : "DISMISSED";
  const closed = await tx.appeal.updateMany({
    where: { id: appeal.id, status: "OPEN" },
    data: { status, decision: decision.trim(), decidedById: actor.id, decidedAt: now },
  });
  if (closed.count !== 1) throw new DomainError("reviews:errors.appealAlreadyDecided", {}, 409);
  if (upheld) {
    const reopened = await tx.call.updateMany({
      where: { id: appeal.callId, status: "DECIDED" },
      data: { status: "IN_REVIEW", decisionPublishedAt: null, standstillEndsAt: null },
    });
    if (reopened.count !== 1) throw new DomainError("reviews:errors.reviewClosed", {}, 409);
    await tx.proposal.updateMany({
      where: { callId: appeal.callId, status: { in: ["AWARDED", "NOT_AWARDED"] } },
      data: { status: "ELIGIBLE" },
    });
  }
  const proposal = await tx.proposal.findUniqueOrThrow({
    where: { id: appeal.proposalId },
    select: { reference: true, organizationId: true },
  });
  await notifyOrganization(tx, {
    organizationId: proposal.organizationId,
    template: upheld ? "reviews.appealUpheld" : "reviews.appealDismissed",
    payload: { proposal: proposal.reference, decision: decision.trim() },
    dedupeKey: `appeal-decided:${appeal.id}`,
  });
  await recordAudit(tx, {
    actor,
    action: upheld ? "decision.reopenedOnAppeal" : "appeal.decided",
    entityType: "Appeal",
    entityId: appeal.id,
    before: { status: "OPEN" },
    after: { status, decision: decision.trim(), callId: appeal.callId },
    now,
  });
  return { status };
}

/**
 * Makes one PROPOSED award FINAL and commits its amount: the award's status
 * flips only from PROPOSED (a second attempt does nothing), the call's
 * committed total grows only while it stays within the envelope, the
 * appropriation's commitment grows with it, and a COMMITMENT ledger entry and
 * an audit event are written, all in one transaction. Returns false when the
 * award was already final or is no longer proposed; throws when the envelope
 * has no room (the transaction rolls back).
 */
/** The actor is null when the clock (the background pass) makes the decision final. */
export async function commitAward({
  awardId,
  now = new Date(),
  actor = null,
}: {
  awardId: string;
  now?: Date;
  actor?: Pick<Actor, "id" | "label"> | null;
}) {
  return prisma.$transaction(async (tx) => {
    // Conditional on the status read: a concurrent finalization flips nothing here.
    assertTransition("PROPOSED", "FINAL");
    const flipped = await tx.award.updateMany({ where: { id: awardId, status: "PROPOSED" }, data: { status: "FINAL", finalizedAt: now } });
    if (flipped.count !== 1) return false;
    const award = await tx.award.findUniqueOrThrow({
      where: { id: awardId },
      select: { amount: true, callId: true, reference: true, organizationId: true, call: { select: { appropriationId: true } } },
    });
    const committed = await tx.$executeRaw`UPDATE "Call" SET "committed" = "committed" + ${award.amount}
      WHERE "id" = ${award.callId} AND "committed" + ${award.amount} <= "envelope"`;
    if (committed !== 1) throw new DomainError("awards:errors.envelopeExhausted", { award: award.reference }, 409);
    await tx.$executeRaw`UPDATE "Appropriation" SET "committed" = "committed" + ${award.amount} WHERE "id" = ${award.call.appropriationId}`;
    const entry = await tx.ledgerEntry.create({
      data: {
        appropriationId: award.call.appropriationId,
        kind: "COMMITMENT",
        amount: award.amount,
        callId: award.callId,
        awardId,
        actorId: actor?.id ?? null,
        note: award.reference,
        createdAt: now,
      },
      select: { id: true },
    });
    await notifyOrganization(tx, {
      organizationId: award.organizationId,
      template: "awards.final",
      payload: { award: award.reference, amount: award.amount.toString() },
      dedupeKey: `final:${awardId}`,
    });
    await recordAudit(tx, {
      actor,
      action: "award.finalized",
      entityType: "Award",
      entityId: awardId,
      before: { status: "PROPOSED" },
      after: { status: "FINAL", amount: award.amount.toString(), ledgerEntryId: entry.id },
      now,
    });
    return true;
  });
}

/** Whether the call's decision may become final now: decided, standstill over, no appeal open. */
export async function isFinalizationDue(db: Tx | typeof prisma, callId: string, now: Date) {
  const [call, openAppeals] = await Promise.all([
    db.call.findUnique({ where: { id: callId }, select: { status: true, standstillEndsAt: true } }),
    db.appeal.count({ where: { proposal: { callId }, status: "OPEN" } }),
  ]);
  return call !== null && finalizationDue({ callStatus: call.status, standstillEndsAt: call.standstillEndsAt, openAppeals, now });
}

/**
 * Finalizes a call's awards when the standstill is over with no appeal open.
 * Safe to run any number of times, from anywhere, at once: each award is
 * committed at most once and never beyond the envelope.
 */
export async function finalizeCall({
  callId,
  now = new Date(),
  actor = null,
}: {
  callId: string;
  now?: Date;
  actor?: Pick<Actor, "id" | "label"> | null;
}): Promise<{ finalized: number; failed: string[] }> {
  if (!(await isFinalizationDue(prisma, callId, now))) return { finalized: 0, failed: [] };
  const awards = await prisma.award.findMany({
    where: { callId, status: "PROPOSED" },
    orderBy: { rank: "asc" },
    select: { id: true, reference: true },
  });
  let finalized = 0;
  const failed: string[] = [];
  for (const award of awards) {
    try {
      if (await commitAward({ awardId: award.id, now, actor })) finalized += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      failed.push(award.reference);
    }
  }
  return { finalized, failed };
}

/** The background pass: every decided call whose standstill is over (see utils/background.server.ts). */
export async function finalizeDueCalls(now = new Date()) {
  const calls = await prisma.call.findMany({
    where: { status: "DECIDED", standstillEndsAt: { lte: now }, awards: { some: { status: "PROPOSED" } } },
    select: { id: true },
  });
  let finalized = 0;
  for (const call of calls) finalized += (await finalizeCall({ callId: call.id, now })).finalized;
  return { calls: calls.length, finalized };
}
