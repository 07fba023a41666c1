// The answers to a call's extra questions joined to their questions, and as a
// version's snapshot holds them (decision 0077). Pure; shared by the section,
// the snapshot, the review page and the dossier.
import { z } from "zod";
import { QUESTION_KINDS, questionFieldsOf } from "~/domains/calls/call-questions";

export const answerSelect = {
  questionId: true,
  value: true,
  attachment: { select: { id: true, originalName: true, mediaType: true, size: true, sha256: true } },
} as const;

type StoredQuestion = Parameters<typeof questionFieldsOf>[0] & { id: string; position: number };
type StoredAnswer = {
  questionId: string;
  value: string;
  attachment: { id: string; originalName: string; mediaType: string; size: number; sha256: string } | null;
};

/** The call's questions (in order) with the proposal's answers. */
export function joinAnswers(questions: StoredQuestion[], answers: StoredAnswer[]) {
  const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
  return [...questions]
    .sort((a, b) => a.position - b.position)
    .map((q) => {
      const answer = byQuestion.get(q.id);
      return { id: q.id, position: q.position, ...questionFieldsOf(q), value: answer?.value ?? "", file: answer?.attachment ?? null };
    });
}

export type QuestionWithAnswer = ReturnType<typeof joinAnswers>[number];

/** The answers as a version's snapshot holds them: only what was answered, in the questions' order. */
export function answersSnapshot(questions: QuestionWithAnswer[]) {
  return questions
    .filter((q) => (q.kind === "FILE" ? q.file !== null : q.value !== ""))
    .map((q) => ({
      position: q.position,
      kind: q.kind,
      labelKy: q.labelKy,
      labelRu: q.labelRu,
      labelEn: q.labelEn,
      value: q.value,
      ...(q.kind === "CHOICE" ? { choice: q.options[Number(q.value)] ?? null } : {}),
      ...(q.kind === "FILE" && q.file
        ? {
            file: {
              attachmentId: q.file.id,
              originalName: q.file.originalName,
              mediaType: q.file.mediaType,
              size: q.file.size,
              sha256: q.file.sha256,
            },
          }
        : {}),
    }));
}

export type SnapshotAnswer = ReturnType<typeof answersSnapshot>[number];

/** The answers of a stored snapshot (none in a snapshot from before questions existed). */
export function snapshotAnswersOf(content: unknown): StoredSnapshotAnswer[] {
  const parsed = z.object({ answers: z.array(StoredSnapshotAnswer) }).safeParse(content);
  return parsed.success ? parsed.data.answers : [];
}

const StoredSnapshotAnswer = z.object({
  position: z.number(),
  kind: z.enum(QUESTION_KINDS),
  labelKy: z.string(),
  labelRu: z.string(),
  labelEn: z.string(),
  value: z.string(),
  choice: z.object({ ky: z.string(), ru: z.string(), en: z.string() }).nullable().optional(),
  file: z
    .object({ attachmentId: z.string(), originalName: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string() })
    .optional(),
});

export type StoredSnapshotAnswer = z.infer<typeof StoredSnapshotAnswer>;
