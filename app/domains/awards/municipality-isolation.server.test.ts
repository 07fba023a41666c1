// Issue 17 item 2 within commission, screening, protocol, awards and letters:
// a second municipality's staff (same roles, same permissions) reach nothing
// of the first's calls: every object answers 404 and every list leaves it out.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-isolation-${process.pid}-${Date.now()}`;
});

import { storageRoot } from "~/domains/files/storage.server";
import { appointMember, getCommissionForOfficer, removeMember } from "~/domains/reviews/commission.server";
import { loadProtocol } from "~/domains/reviews/protocol.server";
import { decideEligibility, listCallsForReview, listForScreening } from "~/domains/reviews/screening.server";
import { prisma } from "~/utils/db.server";
import { createStaff, createUser } from "../../../tests/factories";
import { createReviewCall, createSeat, createSubmittedProposal, scoredCall } from "../../../tests/factories-reviews";
import { getOwnAward, publishDecision } from "./decision.server";
import { getBatchProgress, getLetterForDownload, issueLetter, startBatchIssue } from "./letters.server";
import { finalizeCall } from "./standstill.server";
import { domainError } from "../../../tests/support/domain-error";
import { DAY_MS } from "~/utils/time";

afterAll(() => rmSync(storageRoot(), { recursive: true, force: true }));

/** The second municipality's programme officer (createStaff makes a new municipality). */
async function foreignOfficer() {
  const other = await createStaff("PROGRAMME_OFFICER");
  expect(other.municipalityId).toBeTruthy();
  return other.actor;
}

describe("a second municipality's officer", () => {
  it("neither sees nor changes the first's screening", async () => {
    const { call } = await createReviewCall();
    const { proposal } = await createSubmittedProposal(call.id);
    const foreign = await foreignOfficer();
    await domainError(listForScreening({ actor: foreign, callId: call.id }), "notFound", 404);
    await domainError(decideEligibility({ actor: foreign, proposalId: proposal.id, eligible: true, reason: "" }), "notFound", 404);
    expect((await listCallsForReview({ actor: foreign })).map((c) => c.id)).not.toContain(call.id);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("SUBMITTED");
    // Its own municipality's list works, so the empty answer above is the scope and not a broken query.
    const own = await createReviewCall({ municipalityId: foreign.municipalityId! });
    expect((await listCallsForReview({ actor: foreign })).map((c) => c.id)).toContain(own.call.id);
  });

  it("neither sees, appoints to nor removes from the first's commission", async () => {
    const { call, officer } = await createReviewCall();
    const seat = await createSeat(call.id, "MEMBER", officer.id);
    const candidate = await createUser();
    const foreign = await foreignOfficer();
    await domainError(getCommissionForOfficer({ actor: foreign, callId: call.id }), "notFound", 404);
    await domainError(
      appointMember({ actor: foreign, callId: call.id, email: candidate.email, role: "MEMBER", affiliations: "" }),
      "notFound",
      404,
    );
    await domainError(removeMember({ actor: foreign, callId: call.id, membershipId: seat.membershipId }), "notFound", 404);
    expect(await prisma.commissionMembership.count({ where: { callId: call.id } })).toBe(1);
    // A seat of another call is not removed through one's own call either.
    const own = await createReviewCall({ municipalityId: foreign.municipalityId! });
    await domainError(removeMember({ actor: foreign, callId: own.call.id, membershipId: seat.membershipId }), "notFound", 404);
    expect(await prisma.commissionMembership.count({ where: { id: seat.membershipId } })).toBe(1);
  });

  it("reads no protocol, award or letter of the first, and issues none", async () => {
    const setup = await scoredCall([{ requested: 100_000_00n, scores: [9, 9, 5] }]);
    const now = new Date();
    await publishDecision({ actor: setup.commission.chair.actor, callId: setup.call.id, now });
    await finalizeCall({ callId: setup.call.id, now: new Date(now.getTime() + 11 * DAY_MS) });
    const award = await prisma.award.findFirstOrThrow({ where: { callId: setup.call.id } });
    await issueLetter({ actor: setup.officer, awardId: award.id });
    const foreign = await foreignOfficer();

    await domainError(loadProtocol({ actor: foreign, callId: setup.call.id }), "notFound", 404);
    await domainError(getOwnAward({ actor: foreign, awardId: award.id }), "notFound", 404);
    await domainError(getLetterForDownload({ actor: foreign, awardId: award.id }), "notFound", 404);
    await domainError(issueLetter({ actor: foreign, awardId: award.id }), "notFound", 404);
    await domainError(getBatchProgress({ actor: foreign, callId: setup.call.id }), "notFound", 404);
    await domainError(startBatchIssue({ actor: foreign, callId: setup.call.id }), "notFound", 404);
    expect(await prisma.awardLetter.count({ where: { awardId: award.id } })).toBe(2); // the Kyrgyz and the Russian text

    // The first municipality's officer still reads all of it.
    await expect(loadProtocol({ actor: setup.officer, callId: setup.call.id })).resolves.toBeTruthy();
    await expect(getOwnAward({ actor: setup.officer, awardId: award.id })).resolves.toBeTruthy();
    await expect(getLetterForDownload({ actor: setup.officer, awardId: award.id })).resolves.toBeTruthy();
    expect((await getBatchProgress({ actor: setup.officer, callId: setup.call.id })).issued).toBe(1);
  });

  it("with no municipality at all reaches nothing (an unscoped officer is not an officer of every municipality)", async () => {
    const { call } = await createReviewCall();
    const { actorOf } = await import("../../../tests/factories");
    const unscoped = actorOf(await createUser(), ["PROGRAMME_OFFICER"], null);
    await domainError(listForScreening({ actor: unscoped, callId: call.id }), "notFound", 404);
    await domainError(getCommissionForOfficer({ actor: unscoped, callId: call.id }), "notFound", 404);
    expect(await listCallsForReview({ actor: unscoped })).toEqual([]);
  });
});
