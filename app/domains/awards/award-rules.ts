import { allocateTranches, evenTrancheShares } from "~/domains/agreements/agreement-rules";
import type { AwardStatus } from "~/generated/sqlite/enums";
import { DomainError } from "~/utils/domain-error";

// Pure rules of awards: the greedy fill of the envelope, reduced offers, the
// status machine, when a decision becomes final, the tranche summary printed
// on a letter and the canonical letter content that is hashed.

export type AwardStatusValue = AwardStatus;

// ───────────── greedy fill ─────────────

export type FillCandidate = {
  proposalId: string;
  rank: number;
  requested: bigint;
  meetsThreshold: boolean;
  /**
   * What the chair and the NCO already settled for this proposal, from its
   * award row: an amount (a reduced offer, pending or accepted) or a decline.
   */
  settled?: { status: "PROPOSED" | "REDUCED_OFFERED"; amount: bigint } | { status: "DECLINED" } | null;
};

export type FillOutcome = "funded" | "reducedOffered" | "belowThreshold" | "belowMinGrant" | "doesNotFit" | "declined";

export type FillLine = { proposalId: string; rank: number; outcome: FillOutcome; amount: bigint; remainingAfter: bigint };

export type FillTerms = { available: bigint; minGrant: bigint; maxGrant: bigint };

/** The amount a proposal would get before any reduction: its request, capped at the maximum grant (0 = no cap). */
export function cappedRequest(requested: bigint, maxGrant: bigint): bigint {
  return maxGrant > 0n && requested > maxGrant ? maxGrant : requested;
}

/**
 * Fills the envelope greedily in rank order. A proposal that does not fit is
 * skipped and the next ones are still tried (a smaller one further down may
 * fit); the chair may instead offer the skipped one a reduced amount, which
 * then enters here as `settled`. An amount below the minimum grant is never
 * awarded. Below-threshold and declined proposals get nothing.
 */
export function fillEnvelope(candidates: readonly FillCandidate[], terms: FillTerms): FillLine[] {
  let remaining = terms.available;
  return [...candidates]
    .sort((a, b) => a.rank - b.rank)
    .map((c) => {
      const line = (outcome: FillOutcome, amount = 0n): FillLine => {
        remaining -= amount;
        return { proposalId: c.proposalId, rank: c.rank, outcome, amount, remainingAfter: remaining };
      };
      if (!c.meetsThreshold) return line("belowThreshold");
      if (c.settled?.status === "DECLINED") return line("declined");
      const amount = c.settled ? c.settled.amount : cappedRequest(c.requested, terms.maxGrant);
      if (amount < terms.minGrant || amount <= 0n) return line("belowMinGrant");
      if (amount > remaining) return line("doesNotFit");
      return line(c.settled?.status === "REDUCED_OFFERED" ? "reducedOffered" : "funded", amount);
    });
}

/** What the envelope still has for one more offer, leaving every other line of the fill as it is. */
export function roomFor(lines: readonly FillLine[], proposalId: string, available: bigint): bigint {
  const used = lines.filter((l) => l.proposalId !== proposalId).reduce((sum, l) => sum + l.amount, 0n);
  return available - used;
}

/** Null when the chair may offer this reduced amount; else a key of the "awards" namespace. */
export function reducedOfferProblem(input: {
  amount: bigint;
  requested: bigint;
  terms: FillTerms;
  room: bigint;
  meetsThreshold: boolean;
}): string | null {
  if (!input.meetsThreshold) return "awards:errors.belowThreshold";
  if (input.amount < input.terms.minGrant || input.amount <= 0n) return "awards:errors.belowMinGrant";
  if (input.amount >= cappedRequest(input.requested, input.terms.maxGrant)) return "awards:errors.notAReduction";
  if (input.amount > input.room) return "awards:errors.exceedsEnvelope";
  return null;
}

/** Accepting an offer: the revised budget total may be lower than offered, never higher nor under the minimum. */
export function acceptanceProblem(input: { revisedTotal: bigint; offered: bigint; minGrant: bigint }): string | null {
  if (input.revisedTotal > input.offered) return "awards:errors.revisedAboveOffer";
  if (input.revisedTotal < input.minGrant || input.revisedTotal <= 0n) return "awards:errors.belowMinGrant";
  return null;
}

// ───────────── status machine ─────────────

// Every award status change in production goes through assertTransition (decision.server.ts,
// standstill.server.ts). PROPOSED -> PROPOSED is a decision published again after an upheld appeal.
const NEXT: Record<AwardStatusValue, readonly AwardStatusValue[]> = {
  PROPOSED: ["PROPOSED", "REDUCED_OFFERED", "FINAL", "CANCELLED"],
  REDUCED_OFFERED: ["PROPOSED", "DECLINED", "REDUCED_OFFERED", "CANCELLED"],
  DECLINED: ["REDUCED_OFFERED"],
  FINAL: ["CLOSED"],
  CANCELLED: ["PROPOSED", "REDUCED_OFFERED"],
  CLOSED: [],
};

export function awardTransitionAllowed(from: AwardStatusValue, to: AwardStatusValue): boolean {
  return NEXT[from].includes(to);
}

/** Refuses a status change the table does not allow (409): a final award "is final", anything else an illegal move. */
export function assertTransition(from: AwardStatusValue, to: AwardStatusValue): void {
  if (awardTransitionAllowed(from, to)) return;
  const final = from === "FINAL" || from === "CLOSED";
  throw new DomainError(final ? "awards:errors.awardFinal" : "awards:errors.illegalTransition", { from, to }, 409);
}

