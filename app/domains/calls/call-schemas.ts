// One schema per form, used by the browser (react-hook-form) and the action.
// Messages are keys of the "validation" namespace, or "calls:…" keys.
import { z } from "zod";
import { parseSomToTyiyn, tyiynToSomInput } from "~/domains/budgets/money";
import { LOCALES } from "~/utils/i18n";
import { bishkekLocalToInstant, instantToBishkekLocal } from "~/utils/time";
import { DOCUMENT_KINDS, LEGAL_FORMS, MAX_CRITERIA, REGIONS, stringList, TEXT_FIELDS } from "./call-options";
import { timelineProblems, TIMELINE } from "./calls-rules";
import { ELIGIBILITY_ENFORCEMENTS } from "./eligibility-rules";
import { budgetRulesOf } from "./budget-rules";
import { budgetRuleKey, budgetRuleRows, BudgetRulesField } from "./budget-rules-schemas";
import { MAX_QUESTIONS, questionFieldsOf, questionKey, questionRows, QuestionsField } from "./call-questions";

const text = (max: number) => z.string({ invalid_type_error: "invalid" }).trim().max(max, "tooLong").default("");

/** A required text; a field missing from the post reads as empty, with the same message. */
const requiredText = (min: number, max: number, short = "required") =>
  z.string({ required_error: short, invalid_type_error: "invalid" }).trim().min(min, short).max(max, "tooLong");

/** "" means not set yet (a draft may be incomplete); otherwise a whole number in range. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string({ invalid_type_error: "invalid" })
    .trim()
    .default("")
    .refine((v) => v === "" || (/^\d{1,4}$/.test(v) && Number(v) >= min && Number(v) <= max), "calls:form.error.wholeNumber")
    .transform((v) => (v === "" ? fallback : Number(v)));

export const somAmount = z
  .string({ invalid_type_error: "invalid" })
  .trim()
  .default("")
  .refine((v) => v === "" || parseSomToTyiyn(v) !== null, "calls:form.error.amount")
  .transform((v) => (v === "" ? 0n : parseSomToTyiyn(v)!));

/** Typed on a Bishkek clock in a datetime-local field; stored as the UTC instant. */
const bishkekDateTime = z
  .string({ invalid_type_error: "invalid" })
  .trim()
  .default("")
  .refine((v) => v === "" || bishkekLocalToInstant(v) !== null, "calls:form.error.dateTime")
  .transform((v) => (v === "" ? null : bishkekLocalToInstant(v)));

/** A checkbox group arrives as a list, one value, or nothing (and `false` from react-hook-form). */
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v : typeof v === "string" && v ? [v] : []),
    z.array(z.enum(values, { errorMap: () => ({ message: "invalid" }) })),
  );

const CRITERION_TEXTS = ["nameKy", "nameRu", "nameEn", "descriptionKy", "descriptionRu", "descriptionEn"] as const;

/**
 * A criterion row. The form offers a few empty rows so criteria can be added
 * without JavaScript; a row left entirely empty is no criterion.
 */
const CriterionRowSchema = z
  .object({
    nameKy: text(200),
    nameRu: text(200),
    nameEn: text(200),
    descriptionKy: text(1000),
    descriptionRu: text(1000),
    descriptionEn: text(1000),
    maxScore: text(12),
    weight: text(12),
  })
  .superRefine((row, ctx) => {
    if (isBlankRow(row)) return;
    if (!row.nameKy && !row.nameRu) ctx.addIssue({ code: "custom", path: ["nameKy"], message: "calls:form.error.criterionName" });
    if (!/^\d{1,3}$/.test(row.maxScore) || Number(row.maxScore) < 1 || Number(row.maxScore) > 100) {
      ctx.addIssue({ code: "custom", path: ["maxScore"], message: "calls:form.error.maxScore" });
    }
    if (!/^\d{1,3}$/.test(row.weight) || Number(row.weight) < 1 || Number(row.weight) > 100) {
      ctx.addIssue({ code: "custom", path: ["weight"], message: "calls:form.error.weight" });
    }
  })
  .transform((row) => (isBlankRow(row) ? null : { ...row, maxScore: Number(row.maxScore), weight: Number(row.weight) }));

function isBlankRow(row: Record<string, string>) {
  return [...CRITERION_TEXTS, "maxScore", "weight"].every((key) => !row[key]);
}

