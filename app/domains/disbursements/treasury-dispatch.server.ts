import { hostname } from "node:os";
import type { Db } from "~/utils/db.server";
import { isOpen, OPEN_STATUSES, retryDelayMs, type PaymentStatus } from "./payment-rules";
import { applyTreasuryReport, paymentInstruction } from "./payments.server";
import {
  queryOrder,
  submitOrder,
  TREASURY_TIMEOUT_MS,
  TreasuryRefused,
  TreasuryUnavailable,
  type TreasuryAnswer,
  type TreasuryConfig,
} from "./treasury-client.server";
import { logger } from "~/utils/logger.server";

// A claim outlives the requests it covers (a status query and a send, each bounded by the
// timeout): a live owner has given up on both before anyone else may take the order.
const CLAIM_MARGIN_MS = 60_000;
const PROCESS_WORKER = `${hostname()}:${process.pid}`;

export type DispatchOptions = {
  /** Who holds the claim, as written on the attempt; this process (host:pid) unless given. */
  worker?: string;
  /** How long a claim lasts; by default two requests' timeout plus a minute. */
  claimMs?: number;
  /** An officer's "retry now": the order's backoff is skipped, never another owner's claim. */
  ignoreBackoff?: boolean;
};

export type AdvanceOutcome = { claimed: boolean; status: PaymentStatus | null; error?: string };

type Claim = { attemptId: string; number: number; askFirst: boolean };

export function claimDurationMs(config: TreasuryConfig, options: DispatchOptions = {}) {
  return options.claimMs ?? 2 * (config.timeoutMs ?? TREASURY_TIMEOUT_MS) + CLAIM_MARGIN_MS;
}

const due = (now: Date) => ({ OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] });
const unclaimed = (now: Date) => ({ OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }] });

/**
 * Takes the order for one contact with the treasury, as the notification
 * outbox takes a notice: one conditional UPDATE on the attempts we read
 * (so of two processes that read the same row only one wins, on SQLite and
 * PostgreSQL alike) sets the lease, and the attempt is written in the same
 * transaction, committed before any request leaves. An order that had an
 * earlier attempt (ended without a trusted answer, or never ended because its
 * owner died mid-call) may be known to the treasury: its new owner asks first.
 */
async function claimOrder(db: Db, orderId: string, now: Date, until: Date, options: DispatchOptions): Promise<Claim | null> {
  const order = await db.paymentOrder.findUnique({ where: { id: orderId }, select: { status: true, attempts: true } });
  if (!order || !isOpen(order.status)) return null;
  const number = order.attempts + 1;
  const askFirst = order.status === "SENT" || order.attempts > 0;
  // The UPDATE comes first: on SQLite the transaction then takes the write lock at once (waiting
  // its turn) instead of failing to upgrade a read that another connection's write made stale.
  return db.$transaction(async (tx) => {
    const claimed = await tx.paymentOrder.updateMany({
      where: {
        id: orderId,
        status: order.status,
        attempts: order.attempts,
        AND: [unclaimed(now), ...(options.ignoreBackoff ? [] : [due(now)])],
      },
      data: { attempts: number, claimedUntil: until },
    });
    if (claimed.count !== 1) return null;
    const attempt = await tx.paymentAttempt.create({
      data: {
        paymentOrderId: orderId,
        number,
        worker: options.worker ?? PROCESS_WORKER,
        askedFirst: askFirst,
        startedAt: now,
        claimedUntil: until,
      },
      select: { id: true },
    });
    return { attemptId: attempt.id, number, askFirst };
  });
}

/**
 * Ends an attempt: its outcome, and the order's claim released with the time
 * of the next contact (a poll while the treasury still holds it, a retry after
 * no answer). The release applies only while the claim is still this one: an
 * owner that outlived its lease changes nothing of its successor's.
 */
