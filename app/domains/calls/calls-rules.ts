// Pure rules of a call's life: its phase by the clock, which status changes
// are allowed, what must be complete before publishing, and how an amendment
// moves the deadline. No database, no I/O: tested exhaustively.
import { DAY_MS } from "~/utils/time";
import { stringList, TEXT_FIELDS, type CallStatusValue, type TextField } from "./call-options";

/** What a visitor sees. "closed" is derived from the clock, never stored. */
export type CallPhase = "draft" | "scheduled" | "open" | "closed" | "inReview" | "decided" | "completed" | "cancelled";

type Timed = { status: CallStatusValue; publishAt: Date | string | null; submissionDeadline: Date | string | null };

const ms = (value: Date | string | null | undefined) => (value ? new Date(value).getTime() : null);

export function callPhase(call: Timed, now: Date): CallPhase {
  switch (call.status) {
    case "DRAFT":
      return "draft";
    case "PUBLISHED": {
      const publishAt = ms(call.publishAt);
      if (publishAt !== null && now.getTime() < publishAt) return "scheduled";
      const deadline = ms(call.submissionDeadline);
      return deadline !== null && now.getTime() < deadline ? "open" : "closed";
    }
    case "IN_REVIEW":
      return "inReview";
    case "DECIDED":
      return "decided";
    case "COMPLETED":
      return "completed";
    case "CANCELLED":
      return "cancelled";
  }
}

/**
 * The allowed status changes. A published call closes by the clock at its
 * deadline (no job has to run); only then may the review start.
 */
const NEXT: Record<CallStatusValue, readonly CallStatusValue[]> = {
  DRAFT: ["PUBLISHED", "CANCELLED"],
  PUBLISHED: ["IN_REVIEW", "CANCELLED"],
  IN_REVIEW: ["DECIDED"],
  DECIDED: ["COMPLETED"],
  COMPLETED: [],
  CANCELLED: [],
};

/** Null when the change is allowed now, else the reason as a key of the "calls" namespace. */
export function transitionProblem(
  from: CallStatusValue,
  to: CallStatusValue,
  context: { now: Date; submissionDeadline: Date | string | null },
): string | null {
  if (!NEXT[from].includes(to)) return "calls:errors.transitionNotAllowed";
  if (from === "PUBLISHED" && to === "IN_REVIEW") {
    const deadline = ms(context.submissionDeadline);
    if (deadline === null || context.now.getTime() < deadline) return "calls:errors.stillOpen";
  }
  return null;
}

export function allowedTransitions(from: CallStatusValue): readonly CallStatusValue[] {
  return NEXT[from];
}

// ───────────── Publishing readiness ─────────────

export type Problem = { key: string; params?: Record<string, string | number> };

export type CriterionForRules = {
  nameKy: string;
  nameRu: string;
  descriptionKy: string;
  descriptionRu: string;
  maxScore: number;
  weight: number;
};

export type CallForRules = Record<`${TextField}${"Ky" | "Ru" | "En"}`, string> & {
  eligibleLegalForms: unknown;
  envelope: bigint;
  minGrant: bigint;
  maxGrant: bigint;
  maxProposalsPerOrganization: number;
  publishAt: Date | null;
  clarificationDeadline: Date | null;
  submissionDeadline: Date | null;
  reviewStartsAt: Date | null;
  reviewEndsAt: Date | null;
  criteria: CriterionForRules[];
};

export const TIMELINE = ["publishAt", "clarificationDeadline", "submissionDeadline", "reviewStartsAt", "reviewEndsAt"] as const;
export type TimelineField = (typeof TIMELINE)[number];

export function weightsTotal(criteria: { weight: number }[]) {
  return criteria.reduce((sum, c) => sum + c.weight, 0);
}

/**
 * The pairs that must be in order. The review may start at the deadline; every
 * other date must be strictly later than the one before it.
 */
const ORDER: [TimelineField, TimelineField, "lt" | "lte"][] = [
  ["publishAt", "clarificationDeadline", "lt"],
  ["clarificationDeadline", "submissionDeadline", "lt"],
  ["submissionDeadline", "reviewStartsAt", "lte"],
  ["reviewStartsAt", "reviewEndsAt", "lt"],
];

/** Timeline pairs out of order, for the dates that are present. */
export function timelineProblems(dates: Partial<Record<TimelineField, Date | null>>): Problem[] {
  const problems: Problem[] = [];
  for (const [first, second, relation] of ORDER) {
    const a = dates[first]?.getTime();
    const b = dates[second]?.getTime();
    if (a === undefined || b === undefined) continue;
    if (relation === "lt" ? a >= b : a > b) problems.push({ key: "timelineOrder", params: { first, second } });
  }
  return problems;
}

