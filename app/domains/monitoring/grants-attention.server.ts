import { agreementScope } from "~/domains/agreements/agreement-scope.server";
import { STUCK_AFTER_ATTEMPTS } from "~/domains/disbursements/payment-rules";
import { staffScope } from "~/domains/disbursements/payments.server";
import { NEEDS_ACTION_STATUSES } from "~/domains/disbursements/reconciliation-rules";
import { statementScope } from "~/domains/disbursements/reconciliation.server";
import { municipalityCallScope } from "~/domains/proposals/proposal-access.server";
import { prisma } from "~/utils/db.server";
import { can, type Actor } from "~/utils/permissions";
import { listOverdueMilestones } from "./monitoring.server";

type Card = { key: string; count?: number; to?: string };

/** Dashboard cards for the grants cycle: reports to review, overdue milestones, payments and statements needing action. */
export async function grantsAttention(actor: Actor, now = new Date()): Promise<Card[]> {
  const scope = agreementScope(actor);
  if (!scope) return [];
  const cards: Card[] = [];
  const overdue = await listOverdueMilestones({ actor, now, take: 500 });
  if (can(actor, "review:report:any")) {
    const [toReview, changes, awaiting] = await Promise.all([
      prisma.grantMilestone.count({ where: { status: "REPORTED", agreement: scope } }),
      prisma.changeRequest.count({ where: { status: "PENDING", agreement: scope } }),
      prisma.award.count({ where: { status: "FINAL", agreement: null, call: municipalityCallScope(actor) } }),
    ]);
    cards.push(
      { key: "reportsToReview", count: toReview, to: "/agreements" },
      { key: "overdueMilestones", count: overdue.length, to: "/agreements" },
      { key: "pendingChanges", count: changes, to: "/agreements" },
      { key: "awardsAwaitingAgreement", count: awaiting, to: "/agreements" },
    );
  }
  if (can(actor, "create:payment:any")) {
    const award = staffScope(actor);
    const [payable, stuck, toResolve] = await Promise.all([
      prisma.tranche.count({ where: { status: "PAYABLE", agreement: { status: "SIGNED", award } } }),
      prisma.paymentOrder.count({ where: { status: { in: ["CREATED", "SENT"] }, attempts: { gte: STUCK_AFTER_ATTEMPTS }, award } }),
      prisma.reconciliationMatch.count({
        where: { status: { in: [...NEEDS_ACTION_STATUSES] }, line: { statement: statementScope(actor) } },
      }),
    ]);
    cards.push(
      { key: "payableTranches", count: payable, to: "/finance/payments" },
      { key: "stuckPayments", count: stuck, to: "/finance/payments" },
      { key: "linesToResolve", count: toResolve, to: "/finance/statements" },
    );
  }
  if (can(actor, "report:milestone:own") && !can(actor, "review:report:any")) {
    const changesRequested = await prisma.grantMilestone.count({ where: { status: "CHANGES_REQUESTED", agreement: scope } });
    cards.push(
      { key: "myOverdueMilestones", count: overdue.length, to: "/agreements" },
      { key: "myChangesRequested", count: changesRequested, to: "/agreements" },
    );
  }
  return cards;
}
