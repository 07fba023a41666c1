import { assertEmailConfirmed } from "~/domains/accounts/email-confirmation.server";
import { recordAudit } from "~/domains/audit/audit.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { can, type Actor } from "~/utils/permissions";
import { assertMaySit } from "./separation-of-duties.server";
import { applicantsOf, notFound, notifyUser, requireOfficerCall, requireSeat, reviewOpen, SCORED } from "./access.server";
import {
  affiliationsOf,
  commissionProblem,
  declarationChangeAllowed,
  expectedScorers,
  likelyConflict,
  parseAffiliations,
  undeclaredOrganizations,
  type Applicant,
  type CommissionRoleValue,
} from "./review-rules";
import { isOneOf } from "~/utils/guards";

// The commission of a call: appointed by a programme officer; each member
// declares, per applicant organization, a conflict of interest or none before
// seeing any proposal. The portal flags likely conflicts from the members'
// declared affiliations and shows them to the chair and the officer.

const SEAT_SELECT = {
  id: true,
  role: true,
  affiliations: true,
  appointedAt: true,
  user: { select: { id: true, fullName: true, email: true } },
  declarations: { select: { organizationId: true, hasConflict: true, reason: true, declaredAt: true } },
} as const;

export type LikelyConflict = {
  membershipId: string;
  memberName: string;
  organizationId: string;
  organizationName: { nameKy: string; nameRu: string; nameEn: string };
  matchedOn: "registrationNumber" | "tin";
  declared: "conflict" | "noConflict" | "notYet";
};

export function findLikelyConflicts(
  seats: readonly {
    id: string;
    affiliations: unknown;
    user: { fullName: string };
    declarations: readonly { organizationId: string; hasConflict: boolean }[];
  }[],
  applicants: readonly (Applicant & { nameKy: string; nameRu: string; nameEn: string })[],
): LikelyConflict[] {
  const found: LikelyConflict[] = [];
  for (const seat of seats) {
    const affiliations = affiliationsOf(seat.affiliations);
    for (const applicant of applicants) {
      const matchedOn = likelyConflict(affiliations, applicant);
      if (!matchedOn) continue;
      const declaration = seat.declarations.find((d) => d.organizationId === applicant.id);
      found.push({
        membershipId: seat.id,
        memberName: seat.user.fullName,
        organizationId: applicant.id,
        organizationName: { nameKy: applicant.nameKy, nameRu: applicant.nameRu, nameEn: applicant.nameEn },
        matchedOn,
        declared: !declaration ? "notYet" : declaration.hasConflict ? "conflict" : "noConflict",
      });
    }
  }
  return found;
}

/** The officer's view: members, declarations, likely conflicts and scoring progress in counts (never scores). */
export async function getCommissionForOfficer({ actor, callId, now = new Date() }: { actor: Actor; callId: string; now?: Date }) {
  const call = await requireOfficerCall(actor, callId, "appoint:commission:any");
  const [seats, applicants, proposals, submittedSheets, invitations] = await Promise.all([
    prisma.commissionMembership.findMany({ where: { callId }, orderBy: [{ role: "asc" }, { appointedAt: "asc" }], select: SEAT_SELECT }),
    applicantsOf(prisma, callId),
    prisma.proposal.findMany({ where: { callId, status: { in: [...SCORED] } }, select: { id: true, organizationId: true } }),
    prisma.scoreSheet.findMany({
      where: { proposal: { callId }, submittedAt: { not: null } },
      select: { membershipId: true, proposalId: true },
    }),
    // Outside experts invited by e-mail who have not accepted yet (decision 0061).
    prisma.commissionInvitation.findMany({
      where: { callId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "asc" },
      select: { id: true, fullName: true, email: true, role: true, expiresAt: true },
    }),
  ]);
  const conflictsBySeat = new Map(
    seats.map((s) => [s.id, new Set(s.declarations.filter((d) => d.hasConflict).map((d) => d.organizationId))]),
  );
  const expected = proposals.reduce((sum, p) => {
    const conflicted = new Set(seats.filter((s) => conflictsBySeat.get(s.id)?.has(p.organizationId)).map((s) => s.id));
    return (
      sum +
      expectedScorers(
        seats.map((s) => ({ membershipId: s.id, role: s.role })),
        conflicted,
      ).length
    );
  }, 0);
  return {
    call,
    seats: seats.map((s) => ({
      ...s,
      affiliations: affiliationsOf(s.affiliations),
      declared: s.declarations.length,
      conflicts: s.declarations.filter((d) => d.hasConflict).length,
      submitted: submittedSheets.filter((sheet) => sheet.membershipId === s.id).length,
      removable: !submittedSheets.some((sheet) => sheet.membershipId === s.id) && ["PUBLISHED", "IN_REVIEW", "DRAFT"].includes(call.status),
    })),
    applicants,
    invitations,
    likelyConflicts: findLikelyConflicts(seats, applicants),
    problem: commissionProblem(seats.map((s) => s.role)),
    progress: { proposals: proposals.length, expectedSheets: expected, submittedSheets: submittedSheets.length },
  };
}

