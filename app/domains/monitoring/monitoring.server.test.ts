import { describe, expect, it } from "vitest";
import { getAgreement } from "~/domains/agreements/agreements.server";
import { createPaymentOrder } from "~/domains/disbursements/payments.server";
import { prisma } from "~/utils/db.server";
import { createSignedAgreement } from "../../../tests/factories-grants";
import {
  addReportComment,
  closeGrant,
  getMilestone,
  listOverdueMilestones,
  remindOverdueMilestones,
  reviewMilestone,
  saveMilestoneReportDraft,
  submitFinalReport,
  submitMilestoneReport,
} from "./monitoring.server";
import { startOfDay } from "~/utils/time";
import { domainError } from "../../../tests/support/domain-error";

const report = (expenses: { budgetLineId: string; amount: bigint }[] = []) => ({
  narrative: "Провели 12 занятий.",
  beneficiariesReached: 45,
  indicators: [{ indicator: "Занятия", target: 12, achieved: 12 }],
  expenses,
});

describe("milestone reports", () => {
  it("submitted, changes requested with a comment the NCO answers, resubmitted, accepted: the tranche becomes payable", async () => {
    const setup = await createSignedAgreement();
    const [first] = setup.agreement.milestones;
    await submitMilestoneReport({ actor: setup.nco.actor, milestoneId: first!.id, input: report() });
    await domainError(
      submitMilestoneReport({ actor: setup.nco.actor, milestoneId: first!.id, input: report() }),
      "grants:error.reportNotExpected",
    );
    await reviewMilestone({
      actor: setup.officer.actor,
      milestoneId: first!.id,
      input: { decision: "REQUEST_CHANGES", comment: "Приложите фото" },
    });
    await addReportComment({ actor: setup.nco.actor, milestoneId: first!.id, body: "Фото приложены" });
    await submitMilestoneReport({ actor: setup.nco.actor, milestoneId: first!.id, input: report() });
    await reviewMilestone({ actor: setup.officer.actor, milestoneId: first!.id, input: { decision: "ACCEPT", comment: "" } });
    const tranche = await prisma.tranche.findUniqueOrThrow({ where: { milestoneId: first!.id } });
    expect(tranche.status).toBe("PAYABLE");
    // Both reports of a submission share its instant: the kind orders them within it (PROGRESS first).
    const reports = await prisma.milestoneReport.findMany({
      where: { milestoneId: first!.id },
      orderBy: [{ submittedAt: "asc" }, { kind: "desc" }],
    });
    expect(reports.map((r) => `${r.kind}:${r.status}`)).toEqual([
      "PROGRESS:CHANGES_REQUESTED",
      "FINANCIAL:CHANGES_REQUESTED",
      "PROGRESS:ACCEPTED",
      "FINANCIAL:ACCEPTED",
    ]);
    expect(await prisma.reportComment.count({ where: { report: { milestoneId: first!.id } } })).toBe(2);
    expect(await prisma.notification.count({ where: { template: "grants.milestone.accepted" } })).toBe(1);
  });

  it("refuses expenses above the approved budget line, counting the other milestones", async () => {
    const setup = await createSignedAgreement({ amount: 1000_00n, budgetLines: 2 });
    const { snapshot } = await getAgreement({ actor: setup.officer.actor, agreementId: setup.agreement.id });
    const line = snapshot.budget[0]!.budgetLineId; // 500 som approved
    const [m1, m2] = setup.agreement.milestones;
    await submitMilestoneReport({ actor: setup.nco.actor, milestoneId: m1!.id, input: report([{ budgetLineId: line, amount: 300_00n }]) });
    expect(
      (
        await domainError(
          submitMilestoneReport({ actor: setup.nco.actor, milestoneId: m2!.id, input: report([{ budgetLineId: line, amount: 200_01n }]) }),
          "grants:error.expense.lineExceeded",
          422,
        )
      ).params,
    ).toMatchObject({ excess: "0.01", remaining: "200" });
    await submitMilestoneReport({ actor: setup.nco.actor, milestoneId: m2!.id, input: report([{ budgetLineId: line, amount: 200_00n }]) });
  });

  it("flags overdue milestones and reminds each member once per due date through the outbox", async () => {
    const setup = await createSignedAgreement({ start: startOfDay("2026-01-01") });
    const now = new Date("2026-02-15T00:00:00Z"); // milestone 1 due 31 Jan
    const overdue = await listOverdueMilestones({ actor: setup.officer.actor, now });
    expect(overdue.map((m) => m.title)).toEqual(["Этап 1"]);
    await remindOverdueMilestones(prisma, now);
    await remindOverdueMilestones(prisma, new Date(now.getTime() + 86_400_000));
    expect(await prisma.notification.count({ where: { template: "grants.milestone.overdue" } })).toBe(1);
  });
});

