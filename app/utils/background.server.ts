import { deliverDueNotifications } from "~/domains/notifications/notification-delivery.server";
import { queueDeadlineReminders } from "~/domains/proposals/reminders.server";
import { remindOverdueMilestones } from "~/domains/monitoring/monitoring.server";
import { processTreasuryQueue } from "~/domains/disbursements/treasury-dispatch.server";
import { finalizeDueCalls } from "~/domains/awards/standstill.server";
import { currentAuditHead } from "~/domains/audit/audit.server";
import { prisma } from "./db.server";
import type { Env } from "./env.server";
import { logger } from "./logger.server";

/** Periodic work of the server process; returns a function that stops it. */
export function startBackgroundWork(env: Env) {
  const timers: NodeJS.Timeout[] = [];
  if (env.NOTIFY_GATEWAY_URL) {
    const gateway = { url: env.NOTIFY_GATEWAY_URL, token: env.NOTIFY_GATEWAY_TOKEN };
    let running = false;
    timers.push(
      setInterval(() => {
        if (running) return;
        running = true;
        deliverDueNotifications(prisma, gateway)
          .catch((error) => logger.error({ err: error, job: "notification delivery" }, "notification delivery failed"))
          .finally(() => (running = false));
      }, 15_000),
    );
  }
  timers.push(...grantsBackgroundWork(env));
  // Decisions whose standstill ended with no appeal open become final and commit the budget (safe to repeat).
  let finalizing = false;
  timers.push(
    setInterval(() => {
      if (finalizing) return;
      finalizing = true;
      finalizeDueCalls(new Date())
        .catch((error) => logger.error({ err: error, job: "award finalization" }, "award finalization failed"))
        .finally(() => (finalizing = false));
    }, 60_000),
  );
  // Deadline reminders to NCOs with drafts; the dedupe key makes repeated runs send each one once.
  let reminding = false;
  timers.push(
    setInterval(() => {
      if (reminding) return;
      reminding = true;
      queueDeadlineReminders(new Date())
        .catch((error) => logger.error({ err: error, job: "deadline reminders" }, "deadline reminders failed"))
        .finally(() => (reminding = false));
    }, 10 * 60_000),
  );
  return () => timers.forEach(clearInterval);
}

/**
 * Treasury: open payment orders are sent and followed every 10 s (each order
 * waits for its own backoff); every process may run this, each order is
 * claimed by one at a time (decision 0058). Overdue milestones are reminded hourly; the
 * outbox's dedupeKey sends one reminder per milestone and due date.
 */
function grantsBackgroundWork(env: Env) {
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, name: string, work: () => Promise<unknown>) => {
    let running = false;
    timers.push(
      setInterval(() => {
        if (running) return;
        running = true;
        work()
          .catch((error) => logger.error({ err: error, job: name }, `${name} failed`))
          .finally(() => (running = false));
      }, ms),
    );
  };
  if (env.TREASURY_URL) {
    const treasury = { url: env.TREASURY_URL, token: env.TREASURY_TOKEN };
    every(10_000, "treasury queue", () => processTreasuryQueue(prisma, treasury));
  }
  every(60 * 60_000, "overdue milestone reminders", () => remindOverdueMilestones(prisma));
  // The operator's own copy of the audit head (decision 0049): the server log keeps what the database cannot rewrite.
  const logAuditHead = async () => {
    const head = await currentAuditHead(prisma);
    logger.info({ auditHead: { size: head.size, hash: head.hash, at: head.at?.toISOString() ?? null } }, `audit head ${head.size}:${head.hash} at ${head.at?.toISOString() ?? "-"}`);
  };
  void logAuditHead().catch((error) => logger.error({ err: error, job: "audit head" }, "audit head failed"));
  every(60 * 60_000, "audit head", logAuditHead);
  return timers;
}
