import { recordAudit } from "~/domains/audit/audit.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";

type CallStatus = "DRAFT" | "PUBLISHED" | "IN_REVIEW" | "DECIDED" | "COMPLETED" | "CANCELLED";

/**
 * Moves a call's envelope to `envelope` inside the caller's transaction: the
 * difference is allocated from, or released to, the call's appropriation.
 *
 * Both rows change through conditional UPDATEs, never read-then-write: the
 * call only if it still has the envelope (and status) read a moment ago, the
 * appropriation only if `allocated + x <= amount`. On PostgreSQL the UPDATE
 * takes the row lock and re-checks its WHERE after a concurrent commit; on
 * SQLite the transaction holds the only writer. Either way the sum of the
 * envelopes never exceeds the appropriation.
 */
export async function setEnvelopeInTx(
  tx: Tx,
  input: { actor: Pick<Actor, "id" | "label">; callId: string; envelope: bigint; statuses?: CallStatus[]; note?: string; now?: Date },
) {
  const { actor, callId, envelope } = input;
  const statuses = input.statuses ?? ["DRAFT"];
  if (envelope < 0n) throw new DomainError("budgets:errors.negative", {}, 400);
  const call = await tx.call.findUnique({ where: { id: callId }, select: { envelope: true, status: true, appropriationId: true } });
  if (!call) throw new DomainError("notFound", {}, 404);
  if (!statuses.includes(call.status)) throw new DomainError("budgets:errors.notDraft", {}, 409);
  const delta = envelope - call.envelope;
  if (delta === 0n) return { before: call.envelope, after: envelope, movement: null };

  const guarded = await tx.call.updateMany({
    where: { id: callId, status: { in: statuses }, envelope: call.envelope },
    data: { envelope },
  });
  if (guarded.count !== 1) throw new DomainError("budgets:errors.changedMeanwhile", {}, 409);

  if (delta > 0n) {
    // A closed fiscal year takes no new allocation (decision 0052).
    const reserved = await tx.$executeRaw`UPDATE "Appropriation" SET "allocated" = "allocated" + ${delta}
      WHERE "id" = ${call.appropriationId} AND "allocated" + ${delta} <= "amount" AND "closedAt" IS NULL`;
    if (reserved !== 1) {
      const appropriation = await tx.appropriation.findUniqueOrThrow({
        where: { id: call.appropriationId },
        select: { closedAt: true, fiscalYear: true },
      });
      if (appropriation.closedAt) throw new DomainError("budgets:errors.closed", { year: appropriation.fiscalYear }, 409);
      throw new DomainError("budgets:errors.exhausted", {}, 409);
    }
  } else {
    const released = await tx.$executeRaw`UPDATE "Appropriation" SET "allocated" = "allocated" - ${-delta}
      WHERE "id" = ${call.appropriationId} AND "allocated" >= ${-delta}`;
    // The envelopes are part of `allocated`, so this can only fail if the books were edited by hand.
    if (released !== 1) throw new Error(`appropriation ${call.appropriationId} holds less than call ${callId}'s envelope`);
  }

  const kind = delta > 0n ? "ALLOCATION" : "RELEASE";
  const amount = delta > 0n ? delta : -delta;
  const entry = await tx.ledgerEntry.create({
    data: { appropriationId: call.appropriationId, kind, amount, callId, actorId: actor.id, note: input.note ?? "", createdAt: input.now },
    select: { id: true },
  });
  await recordAudit(tx, {
    actor,
    action: kind === "ALLOCATION" ? "budget.allocated" : "budget.released",
    entityType: "Call",
    entityId: callId,
    before: { envelope: call.envelope },
    after: { envelope, amount, ledgerEntryId: entry.id, appropriationId: call.appropriationId, note: input.note ?? "" },
    now: input.now,
  });
  return { before: call.envelope, after: envelope, movement: { kind, amount } };
}

/** The programme officer sets a draft call's envelope; the difference comes from or goes back to the appropriation. */
export async function allocateEnvelope({
  actor,
  callId,
  envelope,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  envelope: bigint;
  now?: Date;
}) {
  assertCan(actor, "manage:budget:any");
  return prisma.$transaction(async (tx) => {
    const owned = await tx.call.findFirst({ where: { id: callId, municipalityId: actor.municipalityId ?? "" }, select: { id: true } });
    if (!owned) throw new DomainError("notFound", {}, 404);
    return setEnvelopeInTx(tx, { actor, callId, envelope, now });
  });
}

/** Per programme and fiscal year: appropriation, allocated, free, and the calls holding the allocation. */
export async function getBudgetOverview({ actor, fiscalYear }: { actor: Actor; fiscalYear?: number }) {
  assertCan(actor, ["read:budget:any", "manage:budget:any"]);
  const programmes = await prisma.budgetProgramme.findMany({
    where: { municipalityId: actor.municipalityId ?? "" },
    orderBy: { code: "asc" },
    select: {
      id: true,
      code: true,
      nameKy: true,
      nameRu: true,
      nameEn: true,
      appropriations: {
        where: fiscalYear ? { fiscalYear } : undefined,
        orderBy: { fiscalYear: "desc" },
        select: {
          id: true,
          fiscalYear: true,
          amount: true,
          allocated: true,
          committed: true,
          disbursed: true,
          calls: {
            where: { OR: [{ envelope: { gt: 0 } }, { status: "DRAFT" }] },
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
            },
          },
          ledger: {
            orderBy: { createdAt: "desc" },
            take: 50,
            select: { id: true, kind: true, amount: true, createdAt: true, note: true, call: { select: { id: true, reference: true } } },
          },
        },
      },
    },
  });
  const years = await prisma.appropriation.findMany({
    where: { programme: { municipalityId: actor.municipalityId ?? "" } },
    distinct: ["fiscalYear"],
    orderBy: { fiscalYear: "desc" },
    select: { fiscalYear: true },
  });
  return {
    years: years.map((y) => y.fiscalYear),
    programmes: programmes.map((programme) => ({
      ...programme,
      appropriations: programme.appropriations.map((a) => ({ ...a, free: a.amount - a.allocated })),
    })),
  };
}

/** The appropriations a new call can draw on, with what is still free. */
export async function listAppropriationsForCalls(actor: Actor) {
  assertCan(actor, "manage:call:any");
  const rows = await prisma.appropriation.findMany({
    // A closed year takes no new call (its allocations are refused anyway).
    where: { closedAt: null, programme: { municipalityId: actor.municipalityId ?? "" } },
    orderBy: [{ fiscalYear: "desc" }, { programme: { code: "asc" } }],
    select: {
      id: true,
      fiscalYear: true,
      amount: true,
      allocated: true,
      programme: { select: { code: true, nameKy: true, nameRu: true, nameEn: true } },
    },
  });
  return rows.map((row) => ({ ...row, free: row.amount - row.allocated }));
}
