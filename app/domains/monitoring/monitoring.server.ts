import { agreementScope } from "~/domains/agreements/agreement-scope.server";
import { storedExpenses } from "~/domains/agreements/stored-json";
import { currentSnapshot, notifyOrganization } from "~/domains/agreements/agreements.server";
import { isAfterToday, isOutOfRange } from "~/domains/agreements/calendar-date";
import { recordAudit } from "~/domains/audit/audit.server";
import { tyiynToSomInput } from "~/domains/budgets/money";
import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { prisma, type Db, type Tx } from "~/utils/db.server";
import { assert, DomainError } from "~/utils/domain-error";
import { assertCan, can, type Actor } from "~/utils/permissions";
import { calendarDateOf } from "~/utils/time";
import {
  checkExpenses,
  isOverdue,
  mayReview,
  maySubmitReport,
  reportStatusAfterReview,
  statusAfterReview,
  totalOf,
} from "./monitoring-rules";
import { storedDraftFields, type MilestoneReportInput, type ReportDraftFields, type ReviewInput } from "./monitoring-schemas";

const isMemberOf = (actor: Actor, organizationId: string) =>
  can(actor, "report:milestone:own") && actor.organizations.some((o) => o.id === organizationId);

function scopeOrThrow(actor: Actor) {
  const scope = agreementScope(actor);
  if (!scope) throw new DomainError("grants:error.notFound", {}, 404);
  return scope;
}

async function findMilestone(tx: Tx | Db, actor: Actor, milestoneId: string) {
  const milestone = await tx.grantMilestone.findFirst({
    where: { id: milestoneId, agreement: scopeOrThrow(actor) },
    select: {
      id: true,
      position: true,
      title: true,
      status: true,
      dueOn: true,
      agreement: { select: { id: true, number: true, status: true, award: { select: { id: true, organizationId: true } } } },
    },
  });
  if (!milestone) throw new DomainError("grants:error.notFound", {}, 404);
  return milestone;
}

/** Spending per budget line already reported on the agreement's other milestones (their latest financial report, unless rejected). */
async function reportedSpending(tx: Tx, agreementId: string, exceptMilestoneId: string) {
  const reports = await tx.milestoneReport.findMany({
    where: { kind: "FINANCIAL", status: { not: "DRAFT" }, milestone: { agreementId, id: { not: exceptMilestoneId } } },
    orderBy: { submittedAt: "desc" },
    select: { milestoneId: true, status: true, expenses: true },
  });
  const seen = new Set<string>();
  const spent = new Map<string, bigint>();
  for (const report of reports) {
    if (seen.has(report.milestoneId)) continue;
    seen.add(report.milestoneId);
    if (report.status === "REJECTED") continue;
    for (const e of storedExpenses(report.expenses)) {
      spent.set(e.budgetLineId, (spent.get(e.budgetLineId) ?? 0n) + BigInt(e.amount));
    }
  }
  return spent;
}

/**
 * The NCO's report on a milestone: a progress report and a financial report,
 * written together as one submission; the expenses are checked against the
 * approved budget (latest agreement version) before anything is stored.
 */
