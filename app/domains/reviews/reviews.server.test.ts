import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createStaff, createUser } from "../../../tests/factories";
import {
  createApplicant,
  createCommission,
  createReviewCall,
  createSeat,
  createSubmittedProposal,
  declareDirectly,
  markEligible,
  scoreDirectly,
} from "../../../tests/factories-reviews";
import { decideAppeal } from "./appeals.server";
import { appointMember, declareConflicts, getCommissionForOfficer, getMemberCall, removeMember } from "./commission.server";
import { evaluateCall } from "./ranking.server";
import { decideEligibility, fileAppeal, listForScreening } from "./screening.server";
import { getProposalForReview, recordConsensus, saveScoreSheet } from "./scoring.server";
import { domainError } from "../../../tests/support/domain-error";
import { DAY_MS } from "~/utils/time";

async function auditActions(entityId: string) {
  return (await prisma.auditEvent.findMany({ where: { entityId }, orderBy: { seq: "asc" } })).map((e) => e.action);
}

describe("screening", () => {
  it("records eligible and ineligible decisions, starts the review and tells the NCO in its own language", async () => {
    const { call, officer } = await createReviewCall();
    const kyOrg = await createApplicant({ preferredLocale: "ky" });
    const { proposal: good } = await createSubmittedProposal(call.id);
    const { proposal: bad } = await createSubmittedProposal(call.id, { organizationId: kyOrg.organization.id });

    await decideEligibility({ actor: officer, proposalId: good.id, eligible: true, reason: "" });
    await decideEligibility({
      actor: officer,
      proposalId: bad.id,
      eligible: false,
      reason: "Уставда социалдык кызмат көрсөтүү каралган эмес.",
    });

    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).status).toBe("IN_REVIEW");
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: bad.id } })).status).toBe("INELIGIBLE");
    const notice = await prisma.notification.findFirstOrThrow({ where: { recipient: kyOrg.user.email } });
    expect(notice).toMatchObject({ template: "reviews.ineligible", locale: "ky" });
    expect(await auditActions(bad.id)).toEqual(["proposal.screened"]);
    expect(await auditActions(call.id)).toEqual(["call.reviewStarted"]);

    const listed = await listForScreening({ actor: officer, callId: call.id });
    expect(listed.proposals.map((p) => p.status).sort()).toEqual(["ELIGIBLE", "INELIGIBLE"]);
    expect(listed.proposals.find((p) => p.id === bad.id)?.appealUntil).toBeInstanceOf(Date);
  });

  it("decides once, needs a reason to refuse, waits for the deadline and stays in the officer's municipality", async () => {
    const { call, officer } = await createReviewCall();
    const { proposal } = await createSubmittedProposal(call.id);
    await domainError(
      decideEligibility({ actor: officer, proposalId: proposal.id, eligible: false, reason: "short" }),
      "reviews:validation.reasonRequired",
      400,
    );
    await domainError(
      decideEligibility({ actor: officer, proposalId: proposal.id, eligible: true, reason: "", now: new Date(Date.now() - 2 * DAY_MS) }),
      "reviews:errors.callStillOpen",
      409,
    );
    const stranger = await createStaff("PROGRAMME_OFFICER");
    await domainError(decideEligibility({ actor: stranger.actor, proposalId: proposal.id, eligible: true, reason: "" }), "notFound", 404);
    await decideEligibility({ actor: officer, proposalId: proposal.id, eligible: true, reason: "" });
    await domainError(
      decideEligibility({ actor: officer, proposalId: proposal.id, eligible: false, reason: "Передумали после проверки." }),
      "reviews:errors.alreadyScreened",
      409,
    );
  });

  it("finds an organization eligible only once its registration is verified; refusing needs no verification (decision 0066)", async () => {
    const { call, officer } = await createReviewCall();
    const pending = await createApplicant();
    const returned = await createApplicant();
    await prisma.organization.update({ where: { id: pending.organization.id }, data: { verification: "PENDING" } });
    await prisma.organization.update({ where: { id: returned.organization.id }, data: { verification: "RETURNED" } });
    const { proposal: waiting } = await createSubmittedProposal(call.id, {
      organizationId: pending.organization.id,
      createdById: pending.user.id,
    });
    const { proposal: refused } = await createSubmittedProposal(call.id, {
      organizationId: returned.organization.id,
      createdById: returned.user.id,
    });

    await domainError(
      decideEligibility({ actor: officer, proposalId: waiting.id, eligible: true, reason: "" }),
      "reviews:errors.notVerified",
      409,
    );
    await domainError(
      decideEligibility({ actor: officer, proposalId: refused.id, eligible: true, reason: "" }),
      "reviews:errors.notVerified",
      409,
    );
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("SUBMITTED");
    expect(await auditActions(waiting.id)).toEqual([]);
    const listed = await listForScreening({ actor: officer, callId: call.id });
    expect(listed.proposals.find((p) => p.id === waiting.id)?.checks.find((c) => c.key === "verified")?.ok).toBe(false);

    // Ineligible can be recorded at once; eligible once the officer has verified the registration.
    await decideEligibility({
      actor: officer,
      proposalId: refused.id,
      eligible: false,
      reason: "Регистрация не подтверждена документами.",
    });
    await prisma.organization.update({ where: { id: pending.organization.id }, data: { verification: "VERIFIED" } });
    await decideEligibility({ actor: officer, proposalId: waiting.id, eligible: true, reason: "" });
    expect(
      (await prisma.proposal.findMany({ where: { callId: call.id }, orderBy: { status: "asc" }, select: { status: true } })).map(
        (p) => p.status,
      ),
    ).toEqual(["ELIGIBLE", "INELIGIBLE"]);
  });
});

