import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { allocateEnvelope } from "~/domains/budgets/budgets.server";
import { somToTyiyn } from "~/domains/budgets/money";
import { publishCall, updateDraftCall } from "~/domains/calls/calls.server";
import { createPaymentOrder } from "~/domains/disbursements/payments.server";
import { prisma } from "~/utils/db.server";
import { createMunicipality, createStaff, createUser } from "../../../tests/factories";
import { completeCallInput, createAppropriation, createDraftCall, createPriorityProblem } from "../../../tests/factories-calls";
import { acceptTrancheMilestone, createSignedAgreement } from "../../../tests/factories-grants";
import { domainError } from "../../../tests/support/domain-error";
import { HearingSchema, PrioritySchema } from "./priority-schemas";
import {
  importPaperTally,
  officerPriorities,
  proposeProblem,
  publicPriorities,
  recordHearing,
  setPriority,
  supportProblem,
} from "./priorities.server";
import type { Actor } from "~/utils/permissions";

const som = (n: number) => somToTyiyn(n);

function residentActor(user: { id: string; email: string }): Actor {
  return { id: user.id, label: user.email, email: user.email, locale: "ru", municipalityId: null, roles: [], organizations: [] };
}

async function hearingWithThreeProblems() {
  const officer = await createStaff("PROGRAMME_OFFICER");
  const appropriation = await createAppropriation({ municipalityId: officer.municipalityId });
  const input = HearingSchema.parse({
    heldOn: "2026-02-10",
    place: "Каракол, мэрия",
    invited: "НКО, айыл өкмөтү",
    attendeesFemale: "31",
    attendeesMale: "19",
    problems: "Дети мигрантов без присмотра\nОдинокие пожилые люди\n\nДоступ для людей с инвалидностью",
  });
  const hearing = await recordHearing({ actor: officer.actor, input, now: new Date("2026-02-10T10:00:00Z") });
  return { officer, appropriation, hearing };
}

