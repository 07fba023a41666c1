import { readFile } from "node:fs/promises";
import { recordAudit } from "~/domains/audit/audit.server";
import { saveAttachment, type ReceivedFile } from "~/domains/files/files.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { isUniqueViolation } from "~/utils/guards";
import { assertCan, type Actor } from "~/utils/permissions";
import { bishkekClock, startOfDay } from "~/utils/time";
import type { HearingInput, NeedsStudyInput, PriorityInput, ProposeProblemInput } from "./priority-schemas";
import { parseTallyCsv } from "./tally-csv";

/** The municipality whose priorities the officer manages (after `assertCan`). */
function ownMunicipality(actor: Actor) {
  if (!actor.municipalityId) throw new DomainError("forbidden", {}, 403);
  return actor.municipalityId;
}

export function yearOf(now: Date) {
  return bishkekClock(now).year;
}

const fileSelect = { id: true, originalName: true, size: true } as const;

export async function recordNeedsStudy({
  actor,
  input,
  file,
  now = new Date(),
}: {
  actor: Actor;
  input: NeedsStudyInput;
  file?: ReceivedFile | null;
  now?: Date;
}) {
  assertCan(actor, "manage:priorities:any");
  const municipalityId = ownMunicipality(actor);
  return prisma.$transaction(async (tx) => {
    const attachment = file ? await saveAttachment(tx, { actor, file, organizationId: null }) : null;
    const study = await tx.needsStudy.create({
      data: { municipalityId, ...input, attachmentId: attachment?.id ?? null, createdById: actor.id, createdAt: now },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "needs_study.recorded",
      entityType: "NeedsStudy",
      entityId: study.id,
      after: { ...input, file: attachment ? { name: attachment.originalName, sha256: attachment.sha256 } : null },
      now,
    });
    return study;
  });
}

/** Records a hearing with the problems raised at it (each becomes a problem of the hearing's year). */
export async function recordHearing({
  actor,
  input,
  minutes,
  now = new Date(),
}: {
  actor: Actor;
  input: HearingInput;
  minutes?: ReceivedFile | null;
  now?: Date;
}) {
  assertCan(actor, "manage:priorities:any");
  const municipalityId = ownMunicipality(actor);
  const { problems, ...fields } = input;
  const year = yearOf(fields.heldOn);
  return prisma.$transaction(async (tx) => {
    const attachment = minutes ? await saveAttachment(tx, { actor, file: minutes, organizationId: null }) : null;
    const hearing = await tx.publicHearing.create({
      data: { municipalityId, ...fields, minutesId: attachment?.id ?? null, createdById: actor.id, createdAt: now },
      select: { id: true },
    });
    for (const title of problems) {
      await tx.priorityProblem.create({
        data: { municipalityId, year, origin: "HEARING", title, hearingId: hearing.id, createdAt: now },
      });
    }
    await recordAudit(tx, {
      actor,
      action: "hearing.recorded",
      entityType: "PublicHearing",
      entityId: hearing.id,
      after: { ...fields, problems, minutes: attachment ? { name: attachment.originalName, sha256: attachment.sha256 } : null },
      now,
    });
    return hearing;
  });
}

/** A resident or an NCO proposes a problem to a municipality (any signed-in account). */
export async function proposeProblem({
  actor,
  municipalityId,
  input,
  now = new Date(),
}: {
  actor: Actor;
  municipalityId: string;
  input: ProposeProblemInput;
  now?: Date;
}) {
  const municipality = await prisma.municipality.findUnique({ where: { id: municipalityId }, select: { id: true } });
  if (!municipality) throw new DomainError("notFound", {}, 404);
  return prisma.$transaction(async (tx) => {
    const problem = await tx.priorityProblem.create({
      data: { municipalityId, year: yearOf(now), origin: "ONLINE", ...input, proposedById: actor.id, createdAt: now },
      select: { id: true },
    });
    // The proposer supports what they propose.
    await tx.problemSupport.create({ data: { problemId: problem.id, userId: actor.id, createdAt: now } });
    await recordAudit(tx, { actor, action: "problem.proposed", entityType: "PriorityProblem", entityId: problem.id, after: input, now });
    return problem;
  });
}