describe("eligibility appeals", () => {
  async function refused() {
    const { call, officer } = await createReviewCall({ appealDays: 5 });
    const commission = await createCommission(call.id, officer.id);
    const applicant = await createApplicant();
    const { proposal } = await createSubmittedProposal(call.id, { organizationId: applicant.organization.id });
    const decidedAt = new Date();
    await decideEligibility({
      actor: officer,
      proposalId: proposal.id,
      eligible: false,
      reason: "Не хватает устава организации.",
      now: decidedAt,
    });
    return { call, officer, commission, applicant, proposal, decidedAt };
  }

  it("are filed by the NCO within appealDays and upheld by the chair, which makes the proposal eligible", async () => {
    const { call, commission, applicant, proposal } = await refused();
    const appeal = await fileAppeal({
      actor: applicant.actor,
      proposalId: proposal.id,
      kind: "ELIGIBILITY",
      grounds: "Устав был приложен, см. хранилище документов.",
    });
    expect(await prisma.notification.count({ where: { recipient: commission.chair.user.email, template: "reviews.appealFiled" } })).toBe(1);
    await domainError(
      decideAppeal({
        actor: commission.members[0]!.actor,
        callId: call.id,
        appealId: appeal.id,
        upheld: true,
        decision: "Член комиссии не решает.",
      }),
      "reviews:errors.chairOnly",
      403,
    );
    await decideAppeal({
      actor: commission.chair.actor,
      callId: call.id,
      appealId: appeal.id,
      upheld: true,
      decision: "Устав действительно был приложен.",
    });
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("ELIGIBLE");
    // The officer's decision stays on record; the appeal holds the outcome.
    expect((await prisma.eligibilityDecision.findUniqueOrThrow({ where: { proposalId: proposal.id } })).eligible).toBe(false);
    await domainError(
      decideAppeal({
        actor: commission.chair.actor,
        callId: call.id,
        appealId: appeal.id,
        upheld: false,
        decision: "Второе решение не принимается.",
      }),
      "reviews:errors.appealAlreadyDecided",
      409,
    );
    expect(await auditActions(appeal.id)).toEqual(["appeal.filed", "appeal.decided"]);
  });

  it("close at the end of appealDays, take one per proposal, and come only from the proposal's organization", async () => {
    const { applicant, proposal, decidedAt } = await refused();
    const other = await createApplicant();
    const grounds = "Решение ошибочно, документы в порядке.";
    await domainError(fileAppeal({ actor: other.actor, proposalId: proposal.id, kind: "ELIGIBILITY", grounds }), "notFound", 404);
    await domainError(
      fileAppeal({
        actor: applicant.actor,
        proposalId: proposal.id,
        kind: "ELIGIBILITY",
        grounds,
        now: new Date(decidedAt.getTime() + 5 * DAY_MS),
      }),
      "reviews:errors.appealWindowClosed",
      409,
    );
    await fileAppeal({
      actor: applicant.actor,
      proposalId: proposal.id,
      kind: "ELIGIBILITY",
      grounds,
      now: new Date(decidedAt.getTime() + 5 * DAY_MS - 1),
    });
    await domainError(
      fileAppeal({ actor: applicant.actor, proposalId: proposal.id, kind: "ELIGIBILITY", grounds }),
      "reviews:errors.alreadyAppealed",
      409,
    );
  });

  it("are not decided by a chair who declared a conflict with the appellant", async () => {
    const { call, commission, applicant, proposal } = await refused();
    await declareDirectly(commission.chair.membershipId, [applicant.organization.id], [applicant.organization.id]);
    const appeal = await fileAppeal({
      actor: applicant.actor,
      proposalId: proposal.id,
      kind: "ELIGIBILITY",
      grounds: "Документы в порядке, просим пересмотреть.",
    });
    await domainError(
      decideAppeal({
        actor: commission.chair.actor,
        callId: call.id,
        appealId: appeal.id,
        upheld: true,
        decision: "Решение председателя.",
      }),
      "reviews:errors.conflictedChair",
      409,
    );
  });
});

