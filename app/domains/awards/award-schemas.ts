import { z } from "zod";
import { parseSomToTyiyn } from "~/domains/budgets/money";

// Award forms, shared by the pages and the actions. Amounts are typed in som
// ("150 000" or "150000,50") and become BigInt tyiyn here.

const som = (message: string) =>
  z
    .string()
    .trim()
    .min(1, message)
    .refine((v) => parseSomToTyiyn(v) !== null, "awards:validation.amount")
    .transform((v) => parseSomToTyiyn(v)!);

export const OfferSchema = z.object({ proposalId: z.string().trim().min(1).max(64), amount: som("awards:validation.amountRequired") });

export const OfferResponseSchema = z
  .object({
    answer: z.enum(["accept", "decline"], { message: "awards:validation.chooseAnswer" }),
    revisedTotal: z.string().trim().default(""),
  })
  .superRefine((v, ctx) => {
    if (v.answer === "accept" && parseSomToTyiyn(v.revisedTotal) === null) {
      ctx.addIssue({ code: "custom", path: ["revisedTotal"], message: "awards:validation.revisedTotalRequired" });
    }
  })
  .transform((v) => ({ accept: v.answer === "accept", revisedTotal: v.answer === "accept" ? parseSomToTyiyn(v.revisedTotal) : null }));

/** Publishing carries the fingerprint of the awards shown on the confirmation step (decisionFingerprint). */
export const PublishSchema = z.object({ confirmed: z.string().min(1).max(20_000) });

/** Letters are issued in Kyrgyz and Russian; a ticked box (it sends "on") adds an English courtesy translation. */
export const IssueLetterSchema = z.object({
  awardId: z.string().trim().min(1).max(64),
  courtesyEnglish: z.union([z.literal("on"), z.literal(false), z.undefined()]).transform((v) => v === "on"),
});

export const VerifyCodeSchema = z.object({ code: z.string().trim().min(1, "awards:validation.codeRequired").max(40, "tooLong") });

export const HashSchema = z.object({
  hash: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, "awards:validation.hash"),
});
