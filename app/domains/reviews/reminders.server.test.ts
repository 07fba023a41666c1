import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import {
  createApplicant,
  createCommission,
  createReviewCall,
  createSubmittedProposal,
  declareDirectly,
  markEligible,
  scoreDirectly,
} from "../../../tests/factories-reviews";
import { getDecisionBoard } from "~/domains/awards/decision.server";
import { remindScorer } from "./reminders.server";
import { domainError } from "../../../tests/support/domain-error";

const HOUR = 3_600_000;

/** Two proposals, four scorers; member 0 has scored nothing, member 1 one proposal, member 2 is conflicted with the second. */
async function halfScored() {
  const setup = await createReviewCall({ status: "IN_REVIEW" });
  const applicants = [await createApplicant(), await createApplicant()];
  const proposals = [];
  for (const a of applicants)
    proposals.push((await createSubmittedProposal(setup.call.id, { organizationId: a.organization.id })).proposal);
  await markEligible(
    proposals.map((p) => p.id),
    setup.officer.id,
  );
  const commission = await createCommission(setup.call.id, setup.officer.id);
  const [m0, m1, m2] = commission.members as [typeof commission.chair, typeof commission.chair, typeof commission.chair];
  const orgs = proposals.map((p) => p.organizationId);
  for (const seat of commission.scorers) await declareDirectly(seat.membershipId, orgs, seat === m2 ? [orgs[1]!] : []);
  for (const p of proposals) await scoreDirectly(p.id, commission.chair.membershipId, setup.call.criteria, [8, 8, 4]);
  await scoreDirectly(proposals[0]!.id, m1.membershipId, setup.call.criteria, [8, 8, 4]);
  await scoreDirectly(proposals[0]!.id, m2.membershipId, setup.call.criteria, [8, 8, 4]);
  // member 0 has a draft only: a draft is not a submitted sheet
  await scoreDirectly(proposals[1]!.id, m0.membershipId, setup.call.criteria, [5, 5, 3], false);
  await prisma.user.update({ where: { id: m0.user.id }, data: { locale: "ky" } });
  return { ...setup, commission, proposals, m0, m1, m2 };
}

describe("who the scoring waits for", () => {
  it("names each member who owes sheets with how many, leaving out conflicted proposals and those who are done", async () => {
    const { call, commission, m0, m1 } = await halfScored();
    const board = await getDecisionBoard({ actor: commission.chair.actor, callId: call.id });
    expect(board.waiting.map((w) => [w.membershipId, w.name, w.missing, w.nextReminderAt])).toEqual([
      [m0.membershipId, m0.user.fullName, 2, null],
      [m1.membershipId, m1.user.fullName, 1, null],
    ]);
  });

  it("sends a reminder through the outbox in the member's language, audited, at most once an hour per member", async () => {
    const { call, commission, m0, m1, m2 } = await halfScored();
    const now = new Date();
    await remindScorer({ actor: commission.chair.actor, callId: call.id, membershipId: m0.membershipId, now });
    const notice = await prisma.notification.findFirstOrThrow({ where: { recipient: m0.user.email, template: "reviews.scoringReminder" } });
    expect(notice).toMatchObject({ locale: "ky", channel: "EMAIL", status: "PENDING" });
    expect(notice.payload).toMatchObject({ call: call.reference, missing: 2 });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "commission.reminded", entityId: m0.membershipId } });
    expect(event.actorId).toBe(commission.chair.user.id);

    // Twice within the hour: refused with 429, nothing more sent or recorded.
    const again = await domainError(
      remindScorer({
        actor: commission.chair.actor,
        callId: call.id,
        membershipId: m0.membershipId,
        now: new Date(now.getTime() + HOUR - 1000),
      }),
    );
    expect([again.code, again.status]).toEqual(["reviews:errors.remindedRecently", 429]);
    // Two at the same moment: exactly one goes out.
    const both = await Promise.allSettled(
      [0, 1].map(() => remindScorer({ actor: commission.chair.actor, callId: call.id, membershipId: m1.membershipId, now })),
    );
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.notification.count({ where: { recipient: m1.user.email, template: "reviews.scoringReminder" } })).toBe(1);
    expect(await prisma.notification.count({ where: { recipient: m0.user.email, template: "reviews.scoringReminder" } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "commission.reminded", entityId: m0.membershipId } })).toBe(1);

    // The board says when the next reminder is possible; after the hour it is.
    const board = await getDecisionBoard({ actor: commission.chair.actor, callId: call.id, now: new Date(now.getTime() + 10_000) });
    expect(board.waiting.find((w) => w.membershipId === m0.membershipId)?.nextReminderAt?.getTime()).toBe(now.getTime() + HOUR);
    await remindScorer({
      actor: commission.chair.actor,
      callId: call.id,
      membershipId: m0.membershipId,
      now: new Date(now.getTime() + HOUR + 1),
    });
    expect(await prisma.notification.count({ where: { recipient: m0.user.email, template: "reviews.scoringReminder" } })).toBe(2);

    // Nobody to remind who owes nothing; only the chair reminds.
    expect((await domainError(remindScorer({ actor: commission.chair.actor, callId: call.id, membershipId: m2.membershipId }))).code).toBe(
      "reviews:errors.nothingOwed",
    );
    expect((await domainError(remindScorer({ actor: m1.actor, callId: call.id, membershipId: m0.membershipId }))).code).toBe(
      "reviews:errors.chairOnly",
    );
  });

  it("does not remind a seat of another call, and nobody after the review", async () => {
    const first = await halfScored();
    const second = await halfScored();
    expect(
      (
        await domainError(
          remindScorer({ actor: first.commission.chair.actor, callId: first.call.id, membershipId: second.m0.membershipId }),
        )
      ).status,
    ).toBe(404);
    await prisma.call.update({ where: { id: first.call.id }, data: { status: "DECIDED" } });
    expect(
      (await domainError(remindScorer({ actor: first.commission.chair.actor, callId: first.call.id, membershipId: first.m0.membershipId })))
        .code,
    ).toBe("reviews:errors.reviewClosed");
  });
});
