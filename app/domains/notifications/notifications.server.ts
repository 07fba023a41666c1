import type { Tx } from "~/utils/db.server";
import type { AppLocale } from "~/utils/i18n";

export type NotificationInput = {
  channel: "EMAIL" | "SMS";
  recipient: string;
  template: string;
  locale: AppLocale;
  payload: Record<string, string | number>;
  /** Same key, one notice: reminders scheduled twice are sent once. */
  dedupeKey?: string;
};

/** Writes a notice to the outbox in the caller's transaction; the gateway worker delivers it. */
export async function enqueueNotification(tx: Tx, input: NotificationInput) {
  if (input.dedupeKey) {
    const existing = await tx.notification.findUnique({ where: { dedupeKey: input.dedupeKey }, select: { id: true } });
    if (existing) return existing;
  }
  return tx.notification.create({ data: input, select: { id: true } });
}
