import type { Db } from "~/utils/db.server";

export type Gateway = { url: string; token?: string; fetch?: typeof fetch; timeoutMs?: number };

const MAX_ATTEMPTS = 8;

/** Exponential backoff: 1, 2, 4 … minutes, capped at an hour. */
export function nextAttemptDelayMs(attempts: number) {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/**
 * Sends due notices to the email/SMS gateway (POST JSON). A notice is marked
 * sent only after the gateway answered 2xx; timeouts and 5xx are retried with
 * backoff, and the notice id is sent as an idempotency key so the gateway can
 * drop a duplicate when our record of a success was lost.
 */
export async function deliverDueNotifications(db: Db, gateway: Gateway, now = new Date(), batch = 50) {
  const due = await db.notification.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: now } },
    orderBy: { createdAt: "asc" },
    take: batch,
  });
  let sent = 0;
  for (const notice of due) {
    const attempts = notice.attempts + 1;
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
        signal: AbortSignal.timeout(gateway.timeoutMs ?? 10_000),
      });
      if (!response.ok) throw new Error(`gateway answered ${response.status}`);
      await db.notification.update({ where: { id: notice.id }, data: { status: "SENT", attempts, sentAt: new Date(), lastError: "" } });
      sent += 1;
    } catch (error) {
      const failed = attempts >= MAX_ATTEMPTS;
      await db.notification.update({
        where: { id: notice.id },
        data: {
          attempts,
          status: failed ? "FAILED" : "PENDING",
          lastError: String(error instanceof Error ? error.message : error).slice(0, 500),
          nextAttemptAt: new Date(now.getTime() + nextAttemptDelayMs(attempts)),
        },
      });
    }
  }
  return { attempted: due.length, sent };
}
