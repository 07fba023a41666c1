// What the integrity flags read from an OCDS release package (decision 0070), and their thresholds.
// Only the fields a flag uses are declared; everything else in a release is allowed and ignored,
// so a richer export (or another publisher's) still reads. OCDS allows null for most fields.
import { z } from "zod";

const dateTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), { message: "not a date-time" });
const text = z.string().nullish();
/** OCDS identifiers may be strings or integers. */
const identifier = z.union([z.string(), z.number()]).transform(String);

const value = z.object({ amount: z.number().nullish(), currency: text });

const address = z.object({ streetAddress: text, locality: text, region: text, postalCode: text, countryName: text });

const organizationIdentifier = z.object({ scheme: text, id: identifier.nullish() });

const party = z.object({
  id: identifier,
  name: text,
  roles: z.array(z.string()).nullish(),
  identifier: organizationIdentifier.nullish(),
  additionalIdentifiers: z.array(organizationIdentifier).nullish(),
  address: address.nullish(),
  /** Extension (public/ocds-extension): founders as registered, where the publisher holds them. */
  founders: z.array(z.object({ name: text, identifier: organizationIdentifier.nullish() })).nullish(),
});

const organizationReference = z.object({ id: identifier.nullish(), name: text });

const commissionMember = z.object({
  id: identifier,
  name: text,
  role: text,
  affiliations: z.array(z.string()).nullish(),
  address: address.nullish(),
  declaredConflicts: z.array(identifier).nullish(),
});

const tender = z.object({
  status: text,
  tenderPeriod: z.object({ startDate: dateTime.nullish(), endDate: dateTime.nullish() }).nullish(),
  numberOfTenderers: z.number().int().nonnegative().nullish(),
  tenderers: z.array(organizationReference).nullish(),
  amendments: z.array(z.object({ id: identifier.nullish(), date: dateTime.nullish() })).nullish(),
  /** Extension: the most one award may be (the call's maximum grant). */
  maxAwardValue: value.nullish(),
  /** Extension: the commission as the published protocol lists it. */
  evaluationCommission: z.object({ members: z.array(commissionMember).nullish() }).nullish(),
});

const bid = z.object({
  id: identifier,
  status: text,
  tenderers: z.array(organizationReference).nullish(),
  /** Extension: each counted member's weighted total (0–100), published after the decision. */
  memberScores: z.array(z.object({ memberId: identifier, total: z.number().min(0).max(100) })).nullish(),
});

const award = z.object({
  id: identifier,
  date: dateTime.nullish(),
  status: text,
  value: value.nullish(),
  suppliers: z.array(organizationReference).nullish(),
  relatedBids: z.array(identifier).nullish(),
  relatedBid: identifier.nullish(),
});

export const integrityReleaseSchema = z.object({
  ocid: z.string().min(1),
  date: dateTime.nullish(),
  parties: z.array(party).nullish(),
  planning: z.object({ budget: z.object({ projectID: identifier.nullish(), project: text }).nullish() }).nullish(),
  tender: tender.nullish(),
  bids: z.object({ details: z.array(bid).nullish() }).nullish(),
  awards: z.array(award).nullish(),
});

export const integrityPackageSchema = z.object({ releases: z.array(integrityReleaseSchema) });

export type IntegrityRelease = z.infer<typeof integrityReleaseSchema>;
export type IntegrityPackage = z.infer<typeof integrityPackageSchema>;
export type IntegrityParty = z.infer<typeof party>;
export type IntegrityAddress = z.infer<typeof address>;

/**
 * The municipality's thresholds (decision 0070 gives each default and its source).
 * Whole numbers; the score spread is in points of the 0–100 total.
 */
export const integrityThresholdsSchema = z.object({
  /** A call must stay open at least this many calendar days (publication day to deadline day). */
  minOpenDays: z.number().int().min(1).max(365),
  /** An amendment fewer than this many calendar days before the deadline in force is late. */
  lateAmendmentDays: z.number().int().min(1).max(90),
  /** The same organization's award number N (or later) in one programme is flagged. */
  repeatWins: z.number().int().min(2).max(100),
  /** Members' totals for one proposal further apart than this many points (of 100) diverge extremely. */
  extremeSpreadPoints: z.number().int().min(1).max(100),
  /** Identical totals on every scored proposal are flagged from this many scored proposals on. */
  uniformScoresMinProposals: z.number().int().min(1).max(1000),
});

export type IntegrityThresholds = z.infer<typeof integrityThresholdsSchema>;

export const DEFAULT_INTEGRITY_THRESHOLDS: IntegrityThresholds = {
  minOpenDays: 30,
  lateAmendmentDays: 7,
  repeatWins: 3,
  extremeSpreadPoints: 40,
  uniformScoresMinProposals: 2,
};

/** The settings form: each threshold typed as a whole number within the bounds above. */
const thresholdField = (min: number, max: number) =>
  z
    .string({ required_error: "required", invalid_type_error: "invalid" })
    .trim()
    .refine((v) => /^\d{1,4}$/.test(v) && Number(v) >= min && Number(v) <= max, "integrity:settings.outOfRange")
    .transform(Number);

export const IntegrityThresholdsFormSchema = z.object({
  minOpenDays: thresholdField(1, 365),
  lateAmendmentDays: thresholdField(1, 90),
  repeatWins: thresholdField(2, 100),
  extremeSpreadPoints: thresholdField(1, 100),
  uniformScoresMinProposals: thresholdField(1, 1000),
});

export const THRESHOLD_FIELDS = [
  "minOpenDays",
  "lateAmendmentDays",
  "repeatWins",
  "extremeSpreadPoints",
  "uniformScoresMinProposals",
] as const;

/** The bounds each field states in its hint. */
export const THRESHOLD_BOUNDS: Record<(typeof THRESHOLD_FIELDS)[number], { min: number; max: number }> = {
  minOpenDays: { min: 1, max: 365 },
  lateAmendmentDays: { min: 1, max: 90 },
  repeatWins: { min: 2, max: 100 },
  extremeSpreadPoints: { min: 1, max: 100 },
  uniformScoresMinProposals: { min: 1, max: 1000 },
};