describe("the commission", () => {
  it("is appointed by an officer: one chair, nobody twice, only registered people", async () => {
    const { call, officer } = await createReviewCall();
    const [a, b] = [await createUser(), await createUser()];
    await appointMember({ actor: officer, callId: call.id, email: a.email, role: "CHAIR", affiliations: "" });
    await domainError(
      appointMember({ actor: officer, callId: call.id, email: b.email, role: "CHAIR", affiliations: "" }),
      "reviews:errors.chairExists",
      409,
    );
    await domainError(
      appointMember({ actor: officer, callId: call.id, email: a.email, role: "MEMBER", affiliations: "" }),
      "reviews:errors.alreadySeated",
      409,
    );
    await domainError(
      appointMember({ actor: officer, callId: call.id, email: "nobody@example.kg", role: "MEMBER", affiliations: "" }),
      "reviews:errors.noSuchUser",
      422,
    );
    await appointMember({ actor: officer, callId: call.id, email: b.email, role: "MEMBER", affiliations: "12345-ОБ; 02103201810123" });
    const view = await getCommissionForOfficer({ actor: officer, callId: call.id });
    expect(view.problem).toBe("tooFewMembers");
    expect(view.seats.find((s) => s.user.id === b.id)?.affiliations).toEqual(["12345-ОБ", "02103201810123"]);
    expect(await prisma.notification.count({ where: { recipient: b.email, template: "reviews.appointed" } })).toBe(1);
  });

  it("flags a member whose affiliations match an applicant's registration number or TIN, for the chair and the officer", async () => {
    const { call, officer } = await createReviewCall();
    const applicant = await createApplicant();
    await createSubmittedProposal(call.id, { organizationId: applicant.organization.id });
    await createCommission(call.id, officer.id);
    const affiliated = await createSeat(call.id, "MEMBER", officer.id, [applicant.organization.tin]);
    const view = await getCommissionForOfficer({ actor: officer, callId: call.id });
    expect(view.likelyConflicts).toEqual([
      expect.objectContaining({
        membershipId: affiliated.membershipId,
        organizationId: applicant.organization.id,
        matchedOn: "tin",
        declared: "notYet",
      }),
    ]);
    const memberView = await getMemberCall({ actor: affiliated.actor, callId: call.id });
    expect(memberView.applicants.find((a) => a.id === applicant.organization.id)?.likely).toBe("tin");
  });

  it("keeps a seat that has submitted scores", async () => {
    const { call, officer } = await createReviewCall();
    const { proposal } = await createSubmittedProposal(call.id);
    const commission = await createCommission(call.id, officer.id);
    const criteria = await prisma.callCriterion.findMany({ where: { callId: call.id }, orderBy: { position: "asc" } });
    await scoreDirectly(proposal.id, commission.members[0]!.membershipId, criteria, [5, 5, 3]);
    await domainError(
      removeMember({ actor: officer, callId: call.id, membershipId: commission.members[0]!.membershipId }),
      "reviews:errors.seatHasScores",
      409,
    );
    await removeMember({ actor: officer, callId: call.id, membershipId: commission.members[1]!.membershipId });
    expect(await prisma.commissionMembership.count({ where: { callId: call.id } })).toBe(3);
  });
});

