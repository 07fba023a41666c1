// Pure rules of milestone monitoring: who may act in which status, what is
// overdue, and whether reported expenses stay inside the approved budget.
import { calendarDateOf, endOfDay } from "~/utils/time";

export type MilestoneStatus = "PENDING" | "REPORTED" | "CHANGES_REQUESTED" | "ACCEPTED" | "REJECTED";
export type ReviewDecision = "ACCEPT" | "REQUEST_CHANGES" | "REJECT";

/** The NCO reports on a milestone that has no report under review and was not settled. */
export function maySubmitReport(status: MilestoneStatus) {
  return status === "PENDING" || status === "CHANGES_REQUESTED";
}

/** The officer decides only on a report waiting for review. */
export function mayReview(status: MilestoneStatus) {
  return status === "REPORTED";
}

export function statusAfterReview(decision: ReviewDecision): Exclude<MilestoneStatus, "PENDING" | "REPORTED"> {
  return decision === "ACCEPT" ? "ACCEPTED" : decision === "REJECT" ? "REJECTED" : "CHANGES_REQUESTED";
}

export const reportStatusAfterReview = {
  ACCEPT: "ACCEPTED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  REJECT: "REJECTED",
} as const;

/** A milestone still owed by the NCO whose due day (a calendar day in Bishkek) has ended. */
export function isOverdue(milestone: { status: MilestoneStatus; dueOn: Date | string }, now: Date) {
  if (!maySubmitReport(milestone.status)) return false;
  return endOfDay(calendarDateOf(milestone.dueOn)).getTime() < now.getTime();
}

export type Expense = { budgetLineId: string; amount: bigint };
/** `excess`: by how much the line's approved amount would be passed (lineExceeded only). */
export type ExpenseProblem = { code: "unknownLine" | "negative" | "lineExceeded"; budgetLineId: string; excess?: bigint };

/**
 * Checks a financial report against the approved budget: every line known,
 * no negative amounts, and per line the spending already reported on the
 * other milestones plus this report never above the approved amount.
 */
export function checkExpenses(
  approved: { budgetLineId: string; amount: bigint }[],
  alreadyReported: Map<string, bigint>,
  expenses: Expense[],
): ExpenseProblem | null {
  for (const expense of expenses) {
    const line = approved.find((l) => l.budgetLineId === expense.budgetLineId);
    if (!line) return { code: "unknownLine", budgetLineId: expense.budgetLineId };
    if (expense.amount < 0n) return { code: "negative", budgetLineId: expense.budgetLineId };
    const total = (alreadyReported.get(expense.budgetLineId) ?? 0n) + expense.amount;
    if (total > line.amount) return { code: "lineExceeded", budgetLineId: expense.budgetLineId, excess: total - line.amount };
  }
  return null;
}

export function totalOf(expenses: Expense[]) {
  return expenses.reduce((sum, e) => sum + e.amount, 0n);
}
