// Separation of duties on a call (issue 12; decisions 0053, 0061): whoever
// drafted the call or screened its proposals does not judge them on its
// commission, and whoever sits on its commission does not screen them,
// unless the municipality's administrator recorded an exception with a reason
// (a small municipality may have no one else who knows the field).
import { recordAudit } from "~/domains/audit/audit.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";

// The call's text is the drafter's work until it is published (amendments after, too).
const DRAFTING_ACTIONS = ["call.created", "call.updated", "call.amended", "call.published"];

export type PriorDuty = "drafted" | "screened";

/** What the person did on the call that rules out a seat on its commission. */
export async function priorDuties(tx: Tx, callId: string, userId: string): Promise<PriorDuty[]> {
  const [call, edits, screened] = await Promise.all([
    tx.call.findUnique({ where: { id: callId }, select: { createdById: true } }),
    tx.auditEvent.count({ where: { entityType: "Call", entityId: callId, actorId: userId, action: { in: DRAFTING_ACTIONS } } }),
    tx.eligibilityDecision.count({ where: { decidedById: userId, proposal: { callId } } }),
  ]);
  const duties: PriorDuty[] = [];
  if (call?.createdById === userId || edits > 0) duties.push("drafted");
  if (screened > 0) duties.push("screened");
  return duties;
}

/** Refuses the seat when the person drafted or screened and no exception is recorded. */
export async function assertMaySit(tx: Tx, callId: string, userId: string) {
  const duties = await priorDuties(tx, callId, userId);
  if (duties.length === 0) return;
  if (!(await hasException(tx, callId, userId)))
    throw new DomainError(duties.includes("drafted") ? "reviews:errors.dutyDrafted" : "reviews:errors.dutyScreened", {}, 409);
}

const hasException = async (tx: Tx, callId: string, userId: string) =>
  Boolean(await tx.commissionException.findUnique({ where: { callId_userId: { callId, userId } }, select: { id: true } }));

/** Refuses screening the call's proposals by a person seated on its commission when no exception is recorded. */
export async function assertMayScreen(tx: Tx, callId: string, userId: string) {
  const seat = await tx.commissionMembership.findUnique({ where: { callId_userId: { callId, userId } }, select: { id: true } });
  if (seat && !(await hasException(tx, callId, userId))) throw new DomainError("reviews:errors.dutySeated", {}, 409);
}

function administeredMunicipality(actor: Actor) {
  assertCan(actor, "manage:user:any");
  if (!actor.municipalityId) throw new DomainError("forbidden", {}, 403);
  return actor.municipalityId;
}

/**
 * The administrator records that this person may sit on this call's
 * commission despite having drafted it or screened its proposals, or screen
 * its proposals despite sitting on its commission. Audited
 * with its reason; recorded once per person and call.
 */
export async function recordCommissionException({
  actor,
  callId,
  email,
  reason,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  email: string;
  reason: string;
  ipAddress?: string;
  now?: Date;
}) {
  const municipalityId = administeredMunicipality(actor);
  return prisma.$transaction(async (tx) => {
    const call = await tx.call.findFirst({ where: { id: callId, municipalityId }, select: { id: true, reference: true } });
    if (!call) throw new DomainError("notFound", {}, 404);
    const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
    if (!user) throw new DomainError("reviews:errors.noSuchUser", {}, 422);
    const seated = await tx.commissionMembership.findUnique({
      where: { callId_userId: { callId, userId: user.id } },
      select: { id: true },
    });
    const duties: (PriorDuty | "seated")[] = [...(await priorDuties(tx, callId, user.id)), ...(seated ? (["seated"] as const) : [])];
    // An exception to nothing would only confuse the trail.
    if (duties.length === 0) throw new DomainError("reviews:errors.exceptionNotNeeded", {}, 409);
    if (await hasException(tx, callId, user.id)) {
      throw new DomainError("reviews:errors.exceptionExists", {}, 409);
    }
    const exception = await tx.commissionException.create({
      data: { callId, userId: user.id, reason: reason.trim(), recordedById: actor.id, createdAt: now },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "commission.exception_recorded",
      entityType: "Call",
      entityId: callId,
      after: { exceptionId: exception.id, userId: user.id, duties, reason: reason.trim() },
      ipAddress,
      now,
    });
    return exception;
  });
}

/** The municipality's calls whose commission can still change, and the exceptions recorded. */
export async function listCommissionExceptions({ actor }: { actor: Actor }) {
  const municipalityId = administeredMunicipality(actor);
  const [calls, exceptions] = await Promise.all([
    prisma.call.findMany({
      where: { municipalityId, status: { in: ["DRAFT", "PUBLISHED", "IN_REVIEW"] } },
      orderBy: { createdAt: "desc" },
      select: { id: true, reference: true, titleKy: true, titleRu: true, titleEn: true },
    }),
    prisma.commissionException.findMany({
      where: { call: { municipalityId } },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        reason: true,
        createdAt: true,
        call: { select: { reference: true } },
        user: { select: { fullName: true, email: true } },
      },
    }),
  ]);
  return { calls, exceptions };
}
