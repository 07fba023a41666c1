import { describe, expect, it } from "vitest";
import { createAgreement } from "~/domains/agreements/agreements.server";
import { storedSnapshot } from "~/domains/agreements/agreement-schemas";
import { prisma } from "~/utils/db.server";
import { createFinalAward } from "../../../tests/factories-grants";
import { domainError } from "../../../tests/support/domain-error";
import { budgetByClassificationCode } from "./budget-codes.server";
import { buildExport, toCsv } from "./exports.server";

const DRAFT = {
  language: "ru" as const,
  reportingTerms: "Отчёт по каждому этапу в течение 10 дней.",
  bankName: "Банк",
  bankBik: "129001",
  bankAccount: "1290010000123456",
  shares: [4000, 4000, 2000],
};

/** A final award whose two budget lines are STAFF and RENT, in a call with the given rules. */
async function awardWithRules(budgetRules: object[]) {
  const setup = await createFinalAward({ milestones: 3, budgetLines: 2 });
  await prisma.call.update({ where: { id: setup.call.id }, data: { budgetRules } });
  const lines = await prisma.budgetLine.findMany({ where: { proposalId: setup.proposal.id }, orderBy: { position: "asc" } });
  await prisma.budgetLine.update({ where: { id: lines[0]!.id }, data: { category: "STAFF" } });
  await prisma.budgetLine.update({ where: { id: lines[1]!.id }, data: { category: "RENT" } });
  const agreement = await createAgreement({ actor: setup.officer.actor, awardId: setup.award.id, input: DRAFT });
  const version = await prisma.agreementVersion.findFirstOrThrow({ where: { agreementId: agreement.id }, select: { snapshot: true } });
  return { ...setup, snapshot: storedSnapshot(version.snapshot) };
}

describe("classification codes in agreements and the finance export", () => {
  it("carries the call's code into a new agreement's budget lines and groups the export by it", async () => {
    const { snapshot, call, finance, award } = await awardWithRules([
      { category: "STAFF", maxShareBp: 6000, required: false, classificationCode: "2111" },
    ]);
    expect(snapshot.budget.map((l) => [l.category, l.classificationCode])).toEqual([
      ["STAFF", "2111"],
      ["RENT", undefined],
    ]);
    const groups = await budgetByClassificationCode({ actor: finance.actor, callId: call.id });
    const total = snapshot.budget.reduce((sum, l) => sum + BigInt(l.amount), 0n);
    expect(total).toBe(award.amount);
    expect(groups).toEqual([
      { code: "2111", categories: ["STAFF"], amount: BigInt(snapshot.budget[0]!.amount), agreements: 1 },
      { code: "", categories: ["RENT"], amount: BigInt(snapshot.budget[1]!.amount), agreements: 1 },
    ]);
    const table = await buildExport({
      actor: finance.actor,
      name: "budgetCodes",
      params: new URLSearchParams({ callId: call.id }),
      locale: "ru",
    });
    const csv = toCsv(table);
    expect(csv).toContain("2111,Оплата труда,");
    expect(csv).toContain("без кода,Аренда,");
  });

  it("leaves the snapshot of an agreement whose call has no codes exactly as before", async () => {
    const { snapshot } = await awardWithRules([{ category: "STAFF", maxShareBp: 6000, required: true, classificationCode: "" }]);
    for (const line of snapshot.budget)
      expect(Object.keys(line)).toEqual(["budgetLineId", "position", "category", "description", "amount"]);
  });

  it("answers another municipality's call as not found", async () => {
    const { call } = await awardWithRules([]);
    const other = await createFinalAward({ milestones: 1, budgetLines: 1 });
    await domainError(budgetByClassificationCode({ actor: other.finance.actor, callId: call.id }), "finance:error.notFound", 404);
  });
});
