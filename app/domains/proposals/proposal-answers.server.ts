// Answers to a call's extra questions (issue 15, decision 0077): saved with the
// draft in the proposal's "questions" section, checked at submission, frozen
// into the version's snapshot.
import { recordAudit } from "~/domains/audit/audit.server";
import { answerProblem, normalizeNumber, questionText, type AnswerProblem } from "~/domains/calls/call-questions";
import { saveAttachment, type ReceivedFile } from "~/domains/files/files.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import type { AppLocale } from "~/utils/i18n";
import { assertCan, type Actor } from "~/utils/permissions";
import { lockRow } from "./proposal-access.server";
import { questionSelect } from "~/domains/calls/call-questions";
import { answerSelect, joinAnswers, type QuestionWithAnswer } from "./proposal-answers";
import { loadForChange } from "./proposals.server";

type Context = { actor: Actor; now: Date; ipAddress?: string };

/** The call's questions with the proposal's answers, in the question's order. */
export async function questionsWithAnswers(db: typeof prisma | Tx, proposalId: string, callId: string) {
  const [questions, answers] = await Promise.all([
    db.callQuestion.findMany({ where: { callId }, orderBy: { position: "asc" }, select: questionSelect }),
    db.proposalAnswer.findMany({ where: { proposalId }, select: answerSelect }),
  ]);
  return joinAnswers(questions, answers);
}

/** Whether the call asks anything (the proposal's "questions" section is shown only then). */
export async function callHasQuestions(callId: string) {
  return (await prisma.callQuestion.count({ where: { callId } })) > 0;
}

/** A draft's answers that do not read (a number that is not one, an unknown option), as field errors. */
export function draftAnswerErrors(questions: QuestionWithAnswer[], values: Record<string, string>) {
  const errors: Record<string, string[]> = {};
  for (const q of questions) {
    if (q.kind === "FILE") continue;
    const value = values[`answer.${q.id}`];
    if (value === undefined) continue;
    const problem = answerProblem(q, { value, hasFile: false }, false);
    // A number out of range is kept in the draft and refused at submission, where the message names the range.
    if (problem && problem !== "tooSmall" && problem !== "tooLarge") errors[`answer.${q.id}`] = [`proposals:questions.field.${problem}`];
  }
  return errors;
}

/**
 * Saves the posted answers of a draft (`answer.<questionId>`); a question not
 * posted keeps its answer. What is typed must read (checked by the route with
 * draftAnswerErrors first; here again, so nothing unreadable is stored).
 */
export async function saveAnswers({
  actor,
  now,
  ipAddress,
  proposalId,
  values,
}: Context & { proposalId: string; values: Record<string, string> }) {
  assertCan(actor, "edit:proposal:own");
  return prisma.$transaction(async (tx) => {
    await lockRow(tx, "Proposal", proposalId);
    await loadForChange(tx, actor, proposalId, "edit", now);
    const { callId } = await tx.proposal.findUniqueOrThrow({ where: { id: proposalId }, select: { callId: true } });
    const questions = await questionsWithAnswers(tx, proposalId, callId);
    if (Object.keys(draftAnswerErrors(questions, values)).length) throw new DomainError("proposals:questions.error.unreadable", {}, 400);
    const changed: Record<string, { before: string; after: string }> = {};
    for (const q of questions) {
      if (q.kind === "FILE") continue;
      const posted = values[`answer.${q.id}`];
      if (posted === undefined) continue;
      const trimmed = posted.trim();
      const value = q.kind === "NUMBER" && trimmed ? normalizeNumber(trimmed)! : trimmed;
      if (value === q.value) continue;
      await tx.proposalAnswer.upsert({
        where: { proposalId_questionId: { proposalId, questionId: q.id } },
        create: { proposalId, questionId: q.id, value },
        update: { value },
      });
      changed[String(q.position + 1)] = { before: q.value, after: value };
    }
    if (!Object.keys(changed).length) return { changed: false };
    await tx.proposal.update({ where: { id: proposalId }, data: { updatedAt: now }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "proposal.answers.saved",
      entityType: "Proposal",
      entityId: proposalId,
      before: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.before])),
      after: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.after])),
      ipAddress,
      now,
    });
    return { changed: true };
  });
}

