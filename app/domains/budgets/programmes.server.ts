import { recordAudit } from "~/domains/audit/audit.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";
import type { ProgrammeInput } from "./programme-schemas";
import { errorCode } from "~/utils/guards";

/** The municipality whose budget acts the actor enters (after `assertCan`); staff of none are refused. */
export function programmeMunicipality(actor: Actor) {
  if (!actor.municipalityId) throw new DomainError("forbidden", {}, 403);
  return actor.municipalityId;
}

const PROGRAMME_SELECT = {
  id: true,
  code: true,
  nameKy: true,
  nameRu: true,
  nameEn: true,
  descriptionKy: true,
  descriptionRu: true,
  descriptionEn: true,
  actBody: true,
  actNumber: true,
  actDate: true,
  firstYear: true,
  lastYear: true,
} as const;

/** A Prisma error code, from either database's client (they are two classes, so no instanceof). */
export function prismaCode(error: unknown): string | undefined {
  return errorCode(error);
}

const isUniqueViolation = (error: unknown) => prismaCode(error) === "P2002";

/** The municipality's programmes, newest period first, each with its appropriations' years and amounts. */
export async function listProgrammes({ actor }: { actor: Actor }) {
  assertCan(actor, ["manage:programme:any", "read:budget:any"]);
  const municipalityId = actor.municipalityId ?? "";
  return prisma.budgetProgramme.findMany({
    where: { municipalityId },
    orderBy: [{ code: "asc" }],
    select: {
      ...PROGRAMME_SELECT,
      appropriations: {
        orderBy: { fiscalYear: "desc" },
        select: { id: true, fiscalYear: true, amount: true, allocated: true, closedAt: true },
      },
    },
  });
}

export async function createProgramme({ actor, input, now = new Date() }: { actor: Actor; input: ProgrammeInput; now?: Date }) {
  assertCan(actor, "manage:programme:any");
  const municipalityId = programmeMunicipality(actor);
  try {
    return await prisma.$transaction(async (tx) => {
      const programme = await tx.budgetProgramme.create({
        data: { ...input, municipalityId, createdAt: now },
        select: { id: true, code: true },
      });
      await recordAudit(tx, {
        actor,
        action: "programme.created",
        entityType: "BudgetProgramme",
        entityId: programme.id,
        after: input,
        now,
      });
      return programme;
    });
  } catch (error) {
    // A second press of the same form lands here too: nothing is created twice.
    if (isUniqueViolation(error)) throw new DomainError("budgets:errors.codeTaken", { code: input.code }, 409);
    throw error;
  }
}

export async function updateProgramme({
  actor,
  programmeId,
  input,
  now = new Date(),
}: {
  actor: Actor;
  programmeId: string;
  input: ProgrammeInput;
  now?: Date;
}) {
  assertCan(actor, "manage:programme:any");
  const municipalityId = programmeMunicipality(actor);
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await tx.budgetProgramme.findFirst({
        where: { id: programmeId, municipalityId },
        select: { ...PROGRAMME_SELECT, appropriations: { select: { fiscalYear: true } } },
      });
      if (!before) throw new DomainError("notFound", {}, 404);
      const years = before.appropriations.map((a) => a.fiscalYear);
      // The period may not shrink past a year that already has an appropriation.
      if (years.some((y) => y < input.firstYear || y > input.lastYear)) {
        throw new DomainError("budgets:errors.periodExcludesYears", { years: years.sort().join(", ") }, 409);
      }
      const { appropriations: _years, id: _id, ...previous } = before;
      await tx.budgetProgramme.update({ where: { id: programmeId }, data: input });
      await recordAudit(tx, {
        actor,
        action: "programme.updated",
        entityType: "BudgetProgramme",
        entityId: programmeId,
        before: previous,
        after: input,
        now,
      });
      return { id: programmeId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("budgets:errors.codeTaken", { code: input.code }, 409);
    throw error;
  }
}

/** One programme of the actor's municipality with its appropriations, their changes, latest ledger entries and closing figures. */
export async function getProgramme({ actor, programmeId }: { actor: Actor; programmeId: string }) {
  assertCan(actor, ["manage:programme:any", "read:budget:any"]);
  const municipalityId = actor.municipalityId ?? "";
  const programme = await prisma.budgetProgramme.findFirst({
    where: { id: programmeId, municipalityId },
    select: {
      ...PROGRAMME_SELECT,
      appropriations: {
        orderBy: { fiscalYear: "desc" },
        select: {
          id: true,
          fiscalYear: true,
          amount: true,
          allocated: true,
          committed: true,
          disbursed: true,
          returned: true,
          closedAt: true,
          releasedAtClose: true,
          changes: {
            orderBy: { createdAt: "desc" },
            select: {
              id: true,
              kind: true,
              amount: true,
              amountAfter: true,
              reason: true,
              actBody: true,
              actNumber: true,
              actDate: true,
              createdAt: true,
            },
          },
          ledger: {
            where: { kind: { in: ["ALLOCATION", "RELEASE"] } },
            orderBy: { createdAt: "desc" },
            take: 20,
            select: { id: true, kind: true, amount: true, createdAt: true, note: true, call: { select: { reference: true } } },
          },
        },
      },
    },
  });
  if (!programme) throw new DomainError("notFound", {}, 404);
  return {
    ...programme,
    appropriations: programme.appropriations.map(({ releasedAtClose, ...a }) => ({
      ...a,
      free: a.amount - a.allocated,
      report: closingReport({ ...a, releasedAtClose }),
    })),
  };
}

/**
 * The year's figures as the close reports them. Before the close "allocated"
 * includes what the close would release; after it, the release is added back,
 * so the report reads the same on the day and years later.
 */
export function closingReport(a: {
  amount: bigint;
  allocated: bigint;
  committed: bigint;
  disbursed: bigint;
  returned: bigint;
  closedAt: Date | null;
  releasedAtClose: bigint;
}) {
  const allocated = a.closedAt ? a.allocated + a.releasedAtClose : a.allocated;
  const released = a.closedAt ? a.releasedAtClose : a.allocated - a.committed;
  const outstanding = a.committed - a.disbursed;
  return {
    appropriated: a.amount,
    allocated,
    committed: a.committed,
    disbursed: a.disbursed,
    returned: a.returned,
    released,
    // Committed but not yet paid: stays with the agreements into the next year.
    carriedOver: outstanding > 0n ? outstanding : 0n,
    unallocated: a.amount - allocated,
  };
}
