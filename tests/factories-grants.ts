// Builders for the grants cycle: a FINAL award with its call, appropriation,
// organization and proposal (work plan and budget), made directly through
// Prisma so these tests do not depend on the calls/proposals/awards modules.
import { randomBytes } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { createAgreement, signAgreement } from "~/domains/agreements/agreements.server";
import { commitAward } from "~/domains/awards/standstill.server";
import { reviewMilestone, submitMilestoneReport } from "~/domains/monitoring/monitoring.server";
import { createNcoMember, createStaff, createUser } from "./factories";
import { DAY_MS, startOfDay } from "~/utils/time";

const unique = () => randomBytes(4).toString("hex");

export type AwardSetup = Awaited<ReturnType<typeof createFinalAward>>;

/**
 * A FINAL award of `amount` tyiyn with `milestones` work-plan milestones (due
 * 30, 60, 90 … days from `start`) and `budgetLines` budget lines sharing the amount.
 */
export async function createFinalAward(
  options: {
    amount?: bigint;
    milestones?: number;
    budgetLines?: number;
    start?: Date;
    appropriationAmount?: bigint;
    /**
     * An existing call (with its envelope allocated through the budgets domain) and its municipality's
     * staff: the award is made PROPOSED and committed by `commitAward`, so the ledger and the running
     * totals move together (the finance dashboard's ledger test). Without it, a fresh programme,
     * appropriation and call are written directly.
     */
    on?: { callId: string; officer: Awaited<ReturnType<typeof createStaff>>; finance: Awaited<ReturnType<typeof createStaff>> };
  } = {},
) {
  if (options.on) return awardOnCall({ ...options, on: options.on });
  const amount = options.amount ?? 100_000_00n;
  const officer = await createStaff("PROGRAMME_OFFICER");
  const finance = await createStaff("FINANCE_OFFICER", officer.municipalityId);
  const programme = await prisma.budgetProgramme.create({
    data: { municipalityId: officer.municipalityId, code: `P-${unique()}`, nameKy: "Программа", nameRu: "Программа", nameEn: "Programme" },
  });
  const appropriation = await prisma.appropriation.create({
    data: {
      programmeId: programme.id,
      fiscalYear: 2026,
      amount: options.appropriationAmount ?? amount * 4n,
      allocated: amount * 2n,
      committed: amount,
    },
  });
  const call = await prisma.call.create({
    data: {
      municipalityId: officer.municipalityId,
      appropriationId: appropriation.id,
      reference: `CALL-${unique()}`,
      status: "DECIDED",
      titleKy: "Конкурс",
      titleRu: "Конкурс",
      titleEn: "Call",
      envelope: amount * 2n,
      committed: amount,
    },
  });
  const { proposal, award, nco } = await proposalAndAward(call.id, options, "FINAL");
  return { award, call, appropriation, programme, proposal, officer, finance, nco };
}

async function awardOnCall(
  options: Parameters<typeof createFinalAward>[0] & { on: NonNullable<NonNullable<Parameters<typeof createFinalAward>[0]>["on"]> },
) {
  const call = await prisma.call.findUniqueOrThrow({ where: { id: options.on.callId } });
  const appropriation = await prisma.appropriation.findUniqueOrThrow({ where: { id: call.appropriationId } });
  const programme = await prisma.budgetProgramme.findUniqueOrThrow({ where: { id: appropriation.programmeId } });
  const { proposal, award: proposed, nco } = await proposalAndAward(call.id, options, "PROPOSED");
  if (!(await commitAward({ awardId: proposed.id, actor: options.on.officer.actor })))
    throw new Error(`award ${proposed.id} was not committed`);
  const award = await prisma.award.findUniqueOrThrow({ where: { id: proposed.id } });
  return { award, call, appropriation, programme, proposal, officer: options.on.officer, finance: options.on.finance, nco };
}

