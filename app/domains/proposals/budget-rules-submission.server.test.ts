import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createNcoMember } from "../../../tests/factories";
import { createCompleteProposal, createOpenCall, newKey } from "../../../tests/factories-proposals";
import { domainError } from "../../../tests/support/domain-error";
import { submitProposal } from "./submission.server";

const MINUTE = 60_000;

/** A complete draft in a call with a 40 % staff cap (code 2111) and required events; its budget is set by `lines`. */
async function draftWithBudget(lines: [string, bigint][]) {
  const call = await createOpenCall();
  await prisma.call.update({
    where: { id: call.id },
    data: {
      budgetRules: [
        { category: "STAFF", maxShareBp: 4000, required: false, classificationCode: "2111" },
        { category: "EVENTS", maxShareBp: null, required: true, classificationCode: "" },
      ],
    },
  });
  const nco = await createNcoMember();
  const proposal = await createCompleteProposal({ callId: call.id, organizationId: nco.organization.id, createdById: nco.user.id });
  await setBudget(proposal.id, lines);
  return { nco, proposal, now: new Date(call.submissionDeadline!.getTime() - MINUTE) };
}

async function setBudget(proposalId: string, lines: [string, bigint][]) {
  await prisma.budgetLine.deleteMany({ where: { proposalId } });
  await prisma.budgetLine.createMany({
    data: lines.map(([category, requested], position) => ({
      proposalId,
      position,
      category,
      description: "Статья",
      unit: "ай",
      quantity: 100,
      unitCost: requested,
      requested,
    })),
  });
  const total = lines.reduce((sum, [, requested]) => sum + requested, 0n);
  await prisma.proposal.update({ where: { id: proposalId }, data: { requestedTotal: total } });
}

describe("budget rules at submission", () => {
  it("refuses one tyiyn over the cap, naming the category and the amounts, and changes nothing", async () => {
    const { nco, proposal, now } = await draftWithBudget([
      ["STAFF", 4_000_001n],
      ["EVENTS", 5_999_999n],
    ]);
    const error = await domainError(
      submitProposal({ actor: nco.actor, now, proposalId: proposal.id, idempotencyKey: newKey(), locale: "ru" }),
      "proposals:errors.budgetOverCap",
      422,
    );
    expect(error.params).toEqual({
      category: "Оплата труда",
      amount: "40\u00A0000,01 сом",
      total: "100\u00A0000,00 сом",
      cap: "40\u00A0000,00 сом",
      percent: "40",
    });
    const after = await prisma.proposal.findUniqueOrThrow({
      where: { id: proposal.id },
      select: { status: true, _count: { select: { versions: true } } },
    });
    expect(after).toEqual({ status: "DRAFT", _count: { versions: 0 } });

    // Exactly 40 % passes.
    await setBudget(proposal.id, [
      ["STAFF", 4_000_000n],
      ["EVENTS", 6_000_000n],
    ]);
    const receipt = await submitProposal({ actor: nco.actor, now, proposalId: proposal.id, idempotencyKey: newKey() });
    expect(receipt.number).toBe(1);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("SUBMITTED");
  });

  it("refuses a budget without a required category, in the reader's language", async () => {
    const { nco, proposal, now } = await draftWithBudget([
      ["STAFF", 100_000n],
      ["RENT", 400_000n],
    ]);
    const error = await domainError(
      submitProposal({ actor: nco.actor, now, proposalId: proposal.id, idempotencyKey: newKey(), locale: "en" }),
      "proposals:errors.budgetMissing",
      422,
    );
    expect(error.params).toEqual({ category: expect.stringMatching(/event/i) });
  });
});
