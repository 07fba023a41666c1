import { z } from "zod";
import { calendarDate } from "~/domains/agreements/calendar-date";

export const PaymentOrderSchema = z.object({
  trancheId: z.string().trim().min(1, "required").max(64),
  idempotencyKey: z.string().trim().min(16, "finance:v.idempotencyKey").max(100, "finance:v.idempotencyKey"),
});

export const ManualPaymentSchema = PaymentOrderSchema.extend({
  // Money that has left: never a day after today in Bishkek.
  paidOn: calendarDate("finance", { past: true }),
  bankReference: z.string().trim().max(100, "tooLong").default(""),
});

/** The second finance officer's confirmation of a match that waits for them (four eyes, decision 0055). */
export const ConfirmMatchSchema = z.object({
  lineId: z.string().trim().min(1, "required").max(64),
});

export const ResolveLineSchema = z.object({
  lineId: z.string().trim().min(1, "required").max(64),
  note: z.string().trim().min(1, "finance:v.noteRequired").max(2000, "tooLong"),
});
