// The demo's calls for Karakol's 2026 appropriation: one open (deadline three
// weeks ahead), one whose deadline passed two days ago (closed by the clock,
// ready for review). Dates are relative to the moment the demo is loaded.
// Together they hold 250,000 of the 400,000 som, so the demo keeps room for
// a new call's envelope.
// Envelopes go through the budget's own allocation, so the ledger and the
// audit trail tell the same story as in real use.
import { recordAudit } from "~/domains/audit/audit.server";
import { setEnvelopeInTx } from "~/domains/budgets/budgets.server";
import { somToTyiyn } from "~/domains/budgets/money";
import { bishkekLocalToInstant, DAY_MS, instantToBishkekLocal } from "~/utils/time";
import type { Tx } from "~/utils/db.server";

export type DemoCallIds = {
  appropriationId: string;
  municipalityId: string;
  programmeCode: string;
  officer: { id: string; label: string };
  asker: { ncoAdmin: string; ncoMember: string; ncoAdmin2: string };
  organizations: { balakai: string; ayal: string };
};

type Texts = Record<"Ky" | "Ru" | "En", string>;
type Criterion = { name: Texts; description: Texts; maxScore: number; weight: number };
type Clarification = {
  askedBy: string;
  organizationId: string;
  language: "ky" | "ru";
  question: string;
  answer?: Texts;
  askedDaysAgo: number;
};

/** The instant at `hour`:00 on a Bishkek clock, `days` days from now. */
function bishkekAt(now: Date, days: number, hour: number) {
  const day = instantToBishkekLocal(new Date(now.getTime() + days * DAY_MS)).slice(0, 10);
  return bishkekLocalToInstant(`${day}T${String(hour).padStart(2, "0")}:00`)!;
}

const texts = (ky: string, ru: string, en: string): Texts => ({ Ky: ky, Ru: ru, En: en });

function columns<F extends string>(field: F, value: Texts) {
  return { [`${field}Ky`]: value.Ky, [`${field}Ru`]: value.Ru, [`${field}En`]: value.En } as Record<`${F}${keyof Texts}`, string>;
}

