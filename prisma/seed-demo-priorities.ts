// The demo's priority problems (decision 0078): for each municipality with calls, a needs study, a
// public hearing that raised three problems, a paper tally, a resident's proposal and online support,
// and the year's ranked priorities; every demo call then names the priority problem it addresses.
// Runs after the other demo parts, so that it sees every demo call.
import { recordAudit } from "~/domains/audit/audit.server";
import type { Db } from "~/utils/db.server";
import { bishkekClock, DAY_MS, startOfDay } from "~/utils/time";

const PROBLEMS = [
  {
    title: "Дети трудовых мигрантов остаются без присмотра",
    reason: "Больше всего поддержки на слушании и в исследовании",
    groups: "Дети 7–17 лет, опекуны",
  },
  { title: "Одинокие пожилые люди без ухода на дому", reason: "Растёт число одиноких пенсионеров", groups: "Пожилые люди, живущие одни" },
  {
    title: "Здания и транспорт недоступны для людей с инвалидностью",
    reason: "Названа на слушании обществом инвалидов",
    groups: "Люди с инвалидностью",
  },
];

export async function seedDemoPriorities(db: Db, now = new Date()) {
  const year = bishkekClock(now).year;
  const january = startOfDay(`${year}-01-20`);
  const heldOn = january < now ? january : new Date(now.getTime() - DAY_MS);
  const municipalities = await db.municipality.findMany({
    where: { calls: { some: {} } },
    select: {
      id: true,
      programmes: { orderBy: { code: "asc" }, take: 1, select: { id: true } },
      roles: { where: { role: "PROGRAMME_OFFICER" }, take: 1, select: { user: { select: { id: true, email: true } } } },
    },
  });
  const residents = await db.user.findMany({ where: { roles: { none: {} } }, orderBy: { email: "asc" }, take: 4, select: { id: true } });
  for (const municipality of municipalities) {
    const officer = municipality.roles[0]?.user ?? null;
    const actor = officer ? { id: officer.id, label: officer.email } : null;
    await db.$transaction(async (tx) => {
      const study = await tx.needsStudy.create({
        data: {
          municipalityId: municipality.id,
          year,
          title: "Социальные потребности жителей: опрос 600 домохозяйств",
          summary: "Опрос показал три главные проблемы: дети без присмотра, одинокие пожилые люди и недоступная среда.",
          createdById: officer?.id ?? null,
        },
      });
      const hearing = await tx.publicHearing.create({
        data: {
          municipalityId: municipality.id,
          heldOn,
          place: "Зал заседаний мэрии",
          invited: "НКО города, айыл окмоту, депутаты городского кенеша, жители",
          attendeesFemale: 34,
          attendeesMale: 21,
          createdById: officer?.id ?? null,
        },
      });
      const problems = [];
      for (const [index, p] of PROBLEMS.entries()) {
        const problem = await tx.priorityProblem.create({
          data: {
            municipalityId: municipality.id,
            year,
            origin: "HEARING",
            title: p.title,
            hearingId: hearing.id,
            rank: index + 1,
            reason: p.reason,
            targetGroups: p.groups,
            programmeId: municipality.programmes[0]?.id ?? null,
            prioritizedAt: heldOn,
            createdAt: new Date(heldOn.getTime() + index),
          },
        });
        problems.push(problem);
        await tx.paperTally.create({
          data: {
            problemId: problem.id,
            hearingId: hearing.id,
            count: [27, 15, 9][index]!,
            enteredById: officer?.id ?? "demo",
            enteredAt: heldOn,
          },
        });
        for (const resident of residents.slice(0, 3 - index)) {
          await tx.problemSupport.create({ data: { problemId: problem.id, userId: resident.id } });
        }
      }
      const proposer = residents[0];
      if (proposer) {
        const proposed = await tx.priorityProblem.create({
          data: {
            municipalityId: municipality.id,
            year,
            origin: "ONLINE",
            title: "Нет освещения во дворах микрорайонов",
            proposedById: proposer.id,
          },
        });
        await tx.problemSupport.create({ data: { problemId: proposed.id, userId: proposer.id } });
      }
      // Each demo call names a priority problem: the first (children) unless its title says otherwise.
      const calls = await tx.call.findMany({ where: { municipalityId: municipality.id }, select: { id: true, titleRu: true } });
      for (const call of calls) {
        const problem = /пожил/i.test(call.titleRu) ? problems[1]! : /инвалид/i.test(call.titleRu) ? problems[2]! : problems[0]!;
        await tx.call.update({ where: { id: call.id }, data: { priorityProblemId: problem.id } });
      }
      await recordAudit(tx, {
        actor,
        action: "demo.priorities_seeded",
        entityType: "Municipality",
        entityId: municipality.id,
        after: { study: study.id, hearing: hearing.id, problems: problems.map((p) => p.id), calls: calls.length },
      });
    });
  }
}
