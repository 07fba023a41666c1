import { decideDecisionAppealInTx } from "~/domains/awards/standstill.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import type { Actor } from "~/utils/permissions";
import { notFound, requireChair } from "./access.server";
import { decideEligibilityAppealInTx } from "./screening.server";

/**
 * The chair decides an appeal of the call with a written reason: an
 * eligibility appeal (screening) or an appeal against the published
 * decision (standstill). A chair with a declared conflict with the
 * appellant does not decide its appeal.
 */
export async function decideAppeal({
  actor,
  callId,
  appealId,
  upheld,
  decision,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  appealId: string;
  upheld: boolean;
  decision: string;
  now?: Date;
}) {
  const seat = await requireChair(actor, callId);
  if (decision.trim().length < 10) throw new DomainError("reviews:validation.decisionRequired", {}, 400);
  return prisma.$transaction(async (tx) => {
    const appeal = await tx.appeal.findFirst({
      where: { id: appealId, proposal: { callId } },
      select: { id: true, kind: true, status: true, proposalId: true, proposal: { select: { organizationId: true } } },
    });
    if (!appeal) throw notFound();
    if (appeal.status !== "OPEN") throw new DomainError("reviews:errors.appealAlreadyDecided", {}, 409);
    const conflicted = await tx.conflictDeclaration.count({
      where: { membershipId: seat.id, organizationId: appeal.proposal.organizationId, hasConflict: true },
    });
    if (conflicted) throw new DomainError("reviews:errors.conflictedChair", {}, 409);
    const target = { id: appeal.id, proposalId: appeal.proposalId, callId };
    return appeal.kind === "ELIGIBILITY"
      ? decideEligibilityAppealInTx(tx, { actor, appeal: target, upheld, decision, now })
      : decideDecisionAppealInTx(tx, { actor, appeal: target, upheld, decision, now });
  });
}
