// The demo's commission work, through the same domain functions the pages use
// (so the audit trail, notices, ledger and letters are real):
//  - SZ-2026-R1, in review: five proposals screened (one ineligible, with an
//    open appeal), a full commission that has declared (one member conflicted,
//    flagged by affiliation), scores in progress and a divergence waiting for
//    the chair's consensus;
//  - SZ-2026-R2, decided: scored, a divergence settled by consensus, the
//    decision published 15 days ago, the standstill over, awards FINAL with
//    the budget committed, award letters issued and «Балакай»'s draft agreement;
//  - SZ-2026-R3, decided two days ago: in its standstill, a proposed grant for
//    «Балакай» and a not-funded proposal of «Аял жардам» that may be appealed;
//  - SZ-2026-R4, in review, fully scored: a reduced offer waiting for «Балакай».
// Runs after the other demo seeds have committed, on the database they left.
import { setEnvelopeInTx } from "~/domains/budgets/budgets.server";
import { issueLetter } from "~/domains/awards/letters.server";
import { createAgreement } from "~/domains/agreements/agreements.server";
import { offerReducedAmount, publishDecision } from "~/domains/awards/decision.server";
import { finalizeCall } from "~/domains/awards/standstill.server";
import { recordAudit } from "~/domains/audit/audit.server";
import { declareConflicts } from "~/domains/reviews/commission.server";
import { decideEligibility, fileAppeal } from "~/domains/reviews/screening.server";
import { recordConsensus, saveScoreSheet } from "~/domains/reviews/scoring.server";
import type { Db } from "~/utils/db.server";
import type { Actor, EffectiveRole } from "~/utils/permissions";
import { addDays, calendarDateOf, DAY_MS, startOfDay } from "~/utils/time";

const SOM = 100n;

const CRITERIA = [
  { nameKy: "Көйгөйдүн актуалдуулугу", nameRu: "Актуальность проблемы", nameEn: "Relevance of the problem", maxScore: 10, weight: 40 },
  { nameKy: "Уюмдун потенциалы", nameRu: "Потенциал организации", nameEn: "Organization's capacity", maxScore: 10, weight: 30 },
  { nameKy: "Бюджеттин негиздүүлүгү", nameRu: "Обоснованность бюджета", nameEn: "Soundness of the budget", maxScore: 5, weight: 30 },
];

const EXTRA_ORGANIZATIONS = [
  {
    nameKy: "«Күн нуру» коомдук фонду",
    nameRu: "Общественный фонд «Кун нуру»",
    nameEn: "Kun Nuru Public Foundation",
    registrationNumber: "22110-3302-Ф",
    tin: "01204201910777",
    locale: "ky" as const,
  },
  {
    nameKy: "«Ысык-Көл жаштары» бирикмеси",
    nameRu: "Объединение «Молодёжь Иссык-Куля»",
    nameEn: "Issyk-Kul Youth Association",
    registrationNumber: "33120-3302-ОБ",
    tin: "01505201710888",
    locale: "ru" as const,
  },
  {
    nameKy: "«Камкор» коомдук бирикмеси",
    nameRu: "Общественное объединение «Камкор»",
    nameEn: "Kamkor Public Union",
    registrationNumber: "44130-3302-ОБ",
    tin: "02008201610999",
    locale: "en" as const,
  },
];

type ProposalPlan = { organization: string; title: string; summary: string; requestedSom: bigint; milestones: string[] };

function actorOf(
  user: { id: string; email: string; fullName: string; locale: "ky" | "ru" | "en" },
  roles: EffectiveRole[],
  municipalityId: string | null,
  organizations: Actor["organizations"] = [],
): Actor {
  return {
    id: user.id,
    email: user.email,
    label: `${user.fullName} <${user.email}>`,
    locale: user.locale,
    municipalityId,
    roles,
    organizations,
  };
}

