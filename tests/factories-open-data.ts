// A whole contracting process, from appropriation to a paid tranche, for the open-data exports.
import { randomBytes } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { createMunicipality, createOrganization, createUser } from "./factories";

const unique = () => randomBytes(4).toString("hex");

export async function createFundedProcess() {
  const municipality = await createMunicipality();
  const officer = await createUser();
  const programme = await prisma.budgetProgramme.create({
    data: {
      municipalityId: municipality.id,
      code: `SZ-${unique()}`,
      nameKy: "Социалдык заказ",
      nameRu: "Социальный заказ",
      nameEn: "Social order",
    },
  });
  const appropriation = await prisma.appropriation.create({
    data: { programmeId: programme.id, fiscalYear: 2026, amount: 40_000_000n, allocated: 20_000_000n, committed: 15_000_050n },
  });
  const call = await prisma.call.create({
    data: {
      municipalityId: municipality.id,
      appropriationId: appropriation.id,
      reference: `KRK-${unique()}`,
      status: "DECIDED",
      titleKy: "Эмгек мигранттарынын балдары",
      titleRu: "Дети трудовых мигрантов",
      titleEn: "Children of labour migrants",
      summaryRu: "Поддержка детей, чьи родители работают за рубежом.",
      problemRu: "Дети остаются без присмотра.",
      eligibilityRu: "Общественные объединения и фонды, зарегистрированные не менее года.",
      envelope: 20_000_000n,
      committed: 15_000_050n,
      minGrant: 5_000_000n,
      maxGrant: 15_000_050n,
      publishAt: new Date("2026-02-01T03:00:00Z"),
      publishedAt: new Date("2026-02-01T03:00:00Z"),
      clarificationDeadline: new Date("2026-02-20T12:00:00Z"),
      submissionDeadline: new Date("2026-03-01T12:00:00Z"),
      reviewStartsAt: new Date("2026-03-02T03:00:00Z"),
      reviewEndsAt: new Date("2026-03-20T12:00:00Z"),
      criteria: {
        create: [
          { position: 1, nameKy: "Актуалдуулук", nameRu: "Актуальность", maxScore: 10, weight: 60 },
          { position: 2, nameKy: "Бюджет", nameRu: "Бюджет", maxScore: 10, weight: 40 },
        ],
      },
    },
  });
  const winner = await createOrganization();
  const loser = await createOrganization();
  const submitted = new Date("2026-02-27T09:00:00Z");
  const [winning] = await Promise.all(
    [winner, loser].map((org, i) =>
      prisma.proposal.create({
        data: {
          callId: call.id,
          organizationId: org.id,
          reference: `P-${unique()}`,
          status: i === 0 ? "AWARDED" : "NOT_AWARDED",
          title: i === 0 ? "Кружки для детей мигрантов" : "Летний лагерь",
          summary: "Продлённый день и психологическая поддержка.",
          requestedTotal: 15_000_050n,
          submittedAt: submitted,
          createdById: officer.id,
        },
      }),
    ),
  );
  const award = await prisma.award.create({
    data: {
      callId: call.id,
      proposalId: winning!.id,
      organizationId: winner.id,
      reference: `A-${unique()}`,
      status: "FINAL",
      rank: 1,
      finalScore: 865,
      requestedAmount: 15_000_050n,
      amount: 15_000_050n,
      paid: 6_000_020n,
      decidedAt: new Date("2026-03-21T05:00:00Z"),
      finalizedAt: new Date("2026-04-01T05:00:00Z"),
    },
  });
  const agreement = await prisma.agreement.create({
    data: {
      awardId: award.id,
      number: `AG-${unique()}`,
      status: "SIGNED",
      language: "ru",
      signedOn: new Date("2026-04-05T05:00:00Z"),
      createdById: officer.id,
      milestones: {
        create: [
          {
            position: 1,
            title: "Набор детей",
            dueOn: new Date("2026-05-31T12:00:00Z"),
            status: "ACCEPTED",
            acceptedAt: new Date("2026-06-02T05:00:00Z"),
          },
          { position: 2, title: "Занятия", dueOn: new Date("2026-09-30T12:00:00Z") },
        ],
      },
    },
    include: { milestones: true },
  });
  const tranche = await prisma.tranche.create({
    data: {
      agreementId: agreement.id,
      milestoneId: agreement.milestones[0]!.id,
      position: 1,
      shareBp: 4000,
      amount: 6_000_020n,
      status: "PAID",
    },
  });
  await prisma.paymentOrder.create({
    data: {
      awardId: award.id,
      trancheId: tranche.id,
      reference: `PO-${unique()}`,
      idempotencyKey: unique(),
      amount: 6_000_020n,
      status: "EXECUTED",
      createdById: officer.id,
      executedAt: new Date("2026-06-05T05:00:00Z"),
    },
  });
  return { call, award, agreement, winner, loser, municipality };
}
