// Submitting, resubmitting and withdrawing a proposal, and reading receipts.
// The request's arrival instant (`now`, taken by the route when the request
// came in) decides lateness, not the moment the transaction gets its turn.
import { z } from "zod";
import { assertEmailConfirmed } from "~/domains/accounts/email-confirmation.server";
import { assertMayApply } from "~/domains/calls/eligibility.server";
import { recordAudit } from "~/domains/audit/audit.server";
import { saveAttachment, type ReceivedFile } from "~/domains/files/files.server";
import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { applyingTo } from "~/domains/organizations/organizations.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";
import { isUniqueViolation, lockRow, municipalityCallScope, notFound, ownScope, readScope } from "./proposal-access.server";
import { isOnTime, receiptNumberFor, requiredKindsOf, submissionProblems } from "./proposal-rules";
import { DOCUMENT_KINDS } from "./proposal-schemas";
import { assertBudgetRules } from "./budget-rules-check.server";
import { assertAnswers } from "./proposal-answers.server";
import { joinAnswers } from "./proposal-answers";
import type { AppLocale } from "~/utils/i18n";
import { buildSnapshot, contentSha256, loadSnapshotSource, type PaperFacts, type SnapshotSource } from "./proposal-snapshot.server";
import { assertMay, loadForChange, newReference } from "./proposals.server";
import { inWriteBatch } from "./write-batch.server";

type Context = { actor: Actor; now: Date; ipAddress?: string };

export type ReceiptRef = {
  proposalId: string;
  number: number;
  receiptNumber: string;
  contentSha256: string;
  submittedAt: Date;
  repeated: boolean;
};

const versionRefSelect = { proposalId: true, number: true, receiptNumber: true, contentSha256: true, submittedAt: true } as const;

/**
 * The version an idempotency key already produced. A key that belongs to
 * another proposal is refused (422) without saying whose it is.
 */
async function earlierVersion(db: typeof prisma | Tx, idempotencyKey: string, proposalId: string | null): Promise<ReceiptRef | null> {
  const version = await db.proposalVersion.findUnique({ where: { idempotencyKey }, select: versionRefSelect });
  if (!version) return null;
  if (proposalId !== null && version.proposalId !== proposalId) throw new DomainError("proposals:errors.keyReused", {}, 422);
  return { ...version, repeated: true };
}

/** A refused late attempt is audited; the event commits although the submission does not happen. */
function lateAttemptEvent(
  actor: Actor,
  entity: { type: "Proposal" | "Call"; id: string },
  details: Record<string, unknown>,
  now: Date,
  ipAddress?: string,
) {
  return {
    actor,
    action: "proposal.submission.rejected",
    entityType: entity.type,
    entityId: entity.id,
    after: { reason: "deadline", arrivedAt: now.toISOString(), ...details },
    ipAddress,
    now,
  };
}

const LATE = Symbol("late");