export async function seedDemoReviews(db: Db, now = new Date()) {
  const municipality = await db.municipality.findUniqueOrThrow({ where: { slug: "karakol" } });
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email } });
  const officer = actorOf(await user("officer@karakol.kg"), ["PROGRAMME_OFFICER"], municipality.id);
  const seatsOf = ["chair@karakol.kg", "member1@karakol.kg", "member2@karakol.kg", "member3@karakol.kg"];
  const commission = await Promise.all(seatsOf.map(async (email) => actorOf(await user(email), ["COMMISSION_MEMBER"], null)));
  const [chair, member1, member2, member3] = commission as [Actor, Actor, Actor, Actor];

  const organizations: Record<string, { id: string; tin: string; admin: Actor | null }> = {};
  for (const tin of ["02103201810123", "02506201510456"]) {
    const org = await db.organization.findUniqueOrThrow({
      where: { tin },
      include: { members: { where: { role: "ADMIN" }, include: { user: true } } },
    });
    const admin = org.members[0];
    organizations[tin] = {
      id: org.id,
      tin,
      admin: admin ? actorOf(admin.user, ["NCO_ADMIN"], null, [{ id: org.id, role: "ADMIN" }]) : null,
    };
  }
  for (const extra of EXTRA_ORGANIZATIONS) {
    const org = await db.organization.create({
      data: {
        nameKy: extra.nameKy,
        nameRu: extra.nameRu,
        nameEn: extra.nameEn,
        legalForm: extra.registrationNumber.endsWith("Ф") ? "PUBLIC_FOUNDATION" : "PUBLIC_UNION",
        registrationNumber: extra.registrationNumber,
        tin: extra.tin,
        registeredOn: startOfDay("2017-05-10"),
        region: "Иссык-Кульская область",
        address: "Каракол ш.",
        preferredLocale: extra.locale,
        verification: "VERIFIED",
        verifiedAt: new Date(now.getTime() - 200 * DAY_MS),
        verifiedById: officer.id,
      },
    });
    organizations[extra.tin] = { id: org.id, tin: extra.tin, admin: null };
  }
  const pick = (tin: string) => organizations[tin]!;
  const balakai = pick("02103201810123");
  const ayal = pick("02506201510456");
  const kunNuru = pick("01204201910777");
  const youth = pick("01505201710888");
  const kamkor = pick("02008201610999");

  // The commission's member2 sits on Kun Nuru's board: the portal flags it.
  const seatAffiliations: Record<string, string[]> = { [member2.id]: ["01204201910777"] };

  async function createCall(
    reference: string,
    titles: [string, string, string],
    envelopeSom: bigint,
    plans: ProposalPlan[],
    submittedDaysAgo: number,
    reviewEndsInDays?: number,
  ) {
    const envelope = envelopeSom * SOM;
    let appropriation = await db.appropriation.findFirstOrThrow({
      where: { programme: { municipalityId: municipality.id } },
      orderBy: { fiscalYear: "desc" },
    });
    if (appropriation.amount - appropriation.allocated < envelope) {
      const programme = await db.budgetProgramme.upsert({
        where: { municipalityId_code: { municipalityId: municipality.id, code: "SZ-2026-R" } },
        create: {
          municipalityId: municipality.id,
          code: "SZ-2026-R",
          nameKy: "Социалдык кызматтар — 2026",
          nameRu: "Социальные услуги — 2026",
          nameEn: "Social services — 2026",
        },
        update: {},
      });
      appropriation = await db.appropriation.upsert({
        where: { programmeId_fiscalYear: { programmeId: programme.id, fiscalYear: 2026 } },
        create: { programmeId: programme.id, fiscalYear: 2026, amount: 1_000_000n * SOM },
        update: {},
      });
    }
    const call = await db.$transaction(async (tx) => {
      const created = await tx.call.create({
        data: {
          municipalityId: municipality.id,
          appropriationId: appropriation.id,
          reference,
          status: "DRAFT",
          titleKy: titles[0],
          titleRu: titles[1],
          titleEn: titles[2],
          summaryKy: titles[0],
          summaryRu: titles[1],
          summaryEn: titles[2],
          eligibleLegalForms: ["PUBLIC_UNION", "PUBLIC_FOUNDATION"],
          minOrganizationAgeMonths: 12,
          minGrant: 50_000n * SOM,
          maxGrant: 150_000n * SOM,
          minScore: 55,
          appealDays: 5,
          standstillDays: 10,
          publishedAt: new Date(now.getTime() - (submittedDaysAgo + 30) * DAY_MS),
          submissionDeadline: new Date(now.getTime() - (submittedDaysAgo - 1) * DAY_MS),
          ...(reviewEndsInDays === undefined ? {} : { reviewEndsAt: new Date(now.getTime() + reviewEndsInDays * DAY_MS) }),
          createdById: officer.id,
          criteria: { create: CRITERIA.map((c, i) => ({ ...c, position: i + 1 })) },
        },
        include: { criteria: { orderBy: { position: "asc" } } },
      });
      await setEnvelopeInTx(tx, { actor: officer, callId: created.id, envelope });
      await tx.call.update({ where: { id: created.id }, data: { status: "PUBLISHED" } });
      await recordAudit(tx, { actor: officer, action: "demo.reviewCall", entityType: "Call", entityId: created.id, after: { reference } });
      return created;
    });
    const proposals = [];
    for (const [i, plan] of plans.entries()) {
      const organization = organizations[plan.organization]!;
      proposals.push(
        await db.proposal.create({
          data: {
            callId: call.id,
            organizationId: organization.id,
            reference: `${reference}-P${i + 1}`,
            status: "SUBMITTED",
            language: "ru",
            title: plan.title,
            summary: plan.summary,
            problem: "В Караколе не хватает услуг для этой группы; очереди в государственные учреждения — до полугода.",
            targetGroup: "Жители Каракола и соседних сёл",
            beneficiaries: 80 + i * 20,
            objectives: "Дать услугу тем, кто сейчас её не получает, и измерить результат.",
            activities: "Набор участников, регулярные занятия, консультации, итоговая оценка.",
            team: "Руководитель проекта, два специалиста, бухгалтер.",
            requestedTotal: plan.requestedSom * SOM,
            submittedAt: new Date(now.getTime() - (submittedDaysAgo + 3 - i * 0.2) * DAY_MS),
            createdById: officer.id,
            milestones: {
              create: plan.milestones.map((title, m) => ({
                position: m + 1,
                title,
                startsOn: startOfDay(addDays(calendarDateOf(now), 30 + m * 60)),
                dueOn: startOfDay(addDays(calendarDateOf(now), 90 + m * 60)),
              })),
            },
            budgetLines: {
              create: [
                {
                  position: 1,
                  category: "Оплата труда",
                  description: "Специалисты проекта",
                  unit: "мес",
                  quantity: 600,
                  unitCost: (plan.requestedSom * SOM * 70n) / 600n,
                  requested: (plan.requestedSom * SOM * 70n) / 100n,
                },
                {
                  position: 2,
                  category: "Материалы",
                  description: "Материалы и аренда",
                  unit: "—",
                  quantity: 100,
                  unitCost: plan.requestedSom * SOM - (plan.requestedSom * SOM * 70n) / 100n,
                  requested: plan.requestedSom * SOM - (plan.requestedSom * SOM * 70n) / 100n,
                },
              ],
            },
          },
        }),
      );
    }
    for (const [i, seat] of commission.entries()) {
      await db.commissionMembership.create({
        data: {
          callId: call.id,
          userId: seat.id,
          role: i === 0 ? "CHAIR" : "MEMBER",
          affiliations: seatAffiliations[seat.id] ?? [],
          appointedById: officer.id,
          appointedAt: new Date(now.getTime() - (submittedDaysAgo + 5) * DAY_MS),
        },
      });
    }
    return { call, proposals };
  }

  // A refusal is written in the organization's own language.
  const REFUSAL = {
    ky: "Уставда социалдык кызматтарды көрсөтүү каралган эмес; салык карызы жоктугу тууралуу маалымкат тиркелген эмес.",
    ru: "В уставе не предусмотрено оказание социальных услуг; не приложена справка об отсутствии налоговой задолженности.",
    en: "The charter does not provide for social services, and no tax clearance certificate was attached.",
  };
  const screen = async (proposals: { id: string; organizationId: string }[], ineligible: number | null, at: Date) => {
    for (const [i, p] of proposals.entries()) {
      const { preferredLocale } = await db.organization.findUniqueOrThrow({
        where: { id: p.organizationId },
        select: { preferredLocale: true },
      });
      await decideEligibility({
        actor: officer,
        proposalId: p.id,
        eligible: i !== ineligible,
        reason: i === ineligible ? REFUSAL[preferredLocale] : "",
        now: at,
      });
    }
  };

  const declareAll = async (callId: string, applicants: string[], at: Date) => {
    for (const seat of commission) {
      await declareConflicts({
        actor: seat,
        callId,
        declarations: applicants.map((organizationId) => ({
          organizationId,
          hasConflict: seat.id === member2.id && organizationId === kunNuru.id,
          reason: seat.id === member2.id && organizationId === kunNuru.id ? "Я член правления этого фонда." : "",
        })),
        now: at,
      });
    }
  };

  type Scores = [number, number, number];
  const score = async (seat: Actor, callId: string, proposalId: string, values: Scores, submit: boolean, at: Date) => {
    const criteria = await db.callCriterion.findMany({ where: { callId }, orderBy: { position: "asc" } });
    const comments = ["Проблема подтверждена данными соцзащиты.", "Команда с опытом похожих проектов.", "Статьи расходов обоснованы."];
    await saveScoreSheet({
      actor: seat,
      callId,
      proposalId,
      scores: criteria.map((c, i) => ({ criterionId: c.id, score: values[i]!, comment: comments[i]! })),
      submit,
      now: at,
    });
  };

  // ───────────── SZ-2026-R1: in review, scores in progress ─────────────
  const inReview = await createCall(
    "SZ-2026-R1",
    ["Карылар үчүн үйдө кам көрүү", "Уход на дому за пожилыми людьми", "Home care for older people"],
    300_000n,
    [
      {
        organization: balakai.tin,
        title: "Үйдө кам көрүү кызматы «Жакын»",
        summary: "Патронаж одиноких пожилых людей на дому: 40 подопечных.",
        requestedSom: 120_000n,
        milestones: ["Набор и обучение социальных работников", "Патронаж, первые полгода", "Итоговый отчёт"],
      },
      {
        organization: ayal.tin,
        title: "Социальный такси для пожилых",
        summary: "Доставка пожилых людей к врачам и в соцучреждения.",
        requestedSom: 90_000n,
        milestones: ["Запуск службы", "Работа службы"],
      },
      {
        organization: kunNuru.tin,
        title: "Клуб «Активное долголетие»",
        summary: "Занятия, лекции и взаимопомощь для пенсионеров.",
        requestedSom: 60_000n,
        milestones: ["Открытие клуба", "Программа занятий"],
      },
      {
        organization: youth.tin,
        title: "Волонтёры для соседей",
        summary: "Молодёжные волонтёры помогают пожилым соседям.",
        requestedSom: 70_000n,
        milestones: ["Набор волонтёров", "Помощь на дому"],
      },
      {
        organization: kamkor.tin,
        title: "Горячая линия для пожилых",
        summary: "Телефонная служба поддержки и юридических консультаций.",
        requestedSom: 80_000n,
        milestones: ["Запуск линии", "Консультации"],
      },
    ],
    3,
  );
  const r1 = inReview.proposals;
  // «Аял жардам» is found ineligible and appeals; the appeal waits for the chair.
  await screen(r1, 1, new Date(now.getTime() - 2 * DAY_MS));
  if (ayal.admin) {
    await fileAppeal({
      actor: ayal.admin,
      proposalId: r1[1]!.id,
      kind: "ELIGIBILITY",
      grounds: "Справка об отсутствии налоговой задолженности была загружена в хранилище документов, просим пересмотреть.",
      now: new Date(now.getTime() - DAY_MS),
    });
  }
  await declareAll(
    inReview.call.id,
    r1.map((p) => p.organizationId),
    new Date(now.getTime() - 2 * DAY_MS),
  );
  const r1Eligible = [r1[0]!, r1[2]!, r1[3]!, r1[4]!];
  const scoredAt = new Date(now.getTime() - DAY_MS);
  for (const p of r1Eligible) {
    await score(chair, inReview.call.id, p.id, [8, 7, 4], true, scoredAt);
    await score(member1, inReview.call.id, p.id, p === r1[3] ? [3, 6, 4] : [9, 7, 4], true, scoredAt);
  }
  // member2 (conflicted with Kun Nuru, r1[2]) scored two others; member3 has only a draft so far.
  await score(member2, inReview.call.id, r1[0]!.id, [7, 8, 4], true, scoredAt);
  await score(member2, inReview.call.id, r1[3]!.id, [8, 6, 3], true, scoredAt);
  await score(member3, inReview.call.id, r1[0]!.id, [6, 6, 3], false, scoredAt);

  // ───────────── SZ-2026-R2: decided, final, letters issued ─────────────
  const decided = await createCall(
    "SZ-2026-R2",
    [
      "Мүмкүнчүлүгү чектелген балдар үчүн күндүзгү борборлор",
      "Дневные центры для детей с инвалидностью",
      "Day centres for children with disabilities",
    ],
    250_000n,
    [
      {
        organization: balakai.tin,
        title: "Инклюзивдик күндүзгү борбор «Балакай»",
        summary: "Дневной центр на 30 детей с инвалидностью.",
        requestedSom: 140_000n,
        milestones: ["Ремонт и оснащение", "Работа центра", "Итоговое мероприятие"],
      },
      {
        organization: ayal.tin,
        title: "Реабилитация и поддержка родителей",
        summary: "Занятия с реабилитологом и группы поддержки родителей.",
        requestedSom: 100_000n,
        milestones: ["Набор групп", "Занятия"],
      },
      {
        organization: kamkor.tin,
        title: "Inclusive play centre",
        summary: "Игровая комната и занятия для детей с особенностями развития.",
        requestedSom: 90_000n,
        milestones: ["Opening", "Sessions", "Evaluation"],
      },
      {
        organization: youth.tin,
        title: "Арт-студия для особых детей",
        summary: "Творческие занятия для детей с инвалидностью.",
        requestedSom: 60_000n,
        milestones: ["Запуск студии", "Выставка"],
      },
    ],
    40,
  );
  const r2 = decided.proposals;
  await screen(r2, null, new Date(now.getTime() - 35 * DAY_MS));
  await declareAll(
    decided.call.id,
    r2.map((p) => p.organizationId),
    new Date(now.getTime() - 34 * DAY_MS),
  );
  const r2Scores: Record<string, Scores[]> = {
    [r2[0]!.id]: [
      [9, 9, 5],
      [9, 8, 4],
      [8, 9, 5],
      [9, 9, 4],
    ],
    [r2[1]!.id]: [
      [8, 7, 4],
      [3, 7, 4],
      [8, 8, 4],
      [7, 7, 4],
    ],
    [r2[2]!.id]: [
      [7, 7, 3],
      [7, 6, 4],
      [6, 7, 3],
      [7, 7, 3],
    ],
    [r2[3]!.id]: [
      [5, 4, 2],
      [4, 5, 2],
      [5, 5, 3],
      [4, 4, 2],
    ],
  };
  for (const p of r2) {
    for (const [i, seat] of commission.entries())
      await score(seat, decided.call.id, p.id, r2Scores[p.id]![i]!, true, new Date(now.getTime() - 25 * DAY_MS));
  }
  const relevance = (await db.callCriterion.findFirstOrThrow({ where: { callId: decided.call.id, position: 1 } })).id;
  await recordConsensus({
    actor: chair,
    callId: decided.call.id,
    proposalId: r2[1]!.id,
    criterionId: relevance,
    score: 7,
    rationale: "Комиссия обсудила расхождение: проблема подтверждена данными управления соцзащиты, оценка 3 снята после обсуждения.",
    now: new Date(now.getTime() - 20 * DAY_MS),
  });
  await publishDecision({ actor: chair, callId: decided.call.id, now: new Date(now.getTime() - 15 * DAY_MS) });
  await finalizeCall({ callId: decided.call.id, now: new Date(now.getTime() - 5 * DAY_MS) });
  const finalAwards = await db.award.findMany({
    where: { callId: decided.call.id, status: "FINAL" },
    orderBy: { rank: "asc" },
    select: { id: true },
  });
  for (const award of finalAwards) await issueLetter({ actor: officer, awardId: award.id, now: new Date(now.getTime() - 4 * DAY_MS) });
  // «Балакай»'s grant gets its draft agreement: the NCO reads it, the officer records the signing.
  const [first] = finalAwards;
  if (first && balakai.admin) {
    const bank = await db.organization.findUniqueOrThrow({
      where: { id: balakai.id },
      select: { bankName: true, bankBik: true, bankAccount: true },
    });
    const draft = await db.award.findUniqueOrThrow({ where: { id: first.id }, select: { organizationId: true } });
    if (draft.organizationId === balakai.id) {
      await createAgreement({
        actor: officer,
        awardId: first.id,
        input: {
          language: "ky",
          reportingTerms: "Уюм ар бир этаптын мөөнөтүнөн кийин 10 жумуш күнүнүн ичинде мазмундук жана каржылык отчетторду берет.",
          bankName: bank.bankName,
          bankBik: bank.bankBik,
          bankAccount: bank.bankAccount,
          shares: [4000, 4000, 2000],
        },
      });
    }
  }

  // ───────────── SZ-2026-R3: decided two days ago, in its standstill ─────────────
  // «Балакай» has a proposed grant that becomes final when the appeal window closes; «Аял жардам» was
  // not funded (below the threshold) and may appeal until then.
  const standstill = await createCall(
    "SZ-2026-R3",
    ["Жаштардын бош убактысы", "Досуг и спорт для подростков", "Leisure and sport for teenagers"],
    150_000n,
    [
      {
        organization: balakai.tin,
        title: "«Спорт баарына» ийримдери",
        summary: "Бесплатные спортивные секции для 80 подростков.",
        requestedSom: 90_000n,
        milestones: ["Набор секций", "Соревнования"],
      },
      {
        organization: ayal.tin,
        title: "Клуб выходного дня",
        summary: "Походы и мастер-классы для подростков по выходным.",
        requestedSom: 80_000n,
        milestones: ["Запуск клуба", "Итоги сезона"],
      },
    ],
    20,
  );
  await screen(standstill.proposals, null, new Date(now.getTime() - 15 * DAY_MS));
  await declareAll(
    standstill.call.id,
    standstill.proposals.map((p) => p.organizationId),
    new Date(now.getTime() - 14 * DAY_MS),
  );
  const r3Scores: Scores[] = [
    [8, 8, 4],
    [4, 3, 2],
  ];
  for (const [i, p] of standstill.proposals.entries()) {
    for (const seat of commission) await score(seat, standstill.call.id, p.id, r3Scores[i]!, true, new Date(now.getTime() - 10 * DAY_MS));
  }
  await publishDecision({ actor: chair, callId: standstill.call.id, now: new Date(now.getTime() - 2 * DAY_MS) });

  // ───────────── SZ-2026-R4: in review, a reduced offer waiting for «Балакай» ─────────────
  // The youth association's proposal fills most of the envelope; «Балакай» is offered what is left.
  const offer = await createCall(
    "SZ-2026-R4",
    ["Экологиялык агартуу", "Экологическое просвещение", "Environmental education"],
    120_000n,
    [
      {
        organization: youth.tin,
        title: "Таза Каракол",
        summary: "Субботники и уроки экологии в школах.",
        requestedSom: 70_000n,
        milestones: ["Уроки в школах", "Субботники"],
      },
      {
        organization: balakai.tin,
        title: "Жашыл мектеп",
        summary: "Школьные теплицы и экологический кружок.",
        requestedSom: 100_000n,
        milestones: ["Теплицы", "Кружок", "Отчёт"],
      },
    ],
    10,
    12,
  );
  await screen(offer.proposals, null, new Date(now.getTime() - 8 * DAY_MS));
  await declareAll(
    offer.call.id,
    offer.proposals.map((p) => p.organizationId),
    new Date(now.getTime() - 7 * DAY_MS),
  );
  const r4Scores: Scores[] = [
    [9, 9, 5],
    [8, 7, 4],
  ];
  for (const [i, p] of offer.proposals.entries()) {
    for (const seat of commission) await score(seat, offer.call.id, p.id, r4Scores[i]!, true, new Date(now.getTime() - 5 * DAY_MS));
  }
  await offerReducedAmount({
    actor: chair,
    callId: offer.call.id,
    proposalId: offer.proposals[1]!.id,
    amount: 50_000n * SOM,
    now: new Date(now.getTime() - DAY_MS),
  });
}
