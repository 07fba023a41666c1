import { NEEDS_ACTION_STATUSES } from "~/domains/disbursements/reconciliation-rules";
import { prisma } from "~/utils/db.server";
import { can, type Actor } from "~/utils/permissions";
import { named, titled, type NextAction } from "./next-action-rules";

// The programme and finance officers' next steps, one per object of their own
// municipality, each naming the budget programme it is paid from and linking
// to the page where the step is taken. The counts on the attention cards give
// the totals; these lists show the first few of each kind.

const TAKE = 8;
const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const PROGRAMME = {
  appropriation: { select: { programme: { select: { code: true, nameKy: true, nameRu: true, nameEn: true } } } },
} as const;
const CALL = { id: true, reference: true, titleKy: true, titleRu: true, titleEn: true, ...PROGRAMME } as const;
const AWARD = {
  select: {
    reference: true,
    organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
    call: { select: { reference: true, ...PROGRAMME } },
  },
} as const;

type CallLine = ProgrammeHolder & { reference: string; titleKy: string; titleRu: string; titleEn: string };
type ProgrammeHolder = { appropriation: { programme: { code: string; nameKy: string; nameRu: string; nameEn: string } } };
const programmeOf = (call: ProgrammeHolder) => call.appropriation.programme;

export async function officerNextActions(actor: Actor, now: Date): Promise<NextAction[]> {
  if (!can(actor, "manage:call:any") || !actor.municipalityId) return [];
  const inMunicipality = { municipalityId: actor.municipalityId };
  const ofAward = { award: { call: inMunicipality } };
  const [drafts, questions, toScreen, withoutChair, awaitingAgreement, unsignedAgreements, reports, changes] = await Promise.all([
    prisma.call.findMany({
      where: { ...inMunicipality, status: "DRAFT" },
      orderBy: { createdAt: "asc" },
      take: TAKE,
      select: { ...CALL, publishAt: true },
    }),
    prisma.call.findMany({
      where: { ...inMunicipality, questions: { some: { answeredAt: null } } },
      take: TAKE,
      select: { ...CALL, clarificationDeadline: true, _count: { select: { questions: { where: { answeredAt: null } } } } },
    }),
    prisma.call.findMany({
      where: {
        ...inMunicipality,
        status: { in: ["PUBLISHED", "IN_REVIEW"] },
        submissionDeadline: { lte: now },
        proposals: { some: { status: "SUBMITTED" } },
      },
      take: TAKE,
      select: { ...CALL, reviewStartsAt: true, _count: { select: { proposals: { where: { status: "SUBMITTED" } } } } },
    }),
    prisma.call.findMany({
      where: {
        ...inMunicipality,
        status: { in: ["PUBLISHED", "IN_REVIEW"] },
        submissionDeadline: { lte: now },
        commission: { none: { role: "CHAIR" } },
      },
      take: TAKE,
      select: { ...CALL, reviewStartsAt: true },
    }),
    prisma.award.findMany({
      where: { status: "FINAL", agreement: null, call: inMunicipality },
      orderBy: { finalizedAt: "asc" },
      take: TAKE,
      select: { id: true, ...AWARD.select },
    }),
    prisma.agreement.findMany({
      where: { status: "DRAFT", ...ofAward },
      orderBy: { createdAt: "asc" },
      take: TAKE,
      select: { id: true, number: true, award: AWARD },
    }),
    prisma.grantMilestone.findMany({
      where: { status: "REPORTED", agreement: ofAward },
      orderBy: { dueOn: "asc" },
      take: TAKE,
      select: { id: true, agreementId: true, title: true, dueOn: true, agreement: { select: { number: true, award: AWARD } } },
    }),
    prisma.changeRequest.findMany({
      where: { status: "PENDING", agreement: ofAward },
      orderBy: { createdAt: "asc" },
      take: TAKE,
      select: { id: true, agreementId: true, agreement: { select: { number: true, award: AWARD } } },
    }),
  ]);
  const callAction = (key: string, call: CallLine, to: string, due: Date | null, params: Record<string, string> = {}): NextAction => ({
    key,
    to,
    due: iso(due),
    params: { call: call.reference, ...params },
    names: { callTitle: titled(call) },
    programme: programmeOf(call),
  });
  const awardNames = (award: { organization: { nameKy: string; nameRu: string; nameEn: string } }) => ({
    organization: named(award.organization),
  });
  return [
    ...toScreen.map((c) =>
      callAction("screenProposals", c, `/officer/calls/${c.id}/screening`, c.reviewStartsAt, { count: String(c._count.proposals) }),
    ),
    ...withoutChair.map((c) => callAction("appointCommission", c, `/officer/calls/${c.id}/commission`, c.reviewStartsAt)),
    ...questions.map((c) =>
      callAction("answerQuestions", c, `/officer/calls/${c.id}#questions`, c.clarificationDeadline, { count: String(c._count.questions) }),
    ),
    ...drafts.map((c) => callAction("finishDraftCall", c, `/officer/calls/${c.id}`, c.publishAt)),
    ...reports.map((m) => ({
      key: "reviewReport",
      to: `/agreements/${m.agreementId}/milestones/${m.id}`,
      due: null,
      params: { milestone: m.title, agreement: m.agreement.number },
      names: awardNames(m.agreement.award),
      programme: programmeOf(m.agreement.award.call),
    })),
    ...changes.map((c) => ({
      key: "decideChange",
      to: `/agreements/${c.agreementId}`,
      due: null,
      params: { agreement: c.agreement.number },
      names: awardNames(c.agreement.award),
      programme: programmeOf(c.agreement.award.call),
    })),
    ...awaitingAgreement.map((a) => ({
      key: "prepareAgreement",
      to: `/agreements/new/${a.id}`,
      due: null,
      params: { award: a.reference },
      names: awardNames(a),
      programme: programmeOf(a.call),
    })),
    ...unsignedAgreements.map((a) => ({
      key: "recordSigning",
      to: `/agreements/${a.id}`,
      due: null,
      params: { agreement: a.number },
      names: awardNames(a.award),
      programme: programmeOf(a.award.call),
    })),
  ];
}

