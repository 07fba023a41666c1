// Pure rules of the commission's work: who must declare what, who scores,
// what a member may see, divergence, the weighted final score and the ranking.
// No database, no I/O: the server functions feed them rows and obey them.
import { calendarDateOf, DAY_MS } from "~/utils/time";

/** A spread above this share of the criterion's maximum flags the criterion (30%). */
export const DIVERGENCE_NUMERATOR = 3;
export const DIVERGENCE_DENOMINATOR = 10;

export type CommissionRoleValue = "CHAIR" | "MEMBER" | "OBSERVER";

/** Chair and members score; observers only read. */
export function isScorer(role: CommissionRoleValue): boolean {
  return role === "CHAIR" || role === "MEMBER";
}

/** A commission may start scoring with a chair and at least three members. */
export function commissionProblem(roles: readonly CommissionRoleValue[]): "noChair" | "twoChairs" | "tooFewMembers" | null {
  const chairs = roles.filter((r) => r === "CHAIR").length;
  if (chairs === 0) return "noChair";
  if (chairs > 1) return "twoChairs";
  if (roles.filter((r) => r === "MEMBER").length < 3) return "tooFewMembers";
  return null;
}

// ───────────── conflicts of interest ─────────────

/** Registration numbers and TINs compare without spaces, dashes or case. */
export function normalizeIdentifier(value: string): string {
  return value.replace(/[\s\-_./]/g, "").toUpperCase();
}

/** Affiliations as typed (comma, semicolon or newline separated), kept as written, de-duplicated. */
export function parseAffiliations(input: string): string[] {
  const seen = new Map<string, string>();
  for (const part of input.split(/[,;\n]/)) {
    const original = part.trim();
    const key = normalizeIdentifier(original);
    if (key && !seen.has(key)) seen.set(key, original);
  }
  return [...seen.values()];
}

/** Affiliations stored as JSON: anything that is not a list of strings counts as none. */
export function affiliationsOf(json: unknown): string[] {
  return Array.isArray(json) ? json.filter((v): v is string => typeof v === "string" && normalizeIdentifier(v) !== "") : [];
}

export type Applicant = { id: string; registrationNumber: string; tin: string };

/** Which identifier of the applicant matches one of the member's affiliations, if any. */
export function likelyConflict(affiliations: readonly string[], applicant: Applicant): "registrationNumber" | "tin" | null {
  const set = new Set(affiliations.map(normalizeIdentifier));
  if (set.has(normalizeIdentifier(applicant.registrationNumber))) return "registrationNumber";
  if (set.has(normalizeIdentifier(applicant.tin))) return "tin";
  return null;
}

/** Organizations the member has not declared on yet; the member sees no proposal until this is empty. */
export function undeclaredOrganizations(applicantIds: readonly string[], declaredIds: readonly string[]): string[] {
  const declared = new Set(declaredIds);
  return [...new Set(applicantIds)].filter((id) => !declared.has(id));
}

/** A declaration of conflict is binding; "no conflict" may later become a recusal, never the reverse. */
export function declarationChangeAllowed(previous: boolean | null, next: boolean): boolean {
  return previous === null || previous === next || (previous === false && next === true);
}

// ───────────── blindness ─────────────

export type SheetState = { membershipId: string; submitted: boolean };

/**
 * Whether the viewer may see other members' scores of one proposal. A scorer
 * sees them only after submitting their own sheet (blind review). Anyone who
 * does not score it (an observer, a conflicted member) sees them only once
 * every expected sheet is in, when nothing can be influenced any more.
 */
export function mayReveal(input: {
  viewerMembershipId: string;
  expectedScorerIds: readonly string[];
  sheets: readonly SheetState[];
}): boolean {
  const submitted = new Set(input.sheets.filter((s) => s.submitted).map((s) => s.membershipId));
  if (input.expectedScorerIds.includes(input.viewerMembershipId)) return submitted.has(input.viewerMembershipId);
  return input.expectedScorerIds.length > 0 && input.expectedScorerIds.every((id) => submitted.has(id));
}

/** The scorers of a proposal: chair and members without a declared conflict with its organization. */
export function expectedScorers(
  seats: readonly { membershipId: string; role: CommissionRoleValue }[],
  conflictedMembershipIds: ReadonlySet<string>,
): string[] {
  return seats.filter((s) => isScorer(s.role) && !conflictedMembershipIds.has(s.membershipId)).map((s) => s.membershipId);
}

// ───────────── exact fractions ─────────────

/** A non-negative rational kept exact: means of integer scores are never floats here. */
export type Fraction = { num: bigint; den: bigint };

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return x || 1n;
};

export function fraction(num: bigint | number, den: bigint | number = 1n): Fraction {
  const n = BigInt(num);
  const d = BigInt(den);
  if (d <= 0n) throw new RangeError("denominator must be positive");
  const g = gcd(n, d);
  return { num: n / g, den: d / g };
}

export function compareFractions(a: Fraction, b: Fraction): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Rounds half up to an integer (the fractions here are never negative). */
export function roundFraction(value: Fraction): number {
  return Number((2n * value.num + value.den) / (2n * value.den));
}

