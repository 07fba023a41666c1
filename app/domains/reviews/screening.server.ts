import { recordAudit } from "~/domains/audit/audit.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, can, type Actor } from "~/utils/permissions";
import { APPLIED, chairOf, notFound, notifyOrganization, notifyUser, requireChair, requireOfficerCall, reviewOpen } from "./access.server";
import { appealProblem, eligibilityAppealEndsAt, jsonStringList, screeningChecks } from "./review-rules";
import { assertMayScreen } from "./separation-of-duties.server";
import { isOneOf } from "~/utils/guards";

// Screening: a programme officer decides each submitted proposal's
// admissibility; an ineligible NCO may appeal within the call's appealDays
// and the commission's chair decides the appeal. Everything is audited.

/** The call's submitted proposals with the officer's decision, appeals and the portal's admissibility hints. */
export async function listForScreening({ actor, callId, now = new Date() }: { actor: Actor; callId: string; now?: Date }) {
  const call = await requireOfficerCall(actor, callId, "screen:proposal:any");
  const terms = await prisma.call.findUniqueOrThrow({
    where: { id: callId },
    select: { eligibleLegalForms: true, minOrganizationAgeMonths: true, requiredDocuments: true },
  });
  const proposals = await prisma.proposal.findMany({
    where: { callId, status: { in: [...APPLIED] } },
    orderBy: [{ submittedAt: "asc" }, { reference: "asc" }],
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      intake: true,
      submittedAt: true,
      requestedTotal: true,
      organization: {
        select: {
          id: true,
          nameKy: true,
          nameRu: true,
          nameEn: true,
          legalForm: true,
          registeredOn: true,
          verification: true,
          preferredLocale: true,
        },
      },
      attachments: { select: { kind: true } },
      eligibility: { select: { eligible: true, reason: true, decidedAt: true } },
      appeals: { where: { kind: "ELIGIBILITY" }, select: { id: true, status: true, grounds: true, decision: true, filedAt: true } },
    },
  });
  return {
    call,
    open: reviewOpen(call, now),
    proposals: proposals.map(({ attachments, ...p }) => ({
      ...p,
      appealUntil: p.eligibility && !p.eligibility.eligible ? eligibilityAppealEndsAt(p.eligibility.decidedAt, call.appealDays) : null,
      checks: screeningChecks({
        eligibleLegalForms: jsonStringList(terms.eligibleLegalForms),
        minOrganizationAgeMonths: terms.minOrganizationAgeMonths,
        requiredDocuments: jsonStringList(terms.requiredDocuments),
        minGrant: call.minGrant,
        maxGrant: call.maxGrant,
        legalForm: p.organization.legalForm,
        registeredOn: p.organization.registeredOn,
        submittedAt: p.submittedAt ?? now,
        documentKinds: attachments.map((a) => a.kind),
        requested: p.requestedTotal,
        verified: p.organization.verification === "VERIFIED",
      }),
    })),
  };
}

/** The first screening decision of a closed call starts its review. */
async function startReview(tx: Tx, actor: Actor, call: { id: string; status: string }, now: Date) {
  if (call.status !== "PUBLISHED") return;
  const started = await tx.call.updateMany({
    where: { id: call.id, status: "PUBLISHED", submissionDeadline: { lte: now } },
    data: { status: "IN_REVIEW", reviewStartsAt: now },
  });
  if (started.count === 1) {
    await recordAudit(tx, {
      actor,
      action: "call.reviewStarted",
      entityType: "Call",
      entityId: call.id,
      before: { status: "PUBLISHED" },
      after: { status: "IN_REVIEW" },
      now,
    });
  }
}

/**
 * Eligible, or ineligible with a reason written in the organization's
 * language. Decided once; only an appeal changes it. The NCO is notified in
 * the same transaction.
 */
