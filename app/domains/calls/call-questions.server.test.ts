import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { completeCallInput, createBudgetSetting, createDraftCall, createPublishedCall } from "../../../tests/factories-calls";
import { amendCall, updateDraftCall } from "./calls.server";
import { questionFieldsOf } from "./call-questions";

const QUESTIONS = {
  "questions.0.kind": "NUMBER",
  "questions.0.required": "yes",
  "questions.0.labelKy": "Канча волонтер катышат?",
  "questions.0.labelRu": "Сколько волонтёров участвует?",
  "questions.0.min": "0",
  "questions.0.max": "500",
  "questions.1.kind": "CHOICE",
  "questions.1.labelKy": "Аймак",
  "questions.1.labelRu": "Район",
  "questions.1.optionsKy": "Шаар\nАйыл",
  "questions.1.optionsRu": "Город\nСело",
};

describe("a call's extra questions", () => {
  it("are saved with the draft by position and audited", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const draft = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    await updateDraftCall({ actor: officer, callId: draft.id, input: completeCallInput(new Date(), QUESTIONS) });
    const stored = await prisma.callQuestion.findMany({ where: { callId: draft.id }, orderBy: { position: "asc" } });
    expect(stored.map(questionFieldsOf)).toEqual([
      expect.objectContaining({ kind: "NUMBER", required: true, minValue: 0, maxValue: 500, options: [] }),
      expect.objectContaining({
        kind: "CHOICE",
        required: false,
        options: [
          { ky: "Шаар", ru: "Город", en: "" },
          { ky: "Айыл", ru: "Село", en: "" },
        ],
      }),
    ]);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { entityId: draft.id, action: "call.updated" },
      select: { after: true },
    });
    const after: unknown = typeof event.after === "string" ? JSON.parse(event.after) : event.after;
    expect(after).toMatchObject({ questions: [{ kind: "NUMBER" }, { kind: "CHOICE" }] });

    // The wording changes, the row stays (answers keep their question); a removed row goes.
    const firstId = stored[0]!.id;
    await updateDraftCall({
      actor: officer,
      callId: draft.id,
      input: completeCallInput(new Date(), {
        ...QUESTIONS,
        "questions.0.labelRu": "Число волонтёров",
        "questions.1.labelKy": "",
        "questions.1.labelRu": "",
      }),
    });
    const again = await prisma.callQuestion.findMany({ where: { callId: draft.id } });
    expect(again.map((q) => [q.id, q.labelRu])).toEqual([[firstId, "Число волонтёров"]]);
  });

  it("are conditions after publication: a change is an amendment", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id, publishedDaysAgo: 5 });
    const before = await prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    const input = completeCallInput(before.publishedAt!, QUESTIONS);
    const result = await amendCall({
      actor: officer,
      callId: call.id,
      input,
      reason: "Добавлены вопросы о волонтёрах и районе.",
      now: new Date(),
    });
    expect(result.changed).toContain("questions");
    expect(await prisma.callQuestion.count({ where: { callId: call.id } })).toBe(2);
    const amendment = await prisma.callAmendment.findFirstOrThrow({ where: { callId: call.id }, select: { changes: true } });
    expect(amendment.changes).toHaveProperty("questions");
  });

  it("refuses a question without Kyrgyz or a choice with unequal options", async () => {
    const { CallDraftSchema, readCallForm } = await import("./call-schemas");
    const { completeCallForm } = await import("../../../tests/factories-calls");
    const parsed = CallDraftSchema.safeParse(
      readCallForm(completeCallForm(new Date(), { ...QUESTIONS, "questions.0.labelKy": "", "questions.1.optionsRu": "Город" })),
    );
    expect(parsed.success).toBe(false);
    const paths = parsed.success ? [] : parsed.error.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["questions.0.labelKy", "questions.1.optionsRu"]));
  });
});
