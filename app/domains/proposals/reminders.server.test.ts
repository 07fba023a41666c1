import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createNcoMember } from "../../../tests/factories";
import { createCompleteProposal, createOpenCall, newKey } from "../../../tests/factories-proposals";
import { queueDeadlineReminders } from "./reminders.server";
import { submitProposal } from "./submission.server";
import { DAY_MS } from "~/utils/time";

describe("deadline reminders", () => {
  it("reminds every member of an NCO holding a draft 7 days and 1 day before, once each however often it runs", async () => {
    const deadline = new Date(Date.now() + 30 * DAY_MS);
    const call = await createOpenCall({ deadline });
    const admin = await createNcoMember("ADMIN");
    const member = await createNcoMember("MEMBER", admin.organization.id);
    const draft = await createCompleteProposal({ callId: call.id, organizationId: admin.organization.id, createdById: admin.user.id });
    const submitter = await createNcoMember();
    const submitted = await createCompleteProposal({
      callId: call.id,
      organizationId: submitter.organization.id,
      createdById: submitter.user.id,
    });
    await submitProposal({ actor: submitter.actor, now: new Date(), proposalId: submitted.id, idempotencyKey: newKey() });
    const reminders = () =>
      prisma.notification.findMany({ where: { template: { startsWith: "proposal.reminder" } }, orderBy: { createdAt: "asc" } });

    expect(await queueDeadlineReminders(new Date(deadline.getTime() - 8 * DAY_MS))).toBe(0);
    const weekBefore = new Date(deadline.getTime() - 7 * DAY_MS + 60_000);
    expect(await queueDeadlineReminders(weekBefore)).toBe(2);
    await Promise.all([queueDeadlineReminders(weekBefore), queueDeadlineReminders(new Date(weekBefore.getTime() + DAY_MS))]);
    expect(await reminders()).toHaveLength(2);
    expect((await reminders()).map((n) => n.recipient).sort()).toEqual([admin.user.email, member.user.email].sort());
    expect((await reminders())[0]).toMatchObject({ template: "proposal.reminder.7d", channel: "EMAIL" });
    expect((await reminders())[0]!.payload).toMatchObject({ reference: draft.reference, deadline: deadline.toISOString() });

    const dayBefore = new Date(deadline.getTime() - DAY_MS + 60_000);
    expect(await queueDeadlineReminders(dayBefore)).toBe(2);
    expect(await queueDeadlineReminders(dayBefore)).toBe(0);
    expect((await reminders()).filter((n) => n.template === "proposal.reminder.1d")).toHaveLength(2);
    expect(await queueDeadlineReminders(deadline)).toBe(0);
    // Nobody at the NCO that submitted was reminded.
    expect((await reminders()).some((n) => n.recipient === submitter.user.email)).toBe(false);
  });
});