export async function submitMilestoneReport({
  actor,
  milestoneId,
  input,
  attachmentIds = [],
}: {
  actor: Actor;
  milestoneId: string;
  input: MilestoneReportInput;
  attachmentIds?: string[];
}) {
  assertCan(actor, "report:milestone:own");
  return prisma.$transaction(async (tx) => {
    const milestone = await findMilestone(tx, actor, milestoneId);
    assert(milestone.agreement.status === "SIGNED", "grants:error.notSigned");
    assert(maySubmitReport(milestone.status), "grants:error.reportNotExpected");
    const { snapshot } = await currentSnapshot(tx, milestone.agreement.id);
    const approved = snapshot.budget.map((line) => ({ budgetLineId: line.budgetLineId, amount: BigInt(line.amount) }));
    const spentBefore = await reportedSpending(tx, milestone.agreement.id, milestone.id);
    const problem = checkExpenses(approved, spentBefore, input.expenses);
    if (problem) {
      const line = snapshot.budget.find((l) => l.budgetLineId === problem.budgetLineId);
      const excess = problem.excess ?? 0n;
      throw new DomainError(
        `grants:error.expense.${problem.code}`,
        {
          line: line ? `${line.position}. ${line.category}` : "?",
          excess: tyiynToSomInput(excess),
          remaining: line ? tyiynToSomInput(BigInt(line.amount) - (spentBefore.get(line.budgetLineId) ?? 0n)) : "0",
        },
        422,
      );
    }
    const moved = await tx.grantMilestone.updateMany({
      where: { id: milestone.id, status: { in: ["PENDING", "CHANGES_REQUESTED"] } },
      data: { status: "REPORTED" },
    });
    assert(moved.count === 1, "grants:error.reportNotExpected");
    // The draft this report grew from is sent now: it is not kept beside the report.
    await tx.milestoneReport.deleteMany({ where: { milestoneId: milestone.id, status: "DRAFT" } });
    const common = { milestoneId: milestone.id, submittedById: actor.id };
    const progress = await tx.milestoneReport.create({
      data: {
        ...common,
        kind: "PROGRESS",
        narrative: input.narrative,
        indicators: input.indicators,
        beneficiariesReached: input.beneficiariesReached,
      },
      select: { id: true },
    });
    const financial = await tx.milestoneReport.create({
      data: {
        ...common,
        kind: "FINANCIAL",
        expenses: input.expenses.map((e) => ({ budgetLineId: e.budgetLineId, amount: e.amount.toString() })),
        totalSpent: totalOf(input.expenses),
      },
      select: { id: true },
    });
    await linkAttachments(tx, actor, milestone.agreement.award.organizationId, progress.id, attachmentIds);
    await recordAudit(tx, {
      actor,
      action: "milestone.reported",
      entityType: "GrantMilestone",
      entityId: milestone.id,
      before: { status: milestone.status },
      after: { status: "REPORTED", reports: [progress.id, financial.id], totalSpent: totalOf(input.expenses).toString() },
    });
    return { progressId: progress.id, financialId: financial.id };
  });
}

/**
 * Keeps the NCO's unfinished report as typed, one draft per milestone. A draft
 * is the organization's own: the mayor's office, budget checks and public pages
 * never see it; sending the report replaces it.
 */
export async function saveMilestoneReportDraft({
  actor,
  milestoneId,
  fields,
  now = new Date(),
}: {
  actor: Actor;
  milestoneId: string;
  fields: ReportDraftFields;
  now?: Date;
}) {
  assertCan(actor, "report:milestone:own");
  return prisma.$transaction(async (tx) => {
    const milestone = await findMilestone(tx, actor, milestoneId);
    assert(isMemberOf(actor, milestone.agreement.award.organizationId), "forbidden", {}, 403);
    assert(milestone.agreement.status === "SIGNED", "grants:error.notSigned");
    assert(maySubmitReport(milestone.status), "grants:error.reportNotExpected");
    const data = { draftFields: fields, narrative: fields.narrative ?? "", submittedById: actor.id, submittedAt: now };
    const kept = await tx.milestoneReport.updateMany({ where: { milestoneId: milestone.id, status: "DRAFT" }, data });
    if (kept.count === 0)
      await tx.milestoneReport.create({ data: { ...data, milestoneId: milestone.id, kind: "PROGRESS", status: "DRAFT" } });
    await recordAudit(tx, {
      actor,
      action: "milestone.report.draftSaved",
      entityType: "GrantMilestone",
      entityId: milestone.id,
      after: { fields: Object.keys(fields) },
      now,
    });
    return { savedAt: now };
  });
}

async function linkAttachments(tx: Tx, actor: Actor, organizationId: string, reportId: string, attachmentIds: string[]) {
  if (attachmentIds.length === 0) return;
  const owned = await tx.attachment.count({
    where: { id: { in: attachmentIds }, OR: [{ organizationId }, { uploadedById: actor.id }] },
  });
  assert(owned === attachmentIds.length, "grants:error.notFound", {}, 404);
  await tx.reportAttachment.createMany({ data: attachmentIds.map((attachmentId) => ({ reportId, attachmentId })) });
}

/**
 * The officer's decision on the reports under review. Acceptance makes the
 * milestone's tranche payable, in the same transaction.
 */
