// Matching statement lines to payment orders. Pure, so every case is tested without a database.
import { REFERENCE_PATTERN } from "./payment-rules";
import { addDays, calendarDateOf, daysBetween } from "~/utils/time";

export type OrderForMatching = { id: string; reference: string; amount: bigint; paidAt: Date | null; createdById?: string };
export type LineForMatching = { lineNo: number; reference: string; purpose: string; amount: bigint; valueDate: Date };
export type MatchOutcome = {
  lineNo: number;
  status: "MATCHED" | "AMOUNT_DIFFERS" | "UNMATCHED";
  paymentOrderId: string | null;
  /** Why, as a key of finance:reconciliation.note */
  note:
    | ""
    | "byAmountAndDate"
    | "byAmountAndDateOtherNumber"
    | "amountDiffers"
    | "dateFar"
    | "unknownReference"
    | "noReference"
    | "duplicate"
    | "reconciledEarlier"
    | "debit";
};

/** A statement's value date may trail the treasury's execution by a few banking days. */
export const DATE_TOLERANCE_DAYS = 5;

function referenceOf(line: LineForMatching) {
  const direct = line.reference.trim();
  if (direct) return direct.toUpperCase();
  return REFERENCE_PATTERN.exec(line.purpose)?.[0].toUpperCase() ?? "";
}

function dateFits(order: OrderForMatching, valueDate: Date, toleranceDays: number) {
  if (!order.paidAt) return true; // sent, not yet confirmed: the statement may be the first to show it
  return Math.abs(daysBetween(calendarDateOf(order.paidAt), calendarDateOf(valueDate))) <= toleranceDays;
}

export const MATCH_NOTES = [
  "byAmountAndDate",
  "byAmountAndDateOtherNumber",
  "amountDiffers",
  "dateFar",
  "unknownReference",
  "noReference",
  "duplicate",
  "reconciledEarlier",
  "debit",
] as const satisfies readonly Exclude<MatchOutcome["note"], "">[];

/**
 * A debit (negative amount: a reversal, a bank fee) is never a grant payment:
 * it stays unmatched for a person to explain. Each other line: by reference first (the reference printed on the payment), then
 * amount and date; a line without a known reference is matched by amount and
 * date only when exactly one unmatched order fits. An order is matched once:
 * a second line for it is a duplicate. `alreadyMatched` holds orders settled by earlier statements.
 */
export function matchStatement(
  lines: LineForMatching[],
  orders: OrderForMatching[],
  alreadyMatched: Set<string> = new Set(),
): MatchOutcome[] {
  const byReference = new Map(orders.map((o) => [o.reference.toUpperCase(), o]));
  const taken = new Set(alreadyMatched);
  const outcomes: MatchOutcome[] = [];
  const deferred: LineForMatching[] = [];
  for (const line of lines) {
    if (line.amount < 0n) {
      outcomes.push({ lineNo: line.lineNo, status: "UNMATCHED", paymentOrderId: null, note: "debit" });
      continue;
    }
    const reference = referenceOf(line);
    const order = reference ? byReference.get(reference) : undefined;
    if (!order) {
      deferred.push(line);
      continue;
    }
    if (taken.has(order.id)) {
      const note = alreadyMatched.has(order.id) ? "reconciledEarlier" : "duplicate";
      outcomes.push({ lineNo: line.lineNo, status: "UNMATCHED", paymentOrderId: order.id, note });
    } else if (order.amount !== line.amount) {
      taken.add(order.id);
      outcomes.push({ lineNo: line.lineNo, status: "AMOUNT_DIFFERS", paymentOrderId: order.id, note: "amountDiffers" });
    } else if (!dateFits(order, line.valueDate, DATE_TOLERANCE_DAYS)) {
      outcomes.push({ lineNo: line.lineNo, status: "UNMATCHED", paymentOrderId: order.id, note: "dateFar" });
    } else {
      taken.add(order.id);
      outcomes.push({ lineNo: line.lineNo, status: "MATCHED", paymentOrderId: order.id, note: "" });
    }
  }
  for (const line of deferred) {
    const candidates = orders.filter((o) => !taken.has(o.id) && o.amount === line.amount && o.paidAt && dateFits(o, line.valueDate, 2));
    if (candidates.length === 1) {
      taken.add(candidates[0]!.id);
      const note = referenceOf(line) ? "byAmountAndDateOtherNumber" : "byAmountAndDate";
      outcomes.push({ lineNo: line.lineNo, status: "MATCHED", paymentOrderId: candidates[0]!.id, note });
    } else {
      outcomes.push({
        lineNo: line.lineNo,
        status: "UNMATCHED",
        paymentOrderId: null,
        note: referenceOf(line) ? "unknownReference" : "noReference",
      });
    }
  }
  return outcomes.sort((a, b) => a.lineNo - b.lineNo);
}

/** Paid orders in the statement's period that no line shows: money we think left but the bank does not. */
export function missingPayments(orders: OrderForMatching[], matchedOrderIds: Set<string>, period: { from: Date; to: Date }) {
  return orders.filter(
    (o) =>
      o.paidAt &&
      !matchedOrderIds.has(o.id) &&
      calendarDateOf(o.paidAt) >= addDays(calendarDateOf(period.from), -1) &&
      calendarDateOf(o.paidAt) <= calendarDateOf(period.to),
  );
}

/** Lines a finance officer still has to act on: explain, or confirm as the second pair of eyes. */
export const NEEDS_ACTION_STATUSES = ["UNMATCHED", "AMOUNT_DIFFERS", "AWAITING_SECOND"] as const;

/**
 * Four eyes (decision 0055): above the municipality's threshold (tyiyn; 0 = off) the officer who
 * recorded a payment order may not be the only person to settle its match.
 */
export function needsSecondOfficer({
  threshold,
  order,
  actorId,
}: {
  threshold: bigint;
  order: { amount: bigint; createdById: string };
  actorId: string;
}) {
  return threshold > 0n && order.amount > threshold && order.createdById === actorId;
}

/** A match the importer would complete alone on an order they recorded waits for a second officer instead. */
export function withFourEyes(outcomes: MatchOutcome[], orders: OrderForMatching[], threshold: bigint, importerId: string) {
  const byId = new Map(orders.map((o) => [o.id, o]));
  return outcomes.map((outcome): MatchOutcome | (Omit<MatchOutcome, "status"> & { status: "AWAITING_SECOND" }) => {
    const order = outcome.paymentOrderId ? byId.get(outcome.paymentOrderId) : undefined;
    if (outcome.status !== "MATCHED" || !order?.createdById) return outcome;
    return needsSecondOfficer({ threshold, order: { amount: order.amount, createdById: order.createdById }, actorId: importerId })
      ? { ...outcome, status: "AWAITING_SECOND" }
      : outcome;
  });
}
