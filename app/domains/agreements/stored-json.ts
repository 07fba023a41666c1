import { z } from "zod";
import type { ChangePayload } from "./agreement-rules";

// JSON columns read back for a page: parsed, not cast, so a malformed row fails loudly on the server.
const ChangePayloadSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("MILESTONE_DATE"), milestonePosition: z.number(), newDueOn: z.string() }),
  z.object({ kind: z.literal("BUDGET_REALLOCATION"), fromBudgetLineId: z.string(), toBudgetLineId: z.string(), amount: z.string() }),
]) satisfies z.ZodType<ChangePayload>;
const IndicatorsSchema = z.array(z.object({ indicator: z.string(), target: z.number(), achieved: z.number() }));
const ExpensesSchema = z.array(z.object({ budgetLineId: z.string(), amount: z.string() }));

/** A change request's stored payload. */
export const storedChangePayload = (json: unknown): ChangePayload => ChangePayloadSchema.parse(json);
/** A progress report's stored indicator rows. */
export const storedIndicators = (json: unknown) => IndicatorsSchema.parse(json);
/** A financial report's stored expenses (amounts as tyiyn strings). */
export const storedExpenses = (json: unknown) => ExpensesSchema.parse(json);