/**
 * Bank statements carry no municipality: a statement belongs to the
 * municipality whose finance staff uploaded it.
 */
async function uploadersOf(municipalityId: string) {
  const staff = await prisma.roleAssignment.findMany({ where: { municipalityId }, select: { userId: true } });
  return [...new Set(staff.map((s) => s.userId))];
}

export async function financeNextActions(actor: Actor): Promise<NextAction[]> {
  if (!can(actor, "create:payment:any") || !actor.municipalityId) return [];
  const inMunicipality = { call: { municipalityId: actor.municipalityId } };
  const [tranches, statements] = await Promise.all([
    prisma.tranche.findMany({
      where: { status: "PAYABLE", agreement: { status: "SIGNED", award: inMunicipality } },
      orderBy: { milestone: { acceptedAt: "asc" } },
      take: TAKE,
      select: {
        id: true,
        position: true,
        amount: true,
        milestone: { select: { acceptedAt: true } },
        agreement: { select: { number: true, award: AWARD } },
      },
    }),
    can(actor, "reconcile:statement:any")
      ? prisma.bankStatement.findMany({
          where: {
            uploadedById: { in: await uploadersOf(actor.municipalityId) },
            lines: { some: { match: { status: { in: [...NEEDS_ACTION_STATUSES] } } } },
          },
          orderBy: { uploadedAt: "asc" },
          take: TAKE,
          select: {
            id: true,
            fileName: true,
            _count: { select: { lines: { where: { match: { status: { in: [...NEEDS_ACTION_STATUSES] } } } } } },
          },
        })
      : Promise.resolve([]),
  ]);
  return [
    ...tranches.map((t) => ({
      key: "issuePayment",
      // The payments page is where an order for a tranche is created.
      to: "/finance/payments",
      due: null,
      params: { position: String(t.position), agreement: t.agreement.number },
      money: { amount: t.amount.toString() },
      names: { organization: named(t.agreement.award.organization) },
      programme: programmeOf(t.agreement.award.call),
    })),
    ...statements.map((s) => ({
      key: "reconcileStatement",
      to: `/finance/statements/${s.id}`,
      due: null,
      params: { file: s.fileName, count: String(s._count.lines) },
    })),
  ];
}