/** The call states in which its commission can still change. */
export const SEATS_OPEN = ["DRAFT", "PUBLISHED", "IN_REVIEW"] as const;

/**
 * Seats the person on the call's commission with every rule a seat obeys:
 * separation of duties, nobody sits twice, one chair. The caller checks the
 * call's state and audits the seat.
 */
export async function seatMember(
  tx: Tx,
  {
    callId,
    userId,
    role,
    affiliations,
    appointedById,
    now,
  }: { callId: string; userId: string; role: CommissionRoleValue; affiliations: string[]; appointedById: string; now: Date },
) {
  await assertMaySit(tx, callId, userId);
  if (await tx.commissionMembership.findUnique({ where: { callId_userId: { callId, userId } }, select: { id: true } })) {
    throw new DomainError("reviews:errors.alreadySeated", {}, 409);
  }
  if (role === "CHAIR" && (await tx.commissionMembership.count({ where: { callId, role: "CHAIR" } })) > 0) {
    throw new DomainError("reviews:errors.chairExists", {}, 409);
  }
  return tx.commissionMembership.create({
    data: { callId, userId, role, affiliations, appointedById, appointedAt: now },
    select: { id: true },
  });
}

/** Seats an active account whose address is confirmed, in the caller's transaction, notifying and auditing it. */
export async function appointAccount(
  tx: Tx,
  {
    actor,
    call,
    user,
    role,
    affiliations,
    now,
  }: {
    actor: Actor;
    call: { id: string; reference: string };
    user: { id: string; status: string };
    role: CommissionRoleValue;
    affiliations: string;
    now: Date;
  },
) {
  if (user.status !== "ACTIVE") throw new DomainError("reviews:errors.noSuchUser", {}, 422);
  // A seat goes to the owner of the address, not to whoever registered it first.
  await assertEmailConfirmed({ userId: user.id, db: tx, subject: "other" });
  const seat = await seatMember(tx, {
    callId: call.id,
    userId: user.id,
    role,
    affiliations: parseAffiliations(affiliations),
    appointedById: actor.id,
    now,
  });
  await notifyUser(tx, {
    userId: user.id,
    template: "reviews.appointed",
    payload: { call: call.reference, role },
    dedupeKey: `appointed:${seat.id}`,
  });
  await recordAudit(tx, {
    actor,
    action: "commission.appointed",
    entityType: "CommissionMembership",
    entityId: seat.id,
    after: { callId: call.id, userId: user.id, role },
    now,
  });
  return seat;
}