async function proposalAndAward(
  callId: string,
  options: { amount?: bigint; milestones?: number; budgetLines?: number; start?: Date },
  status: "FINAL" | "PROPOSED",
) {
  const amount = options.amount ?? 100_000_00n;
  const milestoneCount = options.milestones ?? 3;
  const lineCount = options.budgetLines ?? 2;
  const start = options.start ?? startOfDay("2026-03-01");
  const nco = await createNcoMember("ADMIN");
  const proposal = await prisma.proposal.create({
    data: {
      callId,
      organizationId: nco.organization.id,
      reference: `PR-${unique()}`,
      status: "AWARDED",
      language: "ru",
      title: "Проект поддержки молодёжи",
      summary: "Кружки для подростков",
      beneficiaries: 120,
      requestedTotal: amount,
      createdById: nco.user.id,
      milestones: {
        create: Array.from({ length: milestoneCount }, (_, i) => ({
          position: i + 1,
          title: `Этап ${i + 1}`,
          deliverables: `Результат этапа ${i + 1}`,
          startsOn: new Date(start.getTime() + i * 30 * DAY_MS),
          dueOn: new Date(start.getTime() + (i + 1) * 30 * DAY_MS),
        })),
      },
      budgetLines: {
        create: splitEvenly(amount, lineCount).map((requested, i) => ({
          position: i + 1,
          category: i === 0 ? "Оплата труда" : `Статья ${i + 1}`,
          description: `Статья расходов ${i + 1}`,
          unit: "мес.",
          quantity: 100,
          unitCost: requested,
          requested,
        })),
      },
    },
  });
  const award = await prisma.award.create({
    data: {
      callId,
      proposalId: proposal.id,
      organizationId: nco.organization.id,
      reference: `AW-${unique()}`,
      status,
      rank: 1,
      finalScore: 8500,
      requestedAmount: amount,
      amount,
      finalizedAt: status === "FINAL" ? new Date() : null,
    },
  });
  return { proposal, award, nco };
}

function splitEvenly(total: bigint, parts: number): bigint[] {
  const each = total / BigInt(parts);
  return Array.from({ length: parts }, (_, i) => (i === parts - 1 ? total - each * BigInt(parts - 1) : each));
}

/** An award with a signed agreement; `shares` are basis points per milestone. */
export async function createSignedAgreement(options: Parameters<typeof createFinalAward>[0] & { shares?: number[] } = {}) {
  const setup = await createFinalAward(options);
  const shares = options.shares ?? defaultShares(options.milestones ?? 3);
  const agreement = await createAgreement({
    actor: setup.officer.actor,
    awardId: setup.award.id,
    input: {
      language: "ru",
      reportingTerms: "Отчёт по каждому этапу в течение 10 дней.",
      bankName: "Банк",
      bankBik: "129001",
      bankAccount: "1290010000123456",
      shares,
    },
  });
  await signAgreement({ actor: setup.officer.actor, agreementId: agreement.id, signedOn: startOfDay("2026-02-20") });
  const full = await prisma.agreement.findUniqueOrThrow({
    where: { id: agreement.id },
    include: { milestones: { orderBy: { position: "asc" } }, tranches: { orderBy: { position: "asc" } } },
  });
  return { ...setup, agreement: full };
}

function defaultShares(count: number): number[] {
  if (count === 3) return [4000, 4000, 2000];
  const each = Math.floor(10_000 / count);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? 10_000 - each * (count - 1) : each));
}

/** A signed agreement whose every tranche is payable (milestones accepted). */
export async function createPayableAgreement(options: Parameters<typeof createSignedAgreement>[0] = {}) {
  const setup = await createSignedAgreement(options);
  for (const milestone of setup.agreement.milestones) await acceptTrancheMilestone(setup, milestone.id);
  const tranches = await prisma.tranche.findMany({ where: { agreementId: setup.agreement.id }, orderBy: { position: "asc" } });
  return { ...setup, tranches };
}

/** The NCO reports on the milestone and the officer accepts it: its tranche becomes payable. */
export async function acceptTrancheMilestone(setup: Pick<AwardSetup, "nco" | "officer">, milestoneId: string) {
  await submitMilestoneReport({
    actor: setup.nco.actor,
    milestoneId,
    input: {
      narrative: "Сделано всё по плану.",
      beneficiariesReached: 40,
      indicators: [{ indicator: "Занятия", target: 10, achieved: 10 }],
      expenses: [],
    },
  });
  await reviewMilestone({ actor: setup.officer.actor, milestoneId, input: { decision: "ACCEPT", comment: "" } });
}

export { createUser };
