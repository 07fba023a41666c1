import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { DAY_MS } from "~/utils/time";
import { completeCallInput, createBudgetSetting, createDraftCall, createPublishedCall } from "../../../tests/factories-calls";
import { budgetRulesOf } from "./budget-rules";
import { amendCall, updateDraftCall } from "./calls.server";
import { getPublicCall } from "./public-calls.server";

const STAFF_40 = { "budgetRules.STAFF.maxShare": "40", "budgetRules.STAFF.code": "2111" };

describe("a call's budget rules", () => {
  it("are saved with the draft, audited, and shown to the public once published", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const draft = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const result = await updateDraftCall({
      actor: officer,
      callId: draft.id,
      input: completeCallInput(new Date(), { ...STAFF_40, "budgetRules.EVENTS.required": "yes" }),
    });
    expect(result.changed).toBe(true);
    const stored = await prisma.call.findUniqueOrThrow({ where: { id: draft.id }, select: { budgetRules: true } });
    expect(budgetRulesOf(stored.budgetRules)).toEqual([
      { category: "STAFF", maxShareBp: 4000, required: false, classificationCode: "2111" },
      { category: "EVENTS", maxShareBp: null, required: true, classificationCode: "" },
    ]);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { entityId: draft.id, action: "call.updated" },
      select: { after: true },
    });
    expect(typeof event.after === "string" ? JSON.parse(event.after) : event.after).toMatchObject({
      budgetRules: [
        { category: "STAFF", maxShareBp: 4000 },
        { category: "EVENTS", required: true },
      ],
    });

    const published = await createPublishedCall({ actor: officer, appropriationId: appropriation.id, overrides: STAFF_40 });
    const call = await getPublicCall({ callId: published.id, actor: null });
    expect(budgetRulesOf(call?.budgetRules)).toEqual([
      { category: "STAFF", maxShareBp: 4000, required: false, classificationCode: "2111" },
    ]);
  });

  it("are conditions after publication: a change is an amendment and moves a close deadline", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    // Published 17 days ago: the deadline is 3 days away.
    const call = await createPublishedCall({
      actor: officer,
      appropriationId: appropriation.id,
      publishedDaysAgo: 17,
      overrides: STAFF_40,
    });
    const before = await prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    const now = new Date();
    const input = completeCallInput(before.publishedAt!, { ...STAFF_40, "budgetRules.STAFF.maxShare": "30" });
    const result = await amendCall({ actor: officer, callId: call.id, input, reason: "Доля оплаты труда снижена до 30 %.", now });
    // The conditions changed 3 days before the deadline: the deadline, and the review after it, moved.
    expect(result.changed).toEqual(["budgetRules", "submissionDeadline", "reviewStartsAt", "reviewEndsAt"]);
    expect(result.extended).toBe(true);
    expect(result.deadline).toEqual(new Date(now.getTime() + 7 * DAY_MS));
    const after = await prisma.call.findUniqueOrThrow({ where: { id: call.id }, select: { budgetRules: true } });
    expect(budgetRulesOf(after.budgetRules)[0]?.maxShareBp).toBe(3000);
    const amendment = await prisma.callAmendment.findFirstOrThrow({ where: { callId: call.id }, select: { changes: true } });
    expect(amendment.changes).toHaveProperty("budgetRules");
  });
});