describe("a report kept as a draft", () => {
  it("keeps what was typed, wrong numbers included; only the organization sees it, budget checks ignore it, and sending replaces it", async () => {
    const setup = await createSignedAgreement({ amount: 1000_00n, budgetLines: 2 });
    const { snapshot } = await getAgreement({ actor: setup.officer.actor, agreementId: setup.agreement.id });
    const line = snapshot.budget[0]!.budgetLineId; // 500 som approved
    const [m1, m2] = setup.agreement.milestones;
    const typed = { narrative: "Половина занятий проведена", beneficiariesReached: "около 40", [`expense-${line}`]: "500" };
    await saveMilestoneReportDraft({ actor: setup.nco.actor, milestoneId: m1!.id, fields: typed });
    await saveMilestoneReportDraft({
      actor: setup.nco.actor,
      milestoneId: m1!.id,
      fields: { ...typed, narrative: "Проведены все занятия" },
    });

    const mine = await getMilestone({ actor: setup.nco.actor, milestoneId: m1!.id });
    expect(mine.draft?.fields).toEqual({ ...typed, narrative: "Проведены все занятия" });
    expect(mine.reports).toEqual([]);
    const officers = await getMilestone({ actor: setup.officer.actor, milestoneId: m1!.id });
    expect([officers.draft, officers.reports.length, officers.status]).toEqual([null, 0, "PENDING"]);
    await domainError(addReportComment({ actor: setup.officer.actor, milestoneId: m1!.id, body: "?" }), "grants:error.noReportYet");

    // The draft's 500 som are not spending: the other milestone may use the whole line.
    await submitMilestoneReport({ actor: setup.nco.actor, milestoneId: m2!.id, input: report([{ budgetLineId: line, amount: 500_00n }]) });
    await submitMilestoneReport({ actor: setup.nco.actor, milestoneId: m1!.id, input: report() });
    const rows = await prisma.milestoneReport.findMany({
      where: { milestoneId: m1!.id },
      select: { kind: true, status: true, draftFields: true },
    });
    expect(rows.map((r) => `${r.kind}:${r.status}`).sort()).toEqual(["FINANCIAL:SUBMITTED", "PROGRESS:SUBMITTED"]);
    expect((await getMilestone({ actor: setup.nco.actor, milestoneId: m1!.id })).draft).toBeNull();
    // A milestone under review takes no draft.
    await domainError(
      saveMilestoneReportDraft({ actor: setup.nco.actor, milestoneId: m1!.id, fields: typed }),
      "grants:error.reportNotExpected",
    );
    await domainError(saveMilestoneReportDraft({ actor: setup.officer.actor, milestoneId: m2!.id, fields: typed }), undefined, 403);
  });
});

describe("close-out", () => {
  it("records the unspent funds returned as a ledger entry and closes the grant; never more than was paid", async () => {
    const setup = await createSignedAgreement({ amount: 1000_00n, milestones: 1, shares: [10000] });
    const [only] = setup.agreement.milestones;
    await submitMilestoneReport({ actor: setup.nco.actor, milestoneId: only!.id, input: report() });
    await reviewMilestone({ actor: setup.officer.actor, milestoneId: only!.id, input: { decision: "ACCEPT", comment: "" } });
    const tranche = await prisma.tranche.findUniqueOrThrow({ where: { milestoneId: only!.id } });
    await createPaymentOrder({
      actor: setup.finance.actor,
      trancheId: tranche.id,
      idempotencyKey: "manual-close-out-0001",
      manual: { paidOn: new Date(), bankReference: "" },
    });
    await domainError(
      closeGrant({ actor: setup.officer.actor, agreementId: setup.agreement.id, finalNarrative: "Итог", returned: 50_00n }),
      "grants:error.finalReportMissing",
    );
    await submitFinalReport({ actor: setup.nco.actor, agreementId: setup.agreement.id, narrative: "Итоговый отчёт" });
    await domainError(
      closeGrant({ actor: setup.officer.actor, agreementId: setup.agreement.id, finalNarrative: "Итог", returned: 1000_01n }),
      "grants:error.returnExceedsPaid",
    );
    await closeGrant({ actor: setup.officer.actor, agreementId: setup.agreement.id, finalNarrative: "Итог", returned: 50_00n });
    const award = await prisma.award.findUniqueOrThrow({ where: { id: setup.award.id } });
    expect([award.status, award.returned]).toEqual(["CLOSED", 50_00n]);
    const appropriation = await prisma.appropriation.findUniqueOrThrow({ where: { id: setup.appropriation.id } });
    expect([appropriation.disbursed, appropriation.returned]).toEqual([1000_00n, 50_00n]);
    expect(await prisma.ledgerEntry.count({ where: { awardId: setup.award.id, kind: "RETURN", amount: 50_00n } })).toBe(1);
    expect((await prisma.agreement.findUniqueOrThrow({ where: { id: setup.agreement.id } })).status).toBe("CLOSED");
  });
});
