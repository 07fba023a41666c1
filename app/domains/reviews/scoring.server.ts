import { recordAudit } from "~/domains/audit/audit.server";
import { questionsWithAnswers } from "~/domains/proposals/proposal-answers.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { can, type Actor } from "~/utils/permissions";
import { applicantsOf, notFound, requireChair, requireSeat, reviewOpen, SCORED } from "./access.server";
import { criterionOutcomes, expectedScorers, isScorer, mayReveal, undeclaredOrganizations } from "./review-rules";

// Blind scoring. What a member may see of a proposal is decided here, on the
// server, and only that is returned: no other member's score leaves the
// server for a proposal until the member has submitted their own sheet.

/** The member may open proposals only with every declaration made; a conflicted member never opens that proposal. */
export async function requireOpenableProposal(actor: Actor, callId: string, proposalId: string, now: Date) {
  const seat = await requireSeat(actor, callId);
  if (!reviewOpen(seat.call, now)) throw notFound();
  const [applicants, declarations, proposal] = await Promise.all([
    applicantsOf(prisma, callId),
    prisma.conflictDeclaration.findMany({ where: { membershipId: seat.id }, select: { organizationId: true, hasConflict: true } }),
    prisma.proposal.findFirst({
      where: { id: proposalId, callId, status: { in: [...SCORED] } },
      select: { id: true, organizationId: true },
    }),
  ]);
  if (!proposal) throw notFound();
  if (
    undeclaredOrganizations(
      applicants.map((a) => a.id),
      declarations.map((d) => d.organizationId),
    ).length
  ) {
    throw new DomainError("reviews:errors.declareFirst", {}, 409);
  }
  if (declarations.some((d) => d.organizationId === proposal.organizationId && d.hasConflict)) throw notFound();
  return { seat, proposal };
}

/**
 * The proposals of the call a member may open, in reference order: the same rules as one proposal
 * (a seat, the review open, every applicant declared, no conflict with the proposal's organization).
 */
export async function openableProposalIds(actor: Actor, callId: string, now: Date): Promise<string[]> {
  const seat = await requireSeat(actor, callId);
  if (!reviewOpen(seat.call, now)) throw notFound();
  const [applicants, declarations, proposals] = await Promise.all([
    applicantsOf(prisma, callId),
    prisma.conflictDeclaration.findMany({ where: { membershipId: seat.id }, select: { organizationId: true, hasConflict: true } }),
    prisma.proposal.findMany({
      where: { callId, status: { in: [...SCORED] } },
      orderBy: { reference: "asc" },
      select: { id: true, organizationId: true },
    }),
  ]);
  const declared = declarations.map((d) => d.organizationId);
  if (
    undeclaredOrganizations(
      applicants.map((a) => a.id),
      declared,
    ).length
  )
    throw new DomainError("reviews:errors.declareFirst", {}, 409);
  const conflicted = new Set(declarations.filter((d) => d.hasConflict).map((d) => d.organizationId));
  return proposals.filter((p) => !conflicted.has(p.organizationId)).map((p) => p.id);
}

/** The seats of the call and who declared a conflict with the organization: the proposal's expected scorers. */
async function expectedScorersOf(callId: string, organizationId: string) {
  const seats = await prisma.commissionMembership.findMany({
    where: { callId },
    select: {
      id: true,
      role: true,
      user: { select: { fullName: true } },
      declarations: { where: { organizationId, hasConflict: true }, select: { id: true } },
    },
  });
  const conflicted = new Set(seats.filter((s) => s.declarations.length).map((s) => s.id));
  return {
    seats,
    expected: expectedScorers(
      seats.map((s) => ({ membershipId: s.id, role: s.role })),
      conflicted,
    ),
  };
}

/**
 * A proposal as one member may see it: its content, the criteria, their own
 * sheet and, only when mayReveal allows, the others' submitted scores, the
 * divergence flags and the consensus records.
 */