export async function reviewMilestone({ actor, milestoneId, input }: { actor: Actor; milestoneId: string; input: ReviewInput }) {
  assertCan(actor, "review:report:any");
  assert(input.decision === "ACCEPT" || input.comment.trim().length > 0, "grants:error.commentRequired", {}, 422);
  return prisma.$transaction(async (tx) => {
    const milestone = await findMilestone(tx, actor, milestoneId);
    assert(mayReview(milestone.status), "grants:error.nothingToReview");
    const status = statusAfterReview(input.decision);
    const now = new Date();
    const moved = await tx.grantMilestone.updateMany({
      where: { id: milestone.id, status: "REPORTED" },
      data: { status, acceptedAt: status === "ACCEPTED" ? now : null },
    });
    assert(moved.count === 1, "grants:error.nothingToReview");
    await tx.milestoneReport.updateMany({
      where: { milestoneId: milestone.id, status: "SUBMITTED", kind: { in: ["PROGRESS", "FINANCIAL"] } },
      data: { status: reportStatusAfterReview[input.decision], reviewedById: actor.id, reviewedAt: now },
    });
    if (input.comment.trim()) {
      const latest = await latestProgressReport(tx, milestone.id);
      if (latest) await tx.reportComment.create({ data: { reportId: latest.id, authorId: actor.id, body: input.comment.trim() } });
    }
    if (status === "ACCEPTED") {
      await tx.tranche.updateMany({ where: { milestoneId: milestone.id, status: "PLANNED" }, data: { status: "PAYABLE" } });
    }
    await recordAudit(tx, {
      actor,
      action: `milestone.${status.toLowerCase()}`,
      entityType: "GrantMilestone",
      entityId: milestone.id,
      before: { status: milestone.status },
      after: { status, comment: input.comment },
    });
    await notifyOrganization(tx, milestone.agreement.award.organizationId, `milestone.${status.toLowerCase()}`, {
      number: milestone.agreement.number,
      milestone: milestone.title,
    });
    return { status };
  });
}

function latestProgressReport(tx: Tx, milestoneId: string) {
  return tx.milestoneReport.findFirst({
    where: { milestoneId, kind: "PROGRESS", status: { not: "DRAFT" } },
    orderBy: { submittedAt: "desc" },
    select: { id: true },
  });
}

/** A message in the report's thread: the officer's remarks and the NCO's answers. */
export async function addReportComment({ actor, milestoneId, body }: { actor: Actor; milestoneId: string; body: string }) {
  assertCan(actor, ["review:report:any", "report:milestone:own"]);
  return prisma.$transaction(async (tx) => {
    const milestone = await findMilestone(tx, actor, milestoneId);
    const report = await latestProgressReport(tx, milestone.id);
    assert(report, "grants:error.noReportYet");
    const comment = await tx.reportComment.create({ data: { reportId: report.id, authorId: actor.id, body }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "report.commented",
      entityType: "MilestoneReport",
      entityId: report.id,
      after: { commentId: comment.id },
    });
    return comment;
  });
}

/** The milestone page: its reports newest first with comments and files, the approved budget and what was spent. */
export async function getMilestone({ actor, milestoneId, now = new Date() }: { actor: Actor; milestoneId: string; now?: Date }) {
  const milestone = await prisma.grantMilestone.findFirst({
    where: { id: milestoneId, agreement: scopeOrThrow(actor) },
    select: {
      id: true,
      position: true,
      title: true,
      deliverables: true,
      dueOn: true,
      status: true,
      acceptedAt: true,
      tranche: { select: { position: true, amount: true, shareBp: true, status: true } },
      agreement: {
        select: {
          id: true,
          number: true,
          status: true,
          award: { select: { organizationId: true, organization: { select: { nameKy: true, nameRu: true, nameEn: true } } } },
        },
      },
      reports: {
        where: { status: { not: "DRAFT" } },
        orderBy: { submittedAt: "desc" },
        select: {
          id: true,
          kind: true,
          status: true,
          narrative: true,
          indicators: true,
          beneficiariesReached: true,
          expenses: true,
          totalSpent: true,
          submittedAt: true,
          reviewedAt: true,
          comments: { orderBy: { createdAt: "asc" }, select: { id: true, body: true, createdAt: true, authorId: true } },
          attachments: { select: { attachment: { select: { id: true, originalName: true, mediaType: true } } } },
        },
      },
    },
  });
  if (!milestone) throw new DomainError("grants:error.notFound", {}, 404);
  // Only the organization sees its draft; an officer's scope reaches the milestone, not the NCO's unsent work.
  const draft = isMemberOf(actor, milestone.agreement.award.organizationId)
    ? await prisma.milestoneReport.findFirst({
        where: { milestoneId: milestone.id, status: "DRAFT" },
        select: { draftFields: true, submittedAt: true },
      })
    : null;
  const authorIds = [...new Set(milestone.reports.flatMap((r) => r.comments.map((c) => c.authorId)))];
  const authors = await prisma.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, fullName: true } });
  const { snapshot } = await prisma.$transaction((tx) => currentSnapshot(tx, milestone.agreement.id));
  const spent = await prisma.$transaction((tx) => reportedSpending(tx, milestone.agreement.id, milestone.id));
  const kindOrder = { PROGRESS: 0, FINANCIAL: 1, FINAL: 2 } as const;
  // One submission writes a progress and a financial report at the same instant: newest first, progress before money.
  const reports = [...milestone.reports].sort(
    (a, b) => b.submittedAt.getTime() - a.submittedAt.getTime() || kindOrder[a.kind] - kindOrder[b.kind],
  );
  return {
    ...milestone,
    reports,
    draft: draft ? { fields: storedDraftFields(draft.draftFields ?? {}), savedAt: draft.submittedAt } : null,
    overdue: isOverdue({ status: milestone.status, dueOn: milestone.dueOn }, now),
    authors: Object.fromEntries(authors.map((a) => [a.id, a.fullName])),
    budget: snapshot.budget.map((line) => ({ ...line, spentElsewhere: (spent.get(line.budgetLineId) ?? 0n).toString() })),
  };
}