// ───────────── standstill ─────────────

/** The decision becomes final once the standstill has ended with no appeal left open. */
export function finalizationDue(input: { callStatus: string; standstillEndsAt: Date | null; openAppeals: number; now: Date }): boolean {
  return (
    input.callStatus === "DECIDED" && input.standstillEndsAt !== null && input.now >= input.standstillEndsAt && input.openAppeals === 0
  );
}

// ───────────── tranches printed on a letter ─────────────

export type TrancheLine = { position: number; shareBp: number; amount: bigint; milestone: string | null };

/**
 * The indicative tranche summary printed on the letter. As in the agreement
 * (one tranche per milestone of the work plan, paid on its acceptance), the
 * award is split over the proposal's milestones by the agreement's own first
 * schedule (evenTrancheShares: 33.33 / 33.33 / 33.34 % for three), so the
 * letter and the agreement draft show the same split; with no milestone, one
 * tranche on the final report. The agreement then fixes the actual shares.
 */
export function trancheSummary(amount: bigint, milestones: readonly string[]): TrancheLine[] {
  const parts = milestones.length ? milestones : [null];
  const shares = evenTrancheShares(parts.length);
  const amounts = allocateTranches(amount, shares);
  return parts.map((milestone, i) => ({ position: i + 1, shareBp: shares[i]!, amount: amounts[i]!, milestone }));
}

// ───────────── the letter's content hash input ─────────────

export type LetterContent = {
  verificationCode: string;
  awardReference: string;
  language: "ky" | "ru" | "en";
  issuedAt: string;
  municipality: string;
  organization: string;
  registrationNumber: string;
  tin: string;
  callReference: string;
  projectTitle: string;
  amountTyiyn: string;
  amountWords: string;
  tranches: { position: number; shareBp: number; amountTyiyn: string }[];
  /** Letters issued as a set (decision 0080): this text's role and the other texts' codes; absent on earlier letters */
  textRole?: "BINDING" | "PARALLEL" | "COURTESY";
  texts?: { language: "ky" | "ru" | "en"; verificationCode: string }[];
};

/**
 * The canonical text whose SHA-256 is printed on the letter: the fields
 * above as JSON with keys sorted at every level and no whitespace, strings
 * NFC-normalized. Anyone holding the facts can recompute it.
 */
export function canonicalLetterContent(content: LetterContent): string {
  return canonicalJson(content);
}

export function canonicalJson(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.normalize("NFC"));
  if (typeof value === "number" || typeof value === "boolean" || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const fields: [string, unknown][] = Object.entries(value);
    const entries = fields.filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`cannot canonicalize ${typeof value}`);
}

/** Verification codes: 12 characters of Crockford base32 (no I, L, O, U), shown in groups of four. */
export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function formatVerificationCode(raw: string): string {
  return raw.match(/.{1,4}/g)?.join("-") ?? raw;
}

/** What a person typed (any case, dashes, spaces, O for 0, I/L for 1) as the stored code; null if it cannot be one. */
export function normalizeVerificationCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (cleaned.length !== 12 || [...cleaned].some((ch) => !CODE_ALPHABET.includes(ch))) return null;
  return formatVerificationCode(cleaned);
}

export function isSha256Hex(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

// ───────────── publishing the decision ─────────────

export type DecisionProblem =
  | "notInReview"
  | "commission"
  | "screeningIncomplete"
  | "openEligibilityAppeals"
  | "nothingScored"
  | "scoringIncomplete"
  | "unresolvedDivergence"
  | "pendingOffers";

/** Everything that stands between the chair and publishing the decision; empty when it may be published. */
export function decisionProblems(input: {
  callStatus: string;
  commissionComplete: boolean;
  unscreened: number;
  openEligibilityAppeals: number;
  scored: number;
  incomplete: number;
  unresolvedDivergences: number;
  pendingOffers: number;
}): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  if (input.callStatus !== "IN_REVIEW") problems.push("notInReview");
  if (!input.commissionComplete) problems.push("commission");
  if (input.unscreened > 0) problems.push("screeningIncomplete");
  if (input.openEligibilityAppeals > 0) problems.push("openEligibilityAppeals");
  if (input.scored === 0) problems.push("nothingScored");
  if (input.incomplete > 0) problems.push("scoringIncomplete");
  if (input.unresolvedDivergences > 0) problems.push("unresolvedDivergence");
  if (input.pendingOffers > 0) problems.push("pendingOffers");
  return problems;
}

/**
 * The funded lines of a decision as one string: what the chair confirms is
 * compared with what would be published, so an award or amount that changed
 * in between is noticed.
 */
export function decisionFingerprint(lines: readonly Pick<FillLine, "proposalId" | "amount">[]): string {
  const funded = lines
    .filter((l) => l.amount > 0n)
    .map((l) => `${l.proposalId}:${l.amount}`)
    .sort();
  // Never empty, so that "no awards" is a confirmation too and a blank field is not.
  return `funded:${funded.join(",")}`;
}

/** Award numbers: the call's reference and a sequence, "SZ-2026-01-003". */
export function awardReference(callReference: string, sequence: number): string {
  return `${callReference}-${String(sequence).padStart(3, "0")}`;
}

/**
 * The number of a call's commission decision, printed on the protocol and cited by every agreement
 * it rests on (decision 0080): a call has one decision, published once, so its number is the call's.
 */
export function commissionDecisionNumber(callReference: string) {
  return `${callReference}-CD`;
}