const CallFieldsObject = z.object({
  titleKy: text(200),
  titleRu: text(200),
  titleEn: text(200),
  summaryKy: text(1000),
  summaryRu: text(1000),
  summaryEn: text(1000),
  problemKy: text(4000),
  problemRu: text(4000),
  problemEn: text(4000),
  targetGroupKy: text(2000),
  targetGroupRu: text(2000),
  targetGroupEn: text(2000),
  eligibilityKy: text(4000),
  eligibilityRu: text(4000),
  eligibilityEn: text(4000),
  legalForms: list(LEGAL_FORMS),
  regions: list(REGIONS),
  requiredDocuments: list(DOCUMENT_KINDS),
  budgetRules: BudgetRulesField,
  questions: QuestionsField,
  minOrganizationAgeMonths: wholeNumber(0, 600, 0),
  eligibilityEnforcement: z.enum(ELIGIBILITY_ENFORCEMENTS, { errorMap: () => ({ message: "invalid" }) }).default("WARN"),
  minGrant: somAmount,
  maxGrant: somAmount,
  maxProposalsPerOrganization: wholeNumber(1, 20, 1),
  publishAt: bishkekDateTime,
  clarificationDeadline: bishkekDateTime,
  submissionDeadline: bishkekDateTime,
  reviewStartsAt: bishkekDateTime,
  reviewEndsAt: bishkekDateTime,
  /** The priority problem the call addresses (decision 0078): optional on a draft, required to publish. */
  priorityProblemId: z
    .string({ invalid_type_error: "invalid" })
    .trim()
    .max(64, "invalid")
    .default("")
    .transform((v) => v || null),
  criteria: z.preprocess(
    (v) => (Array.isArray(v) ? v.map((row) => row ?? {}) : []),
    z
      .array(CriterionRowSchema)
      .max(MAX_CRITERIA, "calls:form.error.tooManyCriteria")
      .transform((rows) => rows.filter((row): row is NonNullable<typeof row> => row !== null)),
  ),
});

/**
 * Checks across fields. They read the raw values (parsing what parses) so
 * that they run even when another field is wrong: the person sees every
 * problem after one submit, not one after another.
 */
const CrossFieldChecks = z
  .unknown()
  .superRefine((raw, ctx) => {
    const value = (key: string) => {
      const v: unknown = raw && typeof raw === "object" ? Object.getOwnPropertyDescriptor(raw, key)?.value : undefined;
      return typeof v === "string" ? v.trim() : "";
    };
    // A draft may be incomplete, but it needs a name in at least one language.
    if (!value("titleKy") && !value("titleRu"))
      ctx.addIssue({ code: "custom", path: ["titleKy"], message: "calls:form.error.titleRequired" });
    const minGrant = parseSomToTyiyn(value("minGrant"));
    const maxGrant = parseSomToTyiyn(value("maxGrant"));
    if (minGrant && maxGrant && minGrant > maxGrant)
      ctx.addIssue({ code: "custom", path: ["maxGrant"], message: "calls:form.error.grantRange" });
    const dates = Object.fromEntries(TIMELINE.map((field) => [field, bishkekLocalToInstant(value(field))]));
    for (const problem of timelineProblems(dates)) {
      ctx.addIssue({ code: "custom", path: [String(problem.params!.second)], message: `calls:form.error.after.${problem.params!.first}` });
    }
  })
  .transform(() => ({}));

function withCallChecks<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  return z.intersection(CrossFieldChecks, schema);
}

const CallFieldsSchema = withCallChecks(CallFieldsObject);

/** Creating a draft: the fields plus the appropriation it will draw on. */
export const CallCreateSchema = withCallChecks(CallFieldsObject.extend({ appropriationId: requiredText(1, 64) }));

export const CallDraftSchema = CallFieldsSchema;

/** Amending a published call: the same fields and a reason, which is published with the change. */
export const CallAmendSchema = withCallChecks(CallFieldsObject.extend({ reason: requiredText(10, 2000, "calls:form.error.reasonShort") }));

export type CallFields = z.infer<typeof CallFieldsSchema>;
export type CriterionInput = CallFields["criteria"][number];

export const TIMELINE_FIELDS = TIMELINE;

// ───────────── Small forms ─────────────

export const EnvelopeSchema = z.object({
  envelope: requiredText(1, 40)
    .refine((v) => parseSomToTyiyn(v) !== null, "calls:form.error.amount")
    .transform((v) => parseSomToTyiyn(v)!),
});

export const CancelSchema = z.object({ reason: requiredText(10, 2000, "calls:form.error.reasonShort") });

export { QuestionSchema } from "./clarification-schema";

export const AnswerSchema = z.object({
  questionId: requiredText(1, 64, "invalid"),
  question: requiredText(10, 2000, "calls:form.error.questionShort"),
  answerKy: requiredText(1, 4000, "calls:form.error.answerKy"),
  answerRu: requiredText(1, 4000, "calls:form.error.answerRu"),
  answerEn: text(4000),
});

export const PublicCallFilterSchema = z.object({
  status: z.enum(["open", "closed", "all"]).catch("open"),
  q: z.string().trim().max(100).catch(""),
});

export const OfficerCallFilterSchema = z.object({
  status: z.enum(["DRAFT", "PUBLISHED", "IN_REVIEW", "DECIDED", "COMPLETED", "CANCELLED", "all"]).catch("all"),
});

export const LanguageSchema = z.enum(LOCALES);

// ───────────── Reading the big form ─────────────

const ARRAY_FIELDS = new Set(["legalForms", "regions", "requiredDocuments"]);
const CRITERION_KEY = /^criteria\.(\d{1,2})\.(nameKy|nameRu|nameEn|descriptionKy|descriptionRu|descriptionEn|maxScore|weight)$/;

