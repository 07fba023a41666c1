// Pure rules of a proposal's life: the deadline, status transitions, what a
// submission needs, totals, the canonical form that is hashed for a receipt.
import { calendarDateOf, DAY_MS } from "~/utils/time";
import type { DocumentKindValue, Section } from "./proposal-schemas";

export type ProposalStatusValue = "DRAFT" | "SUBMITTED" | "WITHDRAWN" | "ELIGIBLE" | "INELIGIBLE" | "AWARDED" | "NOT_AWARDED";
export type ProposalAction = "edit" | "submit" | "withdraw" | "discard";

/**
 * On time means strictly before the deadline instant: at the deadline's
 * millisecond the call is closed, as the public call list shows it.
 */
export function isOnTime(arrivedAt: Date, deadline: Date | null | undefined): boolean {
  return deadline != null && arrivedAt.getTime() < deadline.getTime();
}

/** Which actions each status allows (before the deadline; after it, none). */
const ALLOWED: Record<ProposalStatusValue, readonly ProposalAction[]> = {
  DRAFT: ["edit", "submit", "discard"],
  SUBMITTED: ["edit", "submit", "withdraw"],
  WITHDRAWN: ["edit", "submit"],
  ELIGIBLE: [],
  INELIGIBLE: [],
  AWARDED: [],
  NOT_AWARDED: [],
};

export function statusAllows(status: ProposalStatusValue, action: ProposalAction): boolean {
  return ALLOWED[status].includes(action);
}

/**
 * Whether the NCO may take the action now. Paper proposals are held by the
 * mayor's office and are not changed online; a draft may be discarded only
 * while nothing was ever submitted from it.
 */
export function canAct(
  action: ProposalAction,
  p: { status: ProposalStatusValue; intake: "ONLINE" | "PAPER"; versionCount: number },
  deadline: Date | null | undefined,
  now: Date,
): boolean {
  if (p.intake === "PAPER") return false;
  if (!isOnTime(now, deadline)) return false;
  if (action === "discard" && p.versionCount > 0) return false;
  return statusAllows(p.status, action);
}

export function statusAfter(action: "submit" | "withdraw"): ProposalStatusValue {
  return action === "submit" ? "SUBMITTED" : "WITHDRAWN";
}

export type BudgetLineAmounts = { requested: bigint; cofinancing: bigint };

export function budgetTotals(lines: readonly BudgetLineAmounts[]) {
  return lines.reduce((sum, line) => ({ requested: sum.requested + line.requested, cofinancing: sum.cofinancing + line.cofinancing }), {
    requested: 0n,
    cofinancing: 0n,
  });
}

export type CompletenessInput = {
  title: string;
  summary: string;
  problem: string;
  targetGroup: string;
  beneficiaries: number;
  objectives: string;
  activities: string;
  team: string;
  milestoneCount: number;
  /** Stored milestones' dates; one ending before it starts blocks the submission. */
  milestones?: readonly { startsOn: Date | string; dueOn: Date | string }[];
  budgetLineCount: number;
  requestedTotal: bigint;
  documentKinds: readonly string[];
};

export type CallTerms = { minGrant: bigint; maxGrant: bigint; requiredDocuments: readonly DocumentKindValue[] };

export type SectionProblem = { section: Section; code: string };

/** What stands between this proposal and a submission, section by section; empty when ready. */
export function submissionProblems(p: CompletenessInput, call: CallTerms): SectionProblem[] {
  const problems: SectionProblem[] = [];
  const blank = (value: string) => value.trim() === "";
  if (blank(p.title) || blank(p.summary)) problems.push({ section: "summary", code: "incomplete" });
  if (blank(p.problem)) problems.push({ section: "problem", code: "incomplete" });
  if (blank(p.targetGroup) || p.beneficiaries <= 0) problems.push({ section: "target-group", code: "incomplete" });
  if (blank(p.objectives)) problems.push({ section: "objectives", code: "incomplete" });
  if (blank(p.activities) || p.milestoneCount === 0) problems.push({ section: "work-plan", code: "incomplete" });
  else if ((p.milestones ?? []).some((m) => new Date(m.dueOn).getTime() < new Date(m.startsOn).getTime())) {
    problems.push({ section: "work-plan", code: "dueBeforeStart" });
  }
  if (p.budgetLineCount === 0) problems.push({ section: "budget", code: "incomplete" });
  else if (p.requestedTotal < call.minGrant) problems.push({ section: "budget", code: "belowMinimum" });
  else if (call.maxGrant > 0n && p.requestedTotal > call.maxGrant) problems.push({ section: "budget", code: "aboveMaximum" });
  if (blank(p.team)) problems.push({ section: "team", code: "incomplete" });
  if (call.requiredDocuments.some((kind) => !p.documentKinds.includes(kind))) problems.push({ section: "documents", code: "incomplete" });
  return problems;
}