/** Freezes the loaded proposal as version n+1 inside the caller's transaction and returns its receipt. */
async function writeVersion(
  tx: Tx,
  { actor, now, ipAddress }: Context,
  source: SnapshotSource,
  idempotencyKey: string,
  options: { paper?: PaperFacts; notify: { recipient: string; locale: Actor["locale"] }[] },
): Promise<ReceiptRef> {
  const proposalId = source.id;
  const content = buildSnapshot(source, options.paper);
  const sha = contentSha256(content);
  const number = (source.versions[0]?.number ?? 0) + 1;
  const receiptNumber = receiptNumberFor(source.reference, number);
  await tx.proposal.update({
    where: { id: proposalId },
    data: {
      status: "SUBMITTED",
      submittedAt: now,
      versions: {
        create: { number, content, contentSha256: sha, receiptNumber, idempotencyKey, submittedById: actor.id, submittedAt: now },
      },
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    actor,
    action: options.paper ? "proposal.paper.registered" : number === 1 ? "proposal.submitted" : "proposal.resubmitted",
    entityType: "Proposal",
    entityId: proposalId,
    after: { version: number, receiptNumber, contentSha256: sha, idempotencyKey, requestedTotal: source.requestedTotal },
    ipAddress,
    now,
  });
  // One notice per new version and recipient: the version's uniqueness already rules out a second.
  for (const { recipient, locale } of options.notify) {
    await enqueueNotification(tx, {
      channel: "EMAIL",
      recipient,
      template: "proposal.receipt",
      locale,
      payload: { receiptNumber, reference: source.reference, title: source.title, submittedAt: now.toISOString(), sha256: sha },
    });
  }
  return { proposalId, number, receiptNumber, contentSha256: sha, submittedAt: now, repeated: false };
}

/**
 * Submits (or resubmits) the actor's proposal. A retry with the same
 * idempotency key returns the first receipt, even after the deadline; a
 * first attempt at or after the deadline is refused and audited. Success is
 * committed (version, status, audit event, receipt notice) before returning.
 */
export async function submitProposal({
  actor,
  now,
  ipAddress,
  proposalId,
  idempotencyKey,
  locale = actor.locale,
}: Context & { proposalId: string; idempotencyKey: string; locale?: AppLocale }): Promise<ReceiptRef> {
  assertCan(actor, "submit:proposal:own");
  // Only a proven address submits (a receipt and every later notice go there).
  await assertEmailConfirmed({ userId: actor.id });
  let result: ReceiptRef | typeof LATE;
  try {
    // One transaction (shared with other submissions on SQLite, see write-batch.server.ts).
    result = await inWriteBatch(async (tx): Promise<ReceiptRef | typeof LATE> => {
      await lockRow(tx, "Proposal", proposalId);
      const source = await loadSnapshotSource(tx, proposalId, ownScope(actor));
      if (!source) notFound();
      // A retry returns the first receipt, even after the deadline; a concurrent one waited for the lock above.
      // (A key of another proposal is caught by the unique index when the version is written.)
      const earlier = source.versions.find((v) => v.idempotencyKey === idempotencyKey);
      if (earlier)
        return {
          proposalId,
          number: earlier.number,
          receiptNumber: earlier.receiptNumber,
          contentSha256: earlier.contentSha256,
          submittedAt: earlier.submittedAt,
          repeated: true,
        };
      if (!isOnTime(now, source.call.submissionDeadline)) {
        // Nothing of the submission was written in this transaction: only the refusal commits.
        await recordAudit(
          tx,
          lateAttemptEvent(
            actor,
            { type: "Proposal", id: proposalId },
            { deadline: source.call.submissionDeadline?.toISOString() ?? null, idempotencyKey },
            now,
            ipAddress,
          ),
        );
        return LATE;
      }
      assertMay("submit", source, now);
      const problems = submissionProblems(
        {
          ...source,
          milestoneCount: source.milestones.length,
          budgetLineCount: source.budgetLines.length,
          documentKinds: source.attachments.map((a) => a.kind),
        },
        { ...source.call, requiredDocuments: requiredKindsOf(source.call.requiredDocuments, DOCUMENT_KINDS) },
      );
      if (problems.length)
        throw new DomainError("proposals:errors.incomplete", { sections: problems.map((p) => p.section).join(",") }, 422);
      // The organization may have changed since the draft was started (decision 0074).
      await assertMayApply(tx, source.call, source.organizationId, now);
      await assertBudgetRules(source.call.budgetRules, source.budgetLines, locale);
      assertAnswers(joinAnswers(source.call.extraQuestions, source.answers), locale);
      return writeVersion(tx, { actor, now, ipAddress }, source, idempotencyKey, {
        notify: [{ recipient: actor.email, locale: actor.locale }],
      });
    });
  } catch (error) {
    // Two attempts with one key in two processes raced past the check: the unique index let one through.
    if (isUniqueViolation(error)) {
      const first = await earlierVersion(prisma, idempotencyKey, proposalId);
      if (first) return first;
    }
    throw error;
  }
  if (result === LATE) throw new DomainError("proposals:errors.late", {}, 409);
  return result;
}

/** Withdraws the submitted proposal before the deadline; its versions stay as history. */
export async function withdrawProposal({ actor, now, ipAddress, proposalId }: Context & { proposalId: string }) {
  assertCan(actor, "submit:proposal:own");
  return prisma.$transaction(async (tx) => {
    await lockRow(tx, "Proposal", proposalId);
    await loadForChange(tx, actor, proposalId, "withdraw", now);
    const latest = await tx.proposalVersion.findFirst({
      where: { proposalId },
      orderBy: { number: "desc" },
      select: { id: true, number: true },
    });
    if (latest) await tx.proposalVersion.update({ where: { id: latest.id }, data: { withdrawnAt: now }, select: { id: true } });
    await tx.proposal.update({ where: { id: proposalId }, data: { status: "WITHDRAWN" }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "proposal.withdrawn",
      entityType: "Proposal",
      entityId: proposalId,
      after: { version: latest?.number ?? null },
      ipAddress,
      now,
    });
  });
}

const PAPER_BUDGET_LINE = {
  ky: "Кагаз түрүндөгү табыштамага ылайык",
  ru: "Согласно бумажной заявке",
  en: "As in the paper proposal",
} as const;

export type PaperProposalInput = {
  callId: string;
  organizationId: string;
  language: Actor["locale"];
  title: string;
  summary: string;
  beneficiaries: number;
  requested: bigint;
  cofinancing: bigint;
  pages: number;
  idempotencyKey: string;
  /** Scans received by the files module; saved in the same transaction. */
  scans?: ReceivedFile[];
};

/**
 * A programme officer registers a proposal that arrived on paper: the
 * proposal (intake PAPER, entered by the officer), its budget as one line,
 * the scans, and its first version with a receipt, in one transaction. The
 * moment of entry decides lateness, as the moment of arrival does online.
 */
export async function registerPaperProposal({ actor, now, ipAddress, ...input }: Context & PaperProposalInput): Promise<ReceiptRef> {
  assertCan(actor, "register:paper-proposal:any");
  const earlier = await earlierVersion(prisma, input.idempotencyKey, null);
  if (earlier) {
    const owner = await prisma.proposal.findUnique({ where: { id: earlier.proposalId }, select: { enteredById: true } });
    if (owner?.enteredById !== actor.id) throw new DomainError("proposals:errors.keyReused", {}, 422);
    return earlier;
  }
  // Only into the officer's own municipality's calls: another's call is not found.
  const call = await prisma.call.findFirst({
    where: { id: input.callId, status: "PUBLISHED", ...municipalityCallScope(actor) },
    select: { id: true, submissionDeadline: true },
  });
  if (!call) notFound();
  if (!isOnTime(now, call.submissionDeadline)) {
    const details = { organizationId: input.organizationId, intake: "PAPER", idempotencyKey: input.idempotencyKey };
    await inWriteBatch((tx) => recordAudit(tx, lateAttemptEvent(actor, { type: "Call", id: call.id }, details, now, ipAddress)));
    throw new DomainError("proposals:errors.late", {}, 409);
  }
  try {
    return await inWriteBatch(async (tx) => {
      await lockRow(tx, "Organization", input.organizationId);
      const raced = await earlierVersion(tx, input.idempotencyKey, null);
      if (raced) return raced;
      const full = await tx.call.findUniqueOrThrow({
        where: { id: call.id },
        select: { reference: true, minGrant: true, maxGrant: true, maxProposalsPerOrganization: true },
      });
      const organization = await tx.organization.findUnique({
        where: { id: input.organizationId },
        select: { id: true, members: { where: { role: "ADMIN" }, select: { user: { select: { email: true, locale: true } } } } },
      });
      if (!organization) throw new DomainError("proposals:errors.organizationUnknown", {}, 422);
      const held = await tx.proposal.count({ where: { callId: call.id, organizationId: organization.id } });
      if (held >= full.maxProposalsPerOrganization)
        throw new DomainError("proposals:errors.limitReached", { limit: full.maxProposalsPerOrganization }, 409);
      if (input.requested < full.minGrant) throw new DomainError("proposals:errors.belowMinimum", {}, 422);
      if (full.maxGrant > 0n && input.requested > full.maxGrant) throw new DomainError("proposals:errors.aboveMaximum", {}, 422);
      const scans = [];
      for (const file of input.scans ?? []) scans.push(await saveAttachment(tx, { actor, file, organizationId: organization.id }));
      const proposal = await tx.proposal.create({
        data: {
          callId: call.id,
          organizationId: organization.id,
          reference: newReference(full.reference),
          intake: "PAPER",
          language: input.language,
          title: input.title,
          summary: input.summary,
          beneficiaries: input.beneficiaries,
          requestedTotal: input.requested,
          cofinancingTotal: input.cofinancing,
          createdById: actor.id,
          enteredById: actor.id,
          budgetLines: {
            create: {
              position: 1,
              category: "OTHER",
              description: PAPER_BUDGET_LINE[input.language],
              unit: "—",
              quantity: 100,
              unitCost: input.requested + input.cofinancing,
              requested: input.requested,
              cofinancing: input.cofinancing,
            },
          },
          attachments: { create: scans.map((scan) => ({ kind: "OTHER" as const, attachmentId: scan.id })) },
        },
        select: { id: true },
      });
      const source = await loadSnapshotSource(tx, proposal.id);
      if (!source) notFound();
      return writeVersion(tx, { actor, now, ipAddress }, source, input.idempotencyKey, {
        paper: { pages: input.pages, enteredBy: actor.label },
        notify: organization.members.map((m) => ({ recipient: m.user.email, locale: m.user.locale })),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const first = await earlierVersion(prisma, input.idempotencyKey, null);
      if (first) return first;
    }
    throw error;
  }
}

/** What the paper intake form offers: calls taking proposals now, and every registered organization. */
export async function paperIntakeOptions({ actor, now }: { actor: Actor; now: Date }) {
  assertCan(actor, "register:paper-proposal:any");
  const [calls, organizations] = await Promise.all([
    prisma.call.findMany({
      where: { status: "PUBLISHED", submissionDeadline: { gt: now }, ...municipalityCallScope(actor) },
      orderBy: { submissionDeadline: "asc" },
      select: {
        id: true,
        reference: true,
        titleKy: true,
        titleRu: true,
        titleEn: true,
        submissionDeadline: true,
        minGrant: true,
        maxGrant: true,
      },
    }),
    // The registry is national; only organizations applying to the officer's municipality are offered (decision 0048).
    prisma.organization.findMany({
      where: applyingTo(actor.municipalityId),
      orderBy: { nameRu: "asc" },
      select: { id: true, nameKy: true, nameRu: true, nameEn: true, tin: true },
    }),
  ]);
  return { calls, organizations };
}

/** Paper proposals of the officer's municipality's calls, newest first. */
export async function listPaperProposals({ actor, take = 20 }: { actor: Actor; take?: number }) {
  assertCan(actor, "register:paper-proposal:any");
  return prisma.proposal.findMany({
    where: { intake: "PAPER", call: municipalityCallScope(actor) },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      reference: true,
      title: true,
      createdAt: true,
      organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
      versions: { orderBy: { number: "desc" }, take: 1, select: { number: true, receiptNumber: true } },
    },
  });
}

/** One receipt as the actor may see it (the NCO's own, or staff who read any proposal); null otherwise. */
export async function getReceipt({ actor, proposalId, number }: { actor: Actor; proposalId: string; number: number }) {
  const version = await prisma.proposalVersion.findFirst({
    where: { proposalId, number, proposal: readScope(actor) },
    select: {
      number: true,
      receiptNumber: true,
      submittedAt: true,
      withdrawnAt: true,
      contentSha256: true,
      submittedById: true,
      content: true,
      proposal: {
        select: {
          id: true,
          reference: true,
          title: true,
          intake: true,
          enteredById: true,
          call: {
            select: {
              reference: true,
              titleKy: true,
              titleRu: true,
              titleEn: true,
              submissionDeadline: true,
              reviewStartsAt: true,
              reviewEndsAt: true,
            },
          },
          organization: { select: { nameKy: true, nameRu: true, nameEn: true, tin: true } },
          _count: { select: { versions: true } },
        },
      },
    },
  });
  if (!version) return null;
  const [submitter, notices] = await Promise.all([
    prisma.user.findUnique({ where: { id: version.submittedById }, select: { fullName: true } }),
    receiptNotices(version.receiptNumber, version.submittedAt),
  ]);
  const { content: stored, ...receipt } = version;
  const content = ReceiptContentSchema.parse(stored);
  return {
    ...receipt,
    submittedBy: submitter?.fullName ?? "",
    isLatest: version.number === version.proposal._count.versions,
    requestedTotal: BigInt(content.budget?.requestedTotal ?? "0"),
    cofinancingTotal: BigInt(content.budget?.cofinancingTotal ?? "0"),
    documents: (content.documents ?? []).map((d) => ({ kind: d.kind, title: d.title, sha256: d.sha256 })),
    paper: content.paper ?? null,
    notices,
    // The stored content re-hashed: a receipt whose content was altered afterwards would not match.
    verified: contentSha256(stored) === version.contentSha256,
  };
}

/**
 * What a receipt reads of a stored snapshot (buildSnapshot in
 * proposal-snapshot.server.ts writes it). Every part may be absent, as in a
 * snapshot that has no documents; the stored JSON itself is what is hashed.
 */
const ReceiptContentSchema = z.object({
  budget: z.object({ requestedTotal: z.string().optional(), cofinancingTotal: z.string().optional() }).optional(),
  documents: z.array(z.object({ kind: z.string(), title: z.string(), sha256: z.string().nullable() })).optional(),
  paper: z.object({ pages: z.number(), enteredBy: z.string() }).optional() satisfies z.ZodType<PaperFacts | undefined>,
});

/**
 * The receipt notices written with the version (same transaction, so at its
 * instant): to whom, and whether the gateway has delivered them yet.
 */
async function receiptNotices(receiptNumber: string, submittedAt: Date) {
  const rows = await prisma.notification.findMany({
    where: {
      template: "proposal.receipt",
      createdAt: { gte: new Date(submittedAt.getTime() - 5_000), lte: new Date(submittedAt.getTime() + 60_000) },
    },
    select: { recipient: true, status: true, payload: true },
    // A deadline rush writes a few thousand receipts a minute at most.
    take: 5_000,
  });
  return rows
    .filter(
      ({ payload }) =>
        typeof payload === "object" && payload !== null && "receiptNumber" in payload && payload.receiptNumber === receiptNumber,
    )
    .map((row) => ({ recipient: row.recipient, sent: row.status === "SENT" }));
}
export type Receipt = NonNullable<Awaited<ReturnType<typeof getReceipt>>>;