/** The officer records a monitoring visit with findings and photos. */
export async function recordVisit({
  actor,
  agreementId,
  visitedOn,
  findings,
  attachmentIds = [],
}: {
  actor: Actor;
  agreementId: string;
  visitedOn: Date;
  findings: string;
  attachmentIds?: string[];
}) {
  assertCan(actor, "record:visit:any");
  assert(!isOutOfRange(visitedOn), "grants:v.dateRange", {}, 422);
  assert(!isAfterToday(visitedOn), "grants:error.visitInFuture", {}, 422);
  return prisma.$transaction(async (tx) => {
    const agreement = await tx.agreement.findFirst({ where: { id: agreementId, ...scopeOrThrow(actor) }, select: { id: true } });
    if (!agreement) throw new DomainError("grants:error.notFound", {}, 404);
    const visit = await tx.monitoringVisit.create({
      data: {
        agreementId: agreement.id,
        visitedOn,
        findings,
        recordedById: actor.id,
        attachments: { create: attachmentIds.map((attachmentId) => ({ attachmentId })) },
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "visit.recorded",
      entityType: "MonitoringVisit",
      entityId: visit.id,
      after: { agreementId, visitedOn, findings },
    });
    return visit;
  });
}

/** The NCO's final report on the whole grant, filed on the last milestone. */
export async function submitFinalReport({ actor, agreementId, narrative }: { actor: Actor; agreementId: string; narrative: string }) {
  assertCan(actor, "report:milestone:own");
  return prisma.$transaction(async (tx) => {
    const agreement = await tx.agreement.findFirst({
      where: { id: agreementId, ...scopeOrThrow(actor) },
      select: { id: true, status: true, milestones: { orderBy: { position: "desc" }, take: 1, select: { id: true } } },
    });
    if (!agreement) throw new DomainError("grants:error.notFound", {}, 404);
    assert(agreement.status === "SIGNED", "grants:error.notSigned");
    const last = agreement.milestones[0]!;
    const report = await tx.milestoneReport.create({
      data: { milestoneId: last.id, kind: "FINAL", narrative, submittedById: actor.id },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "final-report.submitted",
      entityType: "MilestoneReport",
      entityId: report.id,
      after: { agreementId },
    });
    return report;
  });
}

/**
 * Close-out: with every milestone settled, no payment in flight and the final
 * report in, the officer records the unspent funds the NCO returned (a RETURN
 * ledger entry; Award.returned and Appropriation.returned grow by it) and
 * closes the grant. The return is bounded by what was paid, by a conditional UPDATE.
 */
export async function closeGrant({
  actor,
  agreementId,
  finalNarrative,
  returned,
}: {
  actor: Actor;
  agreementId: string;
  finalNarrative: string;
  returned: bigint;
}) {
  assertCan(actor, "manage:agreement:any");
  assert(returned >= 0n, "grants:error.returnNegative", {}, 422);
  return prisma.$transaction(async (tx) => {
    const agreement = await tx.agreement.findFirst({
      where: { id: agreementId, ...scopeOrThrow(actor) },
      select: {
        id: true,
        number: true,
        status: true,
        milestones: { select: { id: true, status: true, reports: { where: { kind: "FINAL" }, select: { id: true, status: true } } } },
        award: { select: { id: true, organizationId: true, callId: true, call: { select: { appropriationId: true } } } },
      },
    });
    if (!agreement) throw new DomainError("grants:error.notFound", {}, 404);
    assert(agreement.status === "SIGNED", "grants:error.notSigned");
    assert(
      agreement.milestones.every((m) => m.status === "ACCEPTED" || m.status === "REJECTED"),
      "grants:error.milestonesOpen",
    );
    const finalReports = agreement.milestones.flatMap((m) => m.reports);
    assert(finalReports.length > 0, "grants:error.finalReportMissing");
    const inFlight = await tx.paymentOrder.count({ where: { awardId: agreement.award.id, status: { in: ["CREATED", "SENT"] } } });
    assert(inFlight === 0, "grants:error.paymentsInFlight");
    const now = new Date();
    const closed = await tx.$executeRaw`UPDATE "Award" SET "returned" = "returned" + ${returned}, "status" = 'CLOSED', "closedAt" = ${now}
      WHERE "id" = ${agreement.award.id} AND "status" = 'FINAL' AND "returned" + ${returned} <= "paid"`;
    assert(closed === 1, "grants:error.returnExceedsPaid", {}, 422);
    if (returned > 0n) {
      await tx.$executeRaw`UPDATE "Appropriation" SET "returned" = "returned" + ${returned} WHERE "id" = ${agreement.award.call.appropriationId}`;
      await tx.ledgerEntry.create({
        data: {
          appropriationId: agreement.award.call.appropriationId,
          kind: "RETURN",
          amount: returned,
          callId: agreement.award.callId,
          awardId: agreement.award.id,
          note: `close-out ${agreement.number}`,
          actorId: actor.id,
        },
      });
    }
    await tx.milestoneReport.updateMany({
      where: { id: { in: finalReports.map((r) => r.id) }, status: "SUBMITTED" },
      data: { status: "ACCEPTED", reviewedById: actor.id, reviewedAt: now },
    });
    await tx.agreement.update({ where: { id: agreement.id }, data: { status: "CLOSED", closedAt: now } });
    await recordAudit(tx, {
      actor,
      action: "grant.closed",
      entityType: "Agreement",
      entityId: agreement.id,
      before: { status: "SIGNED" },
      after: { status: "CLOSED", returned: returned.toString(), note: finalNarrative },
    });
    await notifyOrganization(tx, agreement.award.organizationId, "grant.closed", { number: agreement.number });
  });
}

/** Milestones owed and past their due day, for dashboards (scoped like agreements). */
export async function listOverdueMilestones({ actor, now = new Date(), take = 50 }: { actor: Actor; now?: Date; take?: number }) {
  const scope = agreementScope(actor);
  if (!scope) return [];
  const candidates = await prisma.grantMilestone.findMany({
    where: { status: { in: ["PENDING", "CHANGES_REQUESTED"] }, dueOn: { lt: now }, agreement: { status: "SIGNED", ...scope } },
    orderBy: { dueOn: "asc" },
    take,
    select: { id: true, title: true, dueOn: true, status: true, agreement: { select: { id: true, number: true } } },
  });
  return candidates.filter((m) => isOverdue({ status: m.status, dueOn: m.dueOn }, now));
}

/**
 * Background: one reminder per overdue milestone and due date, through the
 * outbox. The dedupeKey carries the due date, so a milestone whose date was
 * moved by an approved change is reminded again for the new date, never twice
 * for the same one.
 */
export async function remindOverdueMilestones(db: Db, now = new Date()) {
  const due = await db.grantMilestone.findMany({
    where: { status: { in: ["PENDING", "CHANGES_REQUESTED"] }, dueOn: { lt: now }, agreement: { status: "SIGNED" } },
    take: 200,
    select: {
      id: true,
      title: true,
      dueOn: true,
      status: true,
      agreement: { select: { number: true, award: { select: { organizationId: true } } } },
    },
  });
  let reminded = 0;
  for (const milestone of due) {
    if (!isOverdue({ status: milestone.status, dueOn: milestone.dueOn }, now)) continue;
    const dueDay = calendarDateOf(milestone.dueOn);
    await db.$transaction(async (tx) => {
      const members = await tx.organizationMember.findMany({
        where: { organizationId: milestone.agreement.award.organizationId },
        select: { user: { select: { id: true, email: true, locale: true } } },
      });
      for (const { user } of members) {
        await enqueueNotification(tx, {
          channel: "EMAIL",
          recipient: user.email,
          template: "grants.milestone.overdue",
          locale: user.locale,
          payload: { number: milestone.agreement.number, milestone: milestone.title, dueOn: dueDay },
          dedupeKey: `milestone-overdue:${milestone.id}:${dueDay}:${user.id}`,
        });
      }
      await tx.grantMilestone.update({ where: { id: milestone.id }, data: { remindedAt: now } });
    });
    reminded += 1;
  }
  return { reminded };
}