export async function decideEligibility({
  actor,
  proposalId,
  eligible,
  reason,
  now = new Date(),
}: {
  actor: Actor;
  proposalId: string;
  eligible: boolean;
  reason: string;
  now?: Date;
}) {
  assertCan(actor, "screen:proposal:any");
  if (!eligible && reason.trim().length < 10) throw new DomainError("reviews:validation.reasonRequired", {}, 400);
  return prisma.$transaction(async (tx) => {
    const proposal = await tx.proposal.findFirst({
      where: { id: proposalId, call: { municipalityId: actor.municipalityId ?? "" } },
      select: {
        id: true,
        reference: true,
        status: true,
        organizationId: true,
        organization: { select: { verification: true } },
        call: { select: { id: true, status: true, reference: true, appealDays: true, submissionDeadline: true } },
      },
    });
    if (!proposal || !isOneOf(APPLIED, proposal.status)) throw notFound();
    if (!reviewOpen(proposal.call, now)) throw new DomainError("reviews:errors.callStillOpen", {}, 409);
    if (!["PUBLISHED", "IN_REVIEW"].includes(proposal.call.status)) throw new DomainError("reviews:errors.reviewClosed", {}, 409);
    // A seated member judges the proposals; screening them too would be the same person twice (decision 0061).
    await assertMayScreen(tx, proposal.call.id, actor.id);
    // No grant before the officer has checked the registration (decisions 0010, 0066): eligible needs VERIFIED.
    // The update repeats the condition, so a verification returned meanwhile is not passed over.
    const unverified = eligible && proposal.organization.verification !== "VERIFIED";
    if (unverified && proposal.status === "SUBMITTED")
      throw new DomainError("reviews:errors.notVerified", { organizationId: proposal.organizationId }, 409);
    const status = eligible ? "ELIGIBLE" : "INELIGIBLE";
    const changed = await tx.proposal.updateMany({
      where: { id: proposalId, status: "SUBMITTED", ...(eligible ? { organization: { verification: "VERIFIED" } } : {}) },
      data: { status },
    });
    if (changed.count !== 1) {
      const current = await tx.proposal.findUniqueOrThrow({ where: { id: proposalId }, select: { status: true } });
      throw new DomainError(
        current.status === "SUBMITTED" ? "reviews:errors.notVerified" : "reviews:errors.alreadyScreened",
        { organizationId: proposal.organizationId },
        409,
      );
    }
    await startReview(tx, actor, proposal.call, now);
    const decision = await tx.eligibilityDecision.create({
      data: { proposalId, eligible, reason: reason.trim(), decidedById: actor.id, decidedAt: now },
      select: { id: true },
    });
    const appealUntil = eligibilityAppealEndsAt(now, proposal.call.appealDays);
    await notifyOrganization(tx, {
      organizationId: proposal.organizationId,
      template: eligible ? "reviews.eligible" : "reviews.ineligible",
      payload: {
        proposal: proposal.reference,
        call: proposal.call.reference,
        reason: reason.trim(),
        appealUntil: appealUntil.toISOString(),
      },
      dedupeKey: `eligibility:${proposalId}`,
    });
    await recordAudit(tx, {
      actor,
      action: "proposal.screened",
      entityType: "Proposal",
      entityId: proposalId,
      before: { status: "SUBMITTED" },
      after: { status, reason: reason.trim(), eligibilityDecisionId: decision.id },
      now,
    });
    return { status, appealUntil };
  });
}

/** What the NCO sees of its proposals' review in a call: eligibility, appeals and what it may still do. */
export async function listOwnReviewResults({ actor, now = new Date() }: { actor: Actor; now?: Date }) {
  assertCan(actor, "read:award:own");
  const proposals = await prisma.proposal.findMany({
    where: { organizationId: { in: actor.organizations.map((o) => o.id) }, status: { in: [...APPLIED] } },
    orderBy: { submittedAt: "desc" },
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      call: {
        select: {
          id: true,
          reference: true,
          titleKy: true,
          titleRu: true,
          titleEn: true,
          status: true,
          appealDays: true,
          standstillEndsAt: true,
        },
      },
      organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
      eligibility: { select: { eligible: true, reason: true, decidedAt: true } },
      appeals: {
        orderBy: { filedAt: "asc" },
        select: { id: true, kind: true, status: true, grounds: true, decision: true, filedAt: true, decidedAt: true },
      },
      award: { select: { id: true, reference: true, status: true, amount: true, requestedAmount: true } },
    },
  });
  return proposals.map((p) => {
    const window = (kind: "ELIGIBILITY" | "DECISION") =>
      appealProblem({
        kind,
        now,
        proposalStatus: p.status,
        eligibilityDecidedAt: p.eligibility?.decidedAt ?? null,
        appealDays: p.call.appealDays,
        callStatus: p.call.status,
        standstillEndsAt: p.call.standstillEndsAt,
        hasAppealOfKind: p.appeals.some((a) => a.kind === kind),
      }) === null;
    return {
      ...p,
      standstillOpen: p.call.status === "DECIDED" && p.call.standstillEndsAt !== null && now < p.call.standstillEndsAt,
      canAppealEligibility: window("ELIGIBILITY"),
      canAppealDecision: window("DECISION"),
      eligibilityAppealUntil:
        p.eligibility && !p.eligibility.eligible ? eligibilityAppealEndsAt(p.eligibility.decidedAt, p.call.appealDays) : null,
    };
  });
}

/**
 * An NCO appeals: against an ineligible decision within appealDays, or
 * against the published decision during the standstill. One appeal of each
 * kind per proposal. The chair is notified.
 */
