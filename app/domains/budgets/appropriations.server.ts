import { recordAudit } from "~/domains/audit/audit.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";
import { bishkekClock, calendarDateOf } from "~/utils/time";
import type { ChangeAppropriationInput, OpenAppropriationInput } from "./programme-schemas";
import { programmeMunicipality, closingReport, prismaCode } from "./programmes.server";

/** The fiscal year is the calendar year on a Bishkek clock. */
export function bishkekYear(now: Date) {
  return bishkekClock(now).year;
}

/** A second post of the same form (a double click, a resend with JavaScript off) gets the first answer back. */
async function replayed(db: Tx | typeof prisma, requestKey: string, municipalityId: string) {
  const change = await db.appropriationChange.findUnique({
    where: { requestKey },
    select: { id: true, appropriationId: true, appropriation: { select: { programme: { select: { id: true, municipalityId: true } } } } },
  });
  if (!change) return null;
  if (change.appropriation.programme.municipalityId !== municipalityId) throw new DomainError("notFound", {}, 404);
  return { appropriationId: change.appropriationId, programmeId: change.appropriation.programme.id, changeId: change.id, replayed: true };
}

const isUniqueViolation = (error: unknown) => prismaCode(error) === "P2002";

/**
 * Opens a programme's appropriation for this fiscal year or the next one. It
 * creates a new row only: the figures of any other year are never touched.
 */
