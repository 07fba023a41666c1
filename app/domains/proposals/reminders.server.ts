// Deadline reminders to NCOs that still hold drafts: 7 days and 1 day before.
import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { prisma } from "~/utils/db.server";
import { isUniqueViolation } from "./proposal-access.server";
import { reminderDue } from "./proposal-rules";

const WEEK_MS = 7 * 86_400_000;

/**
 * Queues the reminders due at `now`, one per draft and member. Safe to run
 * as often as wanted: the dedupe key (kind, proposal, person) lets each
 * reminder through once. Returns how many notices were newly queued.
 */
export async function queueDeadlineReminders(now: Date): Promise<number> {
  const calls = await prisma.call.findMany({
    where: { status: "PUBLISHED", submissionDeadline: { gt: now, lte: new Date(now.getTime() + WEEK_MS) } },
    select: {
      id: true,
      reference: true,
      titleKy: true,
      titleRu: true,
      titleEn: true,
      submissionDeadline: true,
      proposals: {
        where: { status: "DRAFT", intake: "ONLINE" },
        select: {
          id: true,
          reference: true,
          title: true,
          organization: { select: { members: { select: { user: { select: { id: true, email: true, locale: true, status: true } } } } } },
        },
      },
    },
  });
  let queued = 0;
  for (const call of calls) {
    const kind = reminderDue(now, call.submissionDeadline!);
    if (!kind) continue;
    for (const proposal of call.proposals) {
      for (const { user } of proposal.organization.members) {
        if (user.status !== "ACTIVE") continue;
        const dedupeKey = `proposal-reminder:${kind}:${proposal.id}:${user.id}`;
        try {
          const created = await prisma.$transaction(async (tx) => {
            if (await tx.notification.findUnique({ where: { dedupeKey }, select: { id: true } })) return false;
            await enqueueNotification(tx, {
              channel: "EMAIL",
              recipient: user.email,
              template: `proposal.reminder.${kind}`,
              locale: user.locale,
              payload: {
                reference: proposal.reference,
                title: proposal.title,
                callReference: call.reference,
                callTitle: user.locale === "en" ? call.titleEn || call.titleRu : user.locale === "ru" ? call.titleRu : call.titleKy,
                deadline: call.submissionDeadline!.toISOString(),
              },
              dedupeKey,
            });
            return true;
          });
          if (created) queued += 1;
        } catch (error) {
          // Another run queued the same reminder a moment ago.
          if (!isUniqueViolation(error)) throw error;
        }
      }
    }
  }
  return queued;
}
