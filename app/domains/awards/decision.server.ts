import { byTextRole } from "~/domains/pdf/text-roles";
import { recordAudit } from "~/domains/audit/audit.server";
import { applicantsOf, chairOf, notFound, notifyOrganization, notifyUser, requireChair } from "~/domains/reviews/access.server";
import { findLikelyConflicts } from "~/domains/reviews/commission.server";
import type { ProposalEvaluation } from "~/domains/reviews/evaluation";
import { evaluateCall } from "~/domains/reviews/ranking.server";
import { scoringWaits } from "~/domains/reviews/reminders.server";
import { commissionProblem, standstillEndsAt } from "~/domains/reviews/review-rules";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { can, type Actor } from "~/utils/permissions";
import {
  acceptanceProblem,
  awardReference,
  decisionFingerprint,
  decisionProblems,
  fillEnvelope,
  reducedOfferProblem,
  roomFor,
  assertTransition,
  type FillCandidate,
  type FillLine,
} from "./award-rules";

// From the ranking to the decision: the greedy fill of the envelope, reduced
// offers the NCO accepts or declines, and the published decision that opens
// the standstill. Nothing here commits money: that happens when the decision
// becomes final (standstill.server.ts).

type Reader = Tx | typeof prisma;

const AWARD_SELECT = {
  id: true,
  proposalId: true,
  reference: true,
  status: true,
  amount: true,
  requestedAmount: true,
  rank: true,
  finalScore: true,
} as const;

function candidatesFrom(
  ranked: readonly (ProposalEvaluation & { rank: number })[],
  awards: readonly { proposalId: string; status: string; amount: bigint; amountRequestedCap: bigint }[],
): FillCandidate[] {
  return ranked.map((e) => {
    const award = awards.find((a) => a.proposalId === e.proposalId);
    const settled =
      award?.status === "DECLINED"
        ? ({ status: "DECLINED" } as const)
        : award?.status === "REDUCED_OFFERED" || (award?.status === "PROPOSED" && award.amount < award.amountRequestedCap)
          ? ({ status: award.status, amount: award.amount } as const)
          : null;
    return { proposalId: e.proposalId, rank: e.rank, requested: e.requested, meetsThreshold: e.meetsThreshold, settled };
  });
}

const FUNDED = ["PROPOSED", "FINAL", "CLOSED"];

/** The published decision as fill lines: the awards funded, everything else with the reason it got nothing. */
function decidedLines(
  ranked: readonly (ProposalEvaluation & { rank: number })[],
  awards: readonly { proposalId: string; status: string; amount: bigint }[],
): FillLine[] {
  return ranked.map((r) => {
    const award = awards.find((a) => a.proposalId === r.proposalId);
    if (award && FUNDED.includes(award.status))
      return { proposalId: r.proposalId, rank: r.rank, outcome: "funded", amount: award.amount, remainingAfter: 0n };
    const outcome = !r.meetsThreshold ? "belowThreshold" : award?.status === "DECLINED" ? "declined" : "doesNotFit";
    return { proposalId: r.proposalId, rank: r.rank, outcome, amount: 0n, remainingAfter: 0n };
  });
}

