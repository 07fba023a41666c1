import { z } from "zod";
import { LOCALES } from "~/utils/i18n";
import { isCalendarDate } from "~/utils/time";
import {
  digitsOnly,
  DOCUMENT_KINDS,
  isValidBankAccount,
  isValidBik,
  isValidRegistrationDate,
  isValidTin,
  KYRGYZ_REGIONS,
  LEGAL_FORMS,
  normalizeRegistrationNumber,
} from "./organization-rules";

// Messages are keys of the "validation" namespace, or "organizations:invalid.*"
// for the registry's own rules; the form translates them where shown.

const choose = { errorMap: () => ({ message: "organizations:invalid.choose" }) };
const text = (max: number) => z.string().trim().min(1, "required").max(max, "tooLong");
const optionalText = (max: number) => z.string().trim().max(max, "tooLong").default("");
const digits = (check: (v: string) => boolean, message: string) =>
  z.string().transform(digitsOnly).pipe(z.string().min(1, "required").refine(check, message));

export const OrganizationSchema = z.object({
  nameKy: text(200),
  nameRu: text(200),
  nameEn: optionalText(200),
  legalForm: z.enum(LEGAL_FORMS, choose),
  registrationNumber: z
    .string()
    .trim()
    .min(1, "required")
    .max(50, "tooLong")
    .regex(/^[\p{L}\p{N}][\p{L}\p{N}\s\-/.№]*$/u, "organizations:invalid.registrationNumber")
    .transform(normalizeRegistrationNumber),
  tin: digits(isValidTin, "organizations:invalid.tin"),
  registeredOn: z
    .string()
    .trim()
    .min(1, "required")
    .refine(isCalendarDate, "organizations:invalid.date")
    .refine((v) => isValidRegistrationDate(v, new Date()), "organizations:invalid.registeredOn"),
  region: z.enum(KYRGYZ_REGIONS, choose),
  address: text(300),
  phone: z
    .string()
    .trim()
    .min(1, "required")
    .max(20, "tooLong")
    .regex(/^\+?[0-9 ()-]{7,20}$/, "phone"),
  email: z.string().trim().toLowerCase().min(1, "required").max(254, "tooLong").email("email"),
  website: optionalText(200).refine((v) => v === "" || /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(v), "organizations:invalid.website"),
  bankName: text(200),
  bankBik: digits(isValidBik, "organizations:invalid.bik"),
  bankAccount: digits(isValidBankAccount, "organizations:invalid.bankAccount"),
  // Who signs agreements for it (decision 0080); optional, agreements name "an authorized representative" until given.
  signatoryName: optionalText(120),
  signatoryPositionKy: optionalText(120),
  signatoryPositionRu: optionalText(120),
  preferredLocale: z.enum(LOCALES, choose),
});
export type OrganizationInput = z.input<typeof OrganizationSchema>;
export type OrganizationData = z.output<typeof OrganizationSchema>;
export const ORGANIZATION_FIELDS: readonly (keyof OrganizationData)[] = OrganizationSchema.keyof().options;

export const InvitationSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "required").max(254, "tooLong").email("email"),
  role: z.enum(["MEMBER", "ADMIN"], choose).default("MEMBER"),
});

export const ReturnSchema = z.object({
  note: z.string().trim().min(10, "organizations:invalid.reason").max(2000, "tooLong"),
});

export const VaultDocumentSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS, choose),
  title: text(200),
  validUntil: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || (isCalendarDate(v) && v >= "1990-01-01" && v <= "2100-12-31"), "organizations:invalid.date"),
});

/** The id posted by a button in a list (remove this member, archive this document). */
export const RowSchema = z.object({ id: z.string().trim().min(1).max(64) });
