import { evaluateCall } from "~/domains/reviews/ranking.server";
import { prisma } from "~/utils/db.server";
import { assertCan, type Actor } from "~/utils/permissions";

/**
 * The figures of the officer's call page: proposals by stage, screening,
 * commission, scoring progress and awards, for a call of the officer's own
 * municipality (another municipality's call: null, answered as 404).
 */
export async function getCallCockpit({ actor, callId }: { actor: Actor; callId: string }) {
  assertCan(actor, "manage:call:any");
  const call = await prisma.call.findFirst({ where: { id: callId, municipalityId: actor.municipalityId ?? "" }, select: { id: true } });
  if (!call) return null;
  const [byStatus, members, awards, unanswered] = await Promise.all([
    prisma.proposal.groupBy({ by: ["status"], where: { callId }, _count: { _all: true } }),
    prisma.commissionMembership.count({ where: { callId } }),
    prisma.award.aggregate({
      where: { callId, status: { notIn: ["DECLINED", "CANCELLED"] } },
      _count: { _all: true },
      _sum: { amount: true },
    }),
    prisma.clarificationQuestion.count({ where: { callId, answeredAt: null } }),
  ]);
  const count = (...statuses: string[]) =>
    byStatus.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + row._count._all, 0);
  const proposals = {
    drafts: count("DRAFT"),
    submitted: count("SUBMITTED", "ELIGIBLE", "INELIGIBLE", "AWARDED", "NOT_AWARDED"),
    toScreen: count("SUBMITTED"),
    eligible: count("ELIGIBLE", "AWARDED", "NOT_AWARDED"),
    ineligible: count("INELIGIBLE"),
    withdrawn: count("WITHDRAWN"),
  };
  const evaluation = proposals.eligible > 0 ? await evaluateCall(callId) : null;
  const scoring = evaluation
    ? {
        sheetsExpected: evaluation.evaluations.reduce((sum, e) => sum + e.expectedScorerIds.length, 0),
        sheetsSubmitted: evaluation.evaluations.reduce((sum, e) => sum + e.submittedScorerIds.length, 0),
        proposalsComplete: evaluation.evaluations.filter((e) => e.complete).length,
        proposalsScored: evaluation.evaluations.length,
      }
    : null;
  return { proposals, members, scoring, unanswered, awards: { count: awards._count._all, amount: awards._sum.amount ?? 0n } };
}

export type CallCockpit = NonNullable<Awaited<ReturnType<typeof getCallCockpit>>>;
