import { z } from "zod";
import { LOCALES } from "~/utils/i18n";
import { AppointSchema } from "./review-schemas";

// The officer's one form for a seat: an address with an account is seated at
// once; any other gets an invitation, for which the name and the e-mail's
// language are used (decision 0061). Messages are translation keys.
export const CommissionInviteSchema = AppointSchema.extend({
  fullName: z.string().trim().max(120, "tooLong").default(""),
  locale: z.enum(LOCALES, { message: "required" }).default("ky"),
});

export const CommissionInvitationWithdrawSchema = z.object({ invitationId: z.string().trim().min(1, "required").max(64, "tooLong") });

export type CommissionInviteInput = z.infer<typeof CommissionInviteSchema>;