/** A call in review: three eligible proposals from three organizations and a full commission. */
async function callInReview() {
  const setup = await createReviewCall({ status: "IN_REVIEW" });
  const proposals = [];
  for (let i = 0; i < 3; i++)
    proposals.push((await createSubmittedProposal(setup.call.id, { submittedAt: new Date(Date.now() - (10 - i) * DAY_MS) })).proposal);
  await markEligible(
    proposals.map((p) => p.id),
    setup.officer.id,
  );
  const commission = await createCommission(setup.call.id, setup.officer.id, { observers: 1 });
  const organizations = proposals.map((p) => p.organizationId);
  return { ...setup, proposals, commission, organizations, criteria: setup.call.criteria };
}

describe("declarations before any proposal", () => {
  it("shows no proposal until every applicant organization is declared on, then hides the conflicted one", async () => {
    const { call, proposals, commission, organizations } = await callInReview();
    const member = commission.members[0]!;
    const before = await getMemberCall({ actor: member.actor, callId: call.id });
    expect(before.ready).toBe(false);
    expect(before.proposals).toEqual([]);
    expect(before.applicants.map((a) => a.id).sort()).toEqual([...organizations].sort());
    await domainError(
      getProposalForReview({ actor: member.actor, callId: call.id, proposalId: proposals[0]!.id }),
      "reviews:errors.declareFirst",
      409,
    );

    await declareConflicts({
      actor: member.actor,
      callId: call.id,
      declarations: organizations.map((organizationId, i) => ({
        organizationId,
        hasConflict: i === 2,
        reason: i === 2 ? "Моя сестра — директор." : "",
      })),
    });
    const after = await getMemberCall({ actor: member.actor, callId: call.id });
    expect(after.ready).toBe(true);
    expect(after.proposals.map((p) => p.state)).toEqual(expect.arrayContaining(["todo", "todo", "conflict"]));
    expect(after.proposals.find((p) => p.state === "conflict")?.title).toBeNull();
    await domainError(getProposalForReview({ actor: member.actor, callId: call.id, proposalId: proposals[2]!.id }), "notFound", 404);
    await domainError(
      saveScoreSheet({ actor: member.actor, callId: call.id, proposalId: proposals[2]!.id, scores: [], submit: false }),
      "notFound",
      404,
    );
    const opened = await getProposalForReview({ actor: member.actor, callId: call.id, proposalId: proposals[0]!.id });
    expect(opened.proposal.id).toBe(proposals[0]!.id);
  });

  it("lets 'no conflict' become a recusal, never the reverse", async () => {
    const { call, commission, organizations } = await callInReview();
    const member = commission.members[1]!;
    const all = (conflictWith: string | null) =>
      organizations.map((organizationId) => ({
        organizationId,
        hasConflict: organizationId === conflictWith,
        reason: "Работал там в 2024 году.",
      }));
    await declareConflicts({ actor: member.actor, callId: call.id, declarations: all(null) });
    await declareConflicts({ actor: member.actor, callId: call.id, declarations: all(organizations[0]!) });
    await domainError(
      declareConflicts({ actor: member.actor, callId: call.id, declarations: all(null) }),
      "reviews:errors.conflictIsBinding",
      409,
    );
    expect(await auditActions(member.membershipId)).toEqual(["conflicts.declared", "conflicts.declared"]);
  });

  it("answers 404 for a call where the person has no seat", async () => {
    const first = await callInReview();
    const second = await callInReview();
    const outsider = first.commission.members[0]!;
    await domainError(getMemberCall({ actor: outsider.actor, callId: second.call.id }), "notFound", 404);
    await domainError(
      getProposalForReview({ actor: outsider.actor, callId: second.call.id, proposalId: second.proposals[0]!.id }),
      "notFound",
      404,
    );
    await domainError(
      getProposalForReview({ actor: outsider.actor, callId: first.call.id, proposalId: second.proposals[0]!.id }),
      "notFound",
      404,
    );
  });
});

