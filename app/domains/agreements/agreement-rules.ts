// Pure rules of a grant agreement: the tranche schedule, the snapshot that
// versions it, and how an approved change request alters that snapshot.
import { calendarDateOf } from "~/utils/time";

export const FULL_SHARE_BP = 10_000;

/**
 * Tranche amounts from shares in basis points. Each is rounded down to the
 * tyiyn and the rounding remainder goes to the last tranche, so the amounts
 * always total the award exactly.
 */
export function allocateTranches(amount: bigint, sharesBp: number[]): bigint[] {
  if (sharesBp.length === 0) throw new Error("at least one tranche");
  const amounts = sharesBp.map((share) => (amount * BigInt(share)) / BigInt(FULL_SHARE_BP));
  const allocated = amounts.reduce((sum, value) => sum + value, 0n);
  amounts[amounts.length - 1]! += amount - allocated;
  return amounts;
}

/**
 * The first tranche schedule proposed for `count` milestones: equal shares to
 * the basis point, the remainder on the last (3 gives 33.33 / 33.33 / 33.34 %).
 * The award letter prints the same split, so letter and agreement agree.
 */
export function evenTrancheShares(count: number): number[] {
  const parts = Math.max(1, Math.floor(count));
  const each = Math.floor(FULL_SHARE_BP / parts);
  return Array.from({ length: parts }, (_, i) => (i === parts - 1 ? FULL_SHARE_BP - each * (parts - 1) : each));
}

export type ScheduleProblem = "sharesTotal" | "shareRange" | "noTranche";

/** Shares per milestone (0 = no tranche on it); they must total 100 % and the last milestone carries one. */
export function checkSchedule(sharesBp: number[]): ScheduleProblem | null {
  if (sharesBp.some((share) => !Number.isInteger(share) || share < 0 || share > FULL_SHARE_BP)) return "shareRange";
  if (!sharesBp.some((share) => share > 0)) return "noTranche";
  if (sharesBp.reduce((sum, share) => sum + share, 0) !== FULL_SHARE_BP) return "sharesTotal";
  return null;
}

/** "40", "40,5" or "33.33" percent as basis points; null when it is not such a number. */
export function percentToBp(input: string): number | null {
  const match = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(input);
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return bp <= FULL_SHARE_BP ? bp : null;
}

export function bpToPercent(bp: number): string {
  return bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2);
}

/** What an agreement version freezes; amounts are strings of tyiyn (JSON has no BigInt). */
export type AgreementSnapshot = {
  amount: string;
  language: "ky" | "ru" | "en";
  reportingTerms: string;
  bank: { name: string; bik: string; account: string };
  milestones: { position: number; title: string; deliverables: string; dueOn: string }[];
  tranches: { position: number; milestonePosition: number; shareBp: number; amount: string }[];
  budget: {
    budgetLineId: string;
    position: number;
    category: string;
    description: string;
    amount: string;
    /** The call's budget-classification code of the category; absent in agreements whose call gives none (decision 0075). */
    classificationCode?: string;
  }[];
};

export type ChangePayload =
  | { kind: "MILESTONE_DATE"; milestonePosition: number; newDueOn: string }
  | { kind: "BUDGET_REALLOCATION"; fromBudgetLineId: string; toBudgetLineId: string; amount: string };

export type ChangeProblem = "unknownMilestone" | "unknownBudgetLine" | "sameBudgetLine" | "exceedsLine" | "amountPositive" | "dateNotLater";

/** The snapshot after the change, or the reason it cannot apply. Pure: approval writes it as a new version. */
export function applyChange(
  snapshot: AgreementSnapshot,
  change: ChangePayload,
): { snapshot: AgreementSnapshot } | { problem: ChangeProblem } {
  if (change.kind === "MILESTONE_DATE") {
    const milestone = snapshot.milestones.find((m) => m.position === change.milestonePosition);
    if (!milestone) return { problem: "unknownMilestone" };
    if (calendarDateOf(change.newDueOn) === calendarDateOf(milestone.dueOn)) return { problem: "dateNotLater" };
    return {
      snapshot: {
        ...snapshot,
        milestones: snapshot.milestones.map((m) => (m.position === change.milestonePosition ? { ...m, dueOn: change.newDueOn } : m)),
      },
    };
  }
  const amount = BigInt(change.amount);
  if (amount <= 0n) return { problem: "amountPositive" };
  if (change.fromBudgetLineId === change.toBudgetLineId) return { problem: "sameBudgetLine" };
  const from = snapshot.budget.find((line) => line.budgetLineId === change.fromBudgetLineId);
  const to = snapshot.budget.find((line) => line.budgetLineId === change.toBudgetLineId);
  if (!from || !to) return { problem: "unknownBudgetLine" };
  if (BigInt(from.amount) < amount) return { problem: "exceedsLine" };
  return {
    snapshot: {
      ...snapshot,
      budget: snapshot.budget.map((line) => {
        if (line.budgetLineId === from.budgetLineId) return { ...line, amount: (BigInt(line.amount) - amount).toString() };
        if (line.budgetLineId === to.budgetLineId) return { ...line, amount: (BigInt(line.amount) + amount).toString() };
        return line;
      }),
    },
  };
}

/**
 * Approved budget lines cut to the award: a proposal may ask for more than the
 * commission awarded, so each line is scaled down in proportion (remainder to
 * the last line) and the approved budget totals the award exactly.
 */
export function approvedBudget(lines: { id: string; requested: bigint }[], awardAmount: bigint): bigint[] {
  const requested = lines.reduce((sum, line) => sum + line.requested, 0n);
  if (lines.length === 0) return [];
  if (requested === awardAmount || requested === 0n) {
    if (requested === awardAmount) return lines.map((line) => line.requested);
    const even = lines.map(() => awardAmount / BigInt(lines.length));
    even[even.length - 1]! += awardAmount - even.reduce((s, v) => s + v, 0n);
    return even;
  }
  const scaled = lines.map((line) => (line.requested * awardAmount) / requested);
  scaled[scaled.length - 1]! += awardAmount - scaled.reduce((sum, value) => sum + value, 0n);
  return scaled;
}

export type AgreementStatus = "DRAFT" | "SIGNED" | "CLOSED";

export const agreementMay = {
  sign: (status: AgreementStatus) => status === "DRAFT",
  uploadScan: (status: AgreementStatus) => status === "DRAFT" || status === "SIGNED",
  requestChange: (status: AgreementStatus) => status === "SIGNED",
  report: (status: AgreementStatus) => status === "SIGNED",
  close: (status: AgreementStatus) => status === "SIGNED",
};
