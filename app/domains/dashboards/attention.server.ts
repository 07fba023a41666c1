import { feedbackAttention } from "~/domains/agreements/feedback.server";
import { grantsAttention } from "~/domains/monitoring/grants-attention.server";
import { applyingTo } from "~/domains/organizations/organizations.server";
import { prisma } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";

export type AttentionCard = {
  key: string;
  count?: number;
  params?: Record<string, string>;
  /** A trilingual name shown as {{name}} in the reader's language. */
  named?: { nameKy: string; nameRu: string; nameEn: string | null };
  to?: string;
};

/** What needs the person's attention, per role: counts from the live tables. */
export async function attentionFor(actor: Actor, now = new Date()): Promise<AttentionCard[]> {
  const cards: AttentionCard[] = [];
  const roles = new Set(actor.roles);
  if (roles.has("PROGRAMME_OFFICER")) {
    const municipalityId = actor.municipalityId ?? "";
    const [toVerify, drafts, open, questions] = await Promise.all([
      prisma.organization.count({ where: { verification: "PENDING", ...applyingTo(actor.municipalityId) } }),
      prisma.call.count({ where: { municipalityId, status: "DRAFT" } }),
      prisma.call.count({ where: { municipalityId, status: "PUBLISHED", publishAt: { lte: now }, submissionDeadline: { gt: now } } }),
      prisma.clarificationQuestion.count({ where: { answeredAt: null, call: { municipalityId } } }),
    ]);
    cards.push(
      { key: "organizationsToVerify", count: toVerify, to: "/officer/organizations" },
      { key: "draftCalls", count: drafts, to: "/officer/calls?status=DRAFT" },
      { key: "openCalls", count: open, to: "/officer/calls?status=PUBLISHED" },
      { key: "questionsToAnswer", count: questions, to: "/officer/calls" },
    );
  }
  if (roles.has("PROGRAMME_OFFICER") || roles.has("FINANCE_OFFICER")) {
    const appropriations = await prisma.appropriation.findMany({
      where: { programme: { municipalityId: actor.municipalityId ?? undefined } },
      orderBy: { fiscalYear: "desc" },
      take: 3,
      select: { fiscalYear: true, amount: true, allocated: true },
    });
    for (const a of appropriations) {
      cards.push({
        key: "appropriation",
        to: "/budgets",
        params: {
          year: String(a.fiscalYear),
          amount: a.amount.toString(),
          allocated: a.allocated.toString(),
          free: (a.amount - a.allocated).toString(),
        },
      });
    }
  }
  if (roles.has("ADMIN")) {
    const [users, events, pending] = await Promise.all([
      prisma.user.count({ where: { status: "ACTIVE" } }),
      prisma.auditEvent.count(),
      prisma.notification.count({ where: { status: "PENDING" } }),
    ]);
    cards.push(
      { key: "activeUsers", count: users, to: "/admin/users" },
      { key: "auditEvents", count: events, to: "/admin/audit" },
      { key: "pendingNotifications", count: pending },
    );
  }
  if (roles.has("COMMISSION_MEMBER")) {
    const seats = await prisma.commissionMembership.count({ where: { userId: actor.id } });
    cards.push({ key: "commissionSeats", count: seats, to: "/review" });
  }
  if (roles.has("NCO_ADMIN") || roles.has("NCO_MEMBER")) {
    const organizationIds = actor.organizations.map((o) => o.id);
    const [drafts, submitted] = await Promise.all([
      prisma.proposal.count({ where: { organizationId: { in: organizationIds }, status: "DRAFT" } }),
      prisma.proposal.count({ where: { organizationId: { in: organizationIds }, status: "SUBMITTED" } }),
    ]);
    const organizations = await prisma.organization.findMany({
      where: { id: { in: organizationIds } },
      select: { id: true, nameKy: true, nameRu: true, nameEn: true },
    });
    for (const { id, ...named } of organizations) cards.push({ key: "myOrganizations", named, to: `/organizations/${id}` });
    cards.push({ key: "myDrafts", count: drafts, to: "/proposals" }, { key: "mySubmitted", count: submitted, to: "/proposals" });
  }
  cards.push(...(await grantsAttention(actor, now)));
  cards.push(...(await feedbackAttention(actor)));
  if (actor.roles.length === 0) cards.push({ key: "noOrganization" });
  return cards;
}