/** Everything that keeps a draft from being published; empty means it may be. */
export function publishProblems(call: CallForRules, now: Date): Problem[] {
  const problems: Problem[] = [];
  for (const field of TEXT_FIELDS) {
    for (const [suffix, language] of [
      ["Ky", "ky"],
      ["Ru", "ru"],
    ] as const) {
      if (!call[`${field}${suffix}`].trim()) problems.push({ key: "text", params: { field, language } });
    }
  }
  if (stringList(call.eligibleLegalForms).length === 0) problems.push({ key: "legalForms" });

  if (call.criteria.length === 0) problems.push({ key: "criteriaNone" });
  call.criteria.forEach((criterion, index) => {
    const number = index + 1;
    if (!criterion.nameKy.trim()) problems.push({ key: "criterionName", params: { number, language: "ky" } });
    if (!criterion.nameRu.trim()) problems.push({ key: "criterionName", params: { number, language: "ru" } });
    // A description is optional, but once written it is public text and needs both languages.
    const ky = criterion.descriptionKy.trim();
    const ru = criterion.descriptionRu.trim();
    if (ky && !ru) problems.push({ key: "criterionDescription", params: { number, language: "ru" } });
    if (ru && !ky) problems.push({ key: "criterionDescription", params: { number, language: "ky" } });
    if (criterion.maxScore < 1) problems.push({ key: "criterionMaxScore", params: { number } });
    if (criterion.weight < 1) problems.push({ key: "criterionWeight", params: { number } });
  });
  if (call.criteria.length > 0 && weightsTotal(call.criteria) !== 100) {
    problems.push({ key: "weightsTotal", params: { total: weightsTotal(call.criteria) } });
  }

  if (call.envelope <= 0n) problems.push({ key: "envelope" });
  if (call.minGrant <= 0n) problems.push({ key: "minGrant" });
  if (call.maxGrant <= 0n) problems.push({ key: "maxGrant" });
  if (call.minGrant > 0n && call.maxGrant > 0n && call.minGrant > call.maxGrant) problems.push({ key: "grantRange" });
  if (call.envelope > 0n && call.maxGrant > call.envelope) problems.push({ key: "maxGrantAboveEnvelope" });
  if (call.maxProposalsPerOrganization < 1) problems.push({ key: "maxProposals" });

  // The publication date may be left empty: publishing then means now.
  for (const field of TIMELINE) {
    if (field !== "publishAt" && !call[field]) problems.push({ key: "date", params: { field } });
  }
  const effectivePublish = call.publishAt && call.publishAt > now ? call.publishAt : now;
  problems.push(...timelineProblems({ ...pickTimeline(call), publishAt: effectivePublish }));
  if (call.clarificationDeadline && call.clarificationDeadline <= now) problems.push({ key: "clarificationPast" });
  if (call.submissionDeadline && call.submissionDeadline <= now) problems.push({ key: "deadlinePast" });
  return dedupe(problems);
}

function pickTimeline(call: Pick<CallForRules, TimelineField>): Partial<Record<TimelineField, Date | null>> {
  return Object.fromEntries(TIMELINE.map((field) => [field, call[field]]));
}

function dedupe(problems: Problem[]) {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.key}:${JSON.stringify(p.params ?? {})}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

// ───────────── Amendments ─────────────

/** A published call's conditions: what a proposal must meet or is judged by. */
export const CONDITION_FIELDS = [
  "problemKy",
  "problemRu",
  "problemEn",
  "targetGroupKy",
  "targetGroupRu",
  "targetGroupEn",
  "eligibilityKy",
  "eligibilityRu",
  "eligibilityEn",
  "eligibleLegalForms",
  "eligibleRegions",
  "minOrganizationAgeMonths",
  "requiredDocuments",
  "eligibilityEnforcement",
  "minGrant",
  "maxGrant",
  "maxProposalsPerOrganization",
  "budgetRules",
  "criteria",
  "questions",
] as const;

export const MIN_DAYS_AFTER_AMENDMENT = 7;

export type Change = { before: unknown; after: unknown };

