import { prisma } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { milestonesToReport, named, titled, type NextAction } from "./next-action-rules";

// An organization's next steps, in the order of the cycle: an offer to answer,
// a proposed grant in its appeal window, an agreement on its way, reports due,
// drafts to submit before their call closes. A new organization (no proposal
// yet) is walked through its first steps instead of an empty page.

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/**
 * A signed-in person with no organization and no staff role: registering one
 * (or being invited) is the page's call to action; meanwhile the open calls.
 */
export function firstStepsWithoutOrganization(openCalls: number, nextDeadline: Date | null): NextAction[] {
  return [{ key: "browseCalls", to: "/calls", due: iso(nextDeadline), params: { count: String(openCalls) } }];
}

async function openCallsSummary(now: Date) {
  const open = { status: "PUBLISHED" as const, publishAt: { lte: now }, submissionDeadline: { gt: now } };
  const [count, next] = await Promise.all([
    prisma.call.count({ where: open }),
    prisma.call.findFirst({ where: open, orderBy: { submissionDeadline: "asc" }, select: { submissionDeadline: true } }),
  ]);
  return { count, nextDeadline: next?.submissionDeadline ?? null };
}

export async function noOrganizationNextActions(now: Date): Promise<NextAction[]> {
  const { count, nextDeadline } = await openCallsSummary(now);
  return firstStepsWithoutOrganization(count, nextDeadline);
}

const AWARD_SELECT = {
  id: true,
  reference: true,
  status: true,
  amount: true,
  requestedAmount: true,
  organizationId: true,
  proposal: { select: { reference: true, title: true } },
  call: { select: { reference: true, status: true, standstillEndsAt: true, reviewEndsAt: true } },
  agreement: { select: { id: true, number: true, status: true } },
} as const;

export async function ncoNextActions(actor: Actor, now: Date): Promise<NextAction[]> {
  const organizationIds = actor.organizations.map((o) => o.id);
  if (organizationIds.length === 0) return [];
  const adminOf = new Set(actor.organizations.filter((o) => o.role === "ADMIN").map((o) => o.id));
  const mine = { organizationId: { in: organizationIds } };
  const [awards, notAwarded, milestones, drafts, organizations] = await Promise.all([
    prisma.award.findMany({
      where: {
        ...mine,
        OR: [
          { status: "REDUCED_OFFERED", call: { status: "IN_REVIEW" } },
          { status: "PROPOSED", call: { status: "DECIDED", standstillEndsAt: { gt: now } } },
          { status: "FINAL", OR: [{ agreement: null }, { agreement: { status: "DRAFT" } }] },
        ],
      },
      orderBy: { decidedAt: "asc" },
      select: AWARD_SELECT,
    }),
    prisma.proposal.findMany({
      where: {
        ...mine,
        status: "NOT_AWARDED",
        call: { status: "DECIDED", standstillEndsAt: { gt: now } },
        appeals: { none: { kind: "DECISION" } },
      },
      select: { id: true, reference: true, title: true, call: { select: { standstillEndsAt: true } } },
    }),
    prisma.grantMilestone.findMany({
      where: { status: { in: ["PENDING", "CHANGES_REQUESTED"] }, agreement: { status: "SIGNED", award: mine } },
      select: {
        id: true,
        agreementId: true,
        position: true,
        title: true,
        dueOn: true,
        status: true,
        agreement: { select: { number: true } },
      },
    }),
    prisma.proposal.findMany({
      where: { ...mine, status: "DRAFT", call: { status: "PUBLISHED", submissionDeadline: { gt: now } } },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        reference: true,
        title: true,
        call: { select: { reference: true, titleKy: true, titleRu: true, titleEn: true, submissionDeadline: true } },
      },
    }),
    prisma.organization.findMany({
      where: { id: { in: organizationIds } },
      select: {
        id: true,
        nameKy: true,
        nameRu: true,
        nameEn: true,
        verification: true,
        _count: { select: { proposals: true, documents: { where: { archivedAt: null } } } },
      },
    }),
  ]);

  const actions: NextAction[] = [];
  for (const award of awards) {
    const proposal = award.proposal.title || award.proposal.reference;
    if (award.status === "REDUCED_OFFERED") {
      actions.push({
        key: adminOf.has(award.organizationId) ? "answerReducedOffer" : "reducedOfferForAdmin",
        to: `/awards/${award.id}`,
        due: iso(award.call.reviewEndsAt),
        params: { proposal },
        money: { amount: award.amount.toString(), requested: award.requestedAmount.toString() },
      });
    } else if (award.status === "PROPOSED") {
      actions.push({
        key: "proposedGrant",
        to: `/awards/${award.id}`,
        due: iso(award.call.standstillEndsAt),
        params: { proposal },
        money: { amount: award.amount.toString() },
      });
    } else if (award.agreement) {
      actions.push({
        key: "draftAgreement",
        to: `/agreements/${award.agreement.id}`,
        due: null,
        params: { number: award.agreement.number, proposal },
      });
    } else {
      actions.push({
        key: "agreementBeingPrepared",
        to: `/awards/${award.id}`,
        due: null,
        params: { award: award.reference, proposal },
        money: { amount: award.amount.toString() },
      });
    }
  }
  for (const proposal of notAwarded) {
    actions.push({
      key: "notAwardedAppeal",
      to: `/proposals/${proposal.id}`,
      due: iso(proposal.call.standstillEndsAt),
      params: { proposal: proposal.title || proposal.reference },
    });
  }
  for (const m of milestonesToReport(milestones, now)) {
    actions.push({
      key: m.status === "CHANGES_REQUESTED" ? "correctReport" : m.dueOn < now ? "reportOverdue" : "reportDue",
      to: `/agreements/${m.agreementId}/milestones/${m.id}`,
      due: iso(m.dueOn),
      params: { milestone: m.title, agreement: m.agreement.number },
    });
  }
  for (const draft of drafts) {
    actions.push({
      key: "submitDraft",
      to: `/proposals/${draft.id}`,
      due: iso(draft.call.submissionDeadline),
      params: { proposal: draft.title || draft.reference, call: draft.call.reference },
      names: { callTitle: titled(draft.call) },
    });
  }
  const newcomers = organizations.filter((o) => o._count.proposals === 0);
  if (newcomers.length) actions.push(...(await firstSteps(newcomers, now)));
  return actions;
}

/** An organization that has not applied yet: verification, the document vault, an open call. */
async function firstSteps(
  organizations: { id: string; nameKy: string; nameRu: string; nameEn: string; verification: string; _count: { documents: number } }[],
  now: Date,
): Promise<NextAction[]> {
  const steps: NextAction[] = [];
  for (const organization of organizations) {
    const names = { organization: named(organization) };
    if (organization.verification === "PENDING")
      steps.push({ key: "awaitVerification", to: `/organizations/${organization.id}`, due: null, params: {}, names });
    if (organization.verification === "RETURNED")
      steps.push({ key: "correctOrganization", to: `/organizations/${organization.id}/edit`, due: null, params: {}, names });
    if (organization._count.documents === 0)
      steps.push({ key: "uploadDocuments", to: `/organizations/${organization.id}/documents`, due: null, params: {}, names });
  }
  const { count, nextDeadline } = await openCallsSummary(now);
  steps.push({ key: "startProposal", to: "/calls", due: iso(nextDeadline), params: { count: String(count) } });
  return steps;
}
