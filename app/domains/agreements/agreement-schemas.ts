// Forms of the agreement pages; messages are keys ("grants:v.*") translated by the form.
import { z } from "zod";
import { percentToBp, type AgreementSnapshot } from "./agreement-rules";
import { calendarDate } from "./calendar-date";

const text = (max: number) => z.string().trim().max(max, "tooLong");
const required = (max: number) => text(max).min(1, "required");
export const isoDate = calendarDate("grants");

/** The draft form: one share field per work-plan milestone, named share-<position>. */
export const AgreementDraftSchema = z
  .object({
    language: z.enum(["ky", "ru", "en"], { message: "required" }),
    reportingTerms: required(4000),
    bankName: required(200),
    bankBik: z
      .string()
      .trim()
      .regex(/^\d{6}$/, "grants:v.bik"),
    bankAccount: z
      .string()
      .trim()
      .regex(/^\d{16}$/, "grants:v.account"),
  })
  .passthrough()
  .transform((value, ctx) => {
    const shareKeys = Object.keys(value)
      .filter((key) => /^share-\d+$/.test(key))
      .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
    const shares: number[] = [];
    for (const key of shareKeys) {
      const raw = String(value[key] ?? "").trim();
      const bp = raw === "" ? 0 : percentToBp(raw);
      if (bp === null) {
        ctx.addIssue({ code: "custom", path: [key], message: "grants:v.percent" });
        return z.NEVER;
      }
      shares.push(bp);
    }
    return {
      language: value.language,
      reportingTerms: value.reportingTerms,
      bankName: value.bankName,
      bankBik: value.bankBik,
      bankAccount: value.bankAccount,
      shares,
    };
  });
export type AgreementDraftInput = z.output<typeof AgreementDraftSchema>;

// A signature is recorded after it happened.
export const SignSchema = z.object({ signedOn: calendarDate("grants", { past: true }) });

export const ChangeRequestSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("MILESTONE_DATE"),
    milestonePosition: z.coerce.number().int().min(1, "required"),
    newDueOn: isoDate,
    justification: required(2000),
  }),
  z.object({
    kind: z.literal("BUDGET_REALLOCATION"),
    fromBudgetLineId: required(64),
    toBudgetLineId: required(64),
    amount: z.string().trim().min(1, "required"),
    justification: required(2000),
  }),
]);
export type ChangeRequestInput = z.output<typeof ChangeRequestSchema>;

export const ChangeDecisionSchema = z
  .object({
    changeRequestId: required(64),
    decision: z.enum(["APPROVE", "REFUSE"]),
    reason: text(2000),
  })
  .refine((value) => value.decision === "APPROVE" || value.reason.length > 0, { path: ["reason"], message: "grants:v.reasonRequired" });

// An AgreementVersion's snapshot JSON, read back: parsed, not asserted, so a malformed row fails loudly.
// Its only writer is writeAgreementVersion, given createAgreement's snapshot or applyChange's (the type has
// not changed since the first version). Keys in the order those writers use; unknown keys are dropped.
const AgreementSnapshotSchema = z.object({
  amount: z.string(),
  language: z.enum(["ky", "ru", "en"]),
  reportingTerms: z.string(),
  bank: z.object({ name: z.string(), bik: z.string(), account: z.string() }),
  milestones: z.array(z.object({ position: z.number(), title: z.string(), deliverables: z.string(), dueOn: z.string() })),
  tranches: z.array(z.object({ position: z.number(), milestonePosition: z.number(), shareBp: z.number(), amount: z.string() })),
  budget: z.array(
    z.object({
      budgetLineId: z.string(),
      position: z.number(),
      category: z.string(),
      description: z.string(),
      amount: z.string(),
      classificationCode: z.string().optional(),
    }),
  ),
}) satisfies z.ZodType<AgreementSnapshot>;

/** An AgreementVersion's stored snapshot. */
export const storedSnapshot = (json: unknown): AgreementSnapshot => AgreementSnapshotSchema.parse(json);
