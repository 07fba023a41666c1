// Issue 17, item 2: a programme officer of another municipality neither sees
// nor acts on this municipality's calls (404, and absent from every list).
import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createNcoMember } from "../../../tests/factories";
import { completeCallInput, createBudgetSetting, createDraftCall, createPublishedCall } from "../../../tests/factories-calls";
import { getCallCockpit } from "./call-cockpit.server";
import { assertCanAddDocument, removeCallDocument } from "./call-documents.server";
import {
  amendCall,
  cancelCall,
  changeCallStatus,
  getCallForOfficer,
  listCallsForOfficer,
  publishCall,
  updateDraftCall,
} from "./calls.server";
import { answerQuestion, askQuestion, listQuestionsForOfficer } from "./clarifications.server";

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => ({ status: 200 }),
    (error: { status?: number }) => ({ status: error.status }),
  );
}

describe("two municipalities", () => {
  it("keeps each officer to the calls of his own municipality, both ways", async () => {
    const first = await createBudgetSetting();
    const second = await createBudgetSetting();
    const draft = await createDraftCall({ actor: first.officer, appropriationId: first.appropriation.id });
    const open = await createPublishedCall({ actor: first.officer, appropriationId: first.appropriation.id });
    const theirs = await createDraftCall({ actor: second.officer, appropriationId: second.appropriation.id });
    const nco = await createNcoMember();
    const question = await askQuestion({ actor: nco.actor, callId: open.id, question: "Можно ли подать две заявки?", language: "ru" });

    // Lists: each sees only his own.
    const listed = (calls: { id: string }[]) => calls.map((c) => c.id);
    expect(listed(await listCallsForOfficer({ actor: first.officer }))).toEqual(expect.arrayContaining([draft.id, open.id]));
    expect(listed(await listCallsForOfficer({ actor: first.officer }))).not.toContain(theirs.id);
    const foreignList = listed(await listCallsForOfficer({ actor: second.officer }));
    expect(foreignList).toContain(theirs.id);
    expect(foreignList).not.toContain(draft.id);
    expect(foreignList).not.toContain(open.id);
    expect(await listQuestionsForOfficer({ actor: second.officer, callId: open.id })).toEqual([]);

    // Reads: nothing, answered as 404 by the routes.
    expect(await getCallForOfficer({ actor: second.officer, callId: draft.id })).toBeNull();
    expect(await getCallCockpit({ actor: second.officer, callId: open.id })).toBeNull();
    expect(await getCallCockpit({ actor: first.officer, callId: open.id })).toMatchObject({ unanswered: 1 });

    // Actions: 404, and nothing changes.
    const before = await prisma.call.findMany({
      where: { id: { in: [draft.id, open.id] } },
      orderBy: { id: "asc" },
      select: { status: true, updatedAt: true, titleRu: true },
    });
    expect(
      await refusal(
        updateDraftCall({ actor: second.officer, callId: draft.id, input: completeCallInput(new Date(), { titleRu: "Чужой" }) }),
      ),
    ).toEqual({ status: 404 });
    expect(await refusal(publishCall({ actor: second.officer, callId: draft.id }))).toEqual({ status: 404 });
    expect(
      await refusal(
        amendCall({
          actor: second.officer,
          callId: open.id,
          input: completeCallInput(new Date(), { titleRu: "Чужой" }),
          reason: "Чужое изменение условий.",
        }),
      ),
    ).toEqual({ status: 404 });
    expect(await refusal(cancelCall({ actor: second.officer, callId: open.id, reason: "Чужая отмена конкурса." }))).toEqual({
      status: 404,
    });
    expect(await refusal(changeCallStatus({ actor: second.officer, callId: open.id, to: "IN_REVIEW" }))).toEqual({ status: 404 });
    expect(
      await refusal(
        answerQuestion({
          actor: second.officer,
          callId: open.id,
          questionId: question.id,
          question: "Можно ли подать две заявки?",
          answerKy: "Жок.",
          answerRu: "Нет.",
          answerEn: "",
        }),
      ),
    ).toEqual({ status: 404 });
    expect(await refusal(assertCanAddDocument(second.officer, open.id))).toEqual({ status: 404 });
    expect(await refusal(removeCallDocument({ actor: second.officer, callId: draft.id, documentId: "any" }))).toEqual({ status: 404 });
    expect(
      await prisma.call.findMany({
        where: { id: { in: [draft.id, open.id] } },
        orderBy: { id: "asc" },
        select: { status: true, updatedAt: true, titleRu: true },
      }),
    ).toEqual(before);
    expect((await prisma.clarificationQuestion.findUniqueOrThrow({ where: { id: question.id } })).answeredAt).toBeNull();
  });
});
