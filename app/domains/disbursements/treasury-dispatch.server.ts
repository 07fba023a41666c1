import type { Db } from "~/utils/db.server";
import { retryDelayMs } from "./payment-rules";
import { applyTreasuryReport, paymentInstruction, recordTreasuryFailure } from "./payments.server";
import { queryOrder, submitOrder, TreasuryRefused, TreasuryUnavailable, type TreasuryAnswer, type TreasuryConfig } from "./treasury-client.server";

/**
 * Moves one open order forward with the treasury.
 *
 * Never lose, never duplicate: the order's reference and idempotency key go
 * with every request, so the treasury can recognise a repeat; and once a
 * request may have reached the treasury (any earlier attempt that ended
 * without a trusted answer), we ask for the order's status before sending it
 * again. Timeouts and 5xx leave the order as it is, to be retried with
 * exponential backoff; nothing is marked paid until the treasury says executed.
 */
export async function advanceOrder(db: Db, config: TreasuryConfig, orderId: string, now = new Date()) {
  const { order, body } = await paymentInstruction(db, orderId);
  if (order.status !== "CREATED" && order.status !== "SENT") return { status: order.status };
  try {
    let answer: TreasuryAnswer | null = null;
    if (order.status === "SENT" || order.attempts > 0) answer = await queryOrder(config, order.reference);
    if (!answer) answer = await submitOrder(config, body, order.idempotencyKey);
    const result = await applyTreasuryReport(db, { reference: order.reference, ...answer }, "send", now);
    if ((result.status ?? answer.status) === "SENT") {
      // Still with the treasury: poll again later (callbacks may come sooner).
      await db.paymentOrder.updateMany({
        where: { id: order.id, status: "SENT" },
        data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + retryDelayMs(order.attempts + 1)), lastError: "" },
      });
    }
    return { status: result.status ?? order.status };
  } catch (error) {
    if (error instanceof TreasuryRefused) {
      await applyTreasuryReport(db, { reference: order.reference, status: "REJECTED", reason: error.message }, "send", now);
      return { status: "REJECTED" as const };
    }
    if (!(error instanceof TreasuryUnavailable)) throw error;
    await recordTreasuryFailure(db, order.id, error.message, new Date(now.getTime() + retryDelayMs(order.attempts + 1)));
    return { status: order.status, error: error.message };
  }
}

/** Background: every open order whose next attempt is due, oldest first. */
export async function processTreasuryQueue(db: Db, config: TreasuryConfig, now = new Date(), batch = 20) {
  const due = await db.paymentOrder.findMany({
    where: { status: { in: ["CREATED", "SENT"] }, OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
    orderBy: { createdAt: "asc" },
    take: batch,
    select: { id: true },
  });
  const outcomes = [];
  for (const order of due) outcomes.push(await advanceOrder(db, config, order.id, now));
  return { attempted: due.length, outcomes };
}
