import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createNcoMember } from "../../../tests/factories";
import { createFinalAward, createSignedAgreement } from "../../../tests/factories-grants";
import { createAgreement, decideChange, getAgreement, requestChange } from "./agreements.server";
import { domainError } from "../../../tests/support/domain-error";
import { startOfDay } from "~/utils/time";

const draft = (shares: number[]) => ({
  language: "ky" as const,
  reportingTerms: "Ар бир этап боюнча отчёт 10 күндүн ичинде.",
  bankName: "РСК Банк",
  bankBik: "129001",
  bankAccount: "1290010000123456",
  shares,
});

describe("drawing an agreement from a FINAL award", () => {
  it("answers twin requests (a double click) with one agreement, and names it to the second", async () => {
    const setup = await createFinalAward({ milestones: 3 });
    const results = await Promise.allSettled(
      [0, 1, 2].map(() => createAgreement({ actor: setup.officer.actor, awardId: setup.award.id, input: draft([3333, 3333, 3334]) })),
    );
    const created = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<{ id: string }>).value.id);
    expect(created).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(r.reason).toMatchObject({ code: "grants:error.agreementExists", params: { agreementId: created[0] } });
    }
    expect(await prisma.agreement.count({ where: { awardId: setup.award.id } })).toBe(1);
  });

  it("creates milestones from the work plan and tranches totalling the award, remainder on the last", async () => {
    const setup = await createFinalAward({ amount: 100_000_01n, milestones: 3 });
    const { id } = await createAgreement({ actor: setup.officer.actor, awardId: setup.award.id, input: draft([4000, 4000, 2000]) });
    const agreement = await getAgreement({ actor: setup.officer.actor, agreementId: id });
    expect(agreement.status).toBe("DRAFT");
    expect(agreement.milestones.map((m) => m.title)).toEqual(["Этап 1", "Этап 2", "Этап 3"]);
    expect(agreement.tranches.map((t) => [t.shareBp, t.amount])).toEqual([
      [4000, 40_000_00n],
      [4000, 40_000_00n],
      [2000, 20_000_01n],
    ]);
    expect(agreement.snapshot.budget.reduce((s, l) => s + BigInt(l.amount), 0n)).toBe(100_000_01n);
    expect(await prisma.auditEvent.count({ where: { action: "agreement.created", entityId: id } })).toBe(1);
  });

  it("refuses shares that do not total 100 %, a second agreement, and an award that is not FINAL", async () => {
    const setup = await createFinalAward();
    await domainError(
      createAgreement({ actor: setup.officer.actor, awardId: setup.award.id, input: draft([4000, 4000, 1000]) }),
      "grants:error.schedule.sharesTotal",
      422,
    );
    await createAgreement({ actor: setup.officer.actor, awardId: setup.award.id, input: draft([5000, 0, 5000]) });
    await domainError(
      createAgreement({ actor: setup.officer.actor, awardId: setup.award.id, input: draft([5000, 0, 5000]) }),
      "grants:error.agreementExists",
    );
    const other = await createFinalAward();
    await prisma.award.update({ where: { id: other.award.id }, data: { status: "PROPOSED" } });
    await domainError(
      createAgreement({ actor: other.officer.actor, awardId: other.award.id, input: draft([10000, 0, 0]) }),
      "grants:error.awardNotFinal",
    );
  });

  it("shows another organization's agreement as not found", async () => {
    const setup = await createSignedAgreement();
    const stranger = await createNcoMember("ADMIN");
    await domainError(getAgreement({ actor: stranger.actor, agreementId: setup.agreement.id }), undefined, 404);
    expect((await getAgreement({ actor: setup.nco.actor, agreementId: setup.agreement.id })).number).toBe(setup.agreement.number);
  });
});

describe("change requests", () => {
  it("an approved date change versions the agreement and moves the milestone; a refusal needs a reason", async () => {
    const setup = await createSignedAgreement();
    const request = await requestChange({
      actor: setup.nco.actor,
      agreementId: setup.agreement.id,
      input: { kind: "MILESTONE_DATE", milestonePosition: 2, newDueOn: "2026-06-15", justification: "Зал на ремонте" },
    });
    await domainError(
      decideChange({
        actor: setup.officer.actor,
        agreementId: setup.agreement.id,
        changeRequestId: request.id,
        decision: "REFUSE",
        reason: " ",
      }),
    );
    const { version } = await decideChange({
      actor: setup.officer.actor,
      agreementId: setup.agreement.id,
      changeRequestId: request.id,
      decision: "APPROVE",
      reason: "",
    });
    expect(version).toBe(2);
    const agreement = await getAgreement({ actor: setup.officer.actor, agreementId: setup.agreement.id });
    expect(agreement.version).toBe(2);
    expect(agreement.milestones[1]!.dueOn).toEqual(startOfDay("2026-06-15"));
    expect(agreement.snapshot.milestones[1]!.dueOn).toBe(startOfDay("2026-06-15").toISOString());
    await domainError(
      decideChange({
        actor: setup.officer.actor,
        agreementId: setup.agreement.id,
        changeRequestId: request.id,
        decision: "APPROVE",
        reason: "",
      }),
      "grants:error.alreadyDecided",
    );
  });

  it("a budget reallocation moves money between lines without changing the total", async () => {
    const setup = await createSignedAgreement({ amount: 1000_00n, budgetLines: 2 });
    const lines = (await getAgreement({ actor: setup.officer.actor, agreementId: setup.agreement.id })).snapshot.budget;
    await domainError(
      requestChange({
        actor: setup.nco.actor,
        agreementId: setup.agreement.id,
        input: {
          kind: "BUDGET_REALLOCATION",
          fromBudgetLineId: lines[0]!.budgetLineId,
          toBudgetLineId: lines[1]!.budgetLineId,
          amount: "501",
          justification: "x",
        },
      }),
      "grants:error.change.exceedsLine",
    );
    const request = await requestChange({
      actor: setup.nco.actor,
      agreementId: setup.agreement.id,
      input: {
        kind: "BUDGET_REALLOCATION",
        fromBudgetLineId: lines[0]!.budgetLineId,
        toBudgetLineId: lines[1]!.budgetLineId,
        amount: "100,50",
        justification: "Аренда подорожала",
      },
    });
    await decideChange({
      actor: setup.officer.actor,
      agreementId: setup.agreement.id,
      changeRequestId: request.id,
      decision: "APPROVE",
      reason: "Обосновано",
    });
    const after = (await getAgreement({ actor: setup.officer.actor, agreementId: setup.agreement.id })).snapshot.budget;
    expect(after.map((l) => l.amount)).toEqual(["39950", "60050"]);
    expect(await prisma.agreementVersion.count({ where: { agreementId: setup.agreement.id } })).toBe(2);
  });
});
