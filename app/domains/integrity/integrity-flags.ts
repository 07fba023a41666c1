// What an integrity flag is and which sentences tell it (decision 0070): no imports, so the call
// page that shows flags does not ship the rules that compute them.

/** The closed set of flags, in the order a reader meets them in a call's life. */
export const INTEGRITY_CODES = {
  shortOpenPeriod: "SHORT_OPEN_PERIOD",
  lateAmendment: "LATE_AMENDMENT",
  singleEligibleProposal: "SINGLE_ELIGIBLE_PROPOSAL",
  commissionApplicantMatch: "COMMISSION_APPLICANT_MATCH",
  uniformScores: "UNIFORM_SCORES",
  extremeScoreDivergence: "EXTREME_SCORE_DIVERGENCE",
  awardAtMaximum: "AWARD_AT_MAXIMUM",
  repeatWinner: "REPEAT_WINNER",
} as const;

export type IntegrityCode = (typeof INTEGRITY_CODES)[keyof typeof INTEGRITY_CODES];

/** A call (its ocid) and, where the flag concerns one award, that award's id. */
export type IntegritySubject = { ocid: string; awardId?: string };

export type MatchBasis = "affiliation" | "address" | "founder";

type Flag<C extends IntegrityCode, P> = { code: C; subject: IntegritySubject; params: P };

export type IntegrityFlag =
  | Flag<"SHORT_OPEN_PERIOD", { days: number; minimum: number }>
  | Flag<"LATE_AMENDMENT", { amendmentId: string; daysBeforeDeadline: number; minimum: number }>
  /** `bids`: statuses published (eligible = "valid"); `tenderers`: only the count of applicants is. */
  | Flag<"SINGLE_ELIGIBLE_PROPOSAL", { basis: "bids" | "tenderers"; submitted: number }>
  | Flag<
      "COMMISSION_APPLICANT_MATCH",
      { memberId: string; memberName: string; tendererId: string; tendererName: string; basis: MatchBasis; declared: boolean }
    >
  | Flag<"UNIFORM_SCORES", { proposals: number; members: number }>
  | Flag<"EXTREME_SCORE_DIVERGENCE", { bidId: string; spread: number; maximum: number }>
  | Flag<"AWARD_AT_MAXIMUM", { amount: number; currency: string }>
  | Flag<"REPEAT_WINNER", { supplierId: string; supplierName: string; programme: string; wins: number; minimum: number }>;

/**
 * The translation keys of a flag's sentences in the "integrity" namespace, shown one after the
 * other with the flag's params interpolated: the same text in the portal and in the script.
 */
export function flagDetailKeys(flag: IntegrityFlag): string[] {
  switch (flag.code) {
    case "SINGLE_ELIGIBLE_PROPOSAL":
      return [`details.${flag.code}.${flag.params.basis}`];
    case "COMMISSION_APPLICANT_MATCH":
      return [`details.${flag.code}.${flag.params.basis}`, `details.${flag.code}.${flag.params.declared ? "declared" : "undeclared"}`];
    default:
      return [`details.${flag.code}`];
  }
}
