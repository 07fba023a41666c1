// Builders for the review and award tests: a call whose deadline has passed,
// with criteria and SUBMITTED proposals made directly through Prisma, a
// commission, declarations and scores; signed-in requests for the loaders.
import { randomBytes } from "node:crypto";
import { prisma } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { sessionCookie, sessionIdFor } from "~/utils/session.server";
import { actorOf, createNcoMember, createStaff, createUser } from "./factories";
import { addDays, DAY_MS, startOfDay } from "~/utils/time";

const unique = () => randomBytes(4).toString("hex").toUpperCase();

export type CriterionSpec = { maxScore: number; weight: number; nameRu?: string };

export const DEFAULT_CRITERIA: CriterionSpec[] = [
  { maxScore: 10, weight: 50, nameRu: "Актуальность" },
  { maxScore: 10, weight: 30, nameRu: "Потенциал организации" },
  { maxScore: 5, weight: 20, nameRu: "Обоснованность бюджета" },
];

export type ReviewCallOptions = {
  envelope?: bigint;
  minGrant?: bigint;
  maxGrant?: bigint;
  minScore?: number;
  appealDays?: number;
  standstillDays?: number;
  criteria?: CriterionSpec[];
  status?: "PUBLISHED" | "IN_REVIEW";
  municipalityId?: string;
};

/** A call closed by the clock (deadline yesterday), its appropriation and a programme officer of its municipality. */
export async function createReviewCall(options: ReviewCallOptions = {}) {
  const officer = await createStaff("PROGRAMME_OFFICER", options.municipalityId);
  const municipalityId = officer.municipalityId;
  await prisma.municipality.update({
    where: { id: municipalityId },
    data: {
      nameKy: "Каракол шаарынын мэриясы",
      nameRu: "Мэрия города Каракол",
      nameEn: "Karakol City Mayor's Office",
      address: "Каракол, Абдрахманова 130",
    },
  });
  const envelope = options.envelope ?? 1_000_000_00n;
  const programme = await prisma.budgetProgramme.create({
    data: { municipalityId, code: `P-${unique()}`, nameKy: "Программа", nameRu: "Программа", nameEn: "Programme" },
  });
  const appropriation = await prisma.appropriation.create({
    data: { programmeId: programme.id, fiscalYear: 2026, amount: envelope * 3n, allocated: envelope },
  });
  const call = await prisma.call.create({
    data: {
      municipalityId,
      appropriationId: appropriation.id,
      reference: `SZ-${unique()}`,
      status: options.status ?? "PUBLISHED",
      titleKy: "Балдар үчүн социалдык кызматтар",
      titleRu: "Социальные услуги для детей",
      titleEn: "Social services for children",
      envelope,
      minGrant: options.minGrant ?? 50_000_00n,
      maxGrant: options.maxGrant ?? 400_000_00n,
      minScore: options.minScore ?? 50,
      appealDays: options.appealDays ?? 5,
      standstillDays: options.standstillDays ?? 10,
      publishedAt: new Date(Date.now() - 30 * DAY_MS),
      submissionDeadline: new Date(Date.now() - DAY_MS),
      criteria: {
        create: (options.criteria ?? DEFAULT_CRITERIA).map((c, i) => ({
          position: i + 1,
          nameKy: `Критерий ${i + 1}`,
          nameRu: c.nameRu ?? `Критерий ${i + 1}`,
          nameEn: `Criterion ${i + 1}`,
          maxScore: c.maxScore,
          weight: c.weight,
        })),
      },
    },
    include: { criteria: { orderBy: { position: "asc" } } },
  });
  return { call, officer: officer.actor, municipalityId, appropriation };
}

/** An organization with an NCO administrator, whose notices go out in `preferredLocale`. */
export async function createApplicant(options: { preferredLocale?: "ky" | "ru" | "en"; nameRu?: string } = {}) {
  const nco = await createNcoMember("ADMIN");
  const organization = await prisma.organization.update({
    where: { id: nco.organization.id },
    data: {
      preferredLocale: options.preferredLocale ?? "ru",
      verification: "VERIFIED",
      ...(options.nameRu ? { nameRu: options.nameRu, nameKy: options.nameRu, nameEn: options.nameRu } : {}),
    },
  });
  return { ...nco, organization };
}

/** A SUBMITTED proposal of the organization to the call, with a work plan of `milestones` steps. */
export async function createSubmittedProposal(
  callId: string,
  options: {
    organizationId?: string;
    requested?: bigint;
    submittedAt?: Date;
    title?: string;
    milestones?: number;
    createdById?: string;
  } = {},
) {
  const applicant = options.organizationId ? null : await createApplicant();
  const organizationId = options.organizationId ?? applicant!.organization.id;
  const createdById = options.createdById ?? applicant?.user.id ?? (await createUser()).id;
  const requested = options.requested ?? 200_000_00n;
  const proposal = await prisma.proposal.create({
    data: {
      callId,
      organizationId,
      reference: `PR-${unique()}`,
      status: "SUBMITTED",
      language: "ru",
      title: options.title ?? `Проект ${unique()}`,
      summary: "Дневной центр для детей с инвалидностью.",
      problem: "В городе нет дневного центра.",
      targetGroup: "Дети 7–17 лет",
      beneficiaries: 120,
      objectives: "Ежедневная забота о 30 детях.",
      activities: "Открыть центр, обучить специалистов.",
      team: "Руководитель, два педагога, бухгалтер.",
      requestedTotal: requested,
      submittedAt: options.submittedAt ?? new Date(Date.now() - 2 * DAY_MS),
      createdById,
      milestones: {
        create: Array.from({ length: options.milestones ?? 2 }, (_, i) => ({
          position: i + 1,
          title: `Этап ${i + 1}`,
          startsOn: startOfDay(addDays("2026-06-01", 30 * i)),
          dueOn: startOfDay(addDays("2026-07-01", 30 * i)),
        })),
      },
      budgetLines: {
        create: [{ position: 1, category: "STAFF", description: "Зарплата", unit: "мес", quantity: 100, unitCost: requested, requested }],
      },
    },
  });
  return { proposal, applicant };
}

