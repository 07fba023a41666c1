// zod schemas of the proposal forms, shared by react-hook-form in the browser
// and the actions on the server. Messages are keys: bare ones of the
// "validation" namespace, "proposals:validation.*" of this domain's.
// Drafts may be incomplete: these schemas check form and format; what a
// submission needs is checked by missingSections() in proposal-rules.ts.
import { z } from "zod";
import { LOCALES } from "~/utils/i18n";
import { isCalendarDate } from "~/utils/time";
import { parseHundredths } from "./money-input";

export const SECTIONS = ["summary", "problem", "target-group", "objectives", "work-plan", "budget", "team", "documents"] as const;
export type Section = (typeof SECTIONS)[number];

export function isSection(value: unknown): value is Section {
  return typeof value === "string" && isOneOf(SECTIONS, value);
}

import { BUDGET_CATEGORIES } from "./budget-categories";
export { BUDGET_CATEGORIES };

import { DOCUMENT_KINDS } from "~/domains/files/document-kinds";

export { DOCUMENT_KINDS };
import type { DocumentKindValue } from "~/domains/files/document-kinds";
import { isOneOf } from "~/utils/guards";

export type { DocumentKindValue };

export const LIMITS = { milestones: 24, budgetLines: 60, beneficiaries: 10_000_000 } as const;

const msg = (key: string) => `proposals:validation.${key}`;

// A field missing from the post reads as left empty.
const text = (max: number) => z.string().trim().max(max, "tooLong").default("");
const requiredText = (max: number) => z.string().default("").pipe(z.string().trim().min(1, "required").max(max, "tooLong"));

/** An amount of money typed by a person, as BigInt tyiyn. */
export const moneyInput = (options: { optional?: boolean; positive?: boolean } = {}) =>
  z
    .string()
    .max(40, "tooLong")
    .default("")
    .transform((value, ctx) => {
      if (value.trim() === "") {
        if (options.optional) return 0n;
        ctx.addIssue({ code: "custom", message: "required" });
        return z.NEVER;
      }
      const amount = parseHundredths(value);
      if (amount === null) {
        ctx.addIssue({ code: "custom", message: msg("money") });
        return z.NEVER;
      }
      if (options.positive && amount <= 0n) {
        ctx.addIssue({ code: "custom", message: msg("positive") });
        return z.NEVER;
      }
      return amount;
    });

/** A quantity with up to two decimals, as an integer of hundredths (2,5 -> 250). */
const quantityInput = z
  .string()
  .max(20, "tooLong")
  .default("")
  .transform((value, ctx) => {
    const amount = value.trim() === "" ? null : parseHundredths(value);
    if (amount === null || amount <= 0n || amount > 100_000_000n) {
      ctx.addIssue({ code: "custom", message: value.trim() === "" ? "required" : msg("quantity") });
      return z.NEVER;
    }
    return Number(amount);
  });

const wholeNumber = (max: number) =>
  z
    .string()
    .max(20, "tooLong")
    .default("")
    .transform((value, ctx) => {
      const compact = value.replace(/[\s\u00a0\u202f]/g, "");
      if (compact === "") return 0;
      if (!/^[0-9]+$/.test(compact) || Number(compact) > max) {
        ctx.addIssue({ code: "custom", message: msg("wholeNumber") });
        return z.NEVER;
      }
      return Number(compact);
    });

/** A calendar date from <input type="date">, kept as "YYYY-MM-DD". */
const dateInput = z
  .string()
  .default("")
  .transform((raw, ctx) => {
    const value = raw.trim();
    if (!isCalendarDate(value) || value < "2000-01-01" || value > "2100-12-31") {
      ctx.addIssue({ code: "custom", message: value === "" ? "required" : msg("date") });
      return z.NEVER;
    }
    return value;
  });

/**
 * Table rows arrive as "rows.0.field" names. A row left blank, or ticked
 * "remove", is dropped: that is how a row is deleted without JavaScript. It
 * is dropped after validation, so an error keeps the index of the row the
 * person sees it on.
 */
function rows<T extends z.ZodTypeAny>(row: T, fields: readonly string[], max: number) {
  const isKept = (item: unknown) => {
    if (!item || typeof item !== "object") return false;
    const record: Record<string, unknown> = Object.fromEntries(Object.entries(item));
    if (record.remove === "on" || record.remove === true) return false;
    return fields.some((field) => typeof record[field] === "string" && record[field].trim() !== "");
  };
  return z
    .preprocess((value) => {
      const list = Array.isArray(value) ? value : value && typeof value === "object" ? Object.values(value) : [];
      return list.map((item) => (isKept(item) ? item : null));
    }, z.array(row.nullable()))
    .transform((list) => list.filter((item): item is z.output<T> => item !== null))
    .refine((list) => list.length <= max, msg("tooManyRows"));
}

export const SummarySchema = z.object({
  title: text(200),
  summary: text(3000),
  language: z.enum(LOCALES),
});

export const ProblemSchema = z.object({ problem: text(8000) });

export const TargetGroupSchema = z.object({
  targetGroup: text(4000),
  beneficiaries: wholeNumber(LIMITS.beneficiaries),
});

export const ObjectivesSchema = z.object({ objectives: text(6000) });

/**
 * An end before the start does not stop a draft from being saved: it is
 * stored as typed, marked on the field (milestoneIssues in
 * proposal-rules.ts) and blocks only the submission.
 */
export const MilestoneRowSchema = z.object({
  title: requiredText(200),
  deliverables: text(2000),
  startsOn: dateInput,
  dueOn: dateInput,
});

export const MILESTONE_FIELDS = ["title", "deliverables", "startsOn", "dueOn"] as const;

