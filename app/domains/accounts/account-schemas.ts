import { z } from "zod";
import { LOCALES } from "~/utils/i18n";

// Messages are keys of the "validation" namespace, translated where shown.
const email = z.string().trim().toLowerCase().min(1, "required").max(254, "tooLong").email("email");
const password = z.string().min(10, "passwordTooShort").max(200, "tooLong");
const fullName = z.string().trim().min(2, "required").max(120, "tooLong");
const phone = z
  .string()
  .trim()
  .max(20, "tooLong")
  .refine((v) => v === "" || /^\+?[0-9 ()-]{7,20}$/.test(v), "phone");

/**
 * The "I have read the privacy notice" checkbox (decision 0071): a checked box sends "on",
 * an unchecked one nothing (or `false` from react-hook-form).
 */
export const privacyConsent = z.literal("on", { errorMap: () => ({ message: "privacyConsentRequired" }) });

export const RegisterSchema = z
  .object({
    privacyConsent,
    fullName,
    email,
    phone: phone.optional().default(""),
    password,
    confirmPassword: z.string(),
    locale: z.enum(LOCALES).default("ky"),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "passwordsDiffer" });

export const LoginSchema = z.object({
  email,
  password: z.string().min(1, "required").max(200, "tooLong"),
  redirectTo: z.string().optional(),
});

export const ResetRequestSchema = z.object({ email });

export const ResetPasswordSchema = z
  .object({ token: z.string().min(20).max(200), password, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "passwordsDiffer" });

export const ProfileSchema = z.object({ fullName, phone, locale: z.enum(LOCALES) });

/** Closing one's own account asks for the password again, and an explicit yes. */
export const CloseAccountSchema = z.object({
  password: z.string().min(1, "required").max(200, "tooLong"),
  confirm: z.literal("yes", { errorMap: () => ({ message: "closeAccountConfirm" }) }),
});

export type CloseAccountInput = z.infer<typeof CloseAccountSchema>;

export type RegisterInput = z.infer<typeof RegisterSchema>;
export type ProfileInput = z.infer<typeof ProfileSchema>;