export async function fileAppeal({
  actor,
  proposalId,
  kind,
  grounds,
  now = new Date(),
}: {
  actor: Actor;
  proposalId: string;
  kind: "ELIGIBILITY" | "DECISION";
  grounds: string;
  now?: Date;
}) {
  assertCan(actor, "file:appeal:own");
  return prisma.$transaction(async (tx) => {
    const proposal = await tx.proposal.findFirst({
      where: { id: proposalId, organizationId: { in: actor.organizations.map((o) => o.id) } },
      select: {
        id: true,
        reference: true,
        status: true,
        callId: true,
        eligibility: { select: { decidedAt: true } },
        call: { select: { status: true, appealDays: true, standstillEndsAt: true, reference: true } },
        appeals: { where: { kind }, select: { id: true } },
      },
    });
    if (!proposal) throw notFound();
    const problem = appealProblem({
      kind,
      now,
      proposalStatus: proposal.status,
      eligibilityDecidedAt: proposal.eligibility?.decidedAt ?? null,
      appealDays: proposal.call.appealDays,
      callStatus: proposal.call.status,
      standstillEndsAt: proposal.call.standstillEndsAt,
      hasAppealOfKind: proposal.appeals.length > 0,
    });
    if (problem) throw new DomainError(problem, {}, 409);
    const appeal = await tx.appeal.create({
      data: { proposalId, kind, grounds: grounds.trim(), filedById: actor.id, filedAt: now },
      select: { id: true },
    });
    const chair = await chairOf(tx, proposal.callId);
    if (chair) {
      await notifyUser(tx, {
        userId: chair.userId,
        template: "reviews.appealFiled",
        payload: { proposal: proposal.reference, call: proposal.call.reference, kind },
        dedupeKey: `appeal:${appeal.id}`,
      });
    }
    await recordAudit(tx, {
      actor,
      action: "appeal.filed",
      entityType: "Appeal",
      entityId: appeal.id,
      after: { proposalId, kind, grounds: grounds.trim() },
      now,
    });
    return appeal;
  });
}

/** The open and decided appeals of the call, for its chair. */
export async function listAppeals({ actor, callId }: { actor: Actor; callId: string }) {
  const seat = await requireChair(actor, callId);
  const appeals = await prisma.appeal.findMany({
    where: { proposal: { callId } },
    orderBy: [{ status: "asc" }, { filedAt: "asc" }],
    select: {
      id: true,
      kind: true,
      status: true,
      grounds: true,
      decision: true,
      filedAt: true,
      decidedAt: true,
      proposal: {
        select: {
          id: true,
          reference: true,
          title: true,
          status: true,
          organization: { select: { nameKy: true, nameRu: true, nameEn: true, preferredLocale: true } },
          eligibility: { select: { eligible: true, reason: true, decidedAt: true } },
        },
      },
    },
  });
  return { call: seat.call, appeals };
}

/**
 * The chair decides an appeal with a reason. An upheld eligibility appeal
 * makes the proposal eligible (the officer's decision stays on record); an
 * upheld decision appeal reopens the review (see awards/standstill).
 */
export async function decideEligibilityAppealInTx(
  tx: Tx,
  input: { actor: Actor; appeal: { id: string; proposalId: string }; upheld: boolean; decision: string; now: Date },
) {
  const { actor, appeal, upheld, decision, now } = input;
  const status = upheld ? "UPHELD" : "DISMISSED";
  const closed = await tx.appeal.updateMany({
    where: { id: appeal.id, status: "OPEN" },
    data: { status, decision: decision.trim(), decidedById: actor.id, decidedAt: now },
  });
  if (closed.count !== 1) throw new DomainError("reviews:errors.appealAlreadyDecided", {}, 409);
  if (upheld) {
    const reopened = await tx.proposal.updateMany({ where: { id: appeal.proposalId, status: "INELIGIBLE" }, data: { status: "ELIGIBLE" } });
    if (reopened.count !== 1) throw new DomainError("reviews:errors.nothingToAppeal", {}, 409);
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
    action: "appeal.decided",
    entityType: "Appeal",
    entityId: appeal.id,
    before: { status: "OPEN" },
    after: { status, decision: decision.trim(), proposalStatus: upheld ? "ELIGIBLE" : "INELIGIBLE" },
    now,
  });
  return { status };
}

/** The municipality's calls whose submissions are closed, with what the officer still has to do on each. */
export async function listCallsForReview({ actor, now = new Date() }: { actor: Actor; now?: Date }) {
  if (!can(actor, "screen:proposal:any")) return [];
  const calls = await prisma.call.findMany({
    where: {
      municipalityId: actor.municipalityId ?? "",
      OR: [{ status: { in: ["IN_REVIEW", "DECIDED", "COMPLETED"] } }, { status: "PUBLISHED", submissionDeadline: { lte: now } }],
    },
    orderBy: [{ submissionDeadline: "desc" }],
    select: {
      id: true,
      reference: true,
      status: true,
      titleKy: true,
      titleRu: true,
      titleEn: true,
      submissionDeadline: true,
      standstillEndsAt: true,
      _count: { select: { commission: true } },
      proposals: { where: { status: { in: [...APPLIED] } }, select: { status: true } },
    },
  });
  return calls.map(({ proposals, _count, ...call }) => ({
    ...call,
    seats: _count.commission,
    applied: proposals.length,
    toScreen: proposals.filter((p) => p.status === "SUBMITTED").length,
  }));
}
