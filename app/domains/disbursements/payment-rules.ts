import { isOneOf } from "~/utils/guards";
// Pure rules of payment orders: how treasury answers map to our statuses,
// which transitions are allowed, and how long to wait before trying again.

export type PaymentStatus = "CREATED" | "SENT" | "EXECUTED" | "REJECTED" | "RECORDED_MANUALLY";
export type TreasuryStatus = "SENT" | "EXECUTED" | "REJECTED";

/** Statuses from which the treasury may still move an order; anything else is settled. */
export const OPEN_STATUSES = ["CREATED", "SENT"] as const satisfies readonly PaymentStatus[];

export function isOpen(status: PaymentStatus) {
  return isOneOf(OPEN_STATUSES, status);
}

/** The treasury's words for an order's state, as ours; null for a word we do not know. */
export function treasuryStatusOf(value: unknown): TreasuryStatus | null {
  const word = String(value ?? "")
    .trim()
    .toLowerCase();
  if (["accepted", "received", "queued", "pending", "processing", "sent"].includes(word)) return "SENT";
  if (["executed", "paid", "completed"].includes(word)) return "EXECUTED";
  if (["rejected", "refused", "cancelled", "canceled", "failed"].includes(word)) return "REJECTED";
  return null;
}

/** Whether a treasury answer moves the order; repeated or stale answers do not (duplicate callbacks are harmless). */
export function transition(current: PaymentStatus, answer: TreasuryStatus): PaymentStatus | null {
  if (!isOpen(current)) return null;
  if (answer === "SENT") return current === "CREATED" ? "SENT" : null;
  return answer;
}

/** 15 s, 30 s, 1 min, 2 min … capped at one hour; the same curve for sending and for polling. */
export function retryDelayMs(attempts: number) {
  return Math.min(3600, 15 * 2 ** Math.max(0, attempts - 1)) * 1000;
}

/** After this many failed contacts the order is shown as stuck on the finance dashboard; retries go on. */
export const STUCK_AFTER_ATTEMPTS = 6;

/** A payment order reference as printed on the statement: PO-260315-7F3A9C. */
export function newPaymentReference(now: Date, random: string) {
  const day = now.toISOString().slice(2, 10).replace(/-/g, "");
  return `PO-${day}-${random.toUpperCase()}`;
}

export const REFERENCE_PATTERN = /PO-\d{6}-[0-9A-F]{6}/i;
