import { recordAudit } from "~/domains/audit/audit.server";
import { budgetRulesOf, classificationCodeOf } from "~/domains/calls/budget-rules";
import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { parseSomToTyiyn } from "~/domains/budgets/money";
import { isAfterToday, isOutOfRange } from "./calendar-date";
import { withStoredFiles } from "~/domains/files/storage.server";
import { municipalityCallScope } from "~/domains/proposals/proposal-access.server";
import { prisma, type Tx } from "~/utils/db.server";
import { assert, DomainError } from "~/utils/domain-error";
import { assertCan, can, type Actor } from "~/utils/permissions";
import { calendarDateOf, startOfDay } from "~/utils/time";
import {
  agreementMay,
  allocateTranches,
  applyChange,
  approvedBudget,
  checkSchedule,
  type AgreementSnapshot,
  type ChangePayload,
} from "./agreement-rules";
import { writeAgreementVersion } from "./agreement-documents.server";
import { agreementScope } from "./agreement-scope.server";
import { storedSnapshot, type AgreementDraftInput, type ChangeRequestInput } from "./agreement-schemas";
import { storedChangePayload } from "./stored-json";

function requireScope(actor: Actor) {
  const scope = agreementScope(actor);
  if (!scope) throw new DomainError("grants:error.notFound", {}, 404);
  return scope;
}

export function isStaffForAgreements(actor: Actor) {
  return can(actor, "manage:agreement:any") || can(actor, "read:agreement:any");
}

/** FINAL awards of the municipality that have no agreement yet. */
export async function listAwardsAwaitingAgreement({ actor }: { actor: Actor }) {
  assertCan(actor, "manage:agreement:any");
  return prisma.award.findMany({
    where: { status: "FINAL", agreement: null, call: municipalityCallScope(actor) },
    orderBy: { finalizedAt: "asc" },
    select: {
      id: true,
      reference: true,
      amount: true,
      organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
      proposal: { select: { title: true } },
      call: { select: { reference: true, titleKy: true, titleRu: true, titleEn: true } },
    },
  });
}

/** The award as the draft form needs it: parties, work plan and the bank details on file. */
export async function getAwardForDraft({ actor, awardId }: { actor: Actor; awardId: string }) {
  assertCan(actor, "manage:agreement:any");
  const award = await prisma.award.findFirst({
    where: { id: awardId, call: municipalityCallScope(actor) },
    select: {
      id: true,
      reference: true,
      status: true,
      amount: true,
      agreement: { select: { id: true } },
      call: { select: { budgetRules: true } },
      organization: {
        select: {
          nameKy: true,
          nameRu: true,
          nameEn: true,
          preferredLocale: true,
          bankName: true,
          bankBik: true,
          bankAccount: true,
          tin: true,
        },
      },
      proposal: {
        select: {
          title: true,
          milestones: { orderBy: { position: "asc" }, select: { position: true, title: true, deliverables: true, dueOn: true } },
          budgetLines: {
            orderBy: { position: "asc" },
            select: { id: true, position: true, category: true, description: true, requested: true },
          },
        },
      },
    },
  });
  if (!award) throw new DomainError("grants:error.notFound", {}, 404);
  return award;
}

/**
 * Draws the agreement from a FINAL award: one grant milestone per work-plan
 * milestone, the officer's tranche schedule (shares in basis points, amounts
 * totalling the award exactly) and version 1, the frozen snapshot.
 */
export async function createAgreement({ actor, awardId, input }: { actor: Actor; awardId: string; input: AgreementDraftInput }) {
  const award = await getAwardForDraft({ actor, awardId });
  assert(award.status === "FINAL", "grants:error.awardNotFinal");
  if (award.agreement) throw new DomainError("grants:error.agreementExists", { agreementId: award.agreement.id }, 409);
  const workPlan = award.proposal.milestones;
  assert(workPlan.length > 0, "grants:error.noWorkPlan", {}, 422);
  assert(input.shares.length === workPlan.length, "grants:error.scheduleShape", {}, 422);
  const problem = checkSchedule(input.shares);
  if (problem) throw new DomainError(`grants:error.schedule.${problem}`, {}, 422);

  const withTranche = input.shares.map((share, index) => ({ share, index })).filter((entry) => entry.share > 0);
  const amounts = allocateTranches(
    award.amount,
    withTranche.map((entry) => entry.share),
  );
  const budgetAmounts = approvedBudget(award.proposal.budgetLines, award.amount);
  const budgetRules = budgetRulesOf(award.call.budgetRules);
  const snapshot: AgreementSnapshot = {
    amount: award.amount.toString(),
    language: input.language,
    reportingTerms: input.reportingTerms,
    bank: { name: input.bankName, bik: input.bankBik, account: input.bankAccount },
    milestones: workPlan.map((m) => ({ position: m.position, title: m.title, deliverables: m.deliverables, dueOn: m.dueOn.toISOString() })),
    tranches: withTranche.map((entry, i) => ({
      position: i + 1,
      milestonePosition: workPlan[entry.index]!.position,
      shareBp: entry.share,
      amount: amounts[i]!.toString(),
    })),
    budget: award.proposal.budgetLines.map((line, i) => ({
      budgetLineId: line.id,
      position: line.position,
      category: line.category,
      description: line.description,
      amount: budgetAmounts[i]!.toString(),
      // Only when the call gives the category a code: agreements without codes keep the bytes they always had.
      ...withClassificationCode(classificationCodeOf(budgetRules, line.category)),
    })),
  };

  try {
    return await insertAgreement({ actor, award, input, workPlan, snapshot });
  } catch (error) {
    // A twin request (a double click) committed first: the unique awardId refused ours.
    const twin = await prisma.agreement.findUnique({ where: { awardId: award.id }, select: { id: true } });
    if (twin) throw new DomainError("grants:error.agreementExists", { agreementId: twin.id }, 409);
    throw error;
  }
}