export type CallFormValues = Record<string, unknown> & { criteria?: Record<string, string>[] };

/**
 * The posted call form as the nested object react-hook-form builds in the
 * browser (`criteria.0.nameKy` -> criteria[0].nameKy; checkbox groups as lists),
 * so the same schema reads both.
 */
export function readCallForm(form: Iterable<[string, FormDataEntryValue]>): CallFormValues {
  const values: CallFormValues = {};
  const lists: Record<string, string[]> = {};
  const criteria: Record<string, string>[] = [];
  const budgetRules: Record<string, Record<string, string>> = {};
  const questions: Record<string, string>[] = [];
  for (const [key, value] of form) {
    if (typeof value !== "string") continue;
    const criterion = CRITERION_KEY.exec(key);
    const budgetRule = budgetRuleKey(key);
    const question = questionKey(key);
    if (question) {
      if (question[0] >= MAX_QUESTIONS + 3) continue;
      (questions[question[0]] ??= {})[question[1]] = value;
    } else if (budgetRule) {
      (budgetRules[budgetRule[0]] ??= {})[budgetRule[1]] = value;
    } else if (criterion) {
      const index = Number(criterion[1]);
      if (index >= MAX_CRITERIA + 5) continue;
      (criteria[index] ??= {})[criterion[2]!] = value;
    } else if (ARRAY_FIELDS.has(key)) {
      (lists[key] ??= []).push(value);
    } else {
      values[key] = value;
    }
  }
  return {
    ...values,
    ...lists,
    budgetRules,
    criteria: Array.from(criteria, (row) => row ?? {}),
    questions: Array.from(questions, (row) => row ?? {}),
  };
}

type StoredCall = Record<`${"title" | "summary" | "problem" | "targetGroup" | "eligibility"}${"Ky" | "Ru" | "En"}`, string> & {
  eligibleLegalForms: unknown;
  eligibleRegions: unknown;
  requiredDocuments: unknown;
  budgetRules: unknown;
  /** The call's extra questions, by position (absent: none). */
  extraQuestions?: Parameters<typeof questionFieldsOf>[0][];
  minOrganizationAgeMonths: number;
  eligibilityEnforcement: string;
  minGrant: bigint | string | number;
  maxGrant: bigint | string | number;
  maxProposalsPerOrganization: number;
  priorityProblemId?: string | null;
  criteria: {
    nameKy: string;
    nameRu: string;
    nameEn: string;
    descriptionKy: string;
    descriptionRu: string;
    descriptionEn: string;
    maxScore: number;
    weight: number;
  }[];
} & Record<(typeof TIMELINE)[number], Date | string | null>;

/** A stored call as the values its form starts with (what readCallForm would read back). */
export function callFormValues(call: StoredCall | null): CallFormValues {
  if (!call)
    return {
      legalForms: [],
      regions: [],
      requiredDocuments: [],
      budgetRules: {},
      questions: [],
      maxProposalsPerOrganization: "1",
      minOrganizationAgeMonths: "0",
      eligibilityEnforcement: "WARN",
      criteria: [],
    };
  const amount = (value: bigint | string | number) => (BigInt(value) === 0n ? "" : tyiynToSomInput(value));
  return {
    ...Object.fromEntries(TEXT_FIELDS.flatMap((field) => (["Ky", "Ru", "En"] as const).map((s) => [`${field}${s}`, call[`${field}${s}`]]))),
    legalForms: stringList(call.eligibleLegalForms),
    regions: stringList(call.eligibleRegions),
    requiredDocuments: stringList(call.requiredDocuments),
    budgetRules: budgetRuleRows(budgetRulesOf(call.budgetRules)),
    questions: questionRows((call.extraQuestions ?? []).map(questionFieldsOf)),
    minOrganizationAgeMonths: String(call.minOrganizationAgeMonths),
    eligibilityEnforcement: call.eligibilityEnforcement,
    minGrant: amount(call.minGrant),
    maxGrant: amount(call.maxGrant),
    maxProposalsPerOrganization: String(call.maxProposalsPerOrganization),
    priorityProblemId: call.priorityProblemId ?? "",
    ...Object.fromEntries(TIMELINE.map((field) => [field, instantToBishkekLocal(call[field])])),
    criteria: call.criteria.map((c) => ({
      nameKy: c.nameKy,
      nameRu: c.nameRu,
      nameEn: c.nameEn,
      descriptionKy: c.descriptionKy,
      descriptionRu: c.descriptionRu,
      descriptionEn: c.descriptionEn,
      maxScore: String(c.maxScore),
      weight: String(c.weight),
    })),
  };
}

/** A call document's title: shown to the public, so Kyrgyz and Russian. */
export const CallDocumentSchema = z.object({
  titleKy: requiredText(1, 200),
  titleRu: requiredText(1, 200),
  titleEn: text(200),
});

export const CallDocumentRowSchema = z.object({ documentId: requiredText(1, 64, "invalid") });
