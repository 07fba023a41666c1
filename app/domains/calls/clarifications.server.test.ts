import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createNcoMember, createStaff, createUser, actorOf } from "../../../tests/factories";
import { createBudgetSetting, createDraftCall, createPublishedCall } from "../../../tests/factories-calls";
import { DAY_MS } from "~/utils/time";
import { followCall } from "./calls.server";
import { answerQuestion, askQuestion, listPublishedClarifications, listQuestionsForOfficer } from "./clarifications.server";
import { getPublicCall } from "./public-calls.server";

const question = "Можно ли включить в бюджет аренду помещения?";
const answers = { answerKy: "Ооба, болот.", answerRu: "Да, можно.", answerEn: "Yes, it is." };

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: { code?: string; status?: number }) => ({ code: error.code, status: error.status }),
  );
}

describe("clarification questions", () => {
  it("are asked by organization members until the cut-off, and the asker then follows the call", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const nco = await createNcoMember();
    const asked = await askQuestion({ actor: nco.actor, callId: call.id, question, language: "ru" });
    expect(await prisma.clarificationQuestion.findUniqueOrThrow({ where: { id: asked.id } })).toMatchObject({
      organizationId: nco.organization.id,
      askedById: nco.user.id,
      answeredAt: null,
    });
    expect(await prisma.callSubscription.count({ where: { callId: call.id, userId: nco.user.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { entityId: asked.id, action: "clarification.asked" } })).toBe(1);

    // The cut-off is 10 days after publication: one millisecond after it, the question is refused and nothing is stored.
    const { clarificationDeadline } = await prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(
      await askQuestion({
        actor: nco.actor,
        callId: call.id,
        question,
        language: "ky",
        now: new Date(clarificationDeadline!.getTime() - 1),
      }),
    ).toHaveProperty("id");
    expect(
      await rejection(askQuestion({ actor: nco.actor, callId: call.id, question, language: "ky", now: clarificationDeadline! })),
    ).toEqual({
      code: "calls:errors.clarificationClosed",
      status: 409,
    });
    expect(await prisma.clarificationQuestion.count({ where: { callId: call.id } })).toBe(2);
  });

  it("are refused on drafts (404), after the deadline, and from people who are not organization members", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const draft = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const closed = await createPublishedCall({
      actor: officer,
      appropriationId: appropriation.id,
      publishedDaysAgo: 25,
      envelopeSom: 100_000,
    });
    const nco = await createNcoMember();
    expect(await rejection(askQuestion({ actor: nco.actor, callId: draft.id, question, language: "ru" }))).toEqual({
      code: "notFound",
      status: 404,
    });
    expect(await rejection(askQuestion({ actor: nco.actor, callId: closed.id, question, language: "ru" }))).toEqual({
      code: "calls:errors.clarificationClosed",
      status: 409,
    });
    const citizen = await createUser();
    expect(await rejection(askQuestion({ actor: actorOf(citizen, []), callId: closed.id, question, language: "ru" }))).toEqual({
      code: "calls:errors.askNcoOnly",
      status: 403,
    });
  });

  it("get one answer in Kyrgyz and Russian, published to everyone without the asker, and followers get a notice", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const asker = await createNcoMember();
    const follower = await createNcoMember();
    await followCall({ actor: follower.actor, callId: call.id });
    const asked = await askQuestion({ actor: asker.actor, callId: call.id, question: `${question} Мы — ОФ «Тест».`, language: "ru" });
    expect(await listPublishedClarifications(call.id)).toEqual([]);

    const result = await answerQuestion({ actor: officer, questionId: asked.id, question, ...answers });
    expect(result.notified).toBe(2);
    const published = await listPublishedClarifications(call.id);
    expect(published).toEqual([{ id: asked.id, question, language: "ru", ...answers, answeredAt: expect.any(Date) }]);
    // Nothing on the public page says who asked.
    const page = JSON.stringify(await getPublicCall({ callId: call.id, actor: null }), (_k, v) =>
      typeof v === "bigint" ? v.toString() : v,
    );
    for (const identity of [
      asker.user.id,
      asker.user.email,
      asker.user.fullName,
      asker.organization.id,
      asker.organization.nameRu,
      "ОФ «Тест»",
    ])
      expect(page).not.toContain(identity);
    const notices = await prisma.notification.findMany({
      where: { template: "call.answer-published" },
      select: { recipient: true, payload: true, dedupeKey: true },
    });
    expect(notices.map((n) => n.recipient).sort()).toEqual([asker.user.email, follower.user.email].sort());
    expect(notices[0]!.payload).toMatchObject({ reference: call.reference, url: expect.stringContaining(`/calls/${call.id}`) });
    // The rewording is audited with what was asked.
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: asked.id, action: "clarification.answered" } });
    expect(JSON.parse(audit.before!)).toEqual({ question: `${question} Мы — ОФ «Тест».` });

    expect(await rejection(answerQuestion({ actor: officer, questionId: asked.id, question, ...answers }))).toEqual({
      code: "calls:errors.alreadyAnswered",
      status: 409,
    });
    expect(await prisma.notification.count({ where: { template: "call.answer-published" } })).toBe(2);
  });

  it("stay within the officer's municipality and the call they were asked on", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const other = await createPublishedCall({ actor: officer, appropriationId: appropriation.id, envelopeSom: 100_000 });
    const nco = await createNcoMember();
    const asked = await askQuestion({ actor: nco.actor, callId: call.id, question, language: "ky" });
    const stranger = await createStaff("PROGRAMME_OFFICER");
    expect(await rejection(answerQuestion({ actor: stranger.actor, questionId: asked.id, question, ...answers }))).toEqual({
      code: "notFound",
      status: 404,
    });
    expect(await rejection(answerQuestion({ actor: officer, callId: other.id, questionId: asked.id, question, ...answers }))).toEqual({
      code: "notFound",
      status: 404,
    });
    expect(await rejection(answerQuestion({ actor: nco.actor, questionId: asked.id, question, ...answers }))).toEqual({
      code: "forbidden",
      status: 403,
    });
    expect(await listQuestionsForOfficer({ actor: stranger.actor, callId: call.id })).toEqual([]);
    const queue = await listQuestionsForOfficer({ actor: officer, callId: call.id });
    expect(queue.map((q) => [q.id, q.askedBy.fullName])).toEqual([[asked.id, nco.user.fullName]]);
  });

  it("are listed for the officer unanswered first", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id, publishedDaysAgo: 5 });
    const nco = await createNcoMember();
    const now = Date.now();
    const first = await askQuestion({ actor: nco.actor, callId: call.id, question, language: "ky", now: new Date(now - 2 * DAY_MS) });
    const second = await askQuestion({ actor: nco.actor, callId: call.id, question, language: "ru", now: new Date(now - DAY_MS) });
    await answerQuestion({ actor: officer, questionId: first.id, question, ...answers });
    expect((await listQuestionsForOfficer({ actor: officer, callId: call.id })).map((q) => q.id)).toEqual([second.id, first.id]);
  });
});