/** What a call's ranking and award rows make of the envelope; shared by the board, offers and the decision. */
export async function computeDecision(callId: string, db: Reader = prisma) {
  const [call, evaluation, awards, unscreened, openEligibilityAppeals] = await Promise.all([
    db.call.findUniqueOrThrow({
      where: { id: callId },
      select: {
        id: true,
        reference: true,
        status: true,
        envelope: true,
        committed: true,
        minGrant: true,
        maxGrant: true,
        minScore: true,
        standstillDays: true,
      },
    }),
    evaluateCall(callId, db),
    db.award.findMany({ where: { callId }, select: AWARD_SELECT }),
    db.proposal.count({ where: { callId, status: "SUBMITTED" } }),
    db.appeal.count({ where: { proposal: { callId }, kind: "ELIGIBILITY", status: "OPEN" } }),
  ]);
  const terms = { available: call.envelope - call.committed, minGrant: call.minGrant, maxGrant: call.maxGrant };
  // A PROPOSED award below its capped request is an accepted reduction and keeps its amount.
  const withCap = awards.map((a) => ({
    ...a,
    amountRequestedCap: call.maxGrant > 0n && a.requestedAmount > call.maxGrant ? call.maxGrant : a.requestedAmount,
  }));
  // In review the fill proposes; after the decision the award rows are the decision, whatever is left in the envelope.
  const lines =
    call.status === "IN_REVIEW" ? fillEnvelope(candidatesFrom(evaluation.ranked, withCap), terms) : decidedLines(evaluation.ranked, awards);
  const chair = evaluation.input.seats.find((s) => s.role === "CHAIR");
  const chairConflicted = new Set(
    evaluation.input.conflicts.filter((c) => c.membershipId === chair?.membershipId).map((c) => c.organizationId),
  );
  const problems = decisionProblems({
    callStatus: call.status,
    commissionComplete: commissionProblem(evaluation.input.seats.map((s) => s.role)) === null,
    unscreened,
    openEligibilityAppeals,
    scored: evaluation.evaluations.length,
    incomplete: evaluation.evaluations.filter((e) => !e.complete).length,
    // A chair with a conflict cannot see that proposal: its divergence stays with the mean (noted in the protocol).
    unresolvedDivergences: evaluation.evaluations.filter((e) => e.unresolved.length > 0 && !chairConflicted.has(e.organizationId)).length,
    pendingOffers: awards.filter((a) => a.status === "REDUCED_OFFERED").length,
  });
  return { call, terms, evaluation, awards, lines, problems, chairMembershipId: chair?.membershipId ?? null };
}

/**
 * The chair's board: per proposal the scoring progress and, where the chair
 * may see it (mayReveal: own sheet submitted, or every sheet in when the
 * chair does not score it), the final score, the divergences, the rank and
 * the proposed amount.
 */
export async function getDecisionBoard({ actor, callId, now = new Date() }: { actor: Actor; callId: string; now?: Date }) {
  const seat = await requireChair(actor, callId);
  const decision = await computeDecision(callId);
  const { evaluation } = decision;
  const [proposals, seats, applicants, openAppeals, waiting] = await Promise.all([
    prisma.proposal.findMany({
      where: { id: { in: evaluation.evaluations.map((e) => e.proposalId) } },
      select: { id: true, title: true, organization: { select: { nameKy: true, nameRu: true, nameEn: true } } },
    }),
    prisma.commissionMembership.findMany({
      where: { callId },
      select: {
        id: true,
        affiliations: true,
        user: { select: { fullName: true } },
        declarations: { select: { organizationId: true, hasConflict: true } },
      },
    }),
    applicantsOf(prisma, callId),
    prisma.appeal.count({ where: { proposal: { callId }, status: "OPEN" } }),
    scoringWaits(evaluation, now),
  ]);
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const rankOf = new Map(evaluation.ranked.map((r) => [r.proposalId, r.rank]));
  const lineOf = new Map(decision.lines.map((l) => [l.proposalId, l]));
  const rows = evaluation.evaluations.map((e) => {
    const expected = e.expectedScorerIds.includes(seat.id);
    const revealed = expected ? e.submittedScorerIds.includes(seat.id) : e.complete;
    const award = decision.awards.find((a) => a.proposalId === e.proposalId) ?? null;
    const base = {
      proposalId: e.proposalId,
      reference: e.reference,
      title: byId.get(e.proposalId)?.title ?? "",
      organization: byId.get(e.proposalId)?.organization ?? { nameKy: "", nameRu: "", nameEn: "" },
      requested: e.requested,
      expected: e.expectedScorerIds.length,
      submitted: e.submittedScorerIds.length,
      chairScores: expected,
      revealed,
    };
    if (!revealed) return { ...base, finalScore: null, unresolved: [], meetsThreshold: null, rank: null, line: null, award: null };
    return {
      ...base,
      finalScore: e.finalScore,
      unresolved: e.unresolved,
      meetsThreshold: e.complete ? e.meetsThreshold : null,
      rank: rankOf.get(e.proposalId) ?? null,
      line: lineOf.get(e.proposalId) ?? null,
      award,
    };
  });
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.reference.localeCompare(b.reference));
  return {
    call: seat.call,
    seat: { id: seat.id },
    criteria: evaluation.input.criteria,
    terms: decision.terms,
    rows,
    problems: decision.problems,
    funded: decision.lines.reduce((sum, l) => sum + l.amount, 0n),
    likelyConflicts: findLikelyConflicts(seats, applicants),
    openAppeals,
    waiting,
    // What the chair confirms before publishing: the decision is refused if it changed since.
    fingerprint: decisionFingerprint(decision.lines),
    // Everyone scored is notified of the outcome; the standstill would run from now.
    notified: evaluation.evaluations.length,
    standstillWouldEnd: standstillEndsAt(now, decision.call.standstillDays),
  };
}

