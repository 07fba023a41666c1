import { deliverDueNotifications } from "~/domains/notifications/notification-delivery.server";
import { queueDeadlineReminders } from "~/domains/proposals/reminders.server";
import { remindOverdueMilestones } from "~/domains/monitoring/monitoring.server";
import { processTreasuryQueue } from "~/domains/disbursements/treasury-dispatch.server";
import { finalizeDueCalls } from "~/domains/awards/standstill.server";
import { currentAuditHead } from "~/domains/audit/audit.server";
import { onAuditWritten, sealAuditLog } from "~/domains/audit/audit-sealer.server";
import { prisma } from "./db.server";
import type { Env } from "./env.server";
import { logger } from "./logger.server";

/**
 * Periodic work of the server process. Returns the function that stops it at
 * shutdown (decision 0056): no new run starts, and its promise settles once
 * the runs in progress have finished (the caller bounds the wait; work left
 * unfinished is picked up again by the next start, as after a crash).
 */
export function startBackgroundWork(env: Env): () => Promise<void> {
  const work = backgroundRunner();
  if (env.NOTIFY_GATEWAY_URL) {
    const gateway = { url: env.NOTIFY_GATEWAY_URL, token: env.NOTIFY_GATEWAY_TOKEN };
    work.every(15_000, "notification delivery", () => deliverDueNotifications(prisma, gateway));
  }
  grantsBackgroundWork(env, work);
  // Decisions whose standstill ended with no appeal open become final and commit the budget (safe to repeat).
  work.every(60_000, "award finalization", () => finalizeDueCalls(new Date()));
  // Deadline reminders to NCOs with drafts; the dedupe key makes repeated runs send each one once.
  work.every(10 * 60_000, "deadline reminders", () => queueDeadlineReminders(new Date()));
  const stopSealer = auditSealer(work);
  return async () => {
    stopSealer();
    await work.stop();
  };
}

/**
 * The audit sealer (decision 0064): every second, and about 50 ms after a
 * write (the writer only arms a timer; by then its transaction has usually
 * committed, and what it missed the next pass seals). Passes of this process
 * never overlap; other processes' passes queue on the sealer's lock.
 */
function auditSealer(work: Runner) {
  let running: Promise<unknown> | null = null;
  let again = false;
  const seal = (): Promise<unknown> => {
    if (running) {
      again = true;
      return running;
    }
    running = sealAuditLog(prisma).finally(() => {
      running = null;
      if (again) {
        again = false;
        void work.once("audit sealer", seal);
      }
    });
    return running;
  };
  work.every(1_000, "audit sealer", seal);
  let soon: NodeJS.Timeout | null = null;
  onAuditWritten(() => {
    if (soon) return;
    soon = setTimeout(() => {
      soon = null;
      void work.once("audit sealer", seal);
    }, 50);
  });
  return () => {
    onAuditWritten(null);
    if (soon) clearTimeout(soon);
    again = false;
  };
}

type Runner = ReturnType<typeof backgroundRunner>;

/** Timers whose runs never overlap themselves, and are all known, so that shutdown can wait for them. */
function backgroundRunner() {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  const once = (name: string, work: () => Promise<unknown>) => {
    const run = work()
      .catch((error) => logger.error({ err: error, job: name }, `${name} failed`))
      .finally(() => running.delete(run));
    running.add(run);
    return run;
  };
  return {
    once,
    every(ms: number, name: string, work: () => Promise<unknown>) {
      let current: Promise<unknown> | null = null;
      timers.push(
        setInterval(() => {
          if (current || stopped) return;
          current = once(name, work).finally(() => (current = null));
        }, ms),
      );
    },
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      await Promise.allSettled([...running]);
    },
  };
}

/**
 * Treasury: open payment orders are sent and followed every 10 s (each order
 * waits for its own backoff); every process may run this, each order is
 * claimed by one at a time (decision 0058). Overdue milestones are reminded hourly; the
 * outbox's dedupeKey sends one reminder per milestone and due date.
 */
function grantsBackgroundWork(env: Env, work: Runner) {
  if (env.TREASURY_URL) {
    const treasury = { url: env.TREASURY_URL, token: env.TREASURY_TOKEN };
    work.every(10_000, "treasury queue", () => processTreasuryQueue(prisma, treasury));
  }
  work.every(60 * 60_000, "overdue milestone reminders", () => remindOverdueMilestones(prisma));
  // The operator's own copy of the audit head (decision 0049): the server log keeps what the database cannot rewrite.
  const logAuditHead = async () => {
    const head = await currentAuditHead(prisma);
    logger.info(
      {
        auditHead: { size: head.size, hash: head.hash, at: head.at?.toISOString() ?? null, sealedAt: head.sealedAt?.toISOString() ?? null },
      },
      `audit head ${head.size}:${head.hash} at ${head.at?.toISOString() ?? "-"}`,
    );
  };
  void work.once("audit head", logAuditHead);
  work.every(60 * 60_000, "audit head", logAuditHead);
}