export type Seat = {
  membershipId: string;
  user: { id: string; email: string; fullName: string };
  actor: Actor;
  role: "CHAIR" | "MEMBER" | "OBSERVER";
};

/** A seat on the call's commission for a new user (a commission member in the actor's roles). */
export async function createSeat(callId: string, role: Seat["role"], appointedById: string, affiliations: string[] = []): Promise<Seat> {
  const user = await createUser({ fullName: `${role} ${unique()}` });
  const membership = await prisma.commissionMembership.create({ data: { callId, userId: user.id, role, affiliations, appointedById } });
  return { membershipId: membership.id, user, actor: actorOf(user, ["COMMISSION_MEMBER"]), role };
}

/** A chair and `members` members (three by default), plus optional observers. */
export async function createCommission(callId: string, appointedById: string, options: { members?: number; observers?: number } = {}) {
  const chair = await createSeat(callId, "CHAIR", appointedById);
  const members: Seat[] = [];
  for (let i = 0; i < (options.members ?? 3); i++) members.push(await createSeat(callId, "MEMBER", appointedById));
  const observers: Seat[] = [];
  for (let i = 0; i < (options.observers ?? 0); i++) observers.push(await createSeat(callId, "OBSERVER", appointedById));
  return { chair, members, observers, scorers: [chair, ...members] };
}

/** Declarations straight into the table: no conflict with every organization except those listed. */
export async function declareDirectly(membershipId: string, organizationIds: string[], conflictedWith: string[] = []) {
  for (const organizationId of organizationIds) {
    const hasConflict = conflictedWith.includes(organizationId);
    await prisma.conflictDeclaration.create({
      data: { membershipId, organizationId, hasConflict, reason: hasConflict ? "Член правления организации" : "" },
    });
  }
}

/** A submitted score sheet straight into the tables: `scores[i]` for the call's i-th criterion. */
export async function scoreDirectly(
  proposalId: string,
  membershipId: string,
  criteria: { id: string }[],
  scores: number[],
  submitted = true,
) {
  await prisma.scoreSheet.create({ data: { proposalId, membershipId, submittedAt: submitted ? new Date() : null } });
  for (const [i, criterion] of criteria.entries()) {
    await prisma.score.create({
      data: { proposalId, membershipId, criterionId: criterion.id, score: scores[i]!, comment: `Комментарий ${i + 1}` },
    });
  }
}

/** Marks proposals eligible without going through screening (for tests that start at scoring). */
export async function markEligible(proposalIds: string[], decidedById: string) {
  for (const proposalId of proposalIds) {
    await prisma.proposal.update({ where: { id: proposalId }, data: { status: "ELIGIBLE" } });
    await prisma.eligibilityDecision.create({ data: { proposalId, eligible: true, decidedById } });
  }
}

/** A GET or POST Request for a loader/action carrying the user's session cookie. */
export async function signedRequest(userId: string, url: string, init: { method?: string; form?: Record<string, string | string[]> } = {}) {
  const token = randomBytes(32).toString("base64url");
  await prisma.session.create({ data: { id: sessionIdFor(token), userId, expiresAt: new Date(Date.now() + DAY_MS) } });
  // A Cookie header carries only name=value, not the Set-Cookie attributes.
  const headers = new Headers({ Cookie: (await sessionCookie.serialize(token)).split(";")[0]! });
  let body: URLSearchParams | undefined;
  if (init.form) {
    body = new URLSearchParams();
    for (const [key, value] of Object.entries(init.form)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  return new Request(new URL(url, "http://localhost").toString(), { method: init.method ?? (body ? "POST" : "GET"), headers, body });
}

/**
 * A scored call: proposals with the given requests and per-scorer scores
 * (same for each scorer unless `spread`), every sheet submitted.
 */
export async function scoredCall(
  specs: { requested: bigint; scores: number[] }[],
  options: { envelope?: bigint; minScore?: number; standstillDays?: number } = {},
) {
  const setup = await createReviewCall({
    status: "IN_REVIEW",
    envelope: options.envelope ?? 500_000_00n,
    minScore: options.minScore ?? 50,
    standstillDays: options.standstillDays ?? 10,
  });
  const applicants = [];
  const proposals = [];
  for (const [i, spec] of specs.entries()) {
    const applicant = await createApplicant({ preferredLocale: i % 2 ? "ky" : "ru", nameRu: `Организация ${i + 1}` });
    applicants.push(applicant);
    proposals.push(
      (
        await createSubmittedProposal(setup.call.id, {
          organizationId: applicant.organization.id,
          requested: spec.requested,
          submittedAt: new Date(Date.now() - (20 - i) * DAY_MS),
        })
      ).proposal,
    );
  }
  await markEligible(
    proposals.map((p) => p.id),
    setup.officer.id,
  );
  const commission = await createCommission(setup.call.id, setup.officer.id);
  const organizations = proposals.map((p) => p.organizationId);
  for (const seat of commission.scorers) {
    await declareDirectly(seat.membershipId, organizations);
    for (const [i, p] of proposals.entries()) await scoreDirectly(p.id, seat.membershipId, setup.call.criteria, specs[i]!.scores);
  }
  return { ...setup, applicants, proposals, commission };
}