describe("blind scoring", () => {
  async function declaredCall() {
    const setup = await callInReview();
    for (const seat of [...setup.commission.scorers, ...setup.commission.observers])
      await declareDirectly(seat.membershipId, setup.organizations);
    return setup;
  }
  const sheet = (criteria: { id: string }[], values: number[]) =>
    criteria.map((c, i) => ({ criterionId: c.id, score: values[i]!, comment: `Обоснование ${i}` }));

  it("returns nobody else's scores until the member has submitted, and never drafts", async () => {
    const { call, proposals, commission, criteria } = await declaredCall();
    const [a, b] = commission.members as [typeof commission.chair, typeof commission.chair];
    const p = proposals[0]!.id;
    await saveScoreSheet({ actor: a.actor, callId: call.id, proposalId: p, scores: sheet(criteria, [9, 8, 4]), submit: true });
    await saveScoreSheet({
      actor: commission.chair.actor,
      callId: call.id,
      proposalId: p,
      scores: sheet(criteria, [1, 1, 1]),
      submit: false,
    });

    const blind = await getProposalForReview({ actor: b.actor, callId: call.id, proposalId: p });
    expect(blind.revealed).toBeNull();
    expect(JSON.stringify(blind, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain("Обоснование");

    await saveScoreSheet({ actor: b.actor, callId: call.id, proposalId: p, scores: sheet(criteria, [2, 8, 4]), submit: true });
    const seen = await getProposalForReview({ actor: b.actor, callId: call.id, proposalId: p });
    expect(seen.revealed?.sheets.map((s) => s.membershipId).sort()).toEqual([a.membershipId, b.membershipId].sort());
    expect(seen.revealed?.divergent).toEqual([criteria[0]!.id]); // 9 vs 2 out of 10
    expect(seen.revealed?.complete).toBe(false);

    // The observer sees scores only once every expected sheet is in.
    expect((await getProposalForReview({ actor: commission.observers[0]!.actor, callId: call.id, proposalId: p })).revealed).toBeNull();
  });

  it("keeps a submitted sheet final: no second submission, no edit, observers cannot score", async () => {
    const { call, proposals, commission, criteria } = await declaredCall();
    const p = proposals[1]!.id;
    const member = commission.members[0]!;
    await saveScoreSheet({ actor: member.actor, callId: call.id, proposalId: p, scores: sheet(criteria, [5, 5, 3]), submit: true });
    await domainError(
      saveScoreSheet({ actor: member.actor, callId: call.id, proposalId: p, scores: sheet(criteria, [9, 9, 5]), submit: false }),
      "reviews:errors.sheetSubmitted",
      409,
    );
    // The chair's own sheet is the chair's: writing it leaves the member's untouched.
    await saveScoreSheet({
      actor: commission.chair.actor,
      callId: call.id,
      proposalId: p,
      scores: sheet(criteria, [9, 9, 5]),
      submit: true,
    });
    expect(
      (await prisma.score.findMany({ where: { proposalId: p, membershipId: member.membershipId } })).map((s) => s.score).sort(),
    ).toEqual([3, 5, 5]);
    await domainError(
      saveScoreSheet({ actor: commission.observers[0]!.actor, callId: call.id, proposalId: p, scores: [], submit: false }),
      "reviews:errors.observerCannotScore",
      403,
    );
    await domainError(
      saveScoreSheet({
        actor: member.actor,
        callId: call.id,
        proposalId: proposals[2]!.id,
        scores: sheet(criteria, [11, 1, 1]),
        submit: false,
      }),
      "reviews:validation.scoreRange",
      400,
    );
    await domainError(
      saveScoreSheet({
        actor: member.actor,
        callId: call.id,
        proposalId: proposals[2]!.id,
        scores: sheet(criteria.slice(0, 2), [1, 1]),
        submit: true,
      }),
      "reviews:errors.sheetIncomplete",
      400,
    );
  });

  it("lets the chair record consensus on a divergent criterion once all sheets are in, and the final score uses it", async () => {
    const { call, proposals, commission, criteria } = await declaredCall();
    const p = proposals[0]!.id;
    const values = [
      [9, 8, 4],
      [3, 8, 4],
      [6, 8, 4],
      [6, 8, 4],
    ];
    for (const [i, seat] of commission.scorers.entries()) {
      if (i === 3) {
        await domainError(
          recordConsensus({
            actor: commission.chair.actor,
            callId: call.id,
            proposalId: p,
            criterionId: criteria[0]!.id,
            score: 6,
            rationale: "Обсудили на заседании.",
          }),
          "reviews:errors.scoringIncomplete",
          409,
        );
      }
      await saveScoreSheet({ actor: seat.actor, callId: call.id, proposalId: p, scores: sheet(criteria, values[i]!), submit: true });
    }
    const before = (await evaluateCall(call.id)).evaluations.find((e) => e.proposalId === p)!;
    expect(before.unresolved).toEqual([criteria[0]!.id]);
    expect(before.finalScore).toBe(7000); // mean 6/10×50 + 8/10×30 + 4/5×20

    await domainError(
      recordConsensus({
        actor: commission.members[0]!.actor,
        callId: call.id,
        proposalId: p,
        criterionId: criteria[0]!.id,
        score: 7,
        rationale: "Не председатель.",
      }),
      "reviews:errors.chairOnly",
      403,
    );
    await domainError(
      recordConsensus({
        actor: commission.chair.actor,
        callId: call.id,
        proposalId: p,
        criterionId: criteria[1]!.id,
        score: 7,
        rationale: "Здесь нет расхождения.",
      }),
      "reviews:errors.notDivergent",
      409,
    );
    await recordConsensus({
      actor: commission.chair.actor,
      callId: call.id,
      proposalId: p,
      criterionId: criteria[0]!.id,
      score: 7,
      rationale: "Обсудили на заседании: сильная заявка.",
    });
    const after = (await evaluateCall(call.id)).evaluations.find((e) => e.proposalId === p)!;
    expect(after.unresolved).toEqual([]);
    expect(after.finalScore).toBe(7500); // consensus 7/10×50 + 24 + 16
    // Submitted scores are untouched by the consensus.
    expect(await prisma.score.count({ where: { proposalId: p, criterionId: criteria[0]!.id, score: 3 } })).toBe(1);
  });
});
