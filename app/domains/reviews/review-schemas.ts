import { z } from "zod";

// Shared by the forms and the actions. Messages are translation keys
// ("validation" namespace, or "reviews:validation.*" for this domain's own).

const id = z.string().trim().min(1, "required").max(64, "tooLong");
const longText = (min: number, message: string) => z.string().trim().min(min, message).max(4000, "tooLong");

export const EligibilitySchema = z
  .object({
    proposalId: id,
    eligible: z.enum(["true", "false"], { message: "reviews:validation.chooseEligibility" }).transform((v) => v === "true"),
    reason: z.string().trim().max(4000, "tooLong").default(""),
  })
  .refine((v) => v.eligible || v.reason.length >= 10, { path: ["reason"], message: "reviews:validation.reasonRequired" });

export const AppealSchema = z.object({ proposalId: id, grounds: longText(10, "reviews:validation.groundsRequired") });

export const AppealDecisionSchema = z.object({
  appealId: id,
  outcome: z.enum(["UPHELD", "DISMISSED"], { message: "reviews:validation.chooseOutcome" }),
  decision: longText(10, "reviews:validation.decisionRequired"),
});

export const COMMISSION_ROLES = ["CHAIR", "MEMBER", "OBSERVER"] as const;

export const AppointSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "required").max(254, "tooLong").email("email"),
  role: z.enum(COMMISSION_ROLES, { message: "reviews:validation.chooseRole" }),
  affiliations: z.string().max(2000, "tooLong").default(""),
});

export const SeatSchema = z.object({ membershipId: id });

export const AffiliationsSchema = z.object({ affiliations: z.string().max(2000, "tooLong").default("") });

/** One choice per applicant organization: `conflict_<id>` = no|yes, `reason_<id>` required with yes. */
export function declarationsSchema(organizationIds: readonly string[]) {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const orgId of organizationIds) {
    shape[`conflict_${orgId}`] = z.enum(["no", "yes"], { message: "reviews:validation.chooseConflict" });
    shape[`reason_${orgId}`] = z.string().trim().max(1000, "tooLong").default("");
  }
  return z
    .object(shape)
    .superRefine((values, ctx) => {
      for (const orgId of organizationIds) {
        if (values[`conflict_${orgId}`] === "yes" && String(values[`reason_${orgId}`] ?? "").length < 5) {
          ctx.addIssue({ code: "custom", path: [`reason_${orgId}`], message: "reviews:validation.conflictReasonRequired" });
        }
      }
    })
    .transform((values) =>
      organizationIds.map((organizationId) => ({
        organizationId,
        hasConflict: values[`conflict_${organizationId}`] === "yes",
        reason: String(values[`reason_${organizationId}`] ?? ""),
      })),
    );
}

export type CriterionForForm = { id: string; maxScore: number };

/**
 * `score_<criterionId>` and `comment_<criterionId>` (no dots: react-hook-form reads dots as nesting) per criterion. Saving a
 * draft accepts blanks; submitting needs every score and every comment.
 */
export function scoreSheetSchema(criteria: readonly CriterionForForm[]) {
  const shape: Record<string, z.ZodTypeAny> = { intent: z.enum(["save", "submit"]).default("save") };
  for (const c of criteria) {
    shape[`score_${c.id}`] = z
      .string()
      .trim()
      .default("")
      .refine((v) => v === "" || (/^\d{1,3}$/.test(v) && Number(v) <= c.maxScore), "reviews:validation.scoreRange");
    shape[`comment_${c.id}`] = z.string().trim().max(2000, "tooLong").default("");
  }
  return z
    .object(shape)
    .superRefine((values, ctx) => {
      if (values.intent !== "submit") return;
      for (const c of criteria) {
        if (values[`score_${c.id}`] === "")
          ctx.addIssue({ code: "custom", path: [`score_${c.id}`], message: "reviews:validation.scoreRequired" });
        if (String(values[`comment_${c.id}`]).length < 3)
          ctx.addIssue({ code: "custom", path: [`comment_${c.id}`], message: "reviews:validation.commentRequired" });
      }
    })
    .transform((values) => ({
      submit: values.intent === "submit",
      scores: criteria
        .filter((c) => values[`score_${c.id}`] !== "")
        .map((c) => ({ criterionId: c.id, score: Number(values[`score_${c.id}`]), comment: String(values[`comment_${c.id}`]) })),
    }));
}

export const ConsensusSchema = z.object({
  criterionId: id,
  score: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, "reviews:validation.scoreRange")
    .transform(Number),
  rationale: longText(10, "reviews:validation.rationaleRequired"),
});

/** An administrator's exception to separation of duties (decision 0053). */
export const CommissionExceptionSchema = z.object({
  callId: id,
  email: z.string().trim().toLowerCase().min(1, "required").max(254, "tooLong").email("email"),
  reason: longText(10, "reviews:validation.exceptionReason"),
});