/** "85.50" for a fraction shown with two decimals. */
export function fractionToFixed2(value: Fraction): string {
  return hundredthsToFixed(roundFraction({ num: value.num * 100n, den: value.den }));
}

export function hundredthsToFixed(hundredths: number): string {
  const whole = Math.floor(hundredths / 100);
  return `${whole}.${String(hundredths % 100).padStart(2, "0")}`;
}

// ───────────── divergence and the final score ─────────────

export type CriterionRule = { id: string; position: number; maxScore: number; weight: number };

/** Spread above 30% of the maximum: 10 × (max − min) > 3 × maxScore, in integers. */
export function isDivergent(scores: readonly number[], maxScore: number): boolean {
  if (scores.length < 2) return false;
  const spread = Math.max(...scores) - Math.min(...scores);
  return spread * DIVERGENCE_DENOMINATOR > maxScore * DIVERGENCE_NUMERATOR;
}

export type CriterionOutcome = {
  criterionId: string;
  scores: number[];
  divergent: boolean;
  consensus: number | null;
  /** The consensus score where recorded, otherwise the mean of the counted scores; null without scores. */
  value: Fraction | null;
};

/**
 * Per criterion of one proposal: the counted scores (submitted sheets of
 * unconflicted scorers only, chosen by the caller), the divergence flag and
 * the value that enters the total.
 */
export function criterionOutcomes(
  criteria: readonly CriterionRule[],
  countedScores: readonly { criterionId: string; score: number }[],
  consensus: ReadonlyMap<string, number>,
): CriterionOutcome[] {
  return criteria.map((criterion) => {
    const scores = countedScores.filter((s) => s.criterionId === criterion.id).map((s) => s.score);
    const agreed = consensus.get(criterion.id);
    const value =
      agreed !== undefined
        ? fraction(agreed)
        : scores.length
          ? fraction(
              scores.reduce((sum, s) => sum + s, 0),
              scores.length,
            )
          : null;
    return { criterionId: criterion.id, scores, divergent: isDivergent(scores, criterion.maxScore), consensus: agreed ?? null, value };
  });
}

/**
 * The weighted total on a 0..100 scale, exact: Σ weight × value / maxScore,
 * where the weights are percentages totalling 100. Null until every criterion
 * has a value.
 */
export function weightedTotal(criteria: readonly CriterionRule[], outcomes: readonly CriterionOutcome[]): Fraction | null {
  let total = fraction(0);
  for (const criterion of criteria) {
    const value = outcomes.find((o) => o.criterionId === criterion.id)?.value;
    if (!value) return null;
    const term = { num: BigInt(criterion.weight) * value.num, den: BigInt(criterion.maxScore) * value.den };
    total = fraction(total.num * term.den + term.num * total.den, total.den * term.den);
  }
  return total;
}

/** The final score as stored: hundredths of a point, rounded half up. */
export function finalScoreHundredths(total: Fraction): number {
  return roundFraction({ num: total.num * 100n, den: total.den });
}

/** The criterion that breaks ties: the heaviest; among equally heavy ones, the first. */
export function heaviestCriterion<C extends CriterionRule>(criteria: readonly C[]): C | null {
  return [...criteria].sort((a, b) => b.weight - a.weight || a.position - b.position)[0] ?? null;
}

export function weightsProblem(criteria: readonly CriterionRule[]): "noCriteria" | "weightsNot100" | null {
  if (criteria.length === 0) return "noCriteria";
  return criteria.reduce((sum, c) => sum + c.weight, 0) === 100 ? null : "weightsNot100";
}

// ───────────── ranking ─────────────

export type RankInput = {
  proposalId: string;
  reference: string;
  submittedAt: Date;
  /** Stored final score, hundredths of a point */
  finalScore: number;
  /** Value of the heaviest criterion (consensus or mean) */
  heaviestValue: Fraction;
};

/**
 * The documented order: higher final score (in hundredths, as published);
 * then the higher score on the heaviest criterion; then the earlier
 * submission; then the reference, so that the order is total and repeatable.
 */
export function compareForRanking(a: RankInput, b: RankInput): number {
  return (
    b.finalScore - a.finalScore ||
    compareFractions(b.heaviestValue, a.heaviestValue) ||
    a.submittedAt.getTime() - b.submittedAt.getTime() ||
    (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0)
  );
}

export function rank<T extends RankInput>(items: readonly T[]): (T & { rank: number })[] {
  return [...items].sort(compareForRanking).map((item, index) => ({ ...item, rank: index + 1 }));
}

export function meetsThreshold(finalScore: number, minScore: number): boolean {
  return finalScore >= minScore * 100;
}

// ───────────── screening and appeals by the clock ─────────────

/** An eligibility decision may be appealed until appealDays after it was made. */
export function eligibilityAppealEndsAt(decidedAt: Date, appealDays: number): Date {
  return new Date(decidedAt.getTime() + appealDays * DAY_MS);
}