/** The call's requiredDocuments JSON as known kinds (unknown values are ignored). */
export function requiredKindsOf(json: unknown, known: readonly string[]): DocumentKindValue[] {
  if (!Array.isArray(json)) return [];
  return [...new Set(json.filter((kind): kind is DocumentKindValue => typeof kind === "string" && known.includes(kind)))];
}

/**
 * The serialization that is hashed for a receipt: keys sorted at every level,
 * no whitespace, BigInt and Date as strings. Re-serializing the stored JSON
 * gives the same text on SQLite and PostgreSQL (jsonb reorders keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error("canonicalJson: non-finite number");
  return JSON.stringify(value);
}

/** A proposal's receipt number for its n-th submitted version: unique because the reference is. */
export function receiptNumberFor(reference: string, versionNumber: number) {
  return `${reference}-${String(versionNumber).padStart(2, "0")}`;
}

export type ReminderKind = "7d" | "1d";

/**
 * Which deadline reminder is due at `now`: the 7-day one from 7 days before
 * until 1 day before, then the 1-day one until the deadline.
 */
export function reminderDue(now: Date, deadline: Date): ReminderKind | null {
  const left = deadline.getTime() - now.getTime();
  if (left <= 0) return null;
  if (left <= DAY_MS) return "1d";
  if (left <= 7 * DAY_MS) return "7d";
  return null;
}

/** The period a call's grants are carried out in, as "YYYY-MM-DD" calendar days in Asia/Bishkek. */
export type ImplementationPeriod = { startsOn: string; endsOn: string };

/**
 * A call has no implementation period of its own: its money is the
 * appropriation of one fiscal year, which lapses on 31 December, and work
 * cannot start before the proposals are reviewed (the review's end, else
 * the submission deadline). See docs/decisions on milestone periods.
 */
export function implementationPeriod(call: {
  fiscalYear: number;
  reviewEndsAt?: Date | string | null;
  submissionDeadline?: Date | string | null;
}): ImplementationPeriod {
  const yearStart = `${call.fiscalYear}-01-01`;
  const reviewed = call.reviewEndsAt ?? call.submissionDeadline;
  const reviewedOn = reviewed ? calendarDateOf(reviewed) : yearStart;
  return { startsOn: reviewedOn > yearStart ? reviewedOn : yearStart, endsOn: `${call.fiscalYear}-12-31` };
}

export type MilestoneIssue = { field: "startsOn" | "dueOn"; code: "dueBeforeStart" | "outsidePeriod"; blocking: boolean };

/**
 * What is wrong with a milestone's dates as typed ("YYYY-MM-DD"; an empty or
 * unfinished date is the form's own check): an end before the start blocks
 * the submission; dates outside the implementation period are a warning.
 */
export function milestoneIssues(m: { startsOn?: string; dueOn?: string }, period?: ImplementationPeriod | null): MilestoneIssue[] {
  const isDay = (value: string | undefined): value is string => typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const issues: MilestoneIssue[] = [];
  if (isDay(m.startsOn) && isDay(m.dueOn) && m.dueOn < m.startsOn) issues.push({ field: "dueOn", code: "dueBeforeStart", blocking: true });
  if (period) {
    if (isDay(m.startsOn) && (m.startsOn < period.startsOn || m.startsOn > period.endsOn))
      issues.push({ field: "startsOn", code: "outsidePeriod", blocking: false });
    if (isDay(m.dueOn) && (m.dueOn < period.startsOn || m.dueOn > period.endsOn))
      issues.push({ field: "dueOn", code: "outsidePeriod", blocking: false });
  }
  return issues;
}