/** One support per account: a second press changes nothing (and says so). */
export async function supportProblem({ actor, problemId, now = new Date() }: { actor: Actor; problemId: string; now?: Date }) {
  const problem = await prisma.priorityProblem.findUnique({ where: { id: problemId }, select: { id: true } });
  if (!problem) throw new DomainError("notFound", {}, 404);
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.problemSupport.create({ data: { problemId, userId: actor.id, createdAt: now } });
      await recordAudit(tx, { actor, action: "problem.supported", entityType: "PriorityProblem", entityId: problemId, now });
      return { supported: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("priorities:errors.alreadySupported", {}, 409);
    throw error;
  }
}

/**
 * Imports a hearing's paper tally. Each row names a problem of that hearing (its number in the
 * hearing's list or its title) and a count; who entered it and when are kept.
 */
export async function importPaperTally({
  actor,
  hearingId,
  csv,
  file,
  now = new Date(),
}: {
  actor: Actor;
  hearingId: string;
  csv: string;
  /** An uploaded CSV file, read instead of `csv` when given (it is not kept). */
  file?: ReceivedFile | null;
  now?: Date;
}) {
  assertCan(actor, "manage:priorities:any");
  const municipalityId = ownMunicipality(actor);
  const hearing = await prisma.publicHearing.findFirst({
    where: { id: hearingId, municipalityId },
    select: { id: true, problems: { orderBy: { createdAt: "asc" }, select: { id: true, title: true } } },
  });
  if (!hearing) throw new DomainError("notFound", {}, 404);
  const parsed = parseTallyCsv(file ? await readFile(file.incomingPath, "utf8") : csv);
  if (parsed.problem) throw new DomainError(`priorities:errors.tally.${parsed.problem.code}`, { line: parsed.problem.lineNo }, 422);
  const problems = hearing.problems;
  const rows = parsed.rows.map((row) => {
    const byNumber = /^\d+$/.test(row.problem) ? problems[Number(row.problem) - 1] : undefined;
    const byTitle = problems.find((p) => p.title.toLocaleLowerCase() === row.problem.toLocaleLowerCase());
    const problem = byNumber ?? byTitle;
    if (!problem) throw new DomainError("priorities:errors.tally.unknownProblem", { line: row.lineNo, problem: row.problem }, 422);
    return { problemId: problem.id, count: row.count };
  });
  return prisma.$transaction(async (tx) => {
    for (const row of rows) {
      await tx.paperTally.create({ data: { ...row, hearingId, enteredById: actor.id, enteredAt: now } });
    }
    const total = rows.reduce((sum, row) => sum + row.count, 0);
    await recordAudit(tx, {
      actor,
      action: "hearing.tally_imported",
      entityType: "PublicHearing",
      entityId: hearingId,
      after: { rows, total },
      now,
    });
    return { rows: rows.length, total };
  });
}

/** Makes a problem one of its year's priorities (rank, reason, target groups, funding programme). */
export async function setPriority({ actor, input, now = new Date() }: { actor: Actor; input: PriorityInput; now?: Date }) {
  assertCan(actor, "manage:priorities:any");
  const municipalityId = ownMunicipality(actor);
  const { problemId, ...fields } = input;
  return prisma.$transaction(async (tx) => {
    const before = await tx.priorityProblem.findFirst({
      where: { id: problemId, municipalityId },
      select: { rank: true, reason: true, targetGroups: true, programmeId: true },
    });
    if (!before) throw new DomainError("notFound", {}, 404);
    const programme = await tx.budgetProgramme.findFirst({ where: { id: fields.programmeId, municipalityId }, select: { id: true } });
    if (!programme) throw new DomainError("priorities:errors.unknownProgramme", {}, 422);
    await tx.priorityProblem.update({ where: { id: problemId }, data: { ...fields, prioritizedAt: now } });
    await recordAudit(tx, {
      actor,
      action: "problem.prioritized",
      entityType: "PriorityProblem",
      entityId: problemId,
      before,
      after: fields,
      now,
    });
    return { id: problemId };
  });
}

