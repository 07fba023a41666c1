import { z } from "zod";

export const PaymentOrderSchema = z.object({
  trancheId: z.string().trim().min(1, "required").max(64),
  idempotencyKey: z.string().trim().min(16, "finance:v.idempotencyKey").max(100, "finance:v.idempotencyKey"),
});

export const ManualPaymentSchema = PaymentOrderSchema.extend({
  paidOn: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, "finance:v.date"),
  bankReference: z.string().trim().max(100, "tooLong").default(""),
});

export const ResolveLineSchema = z.object({
  lineId: z.string().trim().min(1, "required").max(64),
  note: z.string().trim().min(1, "finance:v.noteRequired").max(2000, "tooLong"),
});