/** A FILE question's answer: the file is stored like the proposal's documents and replaces an earlier one. */
export async function attachAnswerFile({
  actor,
  now,
  ipAddress,
  proposalId,
  questionId,
  file,
}: Context & { proposalId: string; questionId: string; file: ReceivedFile }) {
  assertCan(actor, "edit:proposal:own");
  return prisma.$transaction(async (tx) => {
    await lockRow(tx, "Proposal", proposalId);
    const proposal = await loadForChange(tx, actor, proposalId, "edit", now);
    const question = await fileQuestion(tx, proposalId, questionId);
    const attachment = await saveAttachment(tx, { actor, file, organizationId: proposal.organizationId });
    await tx.proposalAnswer.upsert({
      where: { proposalId_questionId: { proposalId, questionId } },
      create: { proposalId, questionId, value: "", attachmentId: attachment.id },
      update: { value: "", attachmentId: attachment.id },
    });
    await tx.proposal.update({ where: { id: proposalId }, data: { updatedAt: now }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "proposal.answer.fileAttached",
      entityType: "Proposal",
      entityId: proposalId,
      after: { question: question.position + 1, attachmentId: attachment.id, sha256: attachment.sha256, size: attachment.size },
      ipAddress,
      now,
    });
  });
}

/** Takes a FILE question's file off the draft's answer (the file itself stays, as with documents). */
export async function removeAnswerFile({
  actor,
  now,
  ipAddress,
  proposalId,
  questionId,
}: Context & { proposalId: string; questionId: string }) {
  assertCan(actor, "edit:proposal:own");
  return prisma.$transaction(async (tx) => {
    await lockRow(tx, "Proposal", proposalId);
    await loadForChange(tx, actor, proposalId, "edit", now);
    const question = await fileQuestion(tx, proposalId, questionId);
    const answer = await tx.proposalAnswer.findUnique({
      where: { proposalId_questionId: { proposalId, questionId } },
      select: { id: true, attachmentId: true },
    });
    if (!answer?.attachmentId) return;
    await tx.proposalAnswer.delete({ where: { id: answer.id } });
    await tx.proposal.update({ where: { id: proposalId }, data: { updatedAt: now }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "proposal.answer.fileRemoved",
      entityType: "Proposal",
      entityId: proposalId,
      before: { question: question.position + 1, attachmentId: answer.attachmentId },
      ipAddress,
      now,
    });
  });
}

/** A FILE question of the proposal's own call; anything else is not found. */
async function fileQuestion(tx: Tx, proposalId: string, questionId: string) {
  const question = await tx.callQuestion.findFirst({
    where: { id: questionId, kind: "FILE", call: { proposals: { some: { id: proposalId } } } },
    select: { id: true, position: true },
  });
  if (!question) throw new DomainError("notFound", {}, 404);
  return question;
}

/** An answer keeps the proposal from being submitted; the message names the question in the reader's language. */
export class AnswerMissing extends DomainError {
  constructor(
    readonly questionId: string,
    readonly problem: AnswerProblem,
    params: Record<string, string>,
  ) {
    super(`proposals:questions.error.${problem}`, params, 422);
  }
}

/** At submission: the first question whose answer is missing or does not fit refuses it (422). */
export function assertAnswers(questions: QuestionWithAnswer[], locale: AppLocale) {
  for (const q of questions) {
    const problem = answerProblem(q, { value: q.value, hasFile: q.file !== null }, true);
    if (problem) {
      throw new AnswerMissing(q.id, problem, {
        question: questionText(q, locale),
        min: q.minValue === null ? "" : String(q.minValue),
        max: q.maxValue === null ? "" : String(q.maxValue),
      });
    }
  }
}
