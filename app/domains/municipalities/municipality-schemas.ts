import { z } from "zod";
import { RegisterSchema } from "~/domains/accounts/account-schemas";
import { parseSomToTyiyn } from "~/domains/budgets/money";

// Messages are keys of the "validation" namespace, translated where shown.
const text = (max: number) => z.string().trim().min(1, "required").max(max, "tooLong");
const optionalText = (max: number) => z.string().trim().max(max, "tooLong").default("");

export const MUNICIPALITY_KINDS = ["CITY", "DISTRICT", "AYIL_OKMOTU"] as const;

export const MunicipalityProfileSchema = z.object({
  nameKy: text(160),
  nameRu: text(160),
  nameEn: text(160),
  kind: z.enum(MUNICIPALITY_KINDS, { message: "required" }),
  region: text(120),
  address: optionalText(240),
  // Lowercase, as OCDS registers prefixes: "ocds-" and six characters.
  ocidPrefix: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^ocds-[a-z0-9]{6}$/, "ocidPrefix"),
  headNameKy: text(120),
  headNameRu: text(120),
  headPositionKy: text(160),
  headPositionRu: text(160),
  contactEmail: z.union([z.literal(""), z.string().trim().toLowerCase().max(254, "tooLong").email("email")]).default(""),
  contactPhone: z
    .string()
    .trim()
    .max(20, "tooLong")
    .refine((v) => v === "" || /^\+?[0-9 ()-]{7,20}$/.test(v), "phone")
    .default(""),
});

/** Four eyes on reconciliation (decision 0055): an amount in som; empty or 0 turns it off. */
export const FourEyesSchema = z.object({
  fourEyesThreshold: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const amount = parseSomToTyiyn(v === "" ? "0" : v);
      if (amount === null) {
        ctx.addIssue({ code: "custom", message: "municipalities:fourEyes.invalid" });
        return z.NEVER;
      }
      return amount;
    }),
});

/** The first administrator typed at set-up: the same rules as any registration. */
const registration = RegisterSchema.innerType().shape;
export const SetupSchema = MunicipalityProfileSchema.extend({
  setupToken: z.string().trim().min(1, "required").max(200, "tooLong"),
  adminFullName: registration.fullName,
  adminEmail: registration.email,
  adminPassword: registration.password,
  adminConfirmPassword: z.string(),
}).refine((v) => v.adminPassword === v.adminConfirmPassword, { path: ["adminConfirmPassword"], message: "passwordsDiffer" });

export type MunicipalityProfile = z.infer<typeof MunicipalityProfileSchema>;
export type SetupInput = z.infer<typeof SetupSchema>;
