import { recordAudit } from "~/domains/audit/audit.server";
import { databaseKind, prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import type { Actor } from "~/utils/permissions";
import { notFound, notifyUser, requireChair } from "./access.server";
import { evaluateCall } from "./ranking.server";
import { mayRemind, nextReminderAt, REMINDER_INTERVAL_MS, waitingScorers } from "./review-rules";

// The chair sees who the scoring waits for and may remind them. A reminder is
// an e-mail through the outbox in the member's own language, audited; the
// audit trail also paces it (one per member per hour), so the pace survives a
// restart and holds across processes.

const REMINDED = "commission.reminded";

type Reader = Tx | typeof prisma;

async function lastReminders(db: Reader, membershipIds: readonly string[], since: Date) {
  const events = await db.auditEvent.findMany({
    where: { action: REMINDED, entityType: "CommissionMembership", entityId: { in: [...membershipIds] }, occurredAt: { gt: since } },
    orderBy: { seq: "desc" },
    select: { entityId: true, occurredAt: true },
  });
  const last = new Map<string, Date>();
  for (const event of events) if (!last.has(event.entityId)) last.set(event.entityId, event.occurredAt);
  return last;
}

/** Who still owes score sheets, how many, and when each may next be reminded (null: now). */
export async function scoringWaits(evaluation: Awaited<ReturnType<typeof evaluateCall>>, now = new Date()) {
  const waiting = waitingScorers(
    evaluation.input.seats.map((s) => ({ membershipId: s.membershipId, name: s.name })),
    evaluation.evaluations,
  );
  const last = await lastReminders(
    prisma,
    waiting.map((w) => w.membershipId),
    new Date(now.getTime() - REMINDER_INTERVAL_MS),
  );
  return waiting.map((w) => {
    const lastRemindedAt = last.get(w.membershipId) ?? null;
    return { ...w, lastRemindedAt, nextReminderAt: mayRemind(lastRemindedAt, now) ? null : nextReminderAt(lastRemindedAt) };
  });
}

/**
 * The chair reminds a member who owes sheets. Refused for a member who owes
 * none, after the review, and within an hour of the last reminder.
 */
export async function remindScorer({
  actor,
  callId,
  membershipId,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  membershipId: string;
  now?: Date;
}) {
  const chair = await requireChair(actor, callId);
  if (chair.call.status !== "IN_REVIEW") throw new DomainError("reviews:errors.reviewClosed", {}, 409);
  const evaluation = await evaluateCall(callId);
  if (!evaluation.input.seats.some((s) => s.membershipId === membershipId)) throw notFound();
  const owed = waitingScorers(evaluation.input.seats, evaluation.evaluations).find((w) => w.membershipId === membershipId);
  if (!owed) throw new DomainError("reviews:errors.nothingOwed", {}, 409);
  return prisma.$transaction(async (tx) => {
    // Reminders of one seat are serialized on its row (audit appends no longer are, decision 0064):
    // a second reminder sent at the same moment waits here and then sees this one in the check below.
    if (databaseKind() === "postgresql")
      await tx.$queryRawUnsafe(`SELECT "id" FROM "CommissionMembership" WHERE "id" = $1 FOR UPDATE`, membershipId);
    const event = await recordAudit(tx, {
      actor,
      action: REMINDED,
      entityType: "CommissionMembership",
      entityId: membershipId,
      after: { callId, missingSheets: owed.missing },
      now,
    });
    const earlier = await tx.auditEvent.findFirst({
      where: {
        action: REMINDED,
        entityType: "CommissionMembership",
        entityId: membershipId,
        seq: { lt: event.seq },
        occurredAt: { gt: new Date(now.getTime() - REMINDER_INTERVAL_MS) },
      },
      select: { seq: true },
    });
    if (earlier) throw new DomainError("reviews:errors.remindedRecently", {}, 429);
    const seat = await tx.commissionMembership.findUniqueOrThrow({ where: { id: membershipId }, select: { userId: true } });
    await notifyUser(tx, {
      userId: seat.userId,
      template: "reviews.scoringReminder",
      payload: { call: chair.call.reference, missing: owed.missing },
      dedupeKey: `scoring-reminder:${membershipId}:${now.getTime()}`,
    });
    return { missing: owed.missing };
  });
}