/** Appoints a registered person to the call's commission. One chair per call; nobody sits twice. */
export async function appointMember({
  actor,
  callId,
  email,
  role,
  affiliations,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  email: string;
  role: CommissionRoleValue;
  affiliations: string;
  now?: Date;
}) {
  const call = await requireOfficerCall(actor, callId, "appoint:commission:any");
  if (!isOneOf(SEATS_OPEN, call.status)) throw new DomainError("reviews:errors.reviewClosed", {}, 409);
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, status: true } });
    if (!user) throw new DomainError("reviews:errors.noSuchUser", {}, 422);
    return appointAccount(tx, { actor, call, user, role, affiliations, now });
  });
}

/** Removes a seat that has not submitted any score sheet (its drafts and declarations go with it). */
export async function removeMember({
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
  const call = await requireOfficerCall(actor, callId, "appoint:commission:any");
  if (!isOneOf(SEATS_OPEN, call.status)) throw new DomainError("reviews:errors.reviewClosed", {}, 409);
  return prisma.$transaction(async (tx) => {
    const seat = await tx.commissionMembership.findFirst({
      where: { id: membershipId, callId },
      select: { id: true, userId: true, role: true },
    });
    if (!seat) throw notFound();
    if (await tx.scoreSheet.count({ where: { membershipId, submittedAt: { not: null } } }))
      throw new DomainError("reviews:errors.seatHasScores", {}, 409);
    await tx.commissionMembership.delete({ where: { id: membershipId } });
    await recordAudit(tx, {
      actor,
      action: "commission.removed",
      entityType: "CommissionMembership",
      entityId: membershipId,
      before: { callId, userId: seat.userId, role: seat.role },
      now,
    });
  });
}

/** The calls where the actor sits, with what is left for them to do. */
export async function listSeats({ actor, now = new Date() }: { actor: Actor; now?: Date }) {
  if (!can(actor, "read:proposal:assigned")) return [];
  const seats = await prisma.commissionMembership.findMany({
    where: { userId: actor.id },
    orderBy: { appointedAt: "desc" },
    select: {
      id: true,
      role: true,
      call: { select: { id: true, reference: true, status: true, titleKy: true, titleRu: true, titleEn: true, submissionDeadline: true } },
      _count: { select: { declarations: true } },
      scoreSheets: { where: { submittedAt: { not: null } }, select: { id: true } },
    },
  });
  return seats.map((s) => ({
    id: s.id,
    role: s.role,
    call: s.call,
    open: reviewOpen(s.call, now),
    declared: s._count.declarations,
    submitted: s.scoreSheets.length,
  }));
}

/**
 * The member's page of a call. Until the member has declared on every
 * applicant organization, it carries the declaration form and no proposal
 * at all; the proposals come only with complete declarations.
 */
export async function getMemberCall({ actor, callId, now = new Date() }: { actor: Actor; callId: string; now?: Date }) {
  const seat = await requireSeat(actor, callId);
  const open = reviewOpen(seat.call, now);
  const [applicants, declarations] = await Promise.all([
    open ? applicantsOf(prisma, callId) : Promise.resolve([]),
    prisma.conflictDeclaration.findMany({
      where: { membershipId: seat.id },
      select: { organizationId: true, hasConflict: true, reason: true },
    }),
  ]);
  const affiliations = affiliationsOf(seat.affiliations);
  const undeclared = undeclaredOrganizations(
    applicants.map((a) => a.id),
    declarations.map((d) => d.organizationId),
  );
  const ready = open && undeclared.length === 0;
  const conflicted = new Set(declarations.filter((d) => d.hasConflict).map((d) => d.organizationId));
  const proposals = ready
    ? await prisma.proposal.findMany({
        where: { callId, status: { in: [...SCORED] } },
        orderBy: { reference: "asc" },
        select: {
          id: true,
          reference: true,
          title: true,
          organizationId: true,
          organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
          scoreSheets: { where: { membershipId: seat.id }, select: { submittedAt: true } },
        },
      })
    : [];
  return {
    seat: { id: seat.id, role: seat.role, affiliations },
    call: seat.call,
    open,
    ready,
    applicants: applicants.map((a) => ({
      ...a,
      declaration: declarations.find((d) => d.organizationId === a.id) ?? null,
      likely: likelyConflict(affiliations, a),
    })),
    proposals: proposals.map(({ scoreSheets, organizationId, ...p }) =>
      conflicted.has(organizationId)
        ? { id: p.id, reference: p.reference, title: null, organization: p.organization, state: "conflict" as const }
        : { ...p, state: scoreSheets[0]?.submittedAt ? ("submitted" as const) : scoreSheets[0] ? ("draft" as const) : ("todo" as const) },
    ),
  };
}

/**
 * Records the member's declarations. A "no conflict" may later become a
 * declared conflict (a recusal); a declared conflict is never withdrawn.
 */
export async function declareConflicts({
  actor,
  callId,
  declarations,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  declarations: { organizationId: string; hasConflict: boolean; reason: string }[];
  now?: Date;
}) {
  if (!can(actor, "declare:conflict:assigned")) throw notFound();
  const seat = await requireSeat(actor, callId);
  if (!reviewOpen(seat.call, now)) throw new DomainError("reviews:errors.callStillOpen", {}, 409);
  if (!["PUBLISHED", "IN_REVIEW"].includes(seat.call.status)) throw new DomainError("reviews:errors.reviewClosed", {}, 409);
  return prisma.$transaction(async (tx) => {
    const applicants = new Set((await applicantsOf(tx, callId)).map((a) => a.id));
    const existing = await tx.conflictDeclaration.findMany({
      where: { membershipId: seat.id },
      select: { organizationId: true, hasConflict: true },
    });
    const changed: typeof declarations = [];
    for (const d of declarations) {
      if (!applicants.has(d.organizationId)) throw notFound();
      const previous = existing.find((e) => e.organizationId === d.organizationId)?.hasConflict ?? null;
      if (!declarationChangeAllowed(previous, d.hasConflict)) throw new DomainError("reviews:errors.conflictIsBinding", {}, 409);
      if (previous === d.hasConflict) continue;
      await tx.conflictDeclaration.upsert({
        where: { membershipId_organizationId: { membershipId: seat.id, organizationId: d.organizationId } },
        create: {
          membershipId: seat.id,
          organizationId: d.organizationId,
          hasConflict: d.hasConflict,
          reason: d.reason.trim(),
          declaredAt: now,
        },
        update: { hasConflict: d.hasConflict, reason: d.reason.trim(), declaredAt: now },
      });
      changed.push(d);
    }
    if (changed.length) {
      await recordAudit(tx, {
        actor,
        action: "conflicts.declared",
        entityType: "CommissionMembership",
        entityId: seat.id,
        after: {
          declarations: changed.map((d) => ({ organizationId: d.organizationId, hasConflict: d.hasConflict, reason: d.reason.trim() })),
        },
        now,
      });
    }
    return { changed: changed.length };
  });
}

/** The member keeps their own affiliations (registration numbers and TINs) up to date. */
export async function updateAffiliations({
  actor,
  callId,
  affiliations,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  affiliations: string;
  now?: Date;
}) {
  const seat = await requireSeat(actor, callId);
  if (!["DRAFT", "PUBLISHED", "IN_REVIEW"].includes(seat.call.status)) throw new DomainError("reviews:errors.reviewClosed", {}, 409);
  const next = parseAffiliations(affiliations);
  await prisma.$transaction(async (tx) => {
    await tx.commissionMembership.update({ where: { id: seat.id }, data: { affiliations: next } });
    await recordAudit(tx, {
      actor,
      action: "commission.affiliationsDeclared",
      entityType: "CommissionMembership",
      entityId: seat.id,
      before: { affiliations: affiliationsOf(seat.affiliations) },
      after: { affiliations: next },
      now,
    });
  });
  return next;
}
