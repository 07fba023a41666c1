import type { Db } from "~/utils/db.server";

export type Gateway = { url: string; token?: string; fetch?: typeof fetch; timeoutMs?: number };

const MAX_ATTEMPTS = 8;
const DEFAULT_TIMEOUT_MS = 10_000;
// A claim outlives the request it covers; after it a crashed worker's notice is due again.
const CLAIM_MARGIN_MS = 60_000;

/** Exponential backoff: 1, 2, 4 … minutes, capped at an hour. */
export function nextAttemptDelayMs(attempts: number) {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/**
 * Sends due notices to the email/SMS gateway (POST JSON). A notice is marked
 * sent only after the gateway answered 2xx; timeouts and 5xx are retried with
 * backoff, and the notice id is sent as an idempotency key so the gateway can
 * drop a duplicate when our record of a success was lost.
 *
 * Workers may overlap (a slow run and the next tick, or several portal
 * processes on PostgreSQL): each notice is claimed by a conditional update
 * before it is posted, so only one worker sends it.
 */
export async function deliverDueNotifications(db: Db, gateway: Gateway, now = new Date(), batch = 50) {
  const timeoutMs = gateway.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const due = await db.notification.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: now } },
    orderBy: { createdAt: "asc" },
    take: batch,
    select: { id: true, attempts: true, channel: true, recipient: true, template: true, locale: true, payload: true },
  });
  let attempted = 0;
  let sent = 0;
  for (const notice of due) {
    const attempts = notice.attempts + 1;
    const claimed = await db.notification.updateMany({
      where: { id: notice.id, status: "PENDING", attempts: notice.attempts },
      data: { attempts, nextAttemptAt: new Date(now.getTime() + timeoutMs + CLAIM_MARGIN_MS) },
    });
    if (claimed.count !== 1) continue;
    attempted += 1;
    const ours = { id: notice.id, status: "PENDING" as const, attempts };
    try {
      const response = await (gateway.fetch ?? fetch)(gateway.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Idempotency-Key": notice.id,
          ...(gateway.token ? { Authorization: `Bearer ${gateway.token}` } : {}),
        },
        body: JSON.stringify({
          id: notice.id,
          channel: notice.channel.toLowerCase(),
          to: notice.recipient,
          template: notice.template,
          locale: notice.locale,
          data: notice.payload,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`gateway answered ${response.status}`);
      const marked = await db.notification.updateMany({ where: ours, data: { status: "SENT", sentAt: new Date(), lastError: "" } });
      sent += marked.count;
    } catch (error) {
      await db.notification.updateMany({
        where: ours,
        data: {
          status: attempts >= MAX_ATTEMPTS ? "FAILED" : "PENDING",
          lastError: String(error instanceof Error ? error.message : error).slice(0, 500),
          nextAttemptAt: new Date(now.getTime() + nextAttemptDelayMs(attempts)),
        },
      });
    }
  }
  return { attempted, sent };
}