async function seedCall(
  tx: Tx,
  ids: DemoCallIds,
  now: Date,
  call: {
    reference: string;
    title: Texts;
    summary: Texts;
    problem: Texts;
    targetGroup: Texts;
    eligibility: Texts;
    legalForms: string[];
    regions: string[];
    minOrganizationAgeMonths: number;
    requiredDocuments: string[];
    envelopeSom: number;
    minGrantSom: number;
    maxGrantSom: number;
    timeline: { publish: number; clarification: number; deadline: number; reviewStart: number; reviewEnd: number };
    criteria: Criterion[];
    clarifications: Clarification[];
    followers: string[];
  },
) {
  const publishAt = bishkekAt(now, call.timeline.publish, 9);
  const created = await tx.call.create({
    data: {
      municipalityId: ids.municipalityId,
      appropriationId: ids.appropriationId,
      reference: call.reference,
      ...columns("title", call.title),
      ...columns("summary", call.summary),
      ...columns("problem", call.problem),
      ...columns("targetGroup", call.targetGroup),
      ...columns("eligibility", call.eligibility),
      eligibleLegalForms: call.legalForms,
      eligibleRegions: call.regions,
      minOrganizationAgeMonths: call.minOrganizationAgeMonths,
      requiredDocuments: call.requiredDocuments,
      minGrant: somToTyiyn(call.minGrantSom),
      maxGrant: somToTyiyn(call.maxGrantSom),
      maxProposalsPerOrganization: 1,
      publishAt,
      clarificationDeadline: bishkekAt(now, call.timeline.clarification, 18),
      submissionDeadline: bishkekAt(now, call.timeline.deadline, 18),
      reviewStartsAt: bishkekAt(now, call.timeline.reviewStart, 9),
      reviewEndsAt: bishkekAt(now, call.timeline.reviewEnd, 18),
      createdById: ids.officer.id,
      createdAt: new Date(publishAt.getTime() - 5 * DAY_MS),
      criteria: {
        create: call.criteria.map((c, position) => ({
          position,
          ...columns("name", c.name),
          ...columns("description", c.description),
          maxScore: c.maxScore,
          weight: c.weight,
        })),
      },
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    actor: ids.officer,
    action: "call.created",
    entityType: "Call",
    entityId: created.id,
    after: { reference: call.reference },
  });
  await setEnvelopeInTx(tx, { actor: ids.officer, callId: created.id, envelope: somToTyiyn(call.envelopeSom) });
  await tx.call.update({ where: { id: created.id }, data: { status: "PUBLISHED", publishedAt: publishAt } });
  await recordAudit(tx, {
    actor: ids.officer,
    action: "call.published",
    entityType: "Call",
    entityId: created.id,
    before: { status: "DRAFT" },
    after: { status: "PUBLISHED", publishAt },
  });

  for (const userId of call.followers) await tx.callSubscription.create({ data: { callId: created.id, userId } });
  for (const item of call.clarifications) {
    const askedAt = new Date(now.getTime() - item.askedDaysAgo * DAY_MS);
    await tx.clarificationQuestion.create({
      data: {
        callId: created.id,
        askedById: item.askedBy,
        organizationId: item.organizationId,
        question: item.question,
        language: item.language,
        createdAt: askedAt,
        ...(item.answer
          ? {
              answerKy: item.answer.Ky,
              answerRu: item.answer.Ru,
              answerEn: item.answer.En,
              answeredById: ids.officer.id,
              answeredAt: new Date(askedAt.getTime() + DAY_MS),
            }
          : {}),
      },
    });
  }
  return created.id;
}

/** Adds the two demo calls; returns their ids for the demo data that builds on them (proposals). */
export async function seedDemoCalls(tx: Tx, ids: DemoCallIds, now = new Date()) {
  const closedCallId = await seedCall(tx, ids, now, {
    reference: `${ids.programmeCode}-01`,
    title: texts("Зомбулуктун курмандыгы болгон аялдар", "Женщины — жертвы домашнего насилия", "Women survivors of domestic violence"),
    summary: texts(
      "Үй-бүлөлүк зомбулуктан жабыр тарткан аялдарга убактылуу баш калкалоочу жай, юридикалык жана психологиялык жардам көрсөтүү долбоорлоруна гранттар.",
      "Гранты на проекты временного убежища, юридической и психологической помощи женщинам, пострадавшим от домашнего насилия.",
      "Grants for projects providing temporary shelter, legal and psychological help to women who have suffered domestic violence.",
    ),
    problem: texts(
      "Ысык-Көл облусунда үй-бүлөлүк зомбулук боюнча кайрылуулардын саны өсүүдө, бирок Караколдо аялдар жана алардын балдары коопсуз баш калкалай турган жай жетишсиз. Жабыр тарткандардын көбү укуктарын билбейт жана жардам сурап кайрылуудан коркушат.",
      "В Иссык-Кульской области растёт число обращений по поводу домашнего насилия, но в Караколе не хватает мест, где женщины с детьми могут безопасно укрыться. Многие пострадавшие не знают своих прав и боятся обращаться за помощью.",
      "Reports of domestic violence are rising in the Issyk-Kul region, yet Karakol lacks places where women and their children can shelter safely. Many survivors do not know their rights and are afraid to ask for help.",
    ),
    targetGroup: texts(
      "Үй-бүлөлүк зомбулуктан жабыр тарткан же анын коркунучунда турган аялдар жана алардын балдары.",
      "Женщины, пострадавшие от домашнего насилия или находящиеся под его угрозой, и их дети.",
      "Women who have suffered domestic violence or are at risk of it, and their children.",
    ),
    eligibility: texts(
      "Зомбулуктан жабыр тарткандарга жардам көрсөтүү тажрыйбасы кеминде эки жыл болгон, Кыргыз Республикасында катталган коммерциялык эмес уюмдар катыша алат.",
      "Участвовать могут некоммерческие организации, зарегистрированные в Кыргызской Республике, с опытом помощи пострадавшим от насилия не менее двух лет.",
      "Non-commercial organizations registered in the Kyrgyz Republic with at least two years' experience of helping survivors of violence may apply.",
    ),
    legalForms: ["PUBLIC_UNION", "PUBLIC_FOUNDATION", "INSTITUTION"],
    regions: [],
    minOrganizationAgeMonths: 24,
    requiredDocuments: ["CHARTER", "REGISTRATION_CERTIFICATE", "ANNUAL_REPORT"],
    envelopeSom: 100_000,
    minGrantSom: 30_000,
    maxGrantSom: 60_000,
    timeline: { publish: -45, clarification: -16, deadline: -2, reviewStart: 1, reviewEnd: 20 },
    criteria: [
      {
        name: texts(
          "Жабыр тарткандардын коопсуздугу жана купуялуулугу",
          "Безопасность и конфиденциальность для пострадавших",
          "Safety and confidentiality for survivors",
        ),
        description: texts(
          "Баш калкалоочу жайдын дареги жашыруун сакталат, жеке маалыматтар корголот.",
          "Адрес убежища держится в тайне, персональные данные защищены.",
          "The shelter's address is kept secret and personal data are protected.",
        ),
        maxScore: 10,
        weight: 40,
      },
      {
        name: texts("Кызматтардын комплекстүүлүгү", "Комплексность услуг", "A comprehensive set of services"),
        description: texts(
          "Баш калкалоочу жай, юридикалык жана психологиялык жардам бирге көрсөтүлөт.",
          "Убежище, юридическая и психологическая помощь оказываются вместе.",
          "Shelter, legal and psychological help are offered together.",
        ),
        maxScore: 10,
        weight: 35,
      },
      {
        name: texts("Бюджеттин негиздүүлүгү", "Обоснованность бюджета", "A justified budget"),
        description: texts("", "", ""),
        maxScore: 10,
        weight: 25,
      },
    ],
    clarifications: [
      {
        askedBy: ids.asker.ncoAdmin2,
        organizationId: ids.organizations.ayal,
        language: "ru",
        question: "Можно ли включить в бюджет аренду помещения для убежища?",
        answer: texts(
          "Ооба, баш калкалоочу жай үчүн жайды ижарага алуу чыгымдары уруксат берилет.",
          "Да, расходы на аренду помещения для убежища допускаются.",
          "Yes, renting premises for the shelter is an eligible cost.",
        ),
        askedDaysAgo: 30,
      },
      {
        askedBy: ids.asker.ncoAdmin,
        organizationId: ids.organizations.balakai,
        language: "ky",
        question: "Долбоорду башка уюм менен бирге ишке ашырса болобу?",
        answer: texts(
          "Болот. Өнөктөш уюмдун колдоо катын табыштамага тиркеңиз.",
          "Можно. Приложите к заявке письмо поддержки организации-партнёра.",
          "Yes. Attach the partner organization's letter of support to the proposal.",
        ),
        askedDaysAgo: 25,
      },
    ],
    followers: [ids.asker.ncoAdmin2],
  });

  const openCallId = await seedCall(tx, ids, now, {
    reference: `${ids.programmeCode}-02`,
    title: texts("Балдар — эмгек мигранттарынын балдары", "Дети трудовых мигрантов", "Children of labour migrants"),
    summary: texts(
      "Ата-энеси чет өлкөдө иштеп жүргөн Караколдогу балдар үчүн мектептен тышкаркы колдоо, психологиялык жардам жана үй-бүлөлүк байланышты чыңдоо боюнча долбоорлорго гранттар.",
      "Гранты на проекты внешкольной поддержки, психологической помощи и укрепления семейных связей для детей Каракола, чьи родители работают за рубежом.",
      "Grants for projects offering after-school support, psychological help and stronger family ties to Karakol children whose parents work abroad.",
    ),
    problem: texts(
      "Караколдо миңдеген балдар ата-энеси Россияда же Казакстанда иштеп жүргөндө чоң ата-чоң энесинин же туугандарынын колунда чоңоюшат. Мындай балдардын сабак үлгүрүмү төмөндөп, жалгыздык жана тынчсыздануу сезими күчөйт, алар зомбулукка жана эрте никеге көбүрөөк кабылышат.",
      "В Караколе тысячи детей растут у бабушек, дедушек или родственников, пока родители работают в России или Казахстане. У таких детей падает успеваемость, растут чувство одиночества и тревожность, они чаще сталкиваются с насилием и ранними браками.",
      "In Karakol thousands of children grow up with grandparents or relatives while their parents work in Russia or Kazakhstan. Their school results fall, loneliness and anxiety grow, and they are more exposed to violence and early marriage.",
    ),
    targetGroup: texts(
      "Ата-энесинин бири же экөө тең эмгек миграциясында жүргөн 7–17 жаштагы балдар жана аларды багып жаткан туугандары (Каракол шаары).",
      "Дети 7–17 лет, один или оба родителя которых находятся в трудовой миграции, и родственники, которые о них заботятся (город Каракол).",
      "Children aged 7–17 with one or both parents in labour migration, and the relatives caring for them (Karakol city).",
    ),
    eligibility: texts(
      "Ысык-Көл облусунда катталган, балдар менен иштөө тажрыйбасы бар коммерциялык эмес уюмдар катыша алат. Уюм кеминде 12 ай мурун катталган болушу жана салык карызы болбошу керек.",
      "Участвовать могут некоммерческие организации, зарегистрированные в Иссык-Кульской области и имеющие опыт работы с детьми. Организация должна быть зарегистрирована не менее 12 месяцев назад и не иметь налоговой задолженности.",
      "Non-commercial organizations registered in the Issyk-Kul region with experience of working with children may apply. The organization must have been registered for at least 12 months and have no tax debt.",
    ),
    legalForms: ["PUBLIC_UNION", "PUBLIC_FOUNDATION", "ASSOCIATION"],
    regions: ["ISSYK_KUL"],
    minOrganizationAgeMonths: 12,
    requiredDocuments: ["CHARTER", "REGISTRATION_CERTIFICATE", "TAX_CLEARANCE"],
    envelopeSom: 150_000,
    minGrantSom: 50_000,
    maxGrantSom: 100_000,
    timeline: { publish: -10, clarification: 14, deadline: 21, reviewStart: 22, reviewEnd: 45 },
    criteria: [
      {
        name: texts(
          "Көйгөйдүн актуалдуулугу жана максаттуу топ",
          "Актуальность и целевая группа",
          "Relevance and a well-defined target group",
        ),
        description: texts(
          "Долбоор балдардын чыныгы муктаждыктарына негизделгенби, максаттуу топ кантип аныкталган.",
          "Насколько проект опирается на реальные потребности детей и как определена целевая группа.",
          "How far the project rests on the children's real needs and how the target group is defined.",
        ),
        maxScore: 10,
        weight: 30,
      },
      {
        name: texts(
          "Иш-чаралардын сапаты жана натыйжалуулугу",
          "Качество и результативность мероприятий",
          "Quality and effectiveness of activities",
        ),
        description: texts(
          "Иш-чаралар максатка шайкешпи, күтүлгөн натыйжалар өлчөнөбү.",
          "Соответствуют ли мероприятия цели, измеримы ли ожидаемые результаты.",
          "Do the activities serve the objective, and are the expected results measurable.",
        ),
        maxScore: 10,
        weight: 25,
      },
      {
        name: texts("Уюмдун тажрыйбасы жана командасы", "Опыт организации и команда", "The organization's experience and team"),
        description: texts(
          "Балдар менен иштөө тажрыйбасы, адистердин квалификациясы.",
          "Опыт работы с детьми, квалификация специалистов.",
          "Experience of working with children, qualification of the specialists.",
        ),
        maxScore: 10,
        weight: 25,
      },
      {
        name: texts(
          "Бюджеттин негиздүүлүгү жана кошумча каржылоо",
          "Обоснованность бюджета и софинансирование",
          "A justified budget and co-financing",
        ),
        description: texts(
          "Чыгымдар иш-чараларга шайкеш жана негиздүү, уюмдун өз салымы бар.",
          "Расходы соответствуют мероприятиям и обоснованы, есть собственный вклад организации.",
          "Costs match the activities and are justified; the organization contributes its own resources.",
        ),
        maxScore: 10,
        weight: 20,
      },
    ],
    clarifications: [
      {
        askedBy: ids.asker.ncoAdmin2,
        organizationId: ids.organizations.ayal,
        language: "ru",
        question: "Может ли организация из Балыкчы подать заявку, если проект будет реализован в Караколе?",
        answer: texts(
          "Ооба, эгерде уюм Ысык-Көл облусунда катталган болсо жана долбоор Каракол шаарында ишке ашырылса, табыштама бере алат.",
          "Да, если организация зарегистрирована в Иссык-Кульской области, а проект реализуется в Караколе, она может подать заявку.",
          "Yes. An organization registered in the Issyk-Kul region may apply if the project is carried out in Karakol.",
        ),
        askedDaysAgo: 8,
      },
      {
        askedBy: ids.asker.ncoAdmin,
        organizationId: ids.organizations.balakai,
        language: "ky",
        question: "Долбоордун бюджетине психологдун эмгек акысын киргизсе болобу?",
        answer: texts(
          "Ооба. Адистердин эмгек акысы долбоордун бюджетинин 50 пайызынан ашпашы керек.",
          "Да. Оплата труда специалистов не должна превышать 50 процентов бюджета проекта.",
          "Yes. Specialists' fees may not exceed 50 percent of the project budget.",
        ),
        askedDaysAgo: 6,
      },
      {
        askedBy: ids.asker.ncoMember,
        organizationId: ids.organizations.balakai,
        language: "ru",
        question: "Нужно ли прикладывать письма поддержки от школ, если мы работаем с ними по договору?",
        askedDaysAgo: 1,
      },
    ],
    followers: [ids.asker.ncoAdmin, ids.asker.ncoMember],
  });

  // The open call asks three extra questions (decision 0077); none required, so the demo's drafts still submit.
  const questions = [
    {
      kind: "NUMBER" as const,
      labelKy: "Долбоорго канча волонтер катышат?",
      labelRu: "Сколько волонтёров участвует в проекте?",
      labelEn: "How many volunteers take part in the project?",
      minValue: 0,
      maxValue: 500,
    },
    {
      kind: "CHOICE" as const,
      labelKy: "Долбоор кайсы жерде ишке ашырылат?",
      labelRu: "Где реализуется проект?",
      labelEn: "Where does the project take place?",
      options: [
        { ky: "Каракол шаары", ru: "Город Каракол", en: "Karakol city" },
        { ky: "Айылдар", ru: "Сёла", en: "Villages" },
        { ky: "Шаар жана айылдар", ru: "Город и сёла", en: "City and villages" },
      ],
    },
    {
      kind: "TEXT" as const,
      labelKy: "Мектептер менен кантип кызматташасыз?",
      labelRu: "Как вы сотрудничаете со школами?",
      labelEn: "How do you work with schools?",
    },
  ];
  for (const [position, question] of questions.entries()) {
    await tx.callQuestion.create({ data: { callId: openCallId, position, ...question } });
  }
  return { openCallId, closedCallId };
}