export async function openAppropriation({
  actor,
  programmeId,
  input,
  now = new Date(),
}: {
  actor: Actor;
  programmeId: string;
  input: OpenAppropriationInput;
  now?: Date;
}) {
  assertCan(actor, "manage:programme:any");
  const municipalityId = programmeMunicipality(actor);
  const programme = await prisma.budgetProgramme.findFirst({
    where: { id: programmeId, municipalityId },
    select: { id: true, firstYear: true, lastYear: true },
  });
  if (!programme) throw new DomainError("notFound", {}, 404);
  const again = await replayed(prisma, input.requestKey, municipalityId);
  if (again) return again;
  const current = bishkekYear(now);
  if (input.fiscalYear < current) throw new DomainError("budgets:errors.pastYear", { year: input.fiscalYear }, 409);
  if (input.fiscalYear > current + 1) throw new DomainError("budgets:errors.tooFarAhead", { year: current + 1 }, 409);
  if (
    (programme.firstYear !== null && input.fiscalYear < programme.firstYear) ||
    (programme.lastYear !== null && input.fiscalYear > programme.lastYear)
  ) {
    throw new DomainError("budgets:errors.outsidePeriod", { first: programme.firstYear ?? "", last: programme.lastYear ?? "" }, 409);
  }
  try {
    return await prisma.$transaction(async (tx) => {
      const appropriation = await tx.appropriation.create({
        data: { programmeId, fiscalYear: input.fiscalYear, amount: input.amount, createdAt: now },
        select: { id: true },
      });
      const change = await recordChange(tx, {
        actor,
        input,
        now,
        appropriationId: appropriation.id,
        kind: "OPENING",
        amount: input.amount,
        amountAfter: input.amount,
      });
      await recordAudit(tx, {
        actor,
        action: "appropriation.opened",
        entityType: "Appropriation",
        entityId: appropriation.id,
        after: {
          programmeId,
          fiscalYear: input.fiscalYear,
          amount: input.amount,
          act: actOf(input),
          reason: input.reason,
          changeId: change.id,
        },
        now,
      });
      return { appropriationId: appropriation.id, programmeId, changeId: change.id, replayed: false };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Either the twin of this request won (same key) or the year was opened by someone else.
    const twin = await replayed(prisma, input.requestKey, municipalityId);
    if (twin) return twin;
    throw new DomainError("budgets:errors.yearOpen", { year: input.fiscalYear }, 409);
  }
}

/** One immutable row per opening, increase or decrease, with the act and reason that made it. */
function recordChange(
  tx: Tx,
  change: {
    actor: Actor;
    input: { reason: string; actBody: string; actNumber: string; actDate: Date; requestKey: string };
    now: Date;
    appropriationId: string;
    kind: "OPENING" | "INCREASE" | "DECREASE";
    amount: bigint;
    amountAfter: bigint;
  },
) {
  const { actor, input, now, ...movement } = change;
  return tx.appropriationChange.create({
    data: {
      ...movement,
      reason: input.reason,
      actBody: input.actBody,
      actNumber: input.actNumber,
      actDate: input.actDate,
      requestKey: input.requestKey,
      actorId: actor.id,
      createdAt: now,
    },
    select: { id: true },
  });
}

function actOf(input: { actBody: string; actNumber: string; actDate: Date }) {
  return { body: input.actBody, number: input.actNumber, date: calendarDateOf(input.actDate) };
}

/**
 * Increases or decreases an appropriation under an act. A decrease is one
 * conditional UPDATE, `amount - x >= allocated`: with allocations to calls
 * (`allocated + y <= amount`, budgets.server.ts) racing it, whichever commits
 * second re-checks its condition against the first, so the calls' envelopes
 * never exceed the appropriation. A closed year takes neither.
 */
/** `programmeId`: the programme whose page the change was made on; an appropriation of another one is not found. */
export async function changeAppropriation({
  actor,
  input,
  programmeId,
  now = new Date(),
}: {
  actor: Actor;
  input: ChangeAppropriationInput;
  programmeId?: string;
  now?: Date;
}) {
  assertCan(actor, "manage:programme:any");
  const municipalityId = programmeMunicipality(actor);
  const appropriation = await prisma.appropriation.findFirst({
    where: { id: input.appropriationId, programme: { municipalityId }, ...(programmeId === undefined ? {} : { programmeId }) },
    select: { id: true, fiscalYear: true, programmeId: true },
  });
  if (!appropriation) throw new DomainError("notFound", {}, 404);
  const again = await replayed(prisma, input.requestKey, municipalityId);
  if (again) return again;
  if (appropriation.fiscalYear < bishkekYear(now))
    throw new DomainError("budgets:errors.pastYear", { year: appropriation.fiscalYear }, 409);
  const { id } = appropriation;
  const x = input.amount;
  try {
    return await prisma.$transaction(async (tx) => {
      const changed =
        input.direction === "INCREASE"
          ? await tx.$executeRaw`UPDATE "Appropriation" SET "amount" = "amount" + ${x} WHERE "id" = ${id} AND "closedAt" IS NULL`
          : await tx.$executeRaw`UPDATE "Appropriation" SET "amount" = "amount" - ${x} WHERE "id" = ${id} AND "closedAt" IS NULL AND "amount" - ${x} >= "allocated"`;
      if (changed !== 1) {
        const current = await tx.appropriation.findUniqueOrThrow({
          where: { id },
          select: { amount: true, allocated: true, closedAt: true },
        });
        if (current.closedAt) throw new DomainError("budgets:errors.closed", { year: appropriation.fiscalYear }, 409);
        throw new DomainError(
          "budgets:errors.belowAllocated",
          { allocated: current.allocated.toString(), maxDecrease: (current.amount - current.allocated).toString() },
          409,
        );
      }
      const after = await tx.appropriation.findUniqueOrThrow({ where: { id }, select: { amount: true } });
      const change = await recordChange(tx, {
        actor,
        input,
        now,
        appropriationId: id,
        kind: input.direction,
        amount: x,
        amountAfter: after.amount,
      });
      await recordAudit(tx, {
        actor,
        action: input.direction === "INCREASE" ? "appropriation.increased" : "appropriation.decreased",
        entityType: "Appropriation",
        entityId: id,
        before: { amount: input.direction === "INCREASE" ? after.amount - x : after.amount + x },
        after: { amount: after.amount, change: x, reason: input.reason, act: actOf(input), changeId: change.id },
        now,
      });
      return { appropriationId: id, programmeId: appropriation.programmeId, changeId: change.id, replayed: false };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const twin = await replayed(prisma, input.requestKey, municipalityId);
    if (twin) return twin;
    throw error;
  }
}

const UNDECIDED_CALL = ["PUBLISHED", "IN_REVIEW"] as const;
const UNDECIDED_AWARD = ["PROPOSED", "REDUCED_OFFERED"] as const;

/**
 * Closes a programme's fiscal year. What calls hold but have not committed to
 * awards goes back (a RELEASE entry per call, each envelope cut to its
 * commitments); commitments stay with their agreements and are paid on. The
 * year is marked closed first, so an allocation or increase racing the close
 * finds `closedAt` set and is refused. Refused while a call of the year still
 * awaits its decision: closing would take its envelope away.
 */
export async function closeAppropriation({
  actor,
  appropriationId,
  programmeId,
  now = new Date(),
}: {
  actor: Actor;
  appropriationId: string;
  programmeId?: string;
  now?: Date;
}) {
  assertCan(actor, "manage:programme:any");
  const municipalityId = programmeMunicipality(actor);
  const found = await prisma.appropriation.findFirst({
    where: { id: appropriationId, programme: { municipalityId }, ...(programmeId === undefined ? {} : { programmeId }) },
    select: { id: true, programmeId: true, fiscalYear: true },
  });
  if (!found) throw new DomainError("notFound", {}, 404);
  try {
    return await prisma.$transaction(async (tx) => {
      const undecided = await tx.call.findMany({
        where: {
          appropriationId,
          OR: [{ status: { in: [...UNDECIDED_CALL] } }, { awards: { some: { status: { in: [...UNDECIDED_AWARD] } } } }],
        },
        orderBy: { reference: "asc" },
        select: { reference: true },
      });
      if (undecided.length > 0)
        throw new DomainError("budgets:errors.callsUndecided", { calls: undecided.map((c) => c.reference).join(", ") }, 409);
      const flipped = await tx.appropriation.updateMany({
        where: { id: appropriationId, closedAt: null },
        data: { closedAt: now, closedById: actor.id },
      });
      if (flipped.count !== 1) return { programmeId: found.programmeId, alreadyClosed: true };

      const calls = await tx.call.findMany({
        where: { appropriationId },
        orderBy: { reference: "asc" },
        select: { id: true, reference: true, envelope: true, committed: true },
      });
      let released = 0n;
      const releases: { callId: string; reference: string; amount: string }[] = [];
      for (const call of calls) {
        const free = call.envelope - call.committed;
        if (free <= 0n) continue;
        const cut = await tx.$executeRaw`UPDATE "Call" SET "envelope" = "committed"
          WHERE "id" = ${call.id} AND "envelope" = ${call.envelope} AND "committed" = ${call.committed}`;
        if (cut !== 1) throw new DomainError("budgets:errors.closeRaced", {}, 409);
        await tx.ledgerEntry.create({
          data: {
            appropriationId,
            kind: "RELEASE",
            amount: free,
            callId: call.id,
            actorId: actor.id,
            note: `fiscal year ${found.fiscalYear} closed`,
            createdAt: now,
          },
        });
        released += free;
        releases.push({ callId: call.id, reference: call.reference, amount: free.toString() });
      }
      const books = await tx.$executeRaw`UPDATE "Appropriation" SET "allocated" = "allocated" - ${released}, "releasedAtClose" = ${released}
        WHERE "id" = ${appropriationId} AND "allocated" >= ${released}`;
      if (books !== 1) throw new Error(`appropriation ${appropriationId} holds less than its calls' free envelopes`);
      const closed = await tx.appropriation.findUniqueOrThrow({
        where: { id: appropriationId },
        select: { amount: true, allocated: true, committed: true, disbursed: true, returned: true, closedAt: true, releasedAtClose: true },
      });
      const report = closingReport(closed);
      await recordAudit(tx, {
        actor,
        action: "appropriation.closed",
        entityType: "Appropriation",
        entityId: appropriationId,
        before: { closedAt: null },
        after: { fiscalYear: found.fiscalYear, report, releases },
        now,
      });
      return { programmeId: found.programmeId, alreadyClosed: false, report };
    });
  } catch (error) {
    // PostgreSQL: an allocation caught between the call's row and the appropriation's deadlocks with the close; one of them is undone.
    const deadlock = prismaCode(error) === "P2034" || (error instanceof Error && /deadlock detected|40P01/.test(error.message));
    if (deadlock) throw new DomainError("budgets:errors.closeRaced", {}, 409);
    throw error;
  }
}