async function insertAgreement({
  actor,
  award,
  input,
  workPlan,
  snapshot,
}: {
  actor: Actor;
  award: { id: string; reference: string };
  input: AgreementDraftInput;
  workPlan: { position: number; title: string; deliverables: string; dueOn: Date }[];
  snapshot: AgreementSnapshot;
}) {
  return withStoredFiles((store) =>
    prisma.$transaction(async (tx) => {
      const agreement = await tx.agreement.create({
        data: {
          awardId: award.id,
          number: `AGR-${award.reference}`,
          language: input.language,
          reportingTerms: input.reportingTerms,
          createdById: actor.id,
          milestones: {
            create: workPlan.map((m) => ({ position: m.position, title: m.title, deliverables: m.deliverables, dueOn: m.dueOn })),
          },
        },
        select: { id: true, number: true, milestones: { select: { id: true, position: true } } },
      });
      const pdf = await writeAgreementVersion(tx, store, {
        agreementId: agreement.id,
        number: 1,
        snapshot,
        reason: "created",
        createdById: actor.id,
      });
      for (const tranche of snapshot.tranches) {
        const milestone = agreement.milestones.find((m) => m.position === tranche.milestonePosition)!;
        await tx.tranche.create({
          data: {
            agreementId: agreement.id,
            milestoneId: milestone.id,
            position: tranche.position,
            shareBp: tranche.shareBp,
            amount: BigInt(tranche.amount),
          },
        });
      }
      await recordAudit(tx, {
        actor,
        action: "agreement.created",
        entityType: "Agreement",
        entityId: agreement.id,
        after: { ...snapshot, pdf },
      });
      return { id: agreement.id, number: agreement.number };
    }),
  );
}

const agreementDetail = {
  id: true,
  number: true,
  status: true,
  version: true,
  language: true,
  reportingTerms: true,
  signedOn: true,
  signedScan: { select: { id: true, originalName: true } },
  createdAt: true,
  closedAt: true,
  award: {
    select: {
      id: true,
      reference: true,
      amount: true,
      paid: true,
      returned: true,
      status: true,
      organizationId: true,
      organization: {
        select: {
          id: true,
          nameKy: true,
          nameRu: true,
          nameEn: true,
          tin: true,
          registrationNumber: true,
          address: true,
          preferredLocale: true,
        },
      },
      proposal: { select: { title: true, summary: true, beneficiaries: true } },
      call: {
        select: {
          reference: true,
          titleKy: true,
          titleRu: true,
          titleEn: true,
          municipality: {
            select: { nameKy: true, nameRu: true, nameEn: true, headNameKy: true, headNameRu: true, headNameEn: true, address: true },
          },
        },
      },
    },
  },
  milestones: {
    orderBy: { position: "asc" },
    select: { id: true, position: true, title: true, deliverables: true, dueOn: true, status: true, acceptedAt: true },
  },
  tranches: {
    orderBy: { position: "asc" },
    select: { id: true, position: true, shareBp: true, amount: true, status: true, milestoneId: true },
  },
  changeRequests: {
    orderBy: { createdAt: "desc" },
    select: { id: true, kind: true, payload: true, justification: true, status: true, decision: true, createdAt: true, decidedAt: true },
  },
  visits: {
    orderBy: { visitedOn: "desc" },
    select: {
      id: true,
      visitedOn: true,
      findings: true,
      attachments: { select: { attachment: { select: { id: true, originalName: true } } } },
    },
  },
  versions: {
    orderBy: { number: "desc" },
    select: {
      number: true,
      reason: true,
      createdAt: true,
      snapshot: true,
      textRole: true,
      texts: { select: { language: true, textRole: true } },
    },
  },
} as const;

