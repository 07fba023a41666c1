// A call's extra questions (issue 15, decision 0077): text, number, choice or
// file, defined by the officer in Kyrgyz and Russian, answered in a proposal's
// "questions" section. Pure: the form rows, the stored shape, the answer checks.
import { z } from "zod";

export const QUESTION_KINDS = ["TEXT", "NUMBER", "CHOICE", "FILE"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const MAX_QUESTIONS = 10;
export const MAX_OPTIONS = 12;
export const MAX_ANSWER_TEXT = 4000;

export type QuestionOption = { ky: string; ru: string; en: string };

/** A question's columns, as the call's page, the proposal's step, the snapshot and the dossier read them. */
export const questionSelect = {
  id: true,
  position: true,
  kind: true,
  required: true,
  labelKy: true,
  labelRu: true,
  labelEn: true,
  helpKy: true,
  helpRu: true,
  helpEn: true,
  options: true,
  minValue: true,
  maxValue: true,
} as const;

/** One question as the call's snapshot and the call's writer hold it (position is the index). */
export type QuestionFields = {
  kind: QuestionKind;
  required: boolean;
  labelKy: string;
  labelRu: string;
  labelEn: string;
  helpKy: string;
  helpRu: string;
  helpEn: string;
  options: QuestionOption[];
  minValue: number | null;
  maxValue: number | null;
};

const StoredOption = z.object({ ky: z.string(), ru: z.string(), en: z.string().default("") });

/** The stored JSON of a CHOICE question's options; anything unreadable is dropped. */
export function optionsOf(json: unknown): QuestionOption[] {
  const rows = Array.isArray(json) ? json : [];
  return rows.flatMap((row) => {
    const option = StoredOption.safeParse(row);
    return option.success ? [option.data] : [];
  });
}

/** A question's row as stored, read back into the fields a snapshot compares. */
export function questionFieldsOf(row: Omit<QuestionFields, "options" | "kind"> & { kind: string; options: unknown }): QuestionFields {
  return {
    kind: QUESTION_KINDS.find((kind) => kind === row.kind) ?? "TEXT",
    required: row.required,
    labelKy: row.labelKy,
    labelRu: row.labelRu,
    labelEn: row.labelEn,
    helpKy: row.helpKy,
    helpRu: row.helpRu,
    helpEn: row.helpEn,
    options: row.kind === "CHOICE" ? optionsOf(row.options) : [],
    minValue: row.minValue,
    maxValue: row.maxValue,
  };
}

/** The question's text in the reader's language; English falls back to Russian. */
export function questionText(q: { labelKy: string; labelRu: string; labelEn: string }, locale: string) {
  if (locale === "ky") return q.labelKy || q.labelRu;
  if (locale === "en") return q.labelEn || q.labelRu;
  return q.labelRu || q.labelKy;
}

export function helpText(q: { helpKy: string; helpRu: string; helpEn: string }, locale: string) {
  if (locale === "ky") return q.helpKy || q.helpRu;
  if (locale === "en") return q.helpEn || q.helpRu;
  return q.helpRu || q.helpKy;
}

export function optionText(option: QuestionOption | undefined, locale: string) {
  if (!option) return "";
  if (locale === "ky") return option.ky || option.ru;
  if (locale === "en") return option.en || option.ru;
  return option.ru || option.ky;
}

// ───────────── The call form's rows ─────────────

const text = (max: number) => z.string({ invalid_type_error: "invalid" }).trim().max(max, "tooLong").default("");
const lines = (value: string) =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
const WHOLE = /^-?\d{1,9}$/;

export const QUESTION_TEXTS = [
  "labelKy",
  "labelRu",
  "labelEn",
  "helpKy",
  "helpRu",
  "helpEn",
  "optionsKy",
  "optionsRu",
  "optionsEn",
] as const;
export const QUESTION_ROW_FIELDS = [...QUESTION_TEXTS, "kind", "required", "min", "max"] as const;

/**
 * A question row of the call form. The form offers empty rows so questions can
 * be added without JavaScript; a row without any label is no question.
 * Options are typed one per line, the same number of lines in Kyrgyz and Russian.
 */
export const QuestionRowSchema = z
  .object({
    kind: z.enum(QUESTION_KINDS, { errorMap: () => ({ message: "invalid" }) }).catch("TEXT"),
    required: z.preprocess((v) => v === true || v === "yes", z.boolean()),
    labelKy: text(300),
    labelRu: text(300),
    labelEn: text(300),
    helpKy: text(1000),
    helpRu: text(1000),
    helpEn: text(1000),
    optionsKy: text(2000),
    optionsRu: text(2000),
    optionsEn: text(2000),
    min: text(12),
    max: text(12),
  })
  .superRefine((row, ctx) => {
    if (isBlankQuestion(row)) return;
    if (!row.labelKy) ctx.addIssue({ code: "custom", path: ["labelKy"], message: "calls:questions.error.labelKy" });
    if (!row.labelRu) ctx.addIssue({ code: "custom", path: ["labelRu"], message: "calls:questions.error.labelRu" });
    if (row.kind === "CHOICE") {
      const ky = lines(row.optionsKy);
      const ru = lines(row.optionsRu);
      const en = lines(row.optionsEn);
      if (ky.length < 2 || ky.length > MAX_OPTIONS)
        ctx.addIssue({ code: "custom", path: ["optionsKy"], message: "calls:questions.error.options" });
      if (ru.length !== ky.length) ctx.addIssue({ code: "custom", path: ["optionsRu"], message: "calls:questions.error.optionsCount" });
      if (en.length > 0 && en.length !== ky.length)
        ctx.addIssue({ code: "custom", path: ["optionsEn"], message: "calls:questions.error.optionsCount" });
    }
    if (row.kind === "NUMBER") {
      if (row.min && !WHOLE.test(row.min)) ctx.addIssue({ code: "custom", path: ["min"], message: "calls:questions.error.whole" });
      if (row.max && !WHOLE.test(row.max)) ctx.addIssue({ code: "custom", path: ["max"], message: "calls:questions.error.whole" });
      if (WHOLE.test(row.min) && WHOLE.test(row.max) && Number(row.min) > Number(row.max))
        ctx.addIssue({ code: "custom", path: ["max"], message: "calls:questions.error.range" });
    }
  })
  .transform((row): QuestionFields | null => {
    if (isBlankQuestion(row)) return null;
    const ky = lines(row.optionsKy);
    const ru = lines(row.optionsRu);
    const en = lines(row.optionsEn);
    return {
      kind: row.kind,
      required: row.required,
      labelKy: row.labelKy,
      labelRu: row.labelRu,
      labelEn: row.labelEn,
      helpKy: row.helpKy,
      helpRu: row.helpRu,
      helpEn: row.helpEn,
      options: row.kind === "CHOICE" ? ky.map((k, i) => ({ ky: k, ru: ru[i] ?? "", en: en[i] ?? "" })) : [],
      minValue: row.kind === "NUMBER" && WHOLE.test(row.min) ? Number(row.min) : null,
      maxValue: row.kind === "NUMBER" && WHOLE.test(row.max) ? Number(row.max) : null,
    };
  });

function isBlankQuestion(row: { labelKy: string; labelRu: string; labelEn: string }) {
  return !row.labelKy && !row.labelRu && !row.labelEn;
}

export const QuestionsField = z.preprocess(
  (v) => (Array.isArray(v) ? v.map((row: unknown) => row ?? {}) : []),
  z
    .array(QuestionRowSchema)
    .max(MAX_QUESTIONS + 3, "calls:questions.error.tooMany")
    .transform((rows) => rows.filter((row): row is QuestionFields => row !== null))
    .refine((rows) => rows.length <= MAX_QUESTIONS, "calls:questions.error.tooMany"),
);

const QUESTION_KEY = new RegExp(`^questions\\.(\\d{1,2})\\.(${QUESTION_ROW_FIELDS.join("|")})$`);

/** A posted field of the rows, as [index, field], or null when the key is not one. */
export function questionKey(key: string): [number, string] | null {
  const match = QUESTION_KEY.exec(key);
  return match ? [Number(match[1]), match[2]!] : null;
}

export type QuestionRow = Partial<Record<(typeof QUESTION_ROW_FIELDS)[number], string>>;

/** Stored questions as the rows the form starts with. */
export function questionRows(questions: QuestionFields[]): QuestionRow[] {
  return questions.map((q) => ({
    kind: q.kind,
    ...(q.required ? { required: "yes" } : {}),
    labelKy: q.labelKy,
    labelRu: q.labelRu,
    labelEn: q.labelEn,
    helpKy: q.helpKy,
    helpRu: q.helpRu,
    helpEn: q.helpEn,
    optionsKy: q.options.map((o) => o.ky).join("\n"),
    optionsRu: q.options.map((o) => o.ru).join("\n"),
    optionsEn: q.options.some((o) => o.en) ? q.options.map((o) => o.en).join("\n") : "",
    min: q.minValue === null ? "" : String(q.minValue),
    max: q.maxValue === null ? "" : String(q.maxValue),
  }));
}

// ───────────── Answers ─────────────

export type AnswerProblem = "required" | "number" | "tooSmall" | "tooLarge" | "choice" | "tooLong";

const NUMBER = /^-?\d{1,12}(?:[.,]\d{1,4})?$/;

/** The number as stored: dot decimal, no spaces; null when it is not one. */
export function normalizeNumber(value: string): string | null {
  const compact = value.replace(/[\s\u00a0]/g, "");
  return NUMBER.test(compact) ? compact.replace(",", ".") : null;
}

/**
 * What is wrong with an answer, or null. `final` is the submission's check
 * (a required question must be answered); a draft may be incomplete but what
 * is typed must still be readable (checked the same way once it is there).
 */
export function answerProblem(
  q: Pick<QuestionFields, "kind" | "required" | "options" | "minValue" | "maxValue">,
  answer: { value: string; hasFile: boolean },
  final: boolean,
): AnswerProblem | null {
  const value = answer.value.trim();
  const empty = q.kind === "FILE" ? !answer.hasFile : value === "";
  if (empty) return final && q.required ? "required" : null;
  switch (q.kind) {
    case "TEXT":
      return value.length > MAX_ANSWER_TEXT ? "tooLong" : null;
    case "NUMBER": {
      const number = normalizeNumber(value);
      if (number === null) return "number";
      if (q.minValue !== null && Number(number) < q.minValue) return "tooSmall";
      if (q.maxValue !== null && Number(number) > q.maxValue) return "tooLarge";
      return null;
    }
    case "CHOICE":
      return /^\d{1,2}$/.test(value) && Number(value) < q.options.length ? null : "choice";
    case "FILE":
      return null;
  }
}