/** Field-by-field differences between two snapshots (values compared as JSON). */
export function diffSnapshots(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, Change> {
  const changes: Record<string, Change> = {};
  for (const key of Object.keys(after)) {
    const a = canonical(before[key]);
    const b = canonical(after[key]);
    if (a !== b) changes[key] = { before: JSON.parse(a ?? "null"), after: JSON.parse(b ?? "null") };
  }
  return changes;
}

function canonical(value: unknown): string | undefined {
  return JSON.stringify(value ?? null, (_key, v) => (typeof v === "bigint" ? v.toString() : v instanceof Date ? v.toISOString() : v));
}

export function changesConditions(changes: Record<string, Change>): boolean {
  return CONDITION_FIELDS.some((field) => field in changes);
}

/**
 * The deadline an amendment leaves. The deadline may move later, never
 * earlier (people plan on it). When the conditions change less than seven
 * days before the deadline, the deadline moves to seven days after the
 * amendment, so everyone has time to adapt their proposal.
 */
export function amendedDeadline(input: {
  current: Date;
  requested: Date;
  now: Date;
  conditionsChanged: boolean;
}): { deadline: Date; extended: boolean } | { problem: string } {
  if (input.requested.getTime() < input.current.getTime()) return { problem: "calls:errors.deadlineEarlier" };
  if (!input.conditionsChanged) return { deadline: input.requested, extended: false };
  const earliest = input.now.getTime() + MIN_DAYS_AFTER_AMENDMENT * DAY_MS;
  if (input.requested.getTime() >= earliest) return { deadline: input.requested, extended: false };
  return { deadline: new Date(earliest), extended: true };
}

/** Clarification questions are taken while the call is open and before the cut-off. */
export function clarificationOpen(call: Timed & { clarificationDeadline: Date | string | null }, now: Date): boolean {
  const cutoff = ms(call.clarificationDeadline);
  return callPhase(call, now) === "open" && cutoff !== null && now.getTime() < cutoff;
}

// ───────────── Who may apply, on a published call ─────────────

/** The lists that decide who may apply and what they must attach. */
export const ELIGIBILITY_LISTS = ["eligibleLegalForms", "eligibleRegions", "requiredDocuments"] as const;
export type EligibilityList = (typeof ELIGIBILITY_LISTS)[number];

export type EligibilityChange =
  { field: EligibilityList; added: string[]; removed: string[] } | { field: "minOrganizationAgeMonths"; before: number; after: number };

type EligibilityState = Record<EligibilityList, readonly string[]> & { minOrganizationAgeMonths: number };

/**
 * What an amendment changes in who may apply and which documents they must
 * bring. Organizations may already have prepared a proposal under the old
 * rules, so the officer sees this summary and confirms it before it is saved.
 */
export function eligibilityChanges(before: EligibilityState, after: EligibilityState): EligibilityChange[] {
  const changes: EligibilityChange[] = [];
  for (const field of ELIGIBILITY_LISTS) {
    const added = after[field].filter((value) => !before[field].includes(value));
    const removed = before[field].filter((value) => !after[field].includes(value));
    if (added.length || removed.length) changes.push({ field, added: [...added].sort(), removed: [...removed].sort() });
  }
  if (before.minOrganizationAgeMonths !== after.minOrganizationAgeMonths) {
    changes.push({ field: "minOrganizationAgeMonths", before: before.minOrganizationAgeMonths, after: after.minOrganizationAgeMonths });
  }
  return changes;
}

/**
 * A short, stable text naming exactly these changes: the confirmation the
 * officer posts back. Any other change to these fields needs a new confirmation.
 */
export function eligibilityChangeToken(changes: EligibilityChange[]): string {
  return changes
    .map((change) =>
      "added" in change
        ? `${change.field}:+${change.added.join("+")}-${change.removed.join("-")}`
        : `${change.field}:${change.before}>${change.after}`,
    )
    .join(";");
}

// ───────────── The officer's next step ─────────────

export type NextStepTarget = "readiness" | "publish" | "questions" | "lifecycle" | "screening" | "commission" | "letters" | null;
export type NextStep = { key: string; target: NextStepTarget };

type CockpitFacts = {
  phase: CallPhase;
  problems: number;
  unanswered: number;
  toScreen: number;
  eligible: number;
  members: number;
  scoring: { sheetsExpected: number; sheetsSubmitted: number; proposalsComplete: number; proposalsScored: number } | null;
};

/** What the officer does next on a call, and where (a key of "calls:cockpit.next"). */
export function officerNextStep(facts: CockpitFacts): NextStep {
  switch (facts.phase) {
    case "draft":
      return facts.problems > 0 ? { key: "completeDraft", target: "readiness" } : { key: "publish", target: "publish" };
    case "scheduled":
      return { key: "scheduled", target: null };
    case "open":
      return facts.unanswered > 0 ? { key: "answerQuestions", target: "questions" } : { key: "waitDeadline", target: null };
    case "closed":
      return { key: "startReview", target: "lifecycle" };
    case "inReview": {
      if (facts.toScreen > 0) return { key: "screen", target: "screening" };
      if (facts.eligible === 0) return { key: "noEligible", target: "screening" };
      if (facts.members === 0) return { key: "appointCommission", target: "commission" };
      const scoring = facts.scoring;
      if (!scoring || scoring.proposalsComplete < scoring.proposalsScored) return { key: "waitScoring", target: "commission" };
      return { key: "waitDecision", target: "commission" };
    }
    case "decided":
      return { key: "issueLetters", target: "letters" };
    default:
      return { key: "nothing", target: null };
  }
}
