import { recordAudit } from "~/domains/audit/audit.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import type { AppLocale } from "~/utils/i18n";
import { assertCan, can, type Actor } from "~/utils/permissions";
import { clarificationOpen } from "./calls-rules";
import { notifySubscribers, subscribeInTx } from "./calls.server";

/**
 * An NCO asks a question about a published call, until the clarification
 * cut-off. The asker follows the call from then on, so the answer reaches them.
 */
export async function askQuestion({
  actor,
  callId,
  question,
  language,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  question: string;
  language: AppLocale;
  now?: Date;
}) {
  if (!can(actor, "ask:question:any")) throw new DomainError("calls:errors.askNcoOnly", {}, 403);
  return prisma.$transaction(async (tx) => {
    const call = await tx.call.findUnique({
      where: { id: callId },
      select: { id: true, status: true, publishAt: true, submissionDeadline: true, clarificationDeadline: true },
    });
    if (!call || call.status === "DRAFT") throw new DomainError("notFound", {}, 404);
    if (!clarificationOpen(call, now)) throw new DomainError("calls:errors.clarificationClosed", {}, 409);
    const created = await tx.clarificationQuestion.create({
      data: { callId, askedById: actor.id, organizationId: actor.organizations[0]?.id ?? null, question, language, createdAt: now },
      select: { id: true },
    });
    await subscribeInTx(tx, { actor, callId });
    await recordAudit(tx, {
      actor,
      action: "clarification.asked",
      entityType: "ClarificationQuestion",
      entityId: created.id,
      after: { callId, question, language },
      now,
    });
    return created;
  });
}

/**
 * The programme officer publishes an answer in Kyrgyz and Russian (English
 * optional). The question may be reworded first, to take out anything that
 * names the asker: the public page never shows who asked.
 */
export async function answerQuestion(input: {
  actor: Actor;
  questionId: string;
  /** When given, the question must belong to this call (the page the answer was posted from). */
  callId?: string;
  question: string;
  answerKy: string;
  answerRu: string;
  answerEn: string;
  now?: Date;
}) {
  const { actor, questionId, now = new Date() } = input;
  assertCan(actor, "answer:question:any");
  return prisma.$transaction(async (tx) => {
    const existing = await tx.clarificationQuestion.findFirst({
      where: { id: questionId, callId: input.callId, call: { municipalityId: actor.municipalityId ?? "" } },
      select: {
        id: true,
        question: true,
        callId: true,
        call: { select: { id: true, reference: true, titleKy: true, titleRu: true, titleEn: true } },
      },
    });
    if (!existing) throw new DomainError("notFound", {}, 404);
    // Conditional on still being unanswered: two officers answering at once cannot both publish.
    const answered = await tx.clarificationQuestion.updateMany({
      where: { id: questionId, answeredAt: null },
      data: {
        question: input.question,
        answerKy: input.answerKy,
        answerRu: input.answerRu,
        answerEn: input.answerEn,
        answeredById: actor.id,
        answeredAt: now,
      },
    });
    if (answered.count !== 1) throw new DomainError("calls:errors.alreadyAnswered", {}, 409);
    await recordAudit(tx, {
      actor,
      action: "clarification.answered",
      entityType: "ClarificationQuestion",
      entityId: questionId,
      before: { question: existing.question },
      after: { question: input.question, answerKy: input.answerKy, answerRu: input.answerRu, answerEn: input.answerEn },
      now,
    });
    const notified = await notifySubscribers(tx, {
      callId: existing.callId,
      template: "call.answer-published",
      dedupe: `answer:${questionId}`,
      call: existing.call,
    });
    return { id: questionId, notified };
  });
}

/** Published answers for everyone: the question and the three answers, never who asked. */
export async function listPublishedClarifications(callId: string) {
  return prisma.clarificationQuestion.findMany({
    where: { callId, answeredAt: { not: null } },
    orderBy: { answeredAt: "asc" },
    select: { id: true, question: true, language: true, answerKy: true, answerRu: true, answerEn: true, answeredAt: true },
  });
}

/** The officer's queue for one call: unanswered first, with who asked (kept internal). */
export async function listQuestionsForOfficer({ actor, callId }: { actor: Actor; callId: string }) {
  assertCan(actor, "answer:question:any");
  return prisma.clarificationQuestion.findMany({
    where: { callId, call: { municipalityId: actor.municipalityId ?? "" } },
    orderBy: [{ answeredAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }],
    select: {
      id: true,
      question: true,
      language: true,
      createdAt: true,
      answerKy: true,
      answerRu: true,
      answerEn: true,
      answeredAt: true,
      askedBy: { select: { fullName: true } },
      organization: { select: { nameKy: true, nameRu: true, nameEn: true } },
    },
  });
}