export async function getProposalForReview({
  actor,
  callId,
  proposalId,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  proposalId: string;
  now?: Date;
}) {
  const { seat, proposal: found } = await requireOpenableProposal(actor, callId, proposalId, now);
  const [proposal, criteria, ownSheet, ownScores, scorers] = await Promise.all([
    prisma.proposal.findUniqueOrThrow({
      where: { id: found.id },
      select: {
        id: true,
        reference: true,
        title: true,
        summary: true,
        problem: true,
        targetGroup: true,
        beneficiaries: true,
        objectives: true,
        activities: true,
        team: true,
        language: true,
        requestedTotal: true,
        cofinancingTotal: true,
        submittedAt: true,
        status: true,
        organization: { select: { nameKy: true, nameRu: true, nameEn: true, legalForm: true, region: true, registeredOn: true } },
        milestones: {
          orderBy: { position: "asc" },
          select: { position: true, title: true, deliverables: true, startsOn: true, dueOn: true },
        },
        budgetLines: {
          orderBy: { position: "asc" },
          select: {
            position: true,
            category: true,
            description: true,
            unit: true,
            quantity: true,
            unitCost: true,
            requested: true,
            cofinancing: true,
          },
        },
        attachments: {
          select: {
            kind: true,
            attachmentId: true,
            attachment: { select: { originalName: true } },
            storedDocument: { select: { title: true, attachmentId: true } },
          },
        },
      },
    }),
    prisma.callCriterion.findMany({
      where: { callId },
      orderBy: { position: "asc" },
      select: {
        id: true,
        position: true,
        nameKy: true,
        nameRu: true,
        nameEn: true,
        descriptionKy: true,
        descriptionRu: true,
        descriptionEn: true,
        maxScore: true,
        weight: true,
      },
    }),
    prisma.scoreSheet.findUnique({
      where: { proposalId_membershipId: { proposalId, membershipId: seat.id } },
      select: { submittedAt: true },
    }),
    prisma.score.findMany({ where: { proposalId, membershipId: seat.id }, select: { criterionId: true, score: true, comment: true } }),
    expectedScorersOf(callId, found.organizationId),
  ]);
  const sheets = await prisma.scoreSheet.findMany({ where: { proposalId, submittedAt: { not: null } }, select: { membershipId: true } });
  const reveal = mayReveal({
    viewerMembershipId: seat.id,
    expectedScorerIds: scorers.expected,
    sheets: sheets.map((s) => ({ membershipId: s.membershipId, submitted: true })),
  });
  const revealed = reveal ? await revealedScores(proposalId, seat.id, scorers, criteria) : null;
  // The call's extra questions and this proposal's answers (decision 0077).
  const answers = await questionsWithAnswers(prisma, proposalId, callId);
  return {
    seat: { id: seat.id, role: seat.role },
    call: seat.call,
    proposal,
    answers,
    criteria,
    own: { submittedAt: ownSheet?.submittedAt ?? null, scores: ownScores },
    canScore: isScorer(seat.role) && !ownSheet?.submittedAt && seat.call.status === "IN_REVIEW",
    progress: { expected: scorers.expected.length, submitted: sheets.filter((s) => scorers.expected.includes(s.membershipId)).length },
    revealed,
  };
}

async function revealedScores(
  proposalId: string,
  viewerId: string,
  scorers: Awaited<ReturnType<typeof expectedScorersOf>>,
  criteria: { id: string; position: number; maxScore: number; weight: number }[],
) {
  const counted = new Set(scorers.expected);
  const submitted = await prisma.scoreSheet.findMany({ where: { proposalId, submittedAt: { not: null } }, select: { membershipId: true } });
  const countedIds = submitted.map((s) => s.membershipId).filter((id) => counted.has(id));
  const [scores, consensus] = await Promise.all([
    prisma.score.findMany({
      where: { proposalId, membershipId: { in: countedIds } },
      select: { membershipId: true, criterionId: true, score: true, comment: true },
    }),
    prisma.consensusRecord.findMany({
      where: { proposalId },
      select: { criterionId: true, score: true, rationale: true, createdAt: true },
    }),
  ]);
  const names = new Map(scorers.seats.map((s) => [s.id, { name: s.user.fullName, role: s.role }]));
  const outcomes = criterionOutcomes(criteria, scores, new Map(consensus.map((c) => [c.criterionId, c.score])));
  return {
    sheets: countedIds.map((membershipId) => ({
      membershipId,
      own: membershipId === viewerId,
      ...names.get(membershipId)!,
      scores: scores
        .filter((s) => s.membershipId === membershipId)
        .map(({ criterionId, score, comment }) => ({ criterionId, score, comment })),
    })),
    divergent: outcomes.filter((o) => o.divergent).map((o) => o.criterionId),
    consensus,
    complete: countedIds.length === scorers.expected.length,
  };
}

/**
 * Saves the member's own scores as a draft, or submits them. A submitted
 * sheet is final: nobody, the chair included, changes it afterwards; there
 * is no way to write another member's sheet at all.
 */