async function finishAttempt(
  db: Db,
  orderId: string,
  claim: Claim,
  result: { outcome: "SENT" | "EXECUTED" | "REJECTED" | "UNANSWERED"; status: PaymentStatus; error: string; at: Date },
) {
  const error = result.error.slice(0, 500);
  await db.$transaction([
    db.paymentAttempt.update({ where: { id: claim.attemptId }, data: { outcome: result.outcome, error, finishedAt: result.at } }),
    db.paymentOrder.updateMany({
      where: { id: orderId, attempts: claim.number },
      data: isOpen(result.status)
        ? { claimedUntil: null, lastError: error, nextAttemptAt: new Date(result.at.getTime() + retryDelayMs(claim.number)) }
        : { claimedUntil: null },
    }),
  ]);
}

/**
 * Moves one open order forward with the treasury, if no one else is doing so.
 *
 * Never lose, never duplicate: the order is claimed (a lease, see claimOrder)
 * and the attempt recorded before anything is sent, so one process at a time
 * talks to the treasury about it; its reference and idempotency key go with
 * every request, so the treasury can recognise a repeat; and once a request
 * may have reached the treasury (any earlier attempt), we ask for the order's
 * status before sending it again. Timeouts and 5xx leave the order as it is,
 * to be retried with exponential backoff; nothing is marked paid until the
 * treasury says executed. Database errors are thrown and leave the claim to
 * expire: whoever takes the order next asks the treasury first.
 */
export async function advanceOrder(
  db: Db,
  config: TreasuryConfig,
  orderId: string,
  now = new Date(),
  options: DispatchOptions = {},
): Promise<AdvanceOutcome> {
  const started = Date.now();
  const at = () => new Date(now.getTime() + (Date.now() - started));
  const claim = await claimOrder(db, orderId, now, new Date(now.getTime() + claimDurationMs(config, options)), options);
  if (!claim) {
    const order = await db.paymentOrder.findUnique({ where: { id: orderId }, select: { status: true } });
    return { claimed: false, status: order?.status ?? null };
  }
  const { order, body } = await paymentInstruction(db, orderId);
  try {
    let answer: TreasuryAnswer | null = null;
    if (claim.askFirst) answer = await queryOrder(config, order.reference);
    if (!answer) answer = await submitOrder(config, body, order.idempotencyKey);
    const result = await applyTreasuryReport(db, { reference: order.reference, ...answer }, "send", at());
    const status = result.status ?? order.status;
    await finishAttempt(db, orderId, claim, { outcome: answer.status, status, error: "", at: at() });
    return { claimed: true, status };
  } catch (error) {
    if (error instanceof TreasuryRefused) {
      const result = await applyTreasuryReport(db, { reference: order.reference, status: "REJECTED", reason: error.message }, "send", at());
      await finishAttempt(db, orderId, claim, { outcome: "REJECTED", status: result.status ?? "REJECTED", error: error.message, at: at() });
      return { claimed: true, status: result.status ?? "REJECTED" };
    }
    if (!(error instanceof TreasuryUnavailable)) throw error;
    await finishAttempt(db, orderId, claim, { outcome: "UNANSWERED", status: order.status, error: error.message, at: at() });
    return { claimed: true, status: order.status, error: error.message };
  }
}

/**
 * Background: every open order whose next contact is due and that no one holds,
 * oldest first. Any number of processes may run this at once; each order is
 * taken by one of them (advanceOrder claims it). One order's failure does not
 * hold up the others.
 */
export async function processTreasuryQueue(db: Db, config: TreasuryConfig, now = new Date(), batch = 20, options: DispatchOptions = {}) {
  const started = Date.now();
  const at = () => new Date(now.getTime() + (Date.now() - started));
  const candidates = await db.paymentOrder.findMany({
    where: { status: { in: [...OPEN_STATUSES] }, AND: [due(now), unclaimed(now)] },
    orderBy: { createdAt: "asc" },
    take: batch,
    select: { id: true },
  });
  const outcomes: AdvanceOutcome[] = [];
  for (const order of candidates) {
    // Each claim is timed when it is taken, not when the batch began: a lease must not start out expired.
    const outcome = await advanceOrder(db, config, order.id, at(), options).catch((error: unknown) => {
      logger.error({ err: error, paymentOrderId: order.id }, "treasury: advancing a payment order failed");
      return { claimed: true, status: null, error: error instanceof Error ? error.message : String(error) };
    });
    outcomes.push(outcome);
  }
  return { attempted: outcomes.filter((o) => o.claimed).length, outcomes };
}
