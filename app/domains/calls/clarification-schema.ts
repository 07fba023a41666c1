// The public call page's question form, apart from the call form's schemas so the page does not carry them.
import { z } from "zod";

export const QuestionSchema = z.object({
  question: z
    .string({ required_error: "calls:form.error.questionShort", invalid_type_error: "invalid" })
    .trim()
    .min(10, "calls:form.error.questionShort")
    .max(2000, "tooLong"),
});
