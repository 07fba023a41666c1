// The demo's grants in implementation, built through the same domain functions
// the pages use (so the audit trail, ledger and totals are real): a decided
// call with two FINAL awards; «Балакай» has a signed agreement with milestone 1
// accepted and paid, milestone 2 reported and waiting for review, milestone 3
// ahead; «Аял жардам» has milestone 1 accepted (tranche payable) and milestone 2
// overdue; a statement reconciled against the payment, and a later one with a
// line that matches no payment, waiting for the finance officer's decision. Runs after the other
// demo seeds have committed, on the database they left.
import { createAgreement, signAgreement } from "~/domains/agreements/agreements.server";
import { generateCodes, issueFeedbackLink, replyToRating, submitRating } from "~/domains/agreements/feedback.server";
import { recordAudit } from "~/domains/audit/audit.server";
import { setEnvelopeInTx } from "~/domains/budgets/budgets.server";
import { createPaymentOrder } from "~/domains/disbursements/payments.server";
import { importStatement, resolveLine, getStatement } from "~/domains/disbursements/reconciliation.server";
import { reviewMilestone, submitMilestoneReport } from "~/domains/monitoring/monitoring.server";
import type { Db } from "~/utils/db.server";
import type { Actor, EffectiveRole } from "~/utils/permissions";
import { addDays, calendarDateOf, DAY_MS, startOfDay } from "~/utils/time";

const SOM = 100n;

type Plan = {
  organizationTin: string;
  reference: string;
  title: string;
  summary: string;
  amountSom: bigint;
  shares: number[];
  milestones: { title: string; deliverables: string; dueInDays: number }[];
  budget: { category: string; description: string; som: bigint }[];
};

const PLANS: Plan[] = [
  {
    organizationTin: "02103201810123",
    reference: "A",
    title: "Жаштар үчүн IT-ийримдер / IT-кружки для подростков Каракола",
    summary: "Бесплатные занятия по программированию и цифровой грамотности для 120 подростков из малообеспеченных семей.",
    amountSom: 50_000n,
    shares: [4000, 4000, 2000],
    milestones: [
      { title: "Набор групп и запуск занятий", deliverables: "4 группы по 30 подростков, расписание, оборудованный класс", dueInDays: -90 },
      { title: "Основной курс", deliverables: "48 занятий, промежуточное тестирование", dueInDays: -20 },
      { title: "Итоговые проекты и выпуск", deliverables: "Защита проектов, сертификаты, итоговый отчёт", dueInDays: 40 },
    ],
    budget: [
      { category: "Оплата труда преподавателей", description: "2 преподавателя × 6 месяцев", som: 30_000n },
      { category: "Аренда и оборудование", description: "Аренда класса, 10 ноутбуков (аренда)", som: 15_000n },
      { category: "Материалы и печать", description: "Раздаточные материалы, сертификаты", som: 5_000n },
    ],
  },
  {
    organizationTin: "02506201510456",
    reference: "B",
    title: "Кризистик борбор / Кризисная поддержка женщин",
    summary: "Психологическая и юридическая помощь женщинам в трудной жизненной ситуации.",
    amountSom: 30_000n,
    shares: [5000, 5000],
    milestones: [
      { title: "Открытие консультационного пункта", deliverables: "Пункт открыт, горячая линия работает", dueInDays: -60 },
      { title: "Консультации и группы поддержки", deliverables: "200 консультаций, 10 групп поддержки", dueInDays: -5 },
    ],
    budget: [
      { category: "Оплата труда специалистов", description: "Психолог, юрист", som: 24_000n },
      { category: "Связь и аренда", description: "Горячая линия, помещение", som: 6_000n },
    ],
  },
];

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

