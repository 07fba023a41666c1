import { z } from "zod";
import { isCalendarDate, startOfDay } from "~/utils/time";
import { parseSomToTyiyn } from "./money";

// Shared by the forms and the actions; messages are keys of the "validation"
// namespace, or "budgets:form.error.*" for the ones only these forms need.

const text = (max: number) => z.string({ invalid_type_error: "invalid" }).trim().min(1, "required").max(max, "tooLong");
const optionalText = (max: number) => z.string({ invalid_type_error: "invalid" }).trim().max(max, "tooLong").default("");

const year = z
  .string({ invalid_type_error: "invalid" })
  .trim()
  .min(1, "required")
  .refine((v) => /^\d{4}$/.test(v) && Number(v) >= 2000 && Number(v) <= 2100, "budgets:form.error.year")
  .transform(Number);

/** A calendar date typed in a date field (YYYY-MM-DD), kept as the instant that day starts in Bishkek. */
const actDate = z
  .string({ invalid_type_error: "invalid" })
  .trim()
  .min(1, "required")
  .refine((v) => isCalendarDate(v) && v >= "1991-01-01" && v <= "2100-12-31", "budgets:form.error.date")
  .transform(startOfDay);

/** A positive amount in som as people type it ("400 000", "1 250,50"), as tyiyn. */
const positiveSom = z
  .string({ invalid_type_error: "invalid" })
  .trim()
  .min(1, "required")
  .refine((v) => parseSomToTyiyn(v) !== null, "budgets:form.error.amount")
  .transform((v) => parseSomToTyiyn(v)!)
  .refine((v) => v > 0n, "budgets:form.error.positive");

const act = {
  actBody: text(200),
  actNumber: text(60),
  actDate,
};

const requestKey = z.string({ invalid_type_error: "invalid" }).trim().min(8, "invalid").max(80, "invalid");

export const ProgrammeSchema = z
  .object({
    code: z
      .string({ invalid_type_error: "invalid" })
      .trim()
      .toUpperCase()
      .min(1, "required")
      .max(30, "tooLong")
      .regex(/^[\p{Lu}\d][\p{Lu}\d./-]*$/u, "budgets:form.error.code"),
    nameKy: text(200),
    nameRu: text(200),
    nameEn: text(200),
    descriptionKy: optionalText(2000),
    descriptionRu: optionalText(2000),
    descriptionEn: optionalText(2000),
    ...act,
    firstYear: year,
    lastYear: year,
  })
  .refine((v) => v.lastYear >= v.firstYear, { path: ["lastYear"], message: "budgets:form.error.period" })
  .refine((v) => v.lastYear - v.firstYear <= 10, { path: ["lastYear"], message: "budgets:form.error.periodLong" });

export const PROGRAMME_FIELDS = [
  "code",
  "nameKy",
  "nameRu",
  "nameEn",
  "descriptionKy",
  "descriptionRu",
  "descriptionEn",
  "actBody",
  "actNumber",
  "actDate",
  "firstYear",
  "lastYear",
] as const;

export const OpenAppropriationSchema = z.object({ fiscalYear: year, amount: positiveSom, ...act, reason: optionalText(500), requestKey });
export const OPEN_FIELDS = ["fiscalYear", "amount", "actBody", "actNumber", "actDate", "reason", "requestKey"] as const;

export const ChangeAppropriationSchema = z.object({
  appropriationId: z.string().trim().min(1, "required").max(40, "invalid"),
  direction: z.enum(["INCREASE", "DECREASE"], { message: "budgets:form.error.direction" }),
  amount: positiveSom,
  reason: text(500),
  ...act,
  requestKey,
});
export const CHANGE_FIELDS = ["appropriationId", "direction", "amount", "reason", "actBody", "actNumber", "actDate", "requestKey"] as const;

export const CloseAppropriationSchema = z.object({
  appropriationId: z.string().trim().min(1, "required").max(40, "invalid"),
  confirm: z.literal("yes", { message: "budgets:form.error.confirmClose" }),
});

export type ProgrammeInput = z.infer<typeof ProgrammeSchema>;
export type OpenAppropriationInput = z.infer<typeof OpenAppropriationSchema>;
export type ChangeAppropriationInput = z.infer<typeof ChangeAppropriationSchema>;