describe("hearings, proposals and support", () => {
  it("records a hearing with its problems, counts paper tallies with online support, one support per account", async () => {
    const { officer, hearing } = await hearingWithThreeProblems();
    const stored = await prisma.publicHearing.findUniqueOrThrow({
      where: { id: hearing.id },
      include: { problems: { orderBy: { createdAt: "asc" } } },
    });
    expect(stored).toMatchObject({ attendeesFemale: 31, attendeesMale: 19, place: "Каракол, мэрия" });
    expect(stored.problems.map((p) => [p.title, p.year, p.origin])).toEqual([
      ["Дети мигрантов без присмотра", 2026, "HEARING"],
      ["Одинокие пожилые люди", 2026, "HEARING"],
      ["Доступ для людей с инвалидностью", 2026, "HEARING"],
    ]);

    const tally = await importPaperTally({
      actor: officer.actor,
      hearingId: hearing.id,
      csv: "problem;count\n1;25\nОдинокие пожилые люди;7\n",
    });
    expect(tally).toEqual({ rows: 2, total: 32 });
    const rows = await prisma.paperTally.findMany({ where: { hearingId: hearing.id } });
    expect(rows.every((r) => r.enteredById === officer.actor.id && r.enteredAt instanceof Date)).toBe(true);
    await domainError(
      importPaperTally({ actor: officer.actor, hearingId: hearing.id, csv: "problem;count\nНет такой;3\n" }),
      "priorities:errors.tally.unknownProblem",
      422,
    );

    const first = stored.problems[0]!;
    const a = residentActor(await createUser());
    const b = residentActor(await createUser());
    await supportProblem({ actor: a, problemId: first.id });
    await supportProblem({ actor: b, problemId: first.id });
    await domainError(supportProblem({ actor: a, problemId: first.id }), "priorities:errors.alreadySupported", 409);

    const page = await officerPriorities({ actor: officer.actor, year: 2026 });
    expect(page.problems.find((p) => p.id === first.id)!.support).toEqual({ online: 2, paper: 25, total: 27 });
    expect(page.hearings[0]!.tallies).toHaveLength(2);
    const audit = await prisma.auditEvent.findMany({ where: { entityId: hearing.id }, orderBy: { seq: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["hearing.recorded", "hearing.tally_imported"]);
  });

  it("lets a resident propose a problem (counted as their support); another municipality's officer sees none of it", async () => {
    const municipality = await createMunicipality();
    const resident = residentActor(await createUser());
    const problem = await proposeProblem({
      actor: resident,
      municipalityId: municipality.id,
      input: { title: "Нет освещения во дворах", description: "" },
      now: new Date("2026-03-01T06:00:00Z"),
    });
    const page = await publicPriorities({ municipalityId: municipality.id, year: 2026 });
    expect(page.problems.map((p) => [p.id, p.origin, p.support.total])).toEqual([[problem.id, "ONLINE", 1]]);
    const stranger = await createStaff("PROGRAMME_OFFICER");
    expect((await officerPriorities({ actor: stranger.actor, year: 2026 })).problems).toEqual([]);
    const input = PrioritySchema.parse({ problemId: problem.id, rank: "1", reason: "x", targetGroups: "y", programmeId: "z" });
    await domainError(setPriority({ actor: stranger.actor, input }), "notFound", 404);
    await domainError(setPriority({ actor: resident, input }), "forbidden", 403);
  });
});

describe("a call names its priority problem", () => {
  it("refuses to publish without one (409), refuses another municipality's problem, publishes with one", async () => {
    const { officer, appropriation, hearing } = await hearingWithThreeProblems();
    const problems = await prisma.priorityProblem.findMany({ where: { hearingId: hearing.id }, orderBy: { createdAt: "asc" } });
    await setPriority({
      actor: officer.actor,
      input: PrioritySchema.parse({
        problemId: problems[0]!.id,
        rank: "1",
        reason: "Больше всего поддержки",
        targetGroups: "Дети 7–17 лет",
        programmeId: appropriation.programmeId,
      }),
    });
    const call = await createDraftCall({ actor: officer.actor, appropriationId: appropriation.id, overrides: { priorityProblemId: "" } });
    await allocateEnvelope({ actor: officer.actor, callId: call.id, envelope: som(200_000) });
    await domainError(publishCall({ actor: officer.actor, callId: call.id }), "calls:publish.priorityProblemRequired", 409);
    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe("DRAFT");

    const foreign = await createPriorityProblem((await createAppropriation()).id);
    await domainError(
      updateDraftCall({ actor: officer.actor, callId: call.id, input: completeCallInput(new Date(), { priorityProblemId: foreign.id }) }),
      "priorities:errors.unknownProblem",
      422,
    );
    // An unranked problem is not a priority: a call cannot name it.
    await domainError(
      updateDraftCall({
        actor: officer.actor,
        callId: call.id,
        input: completeCallInput(new Date(), { priorityProblemId: problems[1]!.id }),
      }),
      "priorities:errors.unknownProblem",
      422,
    );
    await updateDraftCall({
      actor: officer.actor,
      callId: call.id,
      input: completeCallInput(new Date(), { priorityProblemId: problems[0]!.id }),
    });
    await publishCall({ actor: officer.actor, callId: call.id });
    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).priorityProblemId).toBe(problems[0]!.id);
  });

  it("shows each problem's calls, awards, committed and paid money equal to sums over the awards and payments", async () => {
    const officer = await createStaff("PROGRAMME_OFFICER");
    const finance = await createStaff("FINANCE_OFFICER", officer.municipalityId);
    const appropriation = await createAppropriation({ municipalityId: officer.municipalityId, amountSom: 2_000_000 });
    const problem = await createPriorityProblem(appropriation.id, { title: "Одинокие пожилые люди" });
    const other = await createPriorityProblem(appropriation.id, { title: "Дети мигрантов", rank: 2 });
    const calls = [];
    for (const [problemId, envelope] of [
      [problem.id, 500_000],
      [problem.id, 400_000],
      [other.id, 300_000],
    ] as const) {
      const call = await createDraftCall({
        actor: officer.actor,
        appropriationId: appropriation.id,
        overrides: { priorityProblemId: problemId },
      });
      await allocateEnvelope({ actor: officer.actor, callId: call.id, envelope: som(envelope) });
      await publishCall({ actor: officer.actor, callId: call.id });
      calls.push(call);
    }
    const grant = await createSignedAgreement({
      amount: som(150_000),
      milestones: 2,
      shares: [6000, 4000],
      on: { callId: calls[0]!.id, officer, finance },
    });
    await createSignedAgreement({ amount: som(120_000), milestones: 1, shares: [10000], on: { callId: calls[1]!.id, officer, finance } });
    await createSignedAgreement({ amount: som(90_000), milestones: 1, shares: [10000], on: { callId: calls[2]!.id, officer, finance } });
    await acceptTrancheMilestone(grant, grant.agreement.milestones[0]!.id);
    await createPaymentOrder({
      actor: finance.actor,
      trancheId: grant.agreement.tranches[0]!.id,
      idempotencyKey: `prio-${randomUUID()}`,
      manual: { paidOn: new Date("2026-04-10T04:00:00Z"), bankReference: "" },
    });

    const page = await publicPriorities({ municipalityId: officer.municipalityId, year: 2026 });
    for (const shown of page.problems) {
      // Independently: the awards table and the executed payment orders of the calls that name the problem.
      const awards = await prisma.award.findMany({
        where: { call: { priorityProblemId: shown.id }, status: { in: ["FINAL", "CLOSED"] } },
        select: { amount: true, paid: true },
      });
      const orders = await prisma.paymentOrder.findMany({
        where: { award: { call: { priorityProblemId: shown.id } }, status: { in: ["EXECUTED", "RECORDED_MANUALLY"] } },
        select: { amount: true },
      });
      expect(shown.totals.awards).toBe(awards.length);
      expect(shown.totals.committed).toBe(awards.reduce((s, a) => s + a.amount, 0n));
      expect(shown.totals.paid).toBe(orders.reduce((s, o) => s + o.amount, 0n));
      expect(shown.totals.paid).toBe(awards.reduce((s, a) => s + a.paid, 0n));
    }
    const mine = page.problems.find((p) => p.id === problem.id)!;
    expect(mine.calls).toHaveLength(2);
    expect(mine.totals).toEqual({ awards: 2, committed: som(270_000), paid: som(90_000) });
    expect(page.problems.find((p) => p.id === other.id)!.totals).toEqual({ awards: 1, committed: som(90_000), paid: 0n });
  });
});