async function nextAwardReference(tx: Tx, call: { id: string; reference: string }) {
  const count = await tx.award.count({ where: { callId: call.id } });
  return awardReference(call.reference, count + 1);
}

/**
 * The chair offers a ranked proposal less than it asked, within what the
 * envelope has left beside every other line. The NCO answers before the
 * decision can be published.
 */
export async function offerReducedAmount({
  actor,
  callId,
  proposalId,
  amount,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  proposalId: string;
  amount: bigint;
  now?: Date;
}) {
  await requireChair(actor, callId);
  return prisma.$transaction(async (tx) => {
    const decision = await computeDecision(callId, tx);
    if (decision.call.status !== "IN_REVIEW") throw new DomainError("reviews:errors.reviewClosed", {}, 409);
    const ranked = decision.evaluation.ranked.find((r) => r.proposalId === proposalId);
    if (!ranked) throw new DomainError("awards:errors.notRanked", {}, 409);
    const existing = decision.awards.find((a) => a.proposalId === proposalId);
    if (existing) assertTransition(existing.status, "REDUCED_OFFERED");
    const problem = reducedOfferProblem({
      amount,
      requested: ranked.requested,
      terms: decision.terms,
      room: roomFor(decision.lines, proposalId, decision.terms.available),
      meetsThreshold: ranked.meetsThreshold,
    });
    if (problem) throw new DomainError(problem, {}, 409);
    const proposal = await tx.proposal.findUniqueOrThrow({ where: { id: proposalId }, select: { organizationId: true, reference: true } });
    const data = {
      status: "REDUCED_OFFERED" as const,
      rank: ranked.rank,
      finalScore: ranked.finalScore,
      requestedAmount: ranked.requested,
      amount,
      decidedAt: now,
    };
    const award = existing
      ? await tx.award.update({ where: { id: existing.id }, data, select: { id: true, reference: true } })
      : await tx.award.create({
          data: {
            ...data,
            callId,
            proposalId,
            organizationId: proposal.organizationId,
            reference: await nextAwardReference(tx, decision.call),
          },
          select: { id: true, reference: true },
        });
    await notifyOrganization(tx, {
      organizationId: proposal.organizationId,
      template: "awards.reducedOffer",
      payload: { proposal: proposal.reference, award: award.reference, amount: amount.toString(), requested: ranked.requested.toString() },
    });
    await recordAudit(tx, {
      actor,
      action: "award.reducedOffered",
      entityType: "Award",
      entityId: award.id,
      before: existing ? { status: existing.status, amount: existing.amount.toString() } : null,
      after: { status: "REDUCED_OFFERED", amount: amount.toString(), requested: ranked.requested.toString(), rank: ranked.rank },
      now,
    });
    return award;
  });
}

