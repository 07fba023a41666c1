import { z } from "zod";
import { MAX_CODES_PER_BATCH } from "./feedback-rules";

// Messages are keys of the "validation" namespace.

export const RatingSchema = z.object({
  score: z.coerce.number({ invalid_type_error: "feedbackScore" }).int("feedbackScore").min(1, "feedbackScore").max(5, "feedbackScore"),
  comment: z
    .string()
    .trim()
    .max(1000, "feedbackCommentTooLong")
    .optional()
    .transform((v) => (v ? v : undefined)),
  code: z
    .string()
    .trim()
    .max(20, "feedbackCode")
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type RatingInput = z.infer<typeof RatingSchema>;

export const ReplySchema = z.object({
  ratingId: z.string().min(1, "required"),
  reply: z.string().trim().min(1, "required").max(1000, "feedbackCommentTooLong"),
});

export const CodesSchema = z.object({
  count: z.coerce
    .number({ invalid_type_error: "feedbackCodeCount" })
    .int("feedbackCodeCount")
    .min(1, "feedbackCodeCount")
    .max(MAX_CODES_PER_BATCH, "feedbackCodeCount"),
});