export const WorkPlanSchema = z.object({
  activities: text(8000),
  milestones: rows(MilestoneRowSchema, MILESTONE_FIELDS, LIMITS.milestones),
});

/** Line total = quantity x unit cost, rounded half up to the tyiyn. */
export function lineTotal(quantityHundredths: number, unitCost: bigint): bigint {
  return (BigInt(quantityHundredths) * unitCost + 50n) / 100n;
}

/**
 * Requested and co-financing split the line's total. Whichever of the two is
 * left empty is derived from the other (both empty: all of it is requested),
 * so a later change of quantity or price derives it again; a typed pair must
 * add up. A string is the message key of what is wrong.
 */
export function splitLine(
  total: bigint,
  requestedTyped: string,
  cofinancingTyped: string,
): { requested: bigint; cofinancing: bigint } | "money" | "lineTotal" {
  const requestedBlank = requestedTyped.trim() === "";
  const cofinancingBlank = cofinancingTyped.trim() === "";
  const requested = requestedBlank ? null : parseHundredths(requestedTyped);
  const cofinancing = cofinancingBlank ? null : parseHundredths(cofinancingTyped);
  if ((!requestedBlank && requested === null) || (!cofinancingBlank && cofinancing === null)) return "money";
  const split =
    requested === null
      ? { cofinancing: cofinancing ?? 0n, requested: total - (cofinancing ?? 0n) }
      : { requested, cofinancing: cofinancing ?? total - requested };
  if (split.requested < 0n || split.cofinancing < 0n || split.requested + split.cofinancing !== total) return "lineTotal";
  return split;
}

const optionalMoneyText = z.string().max(40, "tooLong").default("");

export const BudgetLineRowSchema = z
  .object({
    category: z.enum(BUDGET_CATEGORIES, { errorMap: () => ({ message: "required" }) }),
    description: requiredText(300),
    unit: requiredText(40),
    quantity: quantityInput,
    unitCost: moneyInput({ positive: true }),
    requested: optionalMoneyText,
    cofinancing: optionalMoneyText,
  })
  .transform((line, ctx) => {
    const split = splitLine(lineTotal(line.quantity, line.unitCost), line.requested, line.cofinancing);
    if (typeof split === "string") {
      const requestedUnreadable = line.requested.trim() !== "" && parseHundredths(line.requested) === null;
      const field = split === "money" && !requestedUnreadable ? "cofinancing" : "requested";
      ctx.addIssue({ code: "custom", path: [field], message: msg(split) });
      return z.NEVER;
    }
    return { ...line, ...split };
  });

export const BUDGET_LINE_FIELDS = ["category", "description", "unit", "quantity", "unitCost", "requested", "cofinancing"] as const;

export const BudgetSchema = z.object({
  lines: rows(BudgetLineRowSchema, BUDGET_LINE_FIELDS, LIMITS.budgetLines),
});

export const TeamSchema = z.object({ team: text(6000) });

/** For each required kind: the id of a vault document, or "" to leave it open. */
export const DocumentsSchema = z.object({
  documents: z
    .record(z.string().max(40, "tooLong"))
    .optional()
    .transform((value) => {
      const chosen: Partial<Record<DocumentKindValue, string>> = {};
      for (const [kind, id] of Object.entries(value ?? {})) {
        if (isOneOf(DOCUMENT_KINDS, kind)) chosen[kind] = id.trim();
      }
      return chosen;
    }),
});

export const SECTION_SCHEMAS = {
  summary: SummarySchema,
  problem: ProblemSchema,
  "target-group": TargetGroupSchema,
  objectives: ObjectivesSchema,
  "work-plan": WorkPlanSchema,
  budget: BudgetSchema,
  team: TeamSchema,
  documents: DocumentsSchema,
} as const satisfies Record<Section, z.ZodTypeAny>;

/**
 * A save changes only the fields it was sent: a form that lost some of its
 * fields on the way must not blank them. Rows count as one field ("lines").
 */
export function sentSectionFields(section: Section, posted: Record<string, unknown>): string[] {
  return Object.keys(SECTION_SCHEMAS[section].shape).filter((field) => field in posted);
}

/** The section's schema over the fields that were sent; null when none was. */
export function schemaForSent(section: Section, posted: Record<string, unknown>) {
  const sent = sentSectionFields(section, posted);
  if (!sent.length) return null;
  // Every section's schema is a z.object; widened to one type, its pick() can be called with keys known only at run time.
  const schema: z.AnyZodObject = SECTION_SCHEMAS[section];
  return schema.pick(Object.fromEntries(sent.map((field) => [field, true])));
}

export type SectionInput<S extends Section> = Partial<z.output<(typeof SECTION_SCHEMAS)[S]>>;
export type AnySectionInput = { [S in Section]: { section: S; input: SectionInput<S> } }[Section];

/** Generated when the submit form is rendered; a retry carries the same key. */
export const idempotencyKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{16,100}$/, msg("idempotencyKey"));

export const SubmitSchema = z.object({ idempotencyKey });

export const StartSchema = z.object({ organizationId: z.string().trim().min(1, msg("chooseOrganization")).max(64) });

export const PaperIntakeSchema = z.object({
  callId: z.string().trim().min(1, msg("chooseCall")).max(64),
  organizationId: z.string().trim().min(1, msg("chooseOrganization")).max(64),
  language: z.enum(LOCALES),
  title: requiredText(200),
  summary: requiredText(3000),
  beneficiaries: wholeNumber(LIMITS.beneficiaries).refine((n) => n > 0, msg("beneficiaries")),
  requested: moneyInput({ positive: true }),
  cofinancing: moneyInput({ optional: true }),
  pages: wholeNumber(10_000).refine((n) => n > 0, msg("pages")),
  idempotencyKey,
});
export type PaperIntakeInput = z.output<typeof PaperIntakeSchema>;
