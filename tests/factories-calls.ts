// Builders for budget and call tests: an appropriation, an officer of its
// municipality, and calls at each stage, driven through the domain functions.
import { randomBytes } from "node:crypto";
import { allocateEnvelope } from "~/domains/budgets/budgets.server";
import { somToTyiyn } from "~/domains/budgets/money";
import { instantToBishkekLocal, DAY_MS } from "~/utils/time";
import { CallDraftSchema, readCallForm, type CallFields } from "~/domains/calls/call-schemas";
import { createCall, publishCall } from "~/domains/calls/calls.server";
import { prisma } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { createMunicipality, createStaff } from "./factories";

const unique = () => randomBytes(4).toString("hex");

export async function createAppropriation(options: { municipalityId?: string; amountSom?: number; fiscalYear?: number } = {}) {
  const municipalityId = options.municipalityId ?? (await createMunicipality()).id;
  const programme = await prisma.budgetProgramme.create({
    data: { municipalityId, code: `SZ-${unique()}`, nameKy: "Социалдык заказ", nameRu: "Социальный заказ", nameEn: "Social order" },
  });
  return prisma.appropriation.create({
    data: { programmeId: programme.id, fiscalYear: options.fiscalYear ?? 2026, amount: somToTyiyn(options.amountSom ?? 400_000) },
    select: { id: true, amount: true, programmeId: true, programme: { select: { municipalityId: true, code: true } } },
  });
}

/** A programme officer and a finance officer of a municipality with one appropriation. */
export async function createBudgetSetting(options: { amountSom?: number } = {}) {
  const municipality = await createMunicipality();
  const appropriation = await createAppropriation({ municipalityId: municipality.id, amountSom: options.amountSom });
  const officer = await createStaff("PROGRAMME_OFFICER", municipality.id);
  const finance = await createStaff("FINANCE_OFFICER", municipality.id);
  return { municipalityId: municipality.id, appropriation, officer: officer.actor, finance: finance.actor };
}

/**
 * The call form as a browser posts it (strings, `criteria.N.field`), complete
 * enough to publish once the envelope is allocated. Dates are relative to `now`.
 */
export function completeCallForm(now = new Date(), overrides: Record<string, string | string[]> = {}): [string, string][] {
  const at = (days: number) => instantToBishkekLocal(new Date(now.getTime() + days * DAY_MS));
  const fields: Record<string, string | string[]> = {
    titleKy: "Эмгек мигранттарынын балдары",
    titleRu: "Дети трудовых мигрантов",
    titleEn: "Children of labour migrants",
    summaryKy: "Ата-энеси чет өлкөдө иштеген балдарга колдоо.",
    summaryRu: "Поддержка детей, чьи родители работают за рубежом.",
    summaryEn: "",
    problemKy: "Көптөгөн балдар ата-энесиз чоңоюшат.",
    problemRu: "Многие дети растут без родителей.",
    problemEn: "",
    targetGroupKy: "7–17 жаштагы балдар",
    targetGroupRu: "Дети 7–17 лет",
    targetGroupEn: "",
    eligibilityKy: "Караколдо катталган коммерциялык эмес уюмдар.",
    eligibilityRu: "НКО, зарегистрированные в Караколе.",
    eligibilityEn: "",
    legalForms: ["PUBLIC_UNION", "PUBLIC_FOUNDATION"],
    regions: ["ISSYK_KUL"],
    requiredDocuments: ["CHARTER", "REGISTRATION_CERTIFICATE"],
    minOrganizationAgeMonths: "12",
    minGrant: "50 000",
    maxGrant: "100 000",
    maxProposalsPerOrganization: "1",
    publishAt: "",
    clarificationDeadline: at(10),
    submissionDeadline: at(20),
    reviewStartsAt: at(21),
    reviewEndsAt: at(40),
    "criteria.0.nameKy": "Көйгөйдүн актуалдуулугу",
    "criteria.0.nameRu": "Актуальность",
    "criteria.0.maxScore": "10",
    "criteria.0.weight": "60",
    "criteria.1.nameKy": "Бюджеттин негиздүүлүгү",
    "criteria.1.nameRu": "Обоснованность бюджета",
    "criteria.1.maxScore": "10",
    "criteria.1.weight": "40",
    ...overrides,
  };
  return Object.entries(fields).flatMap(([key, value]) =>
    Array.isArray(value) ? value.map((v) => [key, v] as [string, string]) : [[key, value] as [string, string]],
  );
}

export function completeCallInput(now = new Date(), overrides: Record<string, string | string[]> = {}): CallFields {
  return CallDraftSchema.parse(readCallForm(completeCallForm(now, overrides)));
}

/** A ranked priority problem of the appropriation's municipality, funded by its programme (decision 0078). */
export async function createPriorityProblem(appropriationId: string, options: { title?: string; rank?: number; year?: number } = {}) {
  const appropriation = await prisma.appropriation.findUniqueOrThrow({
    where: { id: appropriationId },
    select: { fiscalYear: true, programmeId: true, programme: { select: { municipalityId: true } } },
  });
  return prisma.priorityProblem.create({
    data: {
      municipalityId: appropriation.programme.municipalityId,
      year: options.year ?? appropriation.fiscalYear,
      origin: "HEARING",
      title: options.title ?? `Дети без присмотра ${unique()}`,
      rank: options.rank ?? 1,
      reason: "Поднята на слушании",
      targetGroups: "Дети 7–17 лет",
      programmeId: appropriation.programmeId,
      prioritizedAt: new Date(),
    },
    select: { id: true, title: true, municipalityId: true },
  });
}

/** A draft that names a priority problem (a new one unless the overrides name one), so that it can be published. */
export async function createDraftCall(options: {
  actor: Actor;
  appropriationId: string;
  now?: Date;
  overrides?: Record<string, string | string[]>;
}) {
  const priorityProblemId = options.overrides?.priorityProblemId ?? (await createPriorityProblem(options.appropriationId)).id;
  return createCall({
    actor: options.actor,
    appropriationId: options.appropriationId,
    input: completeCallInput(options.now, { priorityProblemId, ...options.overrides }),
  });
}

/**
 * A published call. With `publishedDaysAgo` the whole timeline is shifted into
 * the past (published with an injected clock), e.g. 30 gives a call whose
 * deadline passed ten days ago.
 */
export async function createPublishedCall(options: {
  actor: Actor;
  appropriationId: string;
  envelopeSom?: number;
  publishedDaysAgo?: number;
  overrides?: Record<string, string | string[]>;
}) {
  const publishedAt = new Date(Date.now() - (options.publishedDaysAgo ?? 0) * DAY_MS);
  const call = await createDraftCall({
    actor: options.actor,
    appropriationId: options.appropriationId,
    now: publishedAt,
    overrides: options.overrides,
  });
  await allocateEnvelope({ actor: options.actor, callId: call.id, envelope: somToTyiyn(options.envelopeSom ?? 200_000), now: publishedAt });
  await publishCall({ actor: options.actor, callId: call.id, now: publishedAt });
  return call;
}
