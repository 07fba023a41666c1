import { z } from "zod";
import { LOCALES } from "~/utils/i18n";
import { privacyConsent } from "./account-schemas";

// Messages are keys of the "validation" namespace, translated where shown.
export const STAFF_ROLES = ["ADMIN", "PROGRAMME_OFFICER", "FINANCE_OFFICER"] as const;
export type StaffRoleName = (typeof STAFF_ROLES)[number];

const staffRole = z.enum(STAFF_ROLES, { errorMap: () => ({ message: "required" }) });

export const StaffInviteSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "required").max(254, "tooLong").email("email"),
  role: staffRole,
  // The language of the e-mail when the address has no account yet (an account's own language wins).
  locale: z.enum(LOCALES).default("ky"),
});

export const StaffRoleChangeSchema = z.object({
  userId: z.string().min(1).max(64),
  role: staffRole,
});

export const StaffInvitationRevokeSchema = z.object({ invitationId: z.string().min(1).max(64) });

/** A new person's account, made from the invitation: the address is the invited one. */
export const StaffAccountSchema = z
  .object({
    privacyConsent,
    fullName: z.string().trim().min(2, "required").max(120, "tooLong"),
    password: z.string().min(10, "passwordTooShort").max(200, "tooLong"),
    confirmPassword: z.string(),
    locale: z.enum(LOCALES).default("ky"),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "passwordsDiffer" });

export type StaffInviteInput = z.infer<typeof StaffInviteSchema>;
export type StaffAccountInput = z.infer<typeof StaffAccountSchema>;