/** The agreement with everything its page shows, or a 404 DomainError outside the actor's scope. */
export async function getAgreement({ actor, agreementId }: { actor: Actor; agreementId: string }) {
  const agreement = await prisma.agreement.findFirst({ where: { id: agreementId, ...requireScope(actor) }, select: agreementDetail });
  if (!agreement) throw new DomainError("grants:error.notFound", {}, 404);
  const [latest] = agreement.versions;
  return { ...agreement, snapshot: storedSnapshot(latest!.snapshot) };
}

export async function listAgreements({ actor }: { actor: Actor }) {
  return prisma.agreement.findMany({
    where: requireScope(actor),
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      number: true,
      status: true,
      signedOn: true,
      award: { select: { reference: true, amount: true, organization: { select: { nameKy: true, nameRu: true, nameEn: true } } } },
      milestones: { select: { status: true, dueOn: true } },
      // Paid means executed: Award.paid also counts orders still with the treasury (reserved on creation).
      tranches: { where: { status: "PAID" }, select: { amount: true } },
    },
  });
}

async function lockAgreement(tx: Tx, actor: Actor, agreementId: string) {
  const agreement = await tx.agreement.findFirst({
    where: { id: agreementId, ...requireScope(actor) },
    select: { id: true, status: true, version: true, number: true, award: { select: { id: true, organizationId: true } } },
  });
  if (!agreement) throw new DomainError("grants:error.notFound", {}, 404);
  return agreement;
}

export async function currentSnapshot(tx: Tx, agreementId: string): Promise<{ number: number; snapshot: AgreementSnapshot }> {
  const version = await tx.agreementVersion.findFirstOrThrow({
    where: { agreementId },
    orderBy: { number: "desc" },
    select: { number: true, snapshot: true },
  });
  return { number: version.number, snapshot: storedSnapshot(version.snapshot) };
}

/** Records the date both parties signed; from then on the NCO reports and is paid. */
export async function signAgreement({ actor, agreementId, signedOn }: { actor: Actor; agreementId: string; signedOn: Date }) {
  assertCan(actor, "manage:agreement:any");
  assert(!isOutOfRange(signedOn), "grants:v.dateRange", {}, 422);
  assert(!isAfterToday(signedOn), "grants:error.signedInFuture", {}, 422);
  return prisma.$transaction(async (tx) => {
    const agreement = await lockAgreement(tx, actor, agreementId);
    const changed = await tx.agreement.updateMany({ where: { id: agreement.id, status: "DRAFT" }, data: { status: "SIGNED", signedOn } });
    assert(changed.count === 1 && agreementMay.sign(agreement.status), "grants:error.notDraft");
    await recordAudit(tx, {
      actor,
      action: "agreement.signed",
      entityType: "Agreement",
      entityId: agreement.id,
      before: { status: "DRAFT" },
      after: { status: "SIGNED", signedOn },
    });
    await notifyOrganization(tx, agreement.award.organizationId, "agreement.signed", { number: agreement.number });
  });
}

/** Links an uploaded scan (an Attachment row from the files module) as the signed copy. */
export async function attachSignedScan({ actor, agreementId, attachmentId }: { actor: Actor; agreementId: string; attachmentId: string }) {
  assertCan(actor, "manage:agreement:any");
  return prisma.$transaction(async (tx) => {
    const agreement = await lockAgreement(tx, actor, agreementId);
    assert(agreementMay.uploadScan(agreement.status), "grants:error.closed");
    await tx.agreement.update({ where: { id: agreement.id }, data: { signedScanId: attachmentId } });
    await recordAudit(tx, {
      actor,
      action: "agreement.scan-attached",
      entityType: "Agreement",
      entityId: agreement.id,
      after: { attachmentId },
    });
  });
}

/** The NCO asks to move a milestone's date or move money between budget lines. */
export async function requestChange({ actor, agreementId, input }: { actor: Actor; agreementId: string; input: ChangeRequestInput }) {
  assertCan(actor, "request:change:own");
  return prisma.$transaction(async (tx) => {
    const agreement = await lockAgreement(tx, actor, agreementId);
    assert(agreementMay.requestChange(agreement.status), "grants:error.notSigned");
    const payload = changePayloadOf(input);
    const { snapshot } = await currentSnapshot(tx, agreement.id);
    const outcome = applyChange(snapshot, payload);
    if ("problem" in outcome) throw new DomainError(`grants:error.change.${outcome.problem}`, {}, 422);
    const request = await tx.changeRequest.create({
      data: { agreementId: agreement.id, kind: payload.kind, payload, justification: input.justification, requestedById: actor.id },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "change-request.filed",
      entityType: "ChangeRequest",
      entityId: request.id,
      after: { agreementId: agreement.id, payload },
    });
    return request;
  });
}

