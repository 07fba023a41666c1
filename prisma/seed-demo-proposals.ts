// The demo's proposals, made through the same domain functions the pages use
// (so versions, receipts, hashes, audit events and notices are real):
//  - the open call: «Аял жардам» has submitted; «Балакай» holds a draft with
//    the summary, problem, target group, part of the work plan and budget
//    filled in, the team and documents still to do;
//  - the closed call: both NCOs submitted before the deadline, «Аял жардам»
//    twice (the second version counts), ready for review.
// Both NCOs keep their charter, registration certificate, tax clearance and
// annual report in the vault; the proposals take them from there.
// Runs after the calls have committed, with instants before their deadlines.
import { writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { saveAttachment } from "~/domains/files/files.server";
import { createIncomingFile } from "~/domains/files/storage.server";
import { createPdf } from "~/domains/pdf/document.server";
import { BudgetSchema, WorkPlanSchema, type DocumentKindValue } from "~/domains/proposals/proposal-schemas";
import { requiredKindsOf } from "~/domains/proposals/proposal-rules";
import { saveSection, startProposal } from "~/domains/proposals/proposals.server";
import { submitProposal } from "~/domains/proposals/submission.server";
import type { Db } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { DAY_MS } from "~/utils/time";

const VAULT_KINDS: { kind: DocumentKindValue; title: { ky: string; ru: string } }[] = [
  { kind: "CHARTER", title: { ky: "Устав", ru: "Устав" } },
  { kind: "REGISTRATION_CERTIFICATE", title: { ky: "Мамлекеттик каттоо күбөлүгү", ru: "Свидетельство о государственной регистрации" } },
  {
    kind: "TAX_CLEARANCE",
    title: { ky: "Салык карызы жок экендиги жөнүндө маалымкат", ru: "Справка об отсутствии налоговой задолженности" },
  },
  { kind: "ANNUAL_REPORT", title: { ky: "2025-жылдын жылдык отчету", ru: "Годовой отчёт за 2025 год" } },
];

type Nco = { actor: Actor; organizationId: string; language: "ky" | "ru"; name: string };

async function ncoByEmail(db: Db, email: string): Promise<Nco> {
  const user = await db.user.findUniqueOrThrow({
    where: { email },
    select: {
      id: true,
      email: true,
      fullName: true,
      locale: true,
      memberships: { select: { organizationId: true, role: true, organization: { select: { nameRu: true, preferredLocale: true } } } },
    },
  });
  const membership = user.memberships[0]!;
  return {
    actor: {
      id: user.id,
      email: user.email,
      label: `${user.fullName} <${user.email}>`,
      locale: user.locale,
      municipalityId: null,
      roles: [membership.role === "ADMIN" ? "NCO_ADMIN" : "NCO_MEMBER"],
      organizations: [{ id: membership.organizationId, role: membership.role }],
    },
    organizationId: membership.organizationId,
    language: membership.organization.preferredLocale === "ru" ? "ru" : "ky",
    name: membership.organization.nameRu,
  };
}

/** A one-page PDF standing for the real document, kept in the organization's vault. */
async function storeVaultDocument(db: Db, nco: Nco, kind: DocumentKindValue, title: string) {
  const pdf = createPdf({ title, language: nco.language });
  pdf.heading(title).paragraph(nco.name).paragraph("Демонстрационный документ портала / Порталдын демонстрациялык документи.");
  const bytes = await pdf.toBuffer();
  const incoming = await createIncomingFile();
  await incoming.handle.close();
  await writeFile(incoming.path, bytes);
  await db.$transaction(async (tx) => {
    const attachment = await saveAttachment(tx, {
      actor: nco.actor,
      organizationId: nco.organizationId,
      file: {
        field: "file",
        originalName: `${kind.toLowerCase()}.pdf`,
        mediaType: "application/pdf",
        format: "pdf",
        size: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        incomingPath: incoming.path,
      },
    });
    await tx.storedDocument.create({
      data: { organizationId: nco.organizationId, kind, title, attachmentId: attachment.id, uploadedById: nco.actor.id },
    });
  });
}

type Content = {
  title: string;
  summary: string;
  problem: string;
  targetGroup: string;
  beneficiaries: number;
  objectives?: string;
  activities: string;
  milestones: { title: string; deliverables: string; startsOn: string; dueOn: string }[];
  lines: { category: string; description: string; unit: string; quantity: string; unitCost: string; cofinancing: string }[];
  team?: string;
};

/** Starts a proposal at `at` and fills the sections the content has; documents come from the vault. */
async function draft(db: Db, nco: Nco, callId: string, at: Date, content: Content, withDocuments: boolean) {
  const base = { actor: nco.actor, now: at };
  const { id: proposalId } = await startProposal({ ...base, callId, organizationId: nco.organizationId });
  const save = (change: Parameters<typeof saveSection>[0]) => saveSection(change);
  await save({
    ...base,
    proposalId,
    section: "summary",
    input: { title: content.title, summary: content.summary, language: nco.language },
  });
  await save({ ...base, proposalId, section: "problem", input: { problem: content.problem } });
  await save({
    ...base,
    proposalId,
    section: "target-group",
    input: { targetGroup: content.targetGroup, beneficiaries: content.beneficiaries },
  });
  if (content.objectives) await save({ ...base, proposalId, section: "objectives", input: { objectives: content.objectives } });
  await save({
    ...base,
    proposalId,
    section: "work-plan",
    input: WorkPlanSchema.parse({ activities: content.activities, milestones: content.milestones }),
  });
  await save({
    ...base,
    proposalId,
    section: "budget",
    input: BudgetSchema.parse({ lines: content.lines.map((l) => ({ ...l, requested: "" })) }),
  });
  if (content.team) await save({ ...base, proposalId, section: "team", input: { team: content.team } });
  if (withDocuments) {
    const call = await db.call.findUniqueOrThrow({ where: { id: callId }, select: { requiredDocuments: true } });
    const kinds = requiredKindsOf(
      call.requiredDocuments,
      VAULT_KINDS.map((v) => v.kind),
    );
    const vault = await db.storedDocument.findMany({
      where: { organizationId: nco.organizationId, kind: { in: kinds } },
      select: { id: true, kind: true },
    });
    await save({ ...base, proposalId, section: "documents", input: { documents: Object.fromEntries(vault.map((d) => [d.kind, d.id])) } });
  }
  return proposalId;
}

const key = (label: string) =>
  `demo-${label}-${createHash("sha256")
    .update(label + Date.now())
    .digest("hex")
    .slice(0, 24)}`;

export async function seedDemoProposals(db: Db, calls: { openCallId: string; closedCallId: string }, now = new Date()) {
  const balakai = await ncoByEmail(db, "nco@balakai.kg");
  const ayal = await ncoByEmail(db, "info@ayalzhardam.kg");
  for (const nco of [balakai, ayal]) {
    for (const { kind, title } of VAULT_KINDS) await storeVaultDocument(db, nco, kind, title[nco.language]);
  }
  const deadlineOf = async (callId: string) =>
    (await db.call.findUniqueOrThrow({ where: { id: callId }, select: { submissionDeadline: true } })).submissionDeadline!;
  const closedDeadline = await deadlineOf(calls.closedCallId);

  // The closed call: submitted before its deadline.
  const ayalShelter = await draft(db, ayal, calls.closedCallId, new Date(closedDeadline.getTime() - 9 * DAY_MS), AYAL_SHELTER, true);
  await submitProposal({
    actor: ayal.actor,
    now: new Date(closedDeadline.getTime() - 5 * DAY_MS),
    proposalId: ayalShelter,
    idempotencyKey: key("ayal-shelter-1"),
  });
  await saveSection({
    actor: ayal.actor,
    now: new Date(closedDeadline.getTime() - 3 * DAY_MS - 3_600_000),
    proposalId: ayalShelter,
    section: "objectives",
    input: {
      objectives: `${AYAL_SHELTER.objectives}\n\nКаждая женщина, прошедшая через убежище, получает план безопасности и контакты кризисной линии.`,
    },
  });
  await submitProposal({
    actor: ayal.actor,
    now: new Date(closedDeadline.getTime() - 3 * DAY_MS),
    proposalId: ayalShelter,
    idempotencyKey: key("ayal-shelter-2"),
  });
  const balakaiLegal = await draft(db, balakai, calls.closedCallId, new Date(closedDeadline.getTime() - 8 * DAY_MS), BALAKAI_LEGAL, true);
  await submitProposal({
    actor: balakai.actor,
    now: new Date(closedDeadline.getTime() - DAY_MS - 2 * 3_600_000),
    proposalId: balakaiLegal,
    idempotencyKey: key("balakai-legal"),
  });

  // The open call: one submitted, one draft in progress.
  const ayalMigrants = await draft(db, ayal, calls.openCallId, new Date(now.getTime() - 6 * DAY_MS), AYAL_MIGRANTS, true);
  await submitProposal({
    actor: ayal.actor,
    now: new Date(now.getTime() - 3 * DAY_MS),
    proposalId: ayalMigrants,
    idempotencyKey: key("ayal-migrants"),
  });
  await draft(db, balakai, calls.openCallId, new Date(now.getTime() - 2 * DAY_MS), BALAKAI_DRAFT, false);
}

const AYAL_SHELTER: Content & { objectives: string } = {
  title: "Безопасный дом: временное убежище для женщин и детей",
  summary:
    "Круглосуточное убежище на 8 мест в Караколе с юридической и психологической помощью для женщин, пострадавших от домашнего насилия, и их детей.",
  problem:
    "В 2025 году кризисный центр Каракола принял 214 обращений о домашнем насилии, но в городе нет ни одного места, где женщина с детьми может укрыться на ночь. Пострадавшие возвращаются к обидчику, потому что им некуда идти.",
  targetGroup:
    "Женщины, пострадавшие от домашнего насилия или находящиеся под его угрозой, и их дети до 14 лет, жители Каракола и Ак-Суйского района.",
  beneficiaries: 90,
  objectives:
    "Обеспечить безопасное проживание до 30 дней для 40 женщин и 50 детей за год. Оказать каждой женщине юридическую консультацию и не менее трёх встреч с психологом.",
  activities:
    "Аренда и обустройство дома, круглосуточное дежурство, юридическое сопровождение в суде и милиции, групповые и индивидуальные занятия с психологом, связь с кризисной линией.",
  milestones: [
    {
      title: "Убежище открыто",
      deliverables: "Дом обустроен, дежурство организовано, приняты первые жительницы",
      startsOn: "2027-01-10",
      dueOn: "2027-02-28",
    },
    {
      title: "Полугодие работы",
      deliverables: "Отчёт: число жительниц, консультаций, занятий",
      startsOn: "2027-03-01",
      dueOn: "2027-06-30",
    },
    { title: "Итоги года", deliverables: "Итоговый отчёт и оценка результатов", startsOn: "2027-07-01", dueOn: "2027-12-20" },
  ],
  lines: [
    { category: "RENT", description: "Аренда дома", unit: "месяц", quantity: "12", unitCost: "1 500", cofinancing: "3 000" },
    {
      category: "STAFF",
      description: "Дежурные администраторы (2 ставки)",
      unit: "месяц",
      quantity: "12",
      unitCost: "1 800",
      cofinancing: "",
    },
    { category: "SERVICES", description: "Юрист, сопровождение дел", unit: "дело", quantity: "20", unitCost: "350", cofinancing: "" },
    {
      category: "SUPPLIES",
      description: "Постельное бельё, продукты, средства гигиены",
      unit: "комплект",
      quantity: "40",
      unitCost: "112,50",
      cofinancing: "500",
    },
  ],
  team: "Асанова Айгүл — руководитель, 12 лет работы с пострадавшими от насилия; Ким Светлана — психолог; Бейшеналиева Нургуль — юрист.",
};

const BALAKAI_LEGAL: Content = {
  title: "Укук жардамы: зомбулуктан жабыр тарткан аялдарга акысыз юридикалык кеңеш",
  summary: "Караколдо жумасына үч күн иштеген юридикалык кеңеш берүү пункту жана ар бир айылда айына бир жолу көчмө кабыл алуу.",
  problem:
    "Жабыр тарткан аялдардын көбү алимент, ажырашуу жана коргоо ордери боюнча укуктарын билбейт. Акы төлөнүүчү адвокат алар үчүн өтө кымбат.",
  targetGroup: "Үй-бүлөлүк зомбулуктан жабыр тарткан аялдар, алардын ичинде айылдарда жашагандар.",
  beneficiaries: 150,
  objectives: "Бир жылда 150 аялга кеңеш берүү, 30 ишти сотко чейин коштоо.",
  activities: "Кеңеш берүү пунктун ачуу, көчмө кабыл алуулар, укуктук маалымат баракчаларын таратуу, соттогу коштоо.",
  milestones: [
    { title: "Пункт ачылды", deliverables: "Кабыл алуунун графиги, маалымат баракчалары", startsOn: "2027-01-15", dueOn: "2027-03-01" },
    { title: "Жылдын жыйынтыгы", deliverables: "Кеңештердин жана иштердин отчету", startsOn: "2027-03-02", dueOn: "2027-12-15" },
  ],
  lines: [
    { category: "STAFF", description: "Юрист (0,5 ставка)", unit: "ай", quantity: "12", unitCost: "1 700", cofinancing: "" },
    { category: "TRAVEL", description: "Айылдарга көчмө кабыл алуу", unit: "сапар", quantity: "24", unitCost: "250", cofinancing: "1 000" },
    {
      category: "SUPPLIES",
      description: "Маалымат баракчаларын басып чыгаруу",
      unit: "нуска",
      quantity: "2 000",
      unitCost: "2,50",
      cofinancing: "",
    },
  ],
  team: "Мамбетова Жылдыз — жетекчи; Усенов Мирлан — юрист, 7 жылдык тажрыйба.",
};

const AYAL_MIGRANTS: Content = {
  title: "Продлёнка для детей трудовых мигрантов",
  summary: "Группа продлённого дня на 40 детей 7–14 лет, чьи родители работают за рубежом: помощь с уроками, питание, психолог.",
  problem:
    "В школах Каракола учатся более 1 100 детей, чьи родители работают в России и Казахстане. Они живут с бабушками и дедушками, отстают в учёбе и чаще бросают школу.",
  targetGroup: "Дети 7–14 лет из семей трудовых мигрантов, школы № 2, 5 и 9 Каракола.",
  beneficiaries: 40,
  objectives: "Снизить число неуспевающих среди участников вдвое за учебный год; каждому ребёнку — занятия с психологом.",
  activities: "Занятия после уроков четыре дня в неделю, горячий обед, встречи с психологом, видеосвязь с родителями раз в месяц.",
  milestones: [
    { title: "Набор детей и начало занятий", deliverables: "Списки групп, расписание", startsOn: "2027-01-11", dueOn: "2027-02-01" },
    { title: "Конец учебного года", deliverables: "Отчёт об успеваемости и посещаемости", startsOn: "2027-02-02", dueOn: "2027-06-15" },
  ],
  lines: [
    { category: "STAFF", description: "Педагоги (2 ставки)", unit: "месяц", quantity: "10", unitCost: "3 000", cofinancing: "" },
    { category: "SERVICES", description: "Горячее питание", unit: "обед", quantity: "6 400", unitCost: "6,25", cofinancing: "5 000" },
    { category: "STAFF", description: "Психолог (0,5 ставки)", unit: "месяц", quantity: "10", unitCost: "1 200", cofinancing: "" },
  ],
  team: "Асанова Айгүл — руководитель; два педагога начальных классов; психолог Ким Светлана.",
};

const BALAKAI_DRAFT: Content = {
  title: "Мигранттардын балдары үчүн «Досторум» борбору",
  summary: "Ата-энелери чет өлкөдө иштеген балдар үчүн окуу жана психологиялык колдоо борбору.",
  problem: "Караколдо 1 200дөн ашык бала ата-энесиз чоңоюп жатат. Алар сабактан артта калып, жалгыздыкты сезишет.",
  targetGroup: "7–15 жаштагы мигранттардын балдары жана аларды караган чоң ата, чоң энелер.",
  beneficiaries: 60,
  activities: "Сабактан кийинки сабактар, психологдун жумасына эки жолу кабыл алуусу.",
  milestones: [{ title: "Борбор ачылды", deliverables: "Топтордун тизмеси", startsOn: "2027-01-15", dueOn: "2027-02-15" }],
  lines: [
    { category: "STAFF", description: "Психолог", unit: "ай", quantity: "10", unitCost: "2 500", cofinancing: "" },
    { category: "RENT", description: "Бөлмө", unit: "ай", quantity: "10", unitCost: "1 500", cofinancing: "5 000" },
  ],
};