async function supportCounts(problemIds: string[]) {
  const [online, paper] = await Promise.all([
    prisma.problemSupport.groupBy({ by: ["problemId"], where: { problemId: { in: problemIds } }, _count: { _all: true } }),
    prisma.paperTally.groupBy({ by: ["problemId"], where: { problemId: { in: problemIds } }, _sum: { count: true } }),
  ]);
  const onlineBy = new Map(online.map((g) => [g.problemId, g._count._all]));
  const paperBy = new Map(paper.map((g) => [g.problemId, g._sum.count ?? 0]));
  return (id: string) => {
    const o = onlineBy.get(id) ?? 0;
    const p = paperBy.get(id) ?? 0;
    return { online: o, paper: p, total: o + p };
  };
}

const programmeSelect = { id: true, code: true, nameKy: true, nameRu: true, nameEn: true } as const;

/** The officer's page: studies, hearings, and the year's problems with their support. */
export async function officerPriorities({ actor, year }: { actor: Actor; year: number }) {
  assertCan(actor, "manage:priorities:any");
  const municipalityId = ownMunicipality(actor);
  const [studies, hearings, problems, programmes] = await Promise.all([
    prisma.needsStudy.findMany({
      where: { municipalityId, year },
      orderBy: { createdAt: "desc" },
      select: { id: true, title: true, summary: true, attachment: { select: fileSelect } },
    }),
    prisma.publicHearing.findMany({
      where: { municipalityId, heldOn: { gte: startOfDay(`${year}-01-01`), lt: startOfDay(`${year + 1}-01-01`) } },
      orderBy: { heldOn: "desc" },
      select: {
        id: true,
        heldOn: true,
        place: true,
        invited: true,
        attendeesFemale: true,
        attendeesMale: true,
        minutes: { select: fileSelect },
        problems: { orderBy: { createdAt: "asc" }, select: { id: true, title: true } },
        paperTallies: {
          orderBy: { enteredAt: "desc" },
          select: { id: true, count: true, enteredAt: true, enteredById: true, problemId: true },
        },
      },
    }),
    prisma.priorityProblem.findMany({
      where: { municipalityId, year },
      orderBy: [{ rank: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
      select: {
        id: true,
        title: true,
        description: true,
        origin: true,
        rank: true,
        reason: true,
        targetGroups: true,
        programmeId: true,
        hearingId: true,
      },
    }),
    prisma.budgetProgramme.findMany({
      // Hearings of a year usually set the priorities the next year's budget funds: its programmes are offered too.
      where: { municipalityId, firstYear: { lte: year + 1 }, lastYear: { gte: year } },
      orderBy: { code: "asc" },
      select: programmeSelect,
    }),
  ]);
  const enteredBy = await prisma.user.findMany({
    where: { id: { in: [...new Set(hearings.flatMap((h) => h.paperTallies.map((t) => t.enteredById)))] } },
    select: { id: true, fullName: true, email: true },
  });
  const names = new Map(enteredBy.map((u) => [u.id, u.fullName || u.email]));
  const support = await supportCounts(problems.map((p) => p.id));
  return {
    studies,
    hearings: hearings.map(({ paperTallies, ...h }) => ({
      ...h,
      tallies: paperTallies.map(({ enteredById, ...t }) => ({ ...t, enteredBy: names.get(enteredById) ?? "" })),
    })),
    problems: problems.map((p) => ({ ...p, support: support(p.id) })),
    programmes,
  };
}

/** The priority problems a call of the officer's municipality may name (the ranked ones, newest year first). */
export async function priorityOptions(actor: Actor) {
  return prisma.priorityProblem.findMany({
    where: { municipalityId: actor.municipalityId ?? "", rank: { not: null } },
    orderBy: [{ year: "desc" }, { rank: "asc" }],
    select: { id: true, year: true, rank: true, title: true },
  });
}

/** The options of the call form's priority problem field: "2026 · 1. Title". */
export async function priorityChoices(actor: Actor) {
  return (await priorityOptions(actor)).map((p) => ({ id: p.id, label: `${p.year} · ${p.rank}. ${p.title}` }));
}

/** Whether the problem may be named by a call of this municipality (null is always fine on a draft). */
export async function assertProblemOfMunicipality(municipalityId: string, problemId: string | null) {
  if (!problemId) return;
  const problem = await prisma.priorityProblem.findFirst({
    where: { id: problemId, municipalityId, rank: { not: null } },
    select: { id: true },
  });
  if (!problem) throw new DomainError("priorities:errors.unknownProblem", {}, 422);
}

/**
 * The public page: each problem of the year with its hearing, its support (online + paper), and the
 * calls naming it with their awards, committed and paid money (from the ledger).
 */
export async function publicPriorities({ municipalityId, year }: { municipalityId: string | null; year: number }) {
  const where = { year, ...(municipalityId ? { municipalityId } : {}) };
  const problems = await prisma.priorityProblem.findMany({
    where,
    orderBy: [{ rank: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    select: {
      id: true,
      title: true,
      description: true,
      origin: true,
      rank: true,
      reason: true,
      targetGroups: true,
      municipality: { select: { slug: true, nameKy: true, nameRu: true, nameEn: true } },
      programme: { select: programmeSelect },
      hearing: { select: { id: true, heldOn: true, place: true } },
    },
  });
  const ids = problems.map((p) => p.id);
  const support = await supportCounts(ids);
  const calls = await prisma.call.findMany({
    where: { priorityProblemId: { in: ids }, status: { notIn: ["DRAFT"] } },
    orderBy: { publishedAt: "asc" },
    select: {
      id: true,
      reference: true,
      status: true,
      titleKy: true,
      titleRu: true,
      titleEn: true,
      priorityProblemId: true,
      // What the call holds committed, as the finance dashboard shows it (the ledger's running figure on the call).
      committed: true,
      awards: { where: { status: { in: ["FINAL", "CLOSED"] } }, select: { id: true } },
    },
  });
  const ledger = await prisma.ledgerEntry.groupBy({
    by: ["callId", "kind"],
    where: { callId: { in: calls.map((c) => c.id) }, kind: { in: ["DISBURSEMENT", "RETURN"] } },
    _sum: { amount: true },
  });
  const money = new Map(calls.map((call) => [call.id, { committed: call.committed, paid: 0n, returned: 0n }]));
  for (const group of ledger) {
    const entry = group.callId ? money.get(group.callId) : undefined;
    if (!entry) continue;
    if (group.kind === "DISBURSEMENT") entry.paid += group._sum.amount ?? 0n;
    else entry.returned += group._sum.amount ?? 0n;
  }
  const hearingIds = [...new Set(problems.flatMap((p) => (p.hearing ? [p.hearing.id] : [])))];
  const hearings = await prisma.publicHearing.findMany({
    where: { id: { in: hearingIds } },
    orderBy: { heldOn: "asc" },
    select: {
      id: true,
      heldOn: true,
      place: true,
      invited: true,
      attendeesFemale: true,
      attendeesMale: true,
      minutes: { select: fileSelect },
    },
  });
  const studies = await prisma.needsStudy.findMany({
    where,
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, summary: true, attachment: { select: fileSelect } },
  });
  return {
    studies,
    hearings,
    problems: problems.map((problem) => {
      const own = calls
        .filter((c) => c.priorityProblemId === problem.id)
        .map(({ awards, priorityProblemId: _p, ...call }) => ({
          ...call,
          awards: awards.length,
          ...(money.get(call.id) ?? { committed: 0n, paid: 0n, returned: 0n }),
        }));
      return {
        ...problem,
        support: support(problem.id),
        calls: own,
        totals: {
          awards: own.reduce((s, c) => s + c.awards, 0),
          committed: own.reduce((s, c) => s + c.committed, 0n),
          paid: own.reduce((s, c) => s + c.paid, 0n),
        },
      };
    }),
  };
}

/** A needs study's file or a hearing's minutes: public documents. */
export async function getPublicPriorityFile(attachmentId: string) {
  return prisma.attachment.findFirst({
    where: { id: attachmentId, OR: [{ needsStudies: { some: {} } }, { hearingMinutes: { some: {} } }] },
    select: { storageKey: true, originalName: true, mediaType: true, sha256: true },
  });
}
