import { z } from "zod";
import { isCalendarDate, startOfDay } from "~/utils/time";

// Shared by the forms and the actions; messages are keys of the "validation" namespace,
// or "priorities:form.error.*" for the ones only these forms need.

const text = (max: number) => z.string({ invalid_type_error: "invalid" }).trim().min(1, "required").max(max, "tooLong");
const optionalText = (max: number) => z.string({ invalid_type_error: "invalid" }).trim().max(max, "tooLong").default("");

const year = z
  .string({ invalid_type_error: "invalid" })
  .trim()
  .min(1, "required")
  .refine((v) => /^\d{4}$/.test(v) && Number(v) >= 2000 && Number(v) <= 2100, "priorities:form.error.year")
  .transform(Number);

const count = z
  .string({ invalid_type_error: "invalid" })
  .trim()
  .default("0")
  .refine((v) => /^\d{1,6}$/.test(v || "0"), "priorities:form.error.count")
  .transform((v) => Number(v || "0"));

const day = z
  .string({ invalid_type_error: "invalid" })
  .trim()
  .min(1, "required")
  .refine((v) => isCalendarDate(v) && v >= "2000-01-01" && v <= "2100-12-31", "priorities:form.error.date")
  .transform(startOfDay);

export const NeedsStudySchema = z.object({ year, title: text(200), summary: optionalText(4000) });
export type NeedsStudyInput = z.infer<typeof NeedsStudySchema>;

/** The problems raised are typed one per line. */
export const HearingSchema = z.object({
  heldOn: day,
  place: text(200),
  invited: optionalText(2000),
  attendeesFemale: count,
  attendeesMale: count,
  problems: z
    .string({ invalid_type_error: "invalid" })
    .default("")
    .transform((v) =>
      v
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .refine((lines) => lines.length <= 50, "priorities:form.error.tooManyProblems")
    .refine((lines) => lines.every((line) => line.length <= 200), "tooLong"),
});
export type HearingInput = z.infer<typeof HearingSchema>;

export const ProposeProblemSchema = z.object({ title: text(200), description: optionalText(2000) });
export type ProposeProblemInput = z.infer<typeof ProposeProblemSchema>;

export const SupportSchema = z.object({ problemId: text(40) });

export const PrioritySchema = z.object({
  problemId: text(40),
  rank: z
    .string({ invalid_type_error: "invalid" })
    .trim()
    .min(1, "required")
    .refine((v) => /^\d{1,3}$/.test(v) && Number(v) >= 1, "priorities:form.error.rank")
    .transform(Number),
  reason: text(2000),
  targetGroups: text(500),
  programmeId: text(40),
});
export type PriorityInput = z.infer<typeof PrioritySchema>;

export const TallySchema = z.object({ hearingId: text(40) });
