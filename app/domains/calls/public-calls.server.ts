import type { Prisma } from "~/generated/sqlite/client";
import { prisma } from "~/utils/db.server";
import { can, type Actor } from "~/utils/permissions";
import { publicCallWhere as publicWhere } from "./call-visibility";
import { listPublishedClarifications } from "./clarifications.server";

const listSelect = {
  id: true,
  reference: true,
  status: true,
  titleKy: true,
  titleRu: true,
  titleEn: true,
  summaryKy: true,
  summaryRu: true,
  summaryEn: true,
  envelope: true,
  minGrant: true,
  maxGrant: true,
  publishAt: true,
  submissionDeadline: true,
  municipality: { select: { slug: true, nameKy: true, nameRu: true, nameEn: true } },
} as const;

/** Narrows a public list to one municipality's calls (none given: every municipality's). */
const ofMunicipality = (municipalityId?: string): Prisma.CallWhereInput => (municipalityId ? { municipalityId } : {});

/** Published calls still taking proposals: closed by the clock at the deadline, not by a job. */
export async function listOpenCalls(now = new Date(), municipalityId?: string) {
  return prisma.call.findMany({
    where: { status: "PUBLISHED", publishAt: { lte: now }, submissionDeadline: { gt: now }, ...ofMunicipality(municipalityId) },
    orderBy: { submissionDeadline: "asc" },
    select: listSelect,
  });
}

export type PublicCallFilter = { status: "open" | "closed" | "all"; q: string };

// Text search runs in the application: SQLite's LIKE folds the case of Latin
// letters only, and the titles are Kyrgyz and Russian. A municipality
// publishes tens of calls a year, so the public list is small.
const SEARCH_LIMIT = 500;

/** The public list with its filters: open (deadline ahead), closed (deadline passed or later), or all. */
export async function listPublicCalls({ status, q }: PublicCallFilter, now = new Date(), municipalityId?: string) {
  const byStatus: Prisma.CallWhereInput =
    status === "open"
      ? { status: "PUBLISHED", submissionDeadline: { gt: now } }
      : status === "closed"
        ? { OR: [{ status: "PUBLISHED", submissionDeadline: { lte: now } }, { status: { in: ["IN_REVIEW", "DECIDED", "COMPLETED"] } }] }
        : {};
  const calls = await prisma.call.findMany({
    where: { AND: [publicWhere(now), byStatus, ofMunicipality(municipalityId)] },
    orderBy: { submissionDeadline: status === "open" ? "asc" : "desc" },
    take: SEARCH_LIMIT,
    select: listSelect,
  });
  const needle = normalize(q);
  if (!needle) return calls;
  return calls.filter((call) =>
    [call.reference, call.titleKy, call.titleRu, call.titleEn, call.summaryKy, call.summaryRu, call.summaryEn].some((text) =>
      normalize(text).includes(needle),
    ),
  );
}

function normalize(text: string) {
  return text.toLocaleLowerCase("ru").replace(/ё/g, "е").replace(/\s+/g, " ").trim();
}

/** The call, if the actor may see it: public, or a preview for an officer of its municipality. */
function visibleTo(callId: string, actor: Actor | null, now: Date): Prisma.CallWhereInput {
  const preview = can(actor, "manage:call:any") ? { municipalityId: actor?.municipalityId ?? "" } : null;
  return { id: callId, ...(preview ? { OR: [publicWhere(now), preview] } : publicWhere(now)) };
}

/** A call document's stored file, for whoever may see the call; null otherwise (404). */
export async function getVisibleCallDocumentFile({
  callId,
  documentId,
  actor,
  now = new Date(),
}: {
  callId: string;
  documentId: string;
  actor: Actor | null;
  now?: Date;
}) {
  const document = await prisma.callDocument.findFirst({
    where: { id: documentId, call: visibleTo(callId, actor, now) },
    select: { attachment: { select: { storageKey: true, originalName: true, mediaType: true, size: true, sha256: true } } },
  });
  return document?.attachment ?? null;
}

/**
 * One call as the public page shows it, with its published answers. A
 * programme officer of the call's municipality may also preview a draft or a
 * scheduled call; anyone else gets null (404).
 */
export async function getPublicCall({ callId, actor, now = new Date() }: { callId: string; actor: Actor | null; now?: Date }) {
  const call = await prisma.call.findFirst({
    where: visibleTo(callId, actor, now),
    select: {
      ...listSelect,
      problemKy: true,
      problemRu: true,
      problemEn: true,
      targetGroupKy: true,
      targetGroupRu: true,
      targetGroupEn: true,
      eligibilityKy: true,
      eligibilityRu: true,
      eligibilityEn: true,
      eligibleLegalForms: true,
      eligibleRegions: true,
      minOrganizationAgeMonths: true,
      requiredDocuments: true,
      eligibilityEnforcement: true,
      budgetRules: true,
      maxProposalsPerOrganization: true,
      clarificationDeadline: true,
      reviewStartsAt: true,
      reviewEndsAt: true,
      publishedAt: true,
      cancelledReason: true,
      municipality: { select: { nameKy: true, nameRu: true, nameEn: true } },
      criteria: {
        orderBy: { position: "asc" },
        select: {
          position: true,
          nameKy: true,
          nameRu: true,
          nameEn: true,
          descriptionKy: true,
          descriptionRu: true,
          descriptionEn: true,
          maxScore: true,
          weight: true,
        },
      },
      amendments: {
        orderBy: { createdAt: "asc" },
        select: { id: true, reason: true, changes: true, deadlineBefore: true, deadlineAfter: true, createdAt: true },
      },
      documents: {
        orderBy: { createdAt: "asc" },
        select: { id: true, titleKy: true, titleRu: true, titleEn: true, attachment: { select: { originalName: true, size: true } } },
      },
    },
  });
  if (!call) return null;
  const clarifications = await listPublishedClarifications(call.id);
  return { ...call, clarifications };
}
