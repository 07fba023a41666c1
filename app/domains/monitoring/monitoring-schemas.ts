// Forms of milestone monitoring; messages are keys translated by the form.
import { z } from "zod";
import { calendarDate } from "~/domains/agreements/calendar-date";
import { parseSomToTyiyn } from "~/domains/budgets/money";

const text = (max: number) => z.string().trim().max(max, "tooLong");
const required = (max: number) => text(max).min(1, "required");
const count = z
  .string()
  .trim()
  .regex(/^\d{1,7}$/, "grants:v.count")
  .transform(Number);

export const MAX_INDICATORS = 5;

/**
 * The milestone report form: the progress part (narrative, up to five
 * indicator rows indicator-i / target-i / achieved-i, beneficiaries) and the
 * financial part (one expense-<budgetLineId> field per approved budget line, in som).
 */
export const MilestoneReportSchema = z
  .object({ narrative: required(8000), beneficiariesReached: count })
  .passthrough()
  .transform((value, ctx) => {
    const raw: Record<string, unknown> = value;
    const indicators: { indicator: string; target: number; achieved: number }[] = [];
    for (let i = 0; i < MAX_INDICATORS; i += 1) {
      const name = String(raw[`indicator-${i}`] ?? "").trim();
      const target = String(raw[`target-${i}`] ?? "").trim();
      const achieved = String(raw[`achieved-${i}`] ?? "").trim();
      if (!name && !target && !achieved) continue;
      if (!name) ctx.addIssue({ code: "custom", path: [`indicator-${i}`], message: "required" });
      if (name.length > 300) ctx.addIssue({ code: "custom", path: [`indicator-${i}`], message: "tooLong" });
      for (const [key, v] of [
        [`target-${i}`, target],
        [`achieved-${i}`, achieved],
      ] as const) {
        if (!/^\d{1,7}$/.test(v)) ctx.addIssue({ code: "custom", path: [key], message: "grants:v.count" });
      }
      indicators.push({ indicator: name, target: Number(target), achieved: Number(achieved) });
    }
    const expenses: { budgetLineId: string; amount: bigint }[] = [];
    for (const [key, v] of Object.entries(raw)) {
      if (!key.startsWith("expense-")) continue;
      const textValue = String(v ?? "").trim();
      if (textValue === "") continue;
      const amount = parseSomToTyiyn(textValue);
      if (amount === null) {
        ctx.addIssue({ code: "custom", path: [key], message: "grants:v.amount" });
        continue;
      }
      if (amount > 0n) expenses.push({ budgetLineId: key.slice("expense-".length), amount });
    }
    return { narrative: value.narrative, beneficiariesReached: value.beneficiariesReached, indicators, expenses };
  });
export type MilestoneReportInput = z.output<typeof MilestoneReportSchema>;

/** The report form's fields and the longest text each may hold in a draft. */
function draftFieldLimit(name: string): number | null {
  if (name === "narrative") return 8000;
  if (name === "beneficiariesReached") return 20;
  if (/^indicator-\d$/.test(name) && Number(name.slice(-1)) < MAX_INDICATORS) return 300;
  if (/^(target|achieved)-\d$/.test(name) && Number(name.slice(-1)) < MAX_INDICATORS) return 20;
  if (/^expense-[A-Za-z0-9_-]{1,64}$/.test(name)) return 30;
  return null;
}

/** The report form's known fields as typed, trimmed, empty ones left out. */
export function reportFormFields(raw: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (draftFieldLimit(name) === null || typeof value !== "string") continue;
    const typed = value.trim();
    if (typed) fields[name] = typed;
  }
  return fields;
}

/**
 * A report kept as a draft: the form's fields as typed, nothing checked but
 * their length, so that a half-finished or wrong number is kept too (the
 * checks above run when the report is sent).
 */
export const ReportDraftSchema = z
  .record(z.unknown())
  .transform(reportFormFields)
  .superRefine((fields, ctx) => {
    for (const [name, typed] of Object.entries(fields)) {
      if (typed.length > draftFieldLimit(name)!) ctx.addIssue({ code: "custom", path: [name], message: "tooLong" });
    }
  });
export type ReportDraftFields = z.output<typeof ReportDraftSchema>;
/** A draft's stored fields (written from ReportDraftSchema's output: names and typed text). */
export const storedDraftFields = (json: unknown): ReportDraftFields => z.record(z.string()).parse(json);

export const ReviewSchema = z
  .object({ decision: z.enum(["ACCEPT", "REQUEST_CHANGES", "REJECT"]), comment: text(4000) })
  .refine((v) => v.decision === "ACCEPT" || v.comment.length > 0, { path: ["comment"], message: "grants:v.commentRequired" });
export type ReviewInput = z.output<typeof ReviewSchema>;

export const CommentSchema = z.object({ body: required(4000) });

export const VisitSchema = z.object({
  visitedOn: calendarDate("grants", { past: true }),
  findings: required(8000),
});

export const CloseOutSchema = z.object({
  finalNarrative: required(8000),
  returned: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const amount = parseSomToTyiyn(v === "" ? "0" : v);
      if (amount === null) {
        ctx.addIssue({ code: "custom", message: "grants:v.amount" });
        return z.NEVER;
      }
      return amount;
    }),
});