function changePayloadOf(input: ChangeRequestInput): ChangePayload {
  if (input.kind === "MILESTONE_DATE") {
    return {
      kind: input.kind,
      milestonePosition: input.milestonePosition,
      newDueOn: startOfDay(input.newDueOn).toISOString(),
    };
  }
  const amount = parseSomToTyiyn(input.amount);
  if (amount === null || amount <= 0n) throw new DomainError("grants:error.change.amountPositive", {}, 422);
  return { kind: input.kind, fromBudgetLineId: input.fromBudgetLineId, toBudgetLineId: input.toBudgetLineId, amount: amount.toString() };
}

/**
 * The officer approves or refuses a pending change. Approval applies it to the
 * latest snapshot and writes the next AgreementVersion (and moves the live
 * milestone date), all in one transaction with the decision.
 */
export async function decideChange({
  actor,
  agreementId,
  changeRequestId,
  decision,
  reason,
}: {
  actor: Actor;
  agreementId: string;
  changeRequestId: string;
  decision: "APPROVE" | "REFUSE";
  reason: string;
}) {
  assertCan(actor, "manage:agreement:any");
  assert(decision === "APPROVE" || reason.trim().length > 0, "grants:error.reasonRequired", {}, 422);
  return withStoredFiles((store) =>
    prisma.$transaction(async (tx) => {
      const agreement = await lockAgreement(tx, actor, agreementId);
      const request = await tx.changeRequest.findFirst({
        where: { id: changeRequestId, agreementId: agreement.id },
        select: { id: true, payload: true },
      });
      if (!request) throw new DomainError("grants:error.notFound", {}, 404);
      const decided = await tx.changeRequest.updateMany({
        where: { id: request.id, status: "PENDING" },
        data: { status: decision === "APPROVE" ? "APPROVED" : "REFUSED", decision: reason, decidedById: actor.id, decidedAt: new Date() },
      });
      assert(decided.count === 1, "grants:error.alreadyDecided");
      let version: number | undefined;
      let pdf: { verificationCode: string; pdfSha256: string } | undefined;
      if (decision === "APPROVE") {
        assert(agreementMay.requestChange(agreement.status), "grants:error.notSigned");
        const payload = storedChangePayload(request.payload);
        const current = await currentSnapshot(tx, agreement.id);
        const outcome = applyChange(current.snapshot, payload);
        if ("problem" in outcome) throw new DomainError(`grants:error.change.${outcome.problem}`, {}, 422);
        version = current.number + 1;
        pdf = await writeAgreementVersion(tx, store, {
          agreementId: agreement.id,
          number: version,
          snapshot: outcome.snapshot,
          reason: `change-request:${request.id}`,
          createdById: actor.id,
        });
        if (payload.kind === "MILESTONE_DATE") {
          await tx.grantMilestone.update({
            where: { agreementId_position: { agreementId: agreement.id, position: payload.milestonePosition } },
            // Requests filed before decision 0072 carry UTC midnight: the day is what counts.
            data: { dueOn: startOfDay(calendarDateOf(payload.newDueOn)), remindedAt: null },
          });
        }
      }
      await recordAudit(tx, {
        actor,
        action: decision === "APPROVE" ? "change-request.approved" : "change-request.refused",
        entityType: "ChangeRequest",
        entityId: request.id,
        after: { reason, version, pdf },
      });
      await notifyOrganization(tx, agreement.award.organizationId, `change.${decision === "APPROVE" ? "approved" : "refused"}`, {
        number: agreement.number,
        reason,
      });
      return { version };
    }),
  );
}

/** Writes one notice per member of the organization to the outbox, in each member's language. */
export async function notifyOrganization(
  tx: Tx,
  organizationId: string,
  template: string,
  payload: Record<string, string | number>,
  dedupeKey?: string,
) {
  const members = await tx.organizationMember.findMany({
    where: { organizationId },
    select: { user: { select: { id: true, email: true, locale: true } } },
  });
  for (const { user } of members) {
    await enqueueNotification(tx, {
      channel: "EMAIL",
      recipient: user.email,
      template: `grants.${template}`,
      locale: user.locale,
      payload,
      dedupeKey: dedupeKey ? `${dedupeKey}:${user.id}` : undefined,
    });
  }
}

/** The budget-classification code of a snapshot line, present only when there is one. */
function withClassificationCode(code: string): { classificationCode?: string } {
  return code ? { classificationCode: code } : {};
}