/** The NCO's award or offer, with what it may do about it. */
export async function getOwnAward({ actor, awardId }: { actor: Actor; awardId: string }) {
  const staff = can(actor, "issue:letter:any");
  if (!staff && !can(actor, "read:award:own")) throw notFound();
  const award = await prisma.award.findFirst({
    where: {
      id: awardId,
      ...(staff
        ? { call: { municipalityId: actor.municipalityId ?? "" } }
        : { organizationId: { in: actor.organizations.map((o) => o.id) } }),
    },
    select: {
      id: true,
      reference: true,
      status: true,
      rank: true,
      finalScore: true,
      requestedAmount: true,
      amount: true,
      decidedAt: true,
      finalizedAt: true,
      organizationId: true,
      call: {
        select: {
          id: true,
          reference: true,
          titleKy: true,
          titleRu: true,
          titleEn: true,
          status: true,
          minGrant: true,
          standstillEndsAt: true,
          decisionPublishedAt: true,
        },
      },
      proposal: { select: { id: true, reference: true, title: true } },
      organization: { select: { nameKy: true, nameRu: true, nameEn: true, preferredLocale: true } },
      letters: {
        where: { revokedAt: null },
        select: { id: true, language: true, textRole: true, verificationCode: true, issuedAt: true, sha256: true },
      },
    },
  });
  if (!award) throw notFound();
  const admin = actor.organizations.some((o) => o.id === award.organizationId && o.role === "ADMIN");
  return {
    // The set in force, the binding text first (decision 0080).
    award: { ...award, letters: byTextRole(award.letters) },
    canRespond: award.status === "REDUCED_OFFERED" && award.call.status === "IN_REVIEW" && admin && can(actor, "respond:award:own"),
  };
}

/**
 * The NCO accepts the reduced amount with a revised budget total (never above
 * the offer, never under the minimum grant), or declines it.
 */
export async function respondToOffer({
  actor,
  awardId,
  accept,
  revisedTotal,
  now = new Date(),
}: {
  actor: Actor;
  awardId: string;
  accept: boolean;
  revisedTotal: bigint | null;
  now?: Date;
}) {
  if (!can(actor, "respond:award:own")) throw notFound();
  const admins = actor.organizations.filter((o) => o.role === "ADMIN").map((o) => o.id);
  return prisma.$transaction(async (tx) => {
    const award = await tx.award.findFirst({
      where: { id: awardId, organizationId: { in: admins } },
      select: { id: true, reference: true, status: true, amount: true, callId: true, call: { select: { status: true, minGrant: true } } },
    });
    if (!award) throw notFound();
    if (award.status !== "REDUCED_OFFERED" || award.call.status !== "IN_REVIEW")
      throw new DomainError("awards:errors.noOpenOffer", {}, 409);
    if (accept) {
      if (revisedTotal === null) throw new DomainError("awards:validation.revisedTotalRequired", {}, 400);
      const problem = acceptanceProblem({ revisedTotal, offered: award.amount, minGrant: award.call.minGrant });
      if (problem) throw new DomainError(problem, {}, 409);
    }
    const status = accept ? "PROPOSED" : "DECLINED";
    assertTransition(award.status, status);
    const changed = await tx.award.updateMany({
      where: { id: award.id, status: "REDUCED_OFFERED" },
      data: accept ? { status, amount: revisedTotal! } : { status },
    });
    if (changed.count !== 1) throw new DomainError("awards:errors.noOpenOffer", {}, 409);
    const chair = await chairOf(tx, award.callId);
    if (chair) {
      await notifyUser(tx, {
        userId: chair.userId,
        template: accept ? "awards.offerAccepted" : "awards.offerDeclined",
        payload: { award: award.reference, amount: (revisedTotal ?? award.amount).toString() },
      });
    }
    await recordAudit(tx, {
      actor,
      action: accept ? "award.offerAccepted" : "award.offerDeclined",
      entityType: "Award",
      entityId: award.id,
      before: { status: "REDUCED_OFFERED", offered: award.amount.toString() },
      after: { status, revisedBudgetTotal: accept ? revisedTotal!.toString() : null },
      now,
    });
    return { status };
  });
}

/**
 * Publishes the decision with the ranking: award rows for the funded lines,
 * AWARDED / NOT_AWARDED for every scored proposal, and the standstill window
 * (standstillDays) during which the decision may be appealed. Everything in
 * one transaction, re-evaluated inside it. `confirmed` is the fingerprint of
 * the awards the chair was shown and confirmed (decisionFingerprint): when
 * given, a decision that has changed since (an offer answered meanwhile) is
 * refused rather than published unseen.
 */
