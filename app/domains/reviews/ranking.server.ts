import { prisma, type Tx } from "~/utils/db.server";
import { SCORED } from "./access.server";
import { evaluateProposals, rankEvaluations } from "./evaluation";

type Reader = Tx | typeof prisma;

/**
 * Everything a call's evaluation needs, in seven narrow queries (no row is
 * read twice, no score is joined to its proposal): the dashboard, the
 * decision, the public results and the protocol all start here.
 */
export async function loadEvaluationInput(db: Reader, callId: string) {
  const inCall = { proposal: { callId } };
  const [call, criteria, seats, conflicts, proposals, sheets, scores, consensus] = await Promise.all([
    db.call.findUniqueOrThrow({ where: { id: callId }, select: { minScore: true } }),
    db.callCriterion.findMany({
      where: { callId },
      orderBy: { position: "asc" },
      select: { id: true, position: true, maxScore: true, weight: true, nameKy: true, nameRu: true, nameEn: true },
    }),
    db.commissionMembership.findMany({
      where: { callId },
      orderBy: [{ role: "asc" }, { appointedAt: "asc" }],
      select: { id: true, role: true, user: { select: { fullName: true } } },
    }),
    db.conflictDeclaration.findMany({
      where: { membership: { callId }, hasConflict: true },
      select: { membershipId: true, organizationId: true },
    }),
    db.proposal.findMany({
      where: { callId, status: { in: [...SCORED] } },
      select: { id: true, reference: true, organizationId: true, submittedAt: true, requestedTotal: true, status: true },
    }),
    db.scoreSheet.findMany({ where: inCall, select: { proposalId: true, membershipId: true, submittedAt: true } }),
    db.score.findMany({ where: inCall, select: { proposalId: true, membershipId: true, criterionId: true, score: true } }),
    db.consensusRecord.findMany({ where: inCall, select: { proposalId: true, criterionId: true, score: true } }),
  ]);
  return {
    criteria,
    seats: seats.map((s) => ({ membershipId: s.id, role: s.role, name: s.user.fullName })),
    conflicts,
    proposals: proposals.map((p) => ({ ...p, requested: p.requestedTotal })),
    sheets: sheets.map((s) => ({ proposalId: s.proposalId, membershipId: s.membershipId, submitted: s.submittedAt !== null })),
    scores,
    consensus,
    minScore: call.minScore,
  };
}

export type LoadedEvaluation = Awaited<ReturnType<typeof loadEvaluationInput>>;

/** The call's evaluations (every scored proposal) and the ranking of the complete ones. */
export async function evaluateCall(callId: string, db: Reader = prisma) {
  const input = await loadEvaluationInput(db, callId);
  const evaluations = evaluateProposals(input);
  return { input, evaluations, ranked: rankEvaluations(evaluations) };
}
