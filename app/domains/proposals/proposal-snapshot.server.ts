// The content of a proposal as it is frozen into a ProposalVersion: what the
// receipt's SHA-256 covers. Times of submission live on the version row, not
// in here, so an unchanged proposal hashes the same and "changed since the
// last submission" is a comparison of hashes.
import { eligibilityTermsSelect } from "~/domains/calls/eligibility.server";
import type { Prisma } from "~/generated/sqlite/client";
import { createHash } from "node:crypto";
import type { Db, Tx } from "~/utils/db.server";
import { calendarDateOf } from "~/utils/time";
import { canonicalJson } from "./proposal-rules";
import { questionSelect } from "~/domains/calls/call-questions";
import { answerSelect, answersSnapshot, joinAnswers } from "./proposal-answers";

export const snapshotSelect = {
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
  organizationId: true,
  enteredById: true,
  call: {
    select: {
      id: true,
      reference: true,
      status: true,
      submissionDeadline: true,
      minGrant: true,
      maxGrant: true,
      ...eligibilityTermsSelect,
      requiredDocuments: true,
      budgetRules: true,
      extraQuestions: { select: questionSelect },
    },
  },
  answers: { select: answerSelect },
  organization: { select: { id: true, nameKy: true, nameRu: true, tin: true, registrationNumber: true } },
  // Every version's key, newest first: the retry check and the next number come with the snapshot.
  versions: {
    orderBy: { number: "desc" },
    select: { proposalId: true, number: true, idempotencyKey: true, receiptNumber: true, contentSha256: true, submittedAt: true },
  },
  milestones: { orderBy: { position: "asc" }, select: { position: true, title: true, deliverables: true, startsOn: true, dueOn: true } },
  budgetLines: {
    orderBy: { position: "asc" },
    select: {
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
      kind: true,
      attachment: { select: { id: true, originalName: true, mediaType: true, size: true, sha256: true } },
      storedDocument: {
        select: {
          id: true,
          title: true,
          attachment: { select: { id: true, originalName: true, mediaType: true, size: true, sha256: true } },
        },
      },
    },
  },
} satisfies Prisma.ProposalSelect;

export type SnapshotSource = NonNullable<Awaited<ReturnType<typeof loadSnapshotSource>>>;

/** The proposal with everything a snapshot holds; `scope` limits it to the actor's reach (null otherwise). */
export function loadSnapshotSource(db: Db | Tx, proposalId: string, scope: Prisma.ProposalWhereInput = {}) {
  return db.proposal.findFirst({ where: { id: proposalId, ...scope }, select: snapshotSelect });
}

/** Extra facts of a paper proposal, recorded by the officer who entered it. */
export type PaperFacts = { pages: number; enteredBy: string };

export function buildSnapshot(p: SnapshotSource, paper?: PaperFacts) {
  const answers = answersSnapshot(joinAnswers(p.call.extraQuestions, p.answers));
  return {
    format: 1,
    call: { id: p.call.id, reference: p.call.reference },
    organization: p.organization,
    proposal: {
      reference: p.reference,
      intake: p.intake,
      language: p.language,
      title: p.title,
      summary: p.summary,
      problem: p.problem,
      targetGroup: p.targetGroup,
      beneficiaries: p.beneficiaries,
      objectives: p.objectives,
      activities: p.activities,
      team: p.team,
    },
    workPlan: p.milestones.map((m) => ({ ...m, startsOn: calendarDateOf(m.startsOn), dueOn: calendarDateOf(m.dueOn) })),
    budget: {
      lines: p.budgetLines.map((l) => ({
        ...l,
        unitCost: l.unitCost.toString(),
        requested: l.requested.toString(),
        cofinancing: l.cofinancing.toString(),
      })),
      requestedTotal: p.requestedTotal.toString(),
      cofinancingTotal: p.cofinancingTotal.toString(),
    },
    documents: p.attachments
      .map((a) => {
        const file = a.attachment ?? a.storedDocument?.attachment ?? null;
        return {
          kind: a.kind,
          source: a.storedDocument ? "vault" : "upload",
          title: a.storedDocument?.title ?? file?.originalName ?? "",
          attachmentId: file?.id ?? null,
          originalName: file?.originalName ?? null,
          mediaType: file?.mediaType ?? null,
          size: file?.size ?? null,
          sha256: file?.sha256 ?? null,
        };
      })
      .sort((a, b) => (a.kind + (a.attachmentId ?? "")).localeCompare(b.kind + (b.attachmentId ?? ""))),
    // Only a call with questions adds the key: a snapshot without answers is byte for byte what it was before (decision 0077).
    ...(answers.length ? { answers } : {}),
    ...(paper ? { paper } : {}),
  };
}

export type Snapshot = ReturnType<typeof buildSnapshot>;

export function sha256Hex(text: string) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The receipt's hash of a snapshot (or of the stored JSON read back: same text). */
export function contentSha256(content: unknown) {
  return sha256Hex(canonicalJson(content));
}
