import { computeDecision } from "~/domains/awards/decision.server";
import { applicantsOf, reviewOpen } from "~/domains/reviews/access.server";
import { evaluateCall } from "~/domains/reviews/ranking.server";
import { undeclaredOrganizations } from "~/domains/reviews/review-rules";
import { prisma } from "~/utils/db.server";
import { can, type Actor } from "~/utils/permissions";
import { titled, type NextAction } from "./next-action-rules";

// A commission member's next steps per call in review: declare conflicts
// first (the proposals stay hidden until then), then the sheets still to
// score, each linked to the first proposal waiting. The chair also sees the
// step that stands between the call and its decision.

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** The decision's first blocker the chair can act on, as a step; null when none is the chair's to take. */
const CHAIR_STEP: Record<string, { key: string; page: string }> = {
  openEligibilityAppeals: { key: "decideAppeals", page: "appeals" },
  unresolvedDivergence: { key: "settleDivergences", page: "board" },
  scoringIncomplete: { key: "followScoring", page: "board" },
  pendingOffers: { key: "waitForOffers", page: "board" },
};

export async function commissionNextActions(actor: Actor, now: Date): Promise<NextAction[]> {
  if (!can(actor, "score:proposal:assigned")) return [];
  const seats = await prisma.commissionMembership.findMany({
    where: { userId: actor.id, call: { status: { in: ["PUBLISHED", "IN_REVIEW"] } } },
    orderBy: { appointedAt: "asc" },
    select: {
      id: true,
      role: true,
      declarations: { select: { organizationId: true } },
      call: {
        select: {
          id: true,
          reference: true,
          status: true,
          submissionDeadline: true,
          reviewEndsAt: true,
          titleKy: true,
          titleRu: true,
          titleEn: true,
        },
      },
    },
  });
  const actions: NextAction[] = [];
  for (const seat of seats.filter((s) => reviewOpen(s.call, now))) {
    const { call } = seat;
    const base = { due: iso(call.reviewEndsAt), names: { callTitle: titled(call) } };
    const applicants = await applicantsOf(prisma, call.id);
    const undeclared = undeclaredOrganizations(
      applicants.map((a) => a.id),
      seat.declarations.map((d) => d.organizationId),
    );
    if (undeclared.length) {
      actions.push({
        ...base,
        key: "declareConflicts",
        to: `/review/${call.id}`,
        params: { call: call.reference, count: String(undeclared.length) },
      });
      continue;
    }
    const chair = seat.role === "CHAIR" && can(actor, "chair:commission:assigned");
    const decision = chair && call.status === "IN_REVIEW" ? await computeDecision(call.id) : null;
    const { evaluations } = decision ? decision.evaluation : await evaluateCall(call.id);
    const toScore = evaluations
      .filter((e) => e.expectedScorerIds.includes(seat.id) && !e.submittedScorerIds.includes(seat.id))
      .sort((a, b) => a.reference.localeCompare(b.reference));
    if (toScore.length) {
      actions.push({
        ...base,
        key: "scoreSheets",
        to: `/review/${call.id}/proposals/${toScore[0]!.proposalId}`,
        params: { call: call.reference, count: String(toScore.length) },
      });
    }
    if (!decision) continue;
    const blocker = decision.problems.map((p) => CHAIR_STEP[p]).find(Boolean);
    // The chair's own sheets are already the step while the scoring is incomplete.
    if (blocker?.key === "followScoring" && toScore.length) continue;
    if (blocker) actions.push({ ...base, key: blocker.key, to: `/review/${call.id}/${blocker.page}`, params: { call: call.reference } });
    else if (decision.problems.length === 0)
      actions.push({ ...base, key: "publishDecision", to: `/review/${call.id}/board`, params: { call: call.reference } });
  }
  return actions;
}