export function standstillEndsAt(publishedAt: Date, standstillDays: number): Date {
  return new Date(publishedAt.getTime() + standstillDays * DAY_MS);
}

export type AppealWindowInput = {
  kind: "ELIGIBILITY" | "DECISION";
  now: Date;
  proposalStatus: string;
  eligibilityDecidedAt: Date | null;
  appealDays: number;
  callStatus: string;
  standstillEndsAt: Date | null;
  hasAppealOfKind: boolean;
};

/** Null when the NCO may appeal now; otherwise the reason, a key of the "reviews" namespace. */
export function appealProblem(input: AppealWindowInput): string | null {
  if (input.hasAppealOfKind) return "reviews:errors.alreadyAppealed";
  if (input.kind === "ELIGIBILITY") {
    if (input.proposalStatus !== "INELIGIBLE" || !input.eligibilityDecidedAt) return "reviews:errors.nothingToAppeal";
    if (input.now >= eligibilityAppealEndsAt(input.eligibilityDecidedAt, input.appealDays)) return "reviews:errors.appealWindowClosed";
    return null;
  }
  if (input.callStatus !== "DECIDED" || !input.standstillEndsAt) return "reviews:errors.nothingToAppeal";
  if (!["AWARDED", "NOT_AWARDED"].includes(input.proposalStatus)) return "reviews:errors.nothingToAppeal";
  if (input.now >= input.standstillEndsAt) return "reviews:errors.appealWindowClosed";
  return null;
}

// ───────────── admissibility hints for the screening officer ─────────────

export type ScreeningCheck = { key: "legalForm" | "organizationAge" | "documents" | "amount" | "verified"; ok: boolean; detail?: string };

/** Whole months from one date to another (the day of the month counts). */
export function monthsBetween(from: Date, to: Date): number {
  // calendarDateOf gives "YYYY-MM-DD": the three parts are always there, the defaults never apply.
  const [fromYear = 0, fromMonth = 0, fromDay = 0] = calendarDateOf(from).split("-").map(Number);
  const [toYear = 0, toMonth = 0, toDay = 0] = calendarDateOf(to).split("-").map(Number);
  const months = (toYear - fromYear) * 12 + (toMonth - fromMonth);
  return toDay < fromDay ? months - 1 : months;
}

/**
 * What the portal can check of admissibility, shown to the officer beside
 * each proposal; the officer decides, and writes the reason.
 */
export function screeningChecks(input: {
  eligibleLegalForms: readonly string[];
  minOrganizationAgeMonths: number;
  requiredDocuments: readonly string[];
  minGrant: bigint;
  maxGrant: bigint;
  legalForm: string;
  registeredOn: Date;
  submittedAt: Date;
  documentKinds: readonly string[];
  requested: bigint;
  verified: boolean;
}): ScreeningCheck[] {
  const missing = input.requiredDocuments.filter((kind) => !input.documentKinds.includes(kind));
  return [
    {
      key: "legalForm",
      ok: input.eligibleLegalForms.length === 0 || input.eligibleLegalForms.includes(input.legalForm),
      detail: input.legalForm,
    },
    {
      key: "organizationAge",
      ok: monthsBetween(input.registeredOn, input.submittedAt) >= input.minOrganizationAgeMonths,
      detail: String(monthsBetween(input.registeredOn, input.submittedAt)),
    },
    { key: "documents", ok: missing.length === 0, detail: missing.join(", ") },
    { key: "amount", ok: input.requested >= input.minGrant && (input.maxGrant === 0n || input.requested <= input.maxGrant) },
    { key: "verified", ok: input.verified },
  ];
}

export function jsonStringList(json: unknown): string[] {
  return Array.isArray(json) ? json.filter((v): v is string => typeof v === "string") : [];
}

// ───────────── who the scoring waits for ─────────────

export type Waiting = { membershipId: string; name: string; missing: number };

/**
 * The scorers who still owe sheets, with how many: a sheet is owed for every
 * proposal where the seat is an expected scorer (conflicted seats are not)
 * and has not submitted. Seats in the commission's order; nobody owing nothing.
 */
export function waitingScorers(
  seats: readonly { membershipId: string; name: string }[],
  proposals: readonly { expectedScorerIds: readonly string[]; submittedScorerIds: readonly string[] }[],
): Waiting[] {
  return seats
    .map((seat) => ({
      ...seat,
      missing: proposals.filter((p) => p.expectedScorerIds.includes(seat.membershipId) && !p.submittedScorerIds.includes(seat.membershipId))
        .length,
    }))
    .filter((w) => w.missing > 0);
}

/** A chair may remind one member once an hour: reminders are a nudge, not a stream of mail. */
export const REMINDER_INTERVAL_MS = 60 * 60 * 1000;

export function nextReminderAt(lastRemindedAt: Date | null): Date | null {
  return lastRemindedAt ? new Date(lastRemindedAt.getTime() + REMINDER_INTERVAL_MS) : null;
}

export function mayRemind(lastRemindedAt: Date | null, now: Date): boolean {
  const next = nextReminderAt(lastRemindedAt);
  return next === null || now >= next;
}