export async function saveScoreSheet({
  actor,
  callId,
  proposalId,
  scores,
  submit,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  proposalId: string;
  scores: { criterionId: string; score: number; comment: string }[];
  submit: boolean;
  now?: Date;
}) {
  if (!can(actor, "score:proposal:assigned")) throw notFound();
  const { seat } = await requireOpenableProposal(actor, callId, proposalId, now);
  if (!isScorer(seat.role)) throw new DomainError("reviews:errors.observerCannotScore", {}, 403);
  if (seat.call.status !== "IN_REVIEW") throw new DomainError("reviews:errors.reviewClosed", {}, 409);
  const criteria = await prisma.callCriterion.findMany({ where: { callId }, select: { id: true, maxScore: true } });
  for (const s of scores) {
    const criterion = criteria.find((c) => c.id === s.criterionId);
    if (!criterion || !Number.isInteger(s.score) || s.score < 0 || s.score > criterion.maxScore)
      throw new DomainError("reviews:validation.scoreRange", {}, 400);
  }
  if (submit && (criteria.some((c) => !scores.some((s) => s.criterionId === c.id)) || scores.some((s) => s.comment.trim().length < 3))) {
    throw new DomainError("reviews:errors.sheetIncomplete", {}, 400);
  }
  return prisma.$transaction(async (tx) => {
    await tx.scoreSheet.upsert({
      where: { proposalId_membershipId: { proposalId, membershipId: seat.id } },
      create: { proposalId, membershipId: seat.id, createdAt: now },
      update: {},
    });
    // The sheet is locked by a conditional update, so a sheet submitted a moment ago is never overwritten.
    const open = await tx.scoreSheet.updateMany({
      where: { proposalId, membershipId: seat.id, submittedAt: null },
      // An empty update matches no row in Prisma; a draft "sets" submittedAt to the null it has.
      data: { submittedAt: submit ? now : null },
    });
    if (open.count !== 1) throw new DomainError("reviews:errors.sheetSubmitted", {}, 409);
    for (const s of scores) {
      await tx.score.upsert({
        where: { proposalId_membershipId_criterionId: { proposalId, membershipId: seat.id, criterionId: s.criterionId } },
        create: { proposalId, membershipId: seat.id, criterionId: s.criterionId, score: s.score, comment: s.comment.trim() },
        update: { score: s.score, comment: s.comment.trim() },
      });
    }
    // Before submission the audit notes only that a draft changed: the trail is read by staff, not by the commission, but the scores are nobody's business yet.
    await recordAudit(tx, {
      actor,
      action: submit ? "scores.submitted" : "scores.draftSaved",
      entityType: "ScoreSheet",
      entityId: `${proposalId}:${seat.id}`,
      after: submit
        ? { scores: scores.map((s) => ({ criterionId: s.criterionId, score: s.score, comment: s.comment.trim() })) }
        : { criteria: scores.length },
      now,
    });
    return { submitted: submit };
  });
}

/**
 * The chair records a consensus score for a divergent criterion, with a
 * rationale, once every expected sheet is in. The chair must see the scores
 * (their own sheet submitted) and have no conflict with the organization.
 */
export async function recordConsensus({
  actor,
  callId,
  proposalId,
  criterionId,
  score,
  rationale,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  proposalId: string;
  criterionId: string;
  score: number;
  rationale: string;
  now?: Date;
}) {
  await requireChair(actor, callId);
  const view = await getProposalForReview({ actor, callId, proposalId, now });
  if (view.call.status !== "IN_REVIEW") throw new DomainError("reviews:errors.reviewClosed", {}, 409);
  if (!view.revealed) throw new DomainError("reviews:errors.submitOwnFirst", {}, 409);
  if (!view.revealed.complete) throw new DomainError("reviews:errors.scoringIncomplete", {}, 409);
  const criterion = view.criteria.find((c) => c.id === criterionId);
  if (!criterion) throw notFound();
  if (!view.revealed.divergent.includes(criterionId)) throw new DomainError("reviews:errors.notDivergent", {}, 409);
  if (!Number.isInteger(score) || score < 0 || score > criterion.maxScore) throw new DomainError("reviews:validation.scoreRange", {}, 400);
  if (rationale.trim().length < 10) throw new DomainError("reviews:validation.rationaleRequired", {}, 400);
  return prisma.$transaction(async (tx) => {
    const previous = await tx.consensusRecord.findUnique({
      where: { proposalId_criterionId: { proposalId, criterionId } },
      select: { score: true, rationale: true },
    });
    const record = await tx.consensusRecord.upsert({
      where: { proposalId_criterionId: { proposalId, criterionId } },
      create: { proposalId, criterionId, score, rationale: rationale.trim(), chairId: actor.id, createdAt: now },
      update: { score, rationale: rationale.trim(), chairId: actor.id, createdAt: now },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "consensus.recorded",
      entityType: "ConsensusRecord",
      entityId: record.id,
      before: previous,
      after: { proposalId, criterionId, score, rationale: rationale.trim() },
      now,
    });
    return record;
  });
}

/** A document of a proposal for a commission member who may open the proposal (declared, not conflicted). */
export async function getProposalDocument({
  actor,
  callId,
  proposalId,
  attachmentId,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  proposalId: string;
  attachmentId: string;
  now?: Date;
}) {
  await requireOpenableProposal(actor, callId, proposalId, now);
  const attachment = await prisma.attachment.findFirst({
    where: {
      id: attachmentId,
      OR: [
        { proposalAttachments: { some: { proposalId } } },
        { storedDocuments: { some: { proposalAttachments: { some: { proposalId } } } } },
        // A file answering one of the call's questions (decision 0077).
        { proposalAnswers: { some: { proposalId } } },
      ],
    },
    select: { storageKey: true, originalName: true, mediaType: true, size: true, sha256: true },
  });
  if (!attachment) throw notFound();
  return attachment;
}
