// Drafting a proposal: starting it from an open call, saving its sections,
// reading it back. Submission and receipts are in submission.server.ts.
import type { Prisma } from "~/generated/sqlite/client";
import { randomInt } from "node:crypto";
import { recordAudit } from "~/domains/audit/audit.server";
import { assertMayApply, eligibilityInTx, eligibilityTermsSelect } from "~/domains/calls/eligibility.server";
import { saveAttachment, type ReceivedFile } from "~/domains/files/files.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";
import { startOfDay } from "~/utils/time";
import { isUniqueViolation, lockRow, notFound, ownScope, readScope } from "./proposal-access.server";
import {
  budgetTotals,
  canAct,
  implementationPeriod,
  isOnTime,
  requiredKindsOf,
  submissionProblems,
  type ProposalAction,
  type ProposalStatusValue,
} from "./proposal-rules";
import { DOCUMENT_KINDS, type AnySectionInput, type DocumentKindValue } from "./proposal-schemas";
import { buildSnapshot, contentSha256, loadSnapshotSource } from "./proposal-snapshot.server";

type Context = { actor: Actor; now: Date; ipAddress?: string };

const REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** A short reference people can read out on the phone: the call's, then six characters. */
export function newReference(callReference: string) {
  let code = "";
  for (let i = 0; i < 6; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `${callReference}-${code}`;
}

const callSummarySelect = {
  id: true,
  reference: true,
  status: true,
  titleKy: true,
  titleRu: true,
  titleEn: true,
  submissionDeadline: true,
  minGrant: true,
  maxGrant: true,
  maxProposalsPerOrganization: true,
  ...eligibilityTermsSelect,
  reviewEndsAt: true,
  appropriation: { select: { fiscalYear: true } },
} as const;

/** A call that takes proposals at `now`, or a DomainError saying why not. */
export async function findOpenCall(db: typeof prisma | Tx, callId: string, now: Date) {
  const call = await db.call.findFirst({ where: { id: callId, status: "PUBLISHED" }, select: callSummarySelect });
  if (!call) notFound();
  if (!isOnTime(now, call.submissionDeadline)) throw new DomainError("proposals:errors.callClosed", {}, 409);
  return call;
}

/** What the start page shows: the call and, per organization of the actor, how many proposals it already has there. */
export async function getStartOptions({ actor, callId, now }: { actor: Actor; callId: string; now: Date }) {
  assertCan(actor, "edit:proposal:own");
  const call = await prisma.call.findFirst({ where: { id: callId, status: "PUBLISHED" }, select: callSummarySelect });
  if (!call) notFound();
  const organizations = await prisma.organization.findMany({
    where: { id: { in: actor.organizations.map((o) => o.id) } },
    orderBy: { nameRu: "asc" },
    select: {
      id: true,
      nameKy: true,
      nameRu: true,
      nameEn: true,
      verification: true,
      proposals: { where: { callId }, orderBy: { createdAt: "asc" }, select: { id: true, reference: true, status: true, title: true } },
    },
  });
  return { call, open: isOnTime(now, call.submissionDeadline), organizations };
}

/**
 * Starts a draft for one of the actor's organizations. Verification is not
 * required: an organization waiting for the officer must not miss a
 * deadline; eligibility screening looks at it after submission. A call that
 * refuses the ineligible refuses an organization failing its checks, with
 * nothing created (decision 0074); a warning call lets it start. The call's
 * per-organization limit counts every proposal the organization holds in
 * the call; a draft never submitted can be discarded to free its place.
 */
export async function startProposal({
  actor,
  now,
  ipAddress,
  callId,
  organizationId,
}: Context & { callId: string; organizationId: string }) {
  assertCan(actor, "edit:proposal:own");
  if (!actor.organizations.some((o) => o.id === organizationId)) notFound();
  for (let attempt = 0; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        await lockRow(tx, "Organization", organizationId);
        const call = await findOpenCall(tx, callId, now);
        const held = await tx.proposal.count({ where: { callId, organizationId } });
        if (held >= call.maxProposalsPerOrganization) {
          throw new DomainError("proposals:errors.limitReached", { limit: call.maxProposalsPerOrganization }, 409);
        }
        await assertMayApply(tx, call, organizationId, now);
        const proposal = await tx.proposal.create({
          data: { callId, organizationId, reference: newReference(call.reference), createdById: actor.id, language: actor.locale },
          select: { id: true, reference: true },
        });
        await recordAudit(tx, {
          actor,
          action: "proposal.started",
          entityType: "Proposal",
          entityId: proposal.id,
          after: { reference: proposal.reference, callId, organizationId },
          ipAddress,
          now,
        });
        return proposal;
      });
    } catch (error) {
      // A reference collision (one in a billion) draws again.
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

const proposalViewSelect = {
  id: true,
  reference: true,
  status: true,
  intake: true,
  language: true,
  title: true,
  summary: true,
  problem: true,
  targetGroup: true,
  beneficiaries: true,
  objectives: true,
  activities: true,
  team: true,
  requestedTotal: true,
  cofinancingTotal: true,
  submittedAt: true,
  createdAt: true,
  updatedAt: true,
  organizationId: true,
  call: { select: callSummarySelect },
  organization: { select: { id: true, nameKy: true, nameRu: true, nameEn: true, verification: true } },
  milestones: {
    orderBy: { position: "asc" },
    select: { id: true, position: true, title: true, deliverables: true, startsOn: true, dueOn: true },
  },
  budgetLines: {
    orderBy: { position: "asc" },
    select: {
      id: true,
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
    orderBy: [{ kind: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      kind: true,
      attachment: { select: { id: true, originalName: true, size: true, sha256: true } },
      storedDocument: {
        select: { id: true, title: true, attachment: { select: { id: true, originalName: true, size: true, sha256: true } } },
      },
    },
  },
  versions: {
    orderBy: { number: "desc" },
    select: { number: true, receiptNumber: true, submittedAt: true, withdrawnAt: true, contentSha256: true },
  },
} satisfies Prisma.ProposalSelect;

/**
 * A proposal as the actor may see it, with what the actor may do with it at
 * `now`; null when it is not the actor's to see.
 */
export async function getProposalForActor({ actor, proposalId, now }: { actor: Actor; proposalId: string; now: Date }) {
  const proposal = await prisma.proposal.findFirst({ where: { id: proposalId, ...readScope(actor) }, select: proposalViewSelect });
  if (!proposal) return null;
  const own = actor.organizations.some((o) => o.id === proposal.organizationId);
  const facts = { status: proposal.status, intake: proposal.intake, versionCount: proposal.versions.length };
  const may = (action: ProposalAction) => own && canAct(action, facts, proposal.call.submissionDeadline, now);
  const requiredDocuments = requiredKindsOf(proposal.call.requiredDocuments, DOCUMENT_KINDS);
  const problems = submissionProblems(
    {
      ...proposal,
      milestoneCount: proposal.milestones.length,
      budgetLineCount: proposal.budgetLines.length,
      documentKinds: proposal.attachments.map((a) => a.kind),
    },
    { minGrant: proposal.call.minGrant, maxGrant: proposal.call.maxGrant, requiredDocuments },
  );
  const latest = proposal.versions[0] ?? null;
  let changedSinceSubmission = false;
  if (latest && own && proposal.intake === "ONLINE") {
    const source = await loadSnapshotSource(prisma, proposal.id);
    changedSinceSubmission = source !== null && contentSha256(buildSnapshot(source)) !== latest.contentSha256;
  }
  // The organization's checks against the call while it may still submit: the draft page warns (decision 0074).
  const eligibility = may("submit") ? await eligibilityInTx(prisma, proposal.call, proposal.organizationId, now) : null;
  const hasQuestions = (await prisma.callQuestion.count({ where: { callId: proposal.call.id } })) > 0;
  return {
    proposal,
    own,
    hasQuestions,
    requiredDocuments,
    problems,
    eligibility,
    changedSinceSubmission,
    onTime: isOnTime(now, proposal.call.submissionDeadline),
    period: implementationPeriod({ ...proposal.call, fiscalYear: proposal.call.appropriation.fiscalYear }),
    can: { edit: may("edit"), submit: may("submit"), withdraw: may("withdraw"), discard: may("discard") },
  };
}

export type ProposalView = NonNullable<Awaited<ReturnType<typeof getProposalForActor>>>;

/** The actor's organizations' proposals, newest first. */
export async function listProposalsForActor({ actor }: { actor: Actor }) {
  return prisma.proposal.findMany({
    where: ownScope(actor),
    orderBy: { updatedAt: "desc" },
    select: {
      id: true,
      reference: true,
      status: true,
      intake: true,
      title: true,
      requestedTotal: true,
      updatedAt: true,
      call: { select: { id: true, reference: true, titleKy: true, titleRu: true, titleEn: true, submissionDeadline: true } },
      organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
      versions: { orderBy: { number: "desc" }, take: 1, select: { number: true, receiptNumber: true, submittedAt: true } },
    },
  });
}

/** The organization's vault documents that can stand for the call's required kinds. */
export async function listVaultChoices({ actor, proposalId, now }: { actor: Actor; proposalId: string; now: Date }) {
  const proposal = await prisma.proposal.findFirst({ where: { id: proposalId, ...ownScope(actor) }, select: { organizationId: true } });
  if (!proposal) notFound();
  return prisma.storedDocument.findMany({
    where: { organizationId: proposal.organizationId, archivedAt: null, OR: [{ validUntil: null }, { validUntil: { gt: now } }] },
    orderBy: [{ kind: "asc" }, { createdAt: "desc" }],
    select: { id: true, kind: true, title: true, validUntil: true, attachment: { select: { originalName: true, size: true } } },
  });
}

/**
 * Loads the actor's own proposal for a change inside the transaction and
 * checks that the change is still allowed at `now`.
 */
export async function loadForChange(tx: Tx, actor: Actor, proposalId: string, action: ProposalAction, now: Date) {
  const proposal = await tx.proposal.findFirst({
    where: { id: proposalId, ...ownScope(actor) },
    select: {
      id: true,
      reference: true,
      status: true,
      intake: true,
      organizationId: true,
      call: { select: { submissionDeadline: true, requiredDocuments: true, minGrant: true, maxGrant: true } },
      _count: { select: { versions: true } },
    },
  });
  if (!proposal) notFound();
  assertMay(action, { ...proposal, versionCount: proposal._count.versions }, now);
  return proposal;
}

/** Throws the DomainError that says why the action is not allowed now. */
export function assertMay(
  action: ProposalAction,
  p: {
    status: ProposalStatusValue;
    intake: "ONLINE" | "PAPER";
    versionCount?: number;
    versions?: unknown[];
    call: { submissionDeadline: Date | null };
  },
  now: Date,
) {
  const facts = { status: p.status, intake: p.intake, versionCount: p.versionCount ?? p.versions?.length ?? 0 };
  if (canAct(action, facts, p.call.submissionDeadline, now)) return;
  if (p.intake === "PAPER") throw new DomainError("proposals:errors.paperReadOnly", {}, 409);
  if (!isOnTime(now, p.call.submissionDeadline)) throw new DomainError("proposals:errors.deadlinePassed", {}, 409);
  throw new DomainError(`proposals:errors.cannot.${action}`, {}, 409);
}

/**
 * Saves one section of a draft. Only the section's own fields that were
 * sent are written (a missing field is left as it is, rows are replaced only
 * when rows were sent); whatever else was posted (status, organization,
 * totals) is not read. Budget totals are recomputed here from the lines.
 */
export async function saveSection({ actor, now, ipAddress, proposalId, ...change }: Context & { proposalId: string } & AnySectionInput) {
  assertCan(actor, "edit:proposal:own");
  const sent = Object.entries(change.input).filter(([, value]) => value !== undefined);
  if (!sent.length) throw new DomainError("proposals:errors.nothingSent", {}, 400);
  return prisma.$transaction(async (tx) => {
    await lockRow(tx, "Proposal", proposalId);
    const proposal = await loadForChange(tx, actor, proposalId, "edit", now);
    switch (change.section) {
      case "summary":
      case "problem":
      case "objectives":
      case "team":
      case "target-group":
        await tx.proposal.update({ where: { id: proposalId }, data: change.input, select: { id: true } });
        break;
      case "work-plan":
        if (change.input.activities !== undefined) {
          await tx.proposal.update({ where: { id: proposalId }, data: { activities: change.input.activities }, select: { id: true } });
        }
        if (!change.input.milestones) break;
        await tx.proposalMilestone.deleteMany({ where: { proposalId } });
        if (change.input.milestones.length) {
          await tx.proposalMilestone.createMany({
            // Numbered from 1: the agreement, letter, tranches and reports show these numbers to people.
            data: change.input.milestones.map((m, index) => ({
              proposalId,
              position: index + 1,
              title: m.title,
              deliverables: m.deliverables,
              startsOn: startOfDay(m.startsOn),
              dueOn: startOfDay(m.dueOn),
            })),
          });
        }
        break;
      case "budget": {
        if (!change.input.lines) break;
        const totals = budgetTotals(change.input.lines);
        await tx.budgetLine.deleteMany({ where: { proposalId } });
        if (change.input.lines.length) {
          await tx.budgetLine.createMany({ data: change.input.lines.map((line, index) => ({ proposalId, position: index + 1, ...line })) });
        }
        await tx.proposal.update({
          where: { id: proposalId },
          data: { requestedTotal: totals.requested, cofinancingTotal: totals.cofinancing },
          select: { id: true },
        });
        break;
      }
      case "documents":
        await chooseVaultDocuments(tx, proposal, change.input.documents ?? {}, now);
        break;
    }
    // Saving marks the row as changed even when only child rows moved.
    await tx.proposal.update({ where: { id: proposalId }, data: { updatedAt: now }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "proposal.draft.saved",
      entityType: "Proposal",
      entityId: proposalId,
      after: { section: change.section },
      ipAddress,
      now,
    });
    return { id: proposalId };
  });
}

/** Links the chosen vault document for each required kind; an empty choice unlinks it. */
async function chooseVaultDocuments(
  tx: Tx,
  proposal: { id: string; organizationId: string; call: { requiredDocuments: unknown } },
  chosen: Partial<Record<DocumentKindValue, string>>,
  now: Date,
) {
  const required = requiredKindsOf(proposal.call.requiredDocuments, DOCUMENT_KINDS);
  for (const kind of required) {
    if (!(kind in chosen)) continue;
    const storedDocumentId = chosen[kind] ?? "";
    if (storedDocumentId) {
      const document = await tx.storedDocument.findFirst({
        where: {
          id: storedDocumentId,
          organizationId: proposal.organizationId,
          kind,
          archivedAt: null,
          OR: [{ validUntil: null }, { validUntil: { gt: now } }],
        },
        select: { id: true },
      });
      if (!document) throw new DomainError("proposals:errors.documentNotInVault", {}, 422);
    }
    await tx.proposalAttachment.deleteMany({ where: { proposalId: proposal.id, kind, storedDocumentId: { not: null } } });
    if (storedDocumentId)
      await tx.proposalAttachment.create({ data: { proposalId: proposal.id, kind, storedDocumentId }, select: { id: true } });
  }
}

/** At most 50 MB of documents a proposal, vault documents included. */
export const MAX_PROPOSAL_BYTES = 50 * 1024 * 1024;

/** Bytes of documents the proposal already carries, for the upload's limit. */
export async function documentBytesUsed({ actor, proposalId }: { actor: Actor; proposalId: string }) {
  const proposal = await prisma.proposal.findFirst({
    where: { id: proposalId, ...ownScope(actor) },
    select: {
      attachments: {
        select: { attachment: { select: { size: true } }, storedDocument: { select: { attachment: { select: { size: true } } } } },
      },
    },
  });
  if (!proposal) notFound();
  return proposal.attachments.reduce((sum, a) => sum + (a.attachment?.size ?? a.storedDocument?.attachment.size ?? 0), 0);
}

/**
 * Keeps a file uploaded for this proposal (a required kind, or another
 * document): the file, its Attachment row, the link and the audit event
 * commit together.
 */
export async function attachUploadedDocument({
  actor,
  now,
  ipAddress,
  proposalId,
  kind,
  file,
}: Context & { proposalId: string; kind: DocumentKindValue; file: ReceivedFile }) {
  assertCan(actor, "edit:proposal:own");
  return prisma.$transaction(async (tx) => {
    await lockRow(tx, "Proposal", proposalId);
    const proposal = await loadForChange(tx, actor, proposalId, "edit", now);
    const attachment = await saveAttachment(tx, { actor, file, organizationId: proposal.organizationId });
    const link = await tx.proposalAttachment.create({ data: { proposalId, kind, attachmentId: attachment.id }, select: { id: true } });
    await tx.proposal.update({ where: { id: proposalId }, data: { updatedAt: now }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "proposal.document.attached",
      entityType: "Proposal",
      entityId: proposalId,
      after: { kind, attachmentId: attachment.id, sha256: attachment.sha256, size: attachment.size },
      ipAddress,
      now,
    });
    return link;
  });
}

/** Unlinks one document (uploaded or from the vault) from the draft; the file itself stays. */
export async function removeDocument({ actor, now, ipAddress, proposalId, linkId }: Context & { proposalId: string; linkId: string }) {
  assertCan(actor, "edit:proposal:own");
  return prisma.$transaction(async (tx) => {
    await lockRow(tx, "Proposal", proposalId);
    await loadForChange(tx, actor, proposalId, "edit", now);
    const link = await tx.proposalAttachment.findFirst({
      where: { id: linkId, proposalId },
      select: { id: true, kind: true, attachmentId: true, storedDocumentId: true },
    });
    if (!link) notFound();
    await tx.proposalAttachment.delete({ where: { id: link.id } });
    await tx.proposal.update({ where: { id: proposalId }, data: { updatedAt: now }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "proposal.document.removed",
      entityType: "Proposal",
      entityId: proposalId,
      before: link,
      ipAddress,
      now,
    });
  });
}

/** Deletes a draft from which nothing was ever submitted, freeing its place under the call's limit. */
export async function discardDraft({ actor, now, ipAddress, proposalId }: Context & { proposalId: string }) {
  assertCan(actor, "edit:proposal:own");
  return prisma.$transaction(async (tx) => {
    await lockRow(tx, "Proposal", proposalId);
    const proposal = await loadForChange(tx, actor, proposalId, "discard", now);
    await tx.proposal.delete({ where: { id: proposalId } });
    await recordAudit(tx, {
      actor,
      action: "proposal.discarded",
      entityType: "Proposal",
      entityId: proposalId,
      before: { reference: proposal.reference },
      ipAddress,
      now,
    });
  });
}

/** For the form: whether a section has what a submission needs. */
export function problemsBySection(view: ProposalView): Record<string, string> {
  return Object.fromEntries(view.problems.map((p) => [p.section, p.code]));
}