export async function publishDecision({
  actor,
  callId,
  confirmed,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  confirmed?: string;
  now?: Date;
}) {
  await requireChair(actor, callId);
  return prisma.$transaction(async (tx) => {
    const decision = await computeDecision(callId, tx);
    if (decision.problems.length) throw new DomainError(`awards:errors.cannotPublish.${decision.problems[0]}`, {}, 409);
    if (confirmed !== undefined && confirmed !== decisionFingerprint(decision.lines))
      throw new DomainError("awards:errors.decisionChanged", {}, 409);
    const ends = standstillEndsAt(now, decision.call.standstillDays);
    const published = await tx.call.updateMany({
      where: { id: callId, status: "IN_REVIEW" },
      data: { status: "DECIDED", decisionPublishedAt: now, standstillEndsAt: ends },
    });
    if (published.count !== 1) throw new DomainError("awards:errors.cannotPublish.notInReview", {}, 409);
    const funded = new Map<string, FillLine>(decision.lines.filter((l) => l.amount > 0n).map((l) => [l.proposalId, l]));
    const orgOf = new Map(decision.evaluation.evaluations.map((e) => [e.proposalId, e.organizationId]));
    let sequence = await tx.award.count({ where: { callId } });
    for (const ranked of decision.evaluation.ranked) {
      const line = funded.get(ranked.proposalId);
      const existing = decision.awards.find((a) => a.proposalId === ranked.proposalId);
      if (line) {
        const data = {
          status: "PROPOSED" as const,
          rank: ranked.rank,
          finalScore: ranked.finalScore,
          requestedAmount: ranked.requested,
          amount: line.amount,
          decidedAt: now,
        };
        if (existing) {
          assertTransition(existing.status, data.status);
          await tx.award.update({ where: { id: existing.id }, data });
        } else {
          sequence += 1;
          await tx.award.create({
            data: {
              ...data,
              callId,
              proposalId: ranked.proposalId,
              organizationId: orgOf.get(ranked.proposalId)!,
              reference: awardReference(decision.call.reference, sequence),
            },
          });
        }
      } else if (existing && existing.status === "PROPOSED") {
        assertTransition(existing.status, "CANCELLED");
        await tx.award.update({
          where: { id: existing.id },
          data: { status: "CANCELLED", rank: ranked.rank, finalScore: ranked.finalScore, decidedAt: now },
        });
      }
    }
    const awardedIds = [...funded.keys()];
    await tx.proposal.updateMany({ where: { callId, status: "ELIGIBLE", id: { in: awardedIds } }, data: { status: "AWARDED" } });
    await tx.proposal.updateMany({ where: { callId, status: "ELIGIBLE", id: { notIn: awardedIds } }, data: { status: "NOT_AWARDED" } });
    for (const evaluation of decision.evaluation.evaluations) {
      const line = funded.get(evaluation.proposalId);
      await notifyOrganization(tx, {
        organizationId: evaluation.organizationId,
        template: line ? "awards.awarded" : "awards.notAwarded",
        payload: {
          proposal: evaluation.reference,
          call: decision.call.reference,
          amount: (line?.amount ?? 0n).toString(),
          appealUntil: ends.toISOString(),
        },
        dedupeKey: `decision:${callId}:${now.getTime()}:${evaluation.proposalId}`,
      });
    }
    await recordAudit(tx, {
      actor,
      action: "decision.published",
      entityType: "Call",
      entityId: callId,
      before: { status: "IN_REVIEW" },
      after: {
        status: "DECIDED",
        standstillEndsAt: ends.toISOString(),
        ranking: decision.evaluation.ranked.map((r) => ({
          proposalId: r.proposalId,
          rank: r.rank,
          finalScore: r.finalScore,
          amount: (funded.get(r.proposalId)?.amount ?? 0n).toString(),
        })),
      },
      now,
    });
    return { standstillEndsAt: ends, funded: awardedIds.length };
  });
}
