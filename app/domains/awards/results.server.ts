import { evaluateCall } from "~/domains/reviews/ranking.server";
import { meetsThreshold } from "~/domains/reviews/review-rules";
import { prisma } from "~/utils/db.server";
import { notFound } from "~/domains/reviews/access.server";

// What anyone may see once a decision is published: the ranking with
// scores and amounts. Before publication there is nothing public to show.

const PUBLIC = ["DECIDED", "COMPLETED"] as const;

/** Published decisions, newest first; one municipality's when `municipalityId` is given. */
export async function listPublishedResults(municipalityId?: string) {
  return prisma.call.findMany({
    where: { status: { in: [...PUBLIC] }, ...(municipalityId ? { municipalityId } : {}) },
    orderBy: { decisionPublishedAt: "desc" },
    select: {
      id: true,
      reference: true,
      titleKy: true,
      titleRu: true,
      titleEn: true,
      decisionPublishedAt: true,
      standstillEndsAt: true,
      envelope: true,
      committed: true,
      municipality: { select: { nameKy: true, nameRu: true, nameEn: true } },
    },
  });
}

export async function getPublicResults({ callId, now = new Date() }: { callId: string; now?: Date }) {
  const call = await prisma.call.findFirst({
    where: { id: callId, status: { in: [...PUBLIC] } },
    select: {
      id: true,
      reference: true,
      status: true,
      titleKy: true,
      titleRu: true,
      titleEn: true,
      envelope: true,
      committed: true,
      minScore: true,
      decisionPublishedAt: true,
      standstillEndsAt: true,
      municipality: { select: { nameKy: true, nameRu: true, nameEn: true } },
    },
  });
  if (!call) throw notFound();
  const [evaluation, proposals, awards, counts] = await Promise.all([
    evaluateCall(callId),
    prisma.proposal.findMany({
      where: { callId, status: { in: ["AWARDED", "NOT_AWARDED"] } },
      select: { id: true, title: true, organization: { select: { nameKy: true, nameRu: true, nameEn: true } } },
    }),
    prisma.award.findMany({ where: { callId }, select: { proposalId: true, reference: true, status: true, amount: true } }),
    prisma.proposal.groupBy({ by: ["status"], where: { callId, status: { notIn: ["DRAFT", "WITHDRAWN"] } }, _count: { _all: true } }),
  ]);
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const rows = evaluation.ranked
    .filter((r) => byId.has(r.proposalId))
    .map((r) => {
      const award = awards.find((a) => a.proposalId === r.proposalId && ["PROPOSED", "FINAL", "CLOSED"].includes(a.status));
      return {
        rank: r.rank,
        reference: r.reference,
        title: byId.get(r.proposalId)!.title,
        organization: byId.get(r.proposalId)!.organization,
        finalScore: r.finalScore,
        requested: r.requested,
        amount: award?.amount ?? null,
        awardStatus: award?.status ?? null,
        belowThreshold: !meetsThreshold(r.finalScore, call.minScore),
      };
    });
  const count = (status: string) => counts.find((c) => c.status === status)?._count._all ?? 0;
  return {
    call,
    rows,
    final: call.standstillEndsAt !== null && call.standstillEndsAt <= now,
    received: counts.reduce((sum, c) => sum + c._count._all, 0),
    ineligible: count("INELIGIBLE"),
    awarded: rows.filter((r) => r.amount !== null).reduce((sum, r) => sum + r.amount!, 0n),
  };
}