export async function seedDemoGrants(db: Db, now = new Date()) {
  const municipality = await db.municipality.findUniqueOrThrow({ where: { slug: "karakol" } });
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email } });
  const [officerUser, financeUser] = await Promise.all([user("officer@karakol.kg"), user("finance@karakol.kg")]);
  const officer = actorOf(officerUser, ["PROGRAMME_OFFICER"], municipality.id);
  const finance = actorOf(financeUser, ["FINANCE_OFFICER"], municipality.id);
  const total = PLANS.reduce((s, p) => s + p.amountSom, 0n) * SOM;

  // The call goes into the 2026 appropriation if it still has room, otherwise into its own.
  let appropriation = await db.appropriation.findFirstOrThrow({
    where: { programme: { municipalityId: municipality.id } },
    orderBy: { fiscalYear: "desc" },
  });
  if (appropriation.amount - appropriation.allocated < total) {
    const programme = await db.budgetProgramme.create({
      data: {
        municipalityId: municipality.id,
        code: "SZ-2026-K",
        nameKy: "Социалдык колдоо — 2026",
        nameRu: "Социальная поддержка — 2026",
        nameEn: "Social support — 2026",
      },
    });
    appropriation = await db.appropriation.create({ data: { programmeId: programme.id, fiscalYear: 2026, amount: 300_000n * SOM } });
  }

  const call = await db.$transaction(async (tx) => {
    const created = await tx.call.create({
      data: {
        municipalityId: municipality.id,
        appropriationId: appropriation.id,
        reference: "SZ-2026-K1",
        status: "DRAFT",
        titleKy: "Жаштар жана аялдар үчүн социалдык кызматтар",
        titleRu: "Социальные услуги для молодёжи и женщин",
        titleEn: "Social services for young people and women",
        summaryRu: "Конкурс завершён; проекты победителей исполняются.",
        envelope: 0n,
        minGrant: 10_000n * SOM,
        maxGrant: 60_000n * SOM,
        submissionDeadline: new Date(now.getTime() - 150 * DAY_MS),
        createdById: officer.id,
      },
    });
    await setEnvelopeInTx(tx, { actor: officer, callId: created.id, envelope: total });
    await tx.call.update({
      where: { id: created.id },
      data: {
        status: "DECIDED",
        publishedAt: new Date(now.getTime() - 200 * DAY_MS),
        decisionPublishedAt: new Date(now.getTime() - 130 * DAY_MS),
      },
    });
    await tx.$executeRaw`UPDATE "Call" SET "committed" = "committed" + ${total} WHERE "id" = ${created.id} AND "committed" + ${total} <= "envelope"`;
    await tx.$executeRaw`UPDATE "Appropriation" SET "committed" = "committed" + ${total} WHERE "id" = ${appropriation.id}`;
    await recordAudit(tx, {
      actor: officer,
      action: "demo.grants-call",
      entityType: "Call",
      entityId: created.id,
      after: { reference: created.reference, committed: total.toString() },
    });
    return created;
  });

  const agreements: {
    id: string;
    milestones: { id: string; position: number }[];
    tranches: { id: string; position: number }[];
    nco: Actor;
  }[] = [];
  for (const [index, plan] of PLANS.entries()) {
    const organization = await db.organization.findUniqueOrThrow({
      where: { tin: plan.organizationTin },
      include: { members: { include: { user: true }, orderBy: { createdAt: "asc" } } },
    });
    const admin = organization.members.find((m) => m.role === "ADMIN")!;
    const nco = actorOf(admin.user, ["NCO_ADMIN"], null, [{ id: organization.id, role: "ADMIN" }]);
    const amount = plan.amountSom * SOM;
    const proposal = await db.proposal.create({
      data: {
        callId: call.id,
        organizationId: organization.id,
        reference: `SZ-2026-K1-P${index + 1}`,
        status: "AWARDED",
        language: organization.preferredLocale,
        title: plan.title,
        summary: plan.summary,
        beneficiaries: 120,
        requestedTotal: amount,
        submittedAt: new Date(now.getTime() - 160 * DAY_MS),
        createdById: admin.userId,
        milestones: {
          create: plan.milestones.map((m, i) => ({
            position: i + 1,
            title: m.title,
            deliverables: m.deliverables,
            startsOn: startOfDay(addDays(calendarDateOf(now), m.dueInDays - 40)),
            dueOn: startOfDay(addDays(calendarDateOf(now), m.dueInDays)),
          })),
        },
        budgetLines: {
          create: plan.budget.map((line, i) => ({
            position: i + 1,
            category: line.category,
            description: line.description,
            unit: "—",
            quantity: 100,
            unitCost: line.som * SOM,
            requested: line.som * SOM,
          })),
        },
      },
    });
    const award = await db.award.create({
      data: {
        callId: call.id,
        proposalId: proposal.id,
        organizationId: organization.id,
        reference: `SZ-2026-K1-G${index + 1}`,
        status: "FINAL",
        rank: index + 1,
        finalScore: 8800 - index * 400,
        requestedAmount: amount,
        amount,
        decidedAt: new Date(now.getTime() - 130 * DAY_MS),
        finalizedAt: new Date(now.getTime() - 120 * DAY_MS),
      },
    });
    const created = await createAgreement({
      actor: officer,
      awardId: award.id,
      input: {
        language: organization.preferredLocale,
        reportingTerms:
          organization.preferredLocale === "ky"
            ? "Уюм ар бир этаптын мөөнөтүнөн кийин 10 жумуш күнүнүн ичинде мазмундук жана каржылык отчётторду, акыркы этаптан кийин 30 күндүн ичинде жыйынтыктоочу отчётту берет."
            : "Организация представляет содержательный и финансовый отчёты в течение 10 рабочих дней после срока каждого этапа и итоговый отчёт в течение 30 дней после последнего этапа.",
        bankName: organization.bankName,
        bankBik: organization.bankBik,
        bankAccount: organization.bankAccount,
        shares: plan.shares,
      },
    });
    await signAgreement({ actor: officer, agreementId: created.id, signedOn: startOfDay(addDays(calendarDateOf(now), -110)) });
    const full = await db.agreement.findUniqueOrThrow({
      where: { id: created.id },
      select: {
        milestones: { orderBy: { position: "asc" }, select: { id: true, position: true } },
        tranches: { orderBy: { position: "asc" }, select: { id: true, position: true } },
      },
    });
    agreements.push({ id: created.id, ...full, nco });
  }

  const [balakai, ayal] = agreements;
  const lines = await db.budgetLine.findMany({
    where: { proposal: { callId: call.id, reference: "SZ-2026-K1-P1" } },
    orderBy: { position: "asc" },
  });
  await submitMilestoneReport({
    actor: balakai!.nco,
    milestoneId: balakai!.milestones[0]!.id,
    input: {
      narrative: "Набрано 4 группы (118 подростков), класс оборудован, занятия идут по расписанию три раза в неделю.",
      beneficiariesReached: 118,
      indicators: [
        { indicator: "Подростков в группах", target: 120, achieved: 118 },
        { indicator: "Занятий проведено", target: 12, achieved: 12 },
      ],
      expenses: [
        { budgetLineId: lines[0]!.id, amount: 9_000n * SOM },
        { budgetLineId: lines[1]!.id, amount: 7_500n * SOM },
      ],
    },
  });
  await reviewMilestone({
    actor: officer,
    milestoneId: balakai!.milestones[0]!.id,
    input: { decision: "REQUEST_CHANGES", comment: "Приложите, пожалуйста, список групп и договор аренды." },
  });
  await submitMilestoneReport({
    actor: balakai!.nco,
    milestoneId: balakai!.milestones[0]!.id,
    input: {
      narrative:
        "Набрано 4 группы (118 подростков), класс оборудован, занятия идут по расписанию три раза в неделю. Список групп и договор аренды приложены.",
      beneficiariesReached: 118,
      indicators: [
        { indicator: "Подростков в группах", target: 120, achieved: 118 },
        { indicator: "Занятий проведено", target: 12, achieved: 12 },
      ],
      expenses: [
        { budgetLineId: lines[0]!.id, amount: 9_000n * SOM },
        { budgetLineId: lines[1]!.id, amount: 7_500n * SOM },
      ],
    },
  });
  await reviewMilestone({ actor: officer, milestoneId: balakai!.milestones[0]!.id, input: { decision: "ACCEPT", comment: "" } });
  const paidOn = startOfDay(addDays(calendarDateOf(now), -80));
  const order = await createPaymentOrder({
    actor: finance,
    trancheId: balakai!.tranches[0]!.id,
    idempotencyKey: "demo-grants-balakai-tranche-1",
    manual: { paidOn, bankReference: "ПП № 314" },
  });
  await submitMilestoneReport({
    actor: balakai!.nco,
    milestoneId: balakai!.milestones[1]!.id,
    input: {
      narrative: "Проведено 48 занятий; промежуточное тестирование прошли 109 подростков из 118.",
      beneficiariesReached: 118,
      indicators: [{ indicator: "Прошли тестирование", target: 100, achieved: 109 }],
      expenses: [
        { budgetLineId: lines[0]!.id, amount: 12_000n * SOM },
        { budgetLineId: lines[2]!.id, amount: 2_100n * SOM },
      ],
    },
  });

  await submitMilestoneReport({
    actor: ayal!.nco,
    milestoneId: ayal!.milestones[0]!.id,
    input: {
      narrative: "Консультационный пункт открыт, горячая линия работает ежедневно с 9 до 18.",
      beneficiariesReached: 64,
      indicators: [{ indicator: "Обращений на горячую линию", target: 50, achieved: 64 }],
      expenses: [],
    },
  });
  await reviewMilestone({ actor: officer, milestoneId: ayal!.milestones[0]!.id, input: { decision: "ACCEPT", comment: "" } });

  // Beneficiary feedback (decision 0079): «Балакай»'s classes have a short link, a batch of codes and a few ratings.
  const { slug } = await issueFeedbackLink({ actor: balakai!.nco, agreementId: balakai!.id });
  await generateCodes({ actor: balakai!.nco, agreementId: balakai!.id, count: 20 });
  const ratings: [number, string | undefined, "ky" | "ru", number][] = [
    [5, "Сабактар кызыктуу, мугалимдер жакшы түшүндүрөт.", "ky", 60],
    [4, "Хорошие занятия, но в классе тесно.", "ru", 45],
    [5, undefined, "ky", 30],
    [3, "Расписание часто меняется.", "ru", 12],
  ];
  const rated: string[] = [];
  for (const [index, [score, comment, locale, daysAgo]] of ratings.entries()) {
    const at = new Date(now.getTime() - daysAgo * DAY_MS);
    const { id } = await submitRating({ slug, input: { score, comment }, locale, address: `demo-${index}`, now: at });
    rated.push(id);
  }
  await replyToRating({
    actor: balakai!.nco,
    agreementId: balakai!.id,
    ratingId: rated[3]!,
    reply: "Спасибо! С января расписание утверждено на весь семестр.",
  });

  const day = (d: Date) => calendarDateOf(d).split("-").reverse().join(".");
  const statementCsv = [
    "Дата;Номер документа;Сумма;Получатель;Назначение платежа",
    `${day(new Date(paidOn.getTime() + DAY_MS))};${order.reference};"20 000,00";ОО «Балакай»;Грант, транш 1`,
    `${day(new Date(paidOn.getTime() + 2 * DAY_MS))};;"1 250,00";ОсОО «Бишкек Принт»;Возврат ошибочного платежа`,
  ].join("\r\n");
  const statement = await importStatement({
    actor: finance,
    fileName: "выписка-казначейство.csv",
    bytes: new TextEncoder().encode(statementCsv),
  });
  const detail = await getStatement({ actor: finance, statementId: statement.id });
  const unknown = detail.lines.find((l) => l.match?.status === "UNMATCHED");
  if (unknown) await resolveLine({ actor: finance, lineId: unknown.id, note: "Не наш платёж: банк вернул отправителю." });
  // A later statement with a line that matches no payment order: it waits for the finance officer's decision.
  const laterCsv = [
    "Дата;Номер документа;Сумма;Получатель;Назначение платежа",
    `${day(new Date(now.getTime() - 3 * DAY_MS))};ПП 77;"2 400,00";ОФ «Аял жардам»;Возврат неиспользованного остатка гранта`,
  ].join("\r\n");
  await importStatement({ actor: finance, fileName: "выписка-казначейство-декабрь.csv", bytes: new TextEncoder().encode(laterCsv) });
  return { callId: call.id, agreements: agreements.map((a) => a.id) };
}
