// Blindness and conflicts are enforced by the server: these tests read what the
// route loaders actually send, as each member, a conflicted member, an observer,
// the chair, a member of another call and the officer.
import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import {
  createCommission,
  createReviewCall,
  createSubmittedProposal,
  declareDirectly,
  markEligible,
  scoreDirectly,
  signedRequest,
} from "../../tests/factories-reviews";
import { action as boardAction, loader as boardLoader } from "./_reviews.review.$callId.board";
import { loader as callLoader } from "./_reviews.review.$callId._index";
import { action as proposalAction, loader as proposalLoader } from "./_reviews.review.$callId.proposals.$proposalId";
import { loader as protocolLoader } from "./_reviews.review.$callId.protocol[.]pdf";
import { loader as commissionLoader } from "./_reviews.officer.calls.$callId.commission";
import { loader as resultsLoader } from "./_awards.results.$callId";

const context = {} as never;
const bigintSafe = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

/** What a loader or action answered: its data, or the Response it threw or returned. */
async function call<T>(fn: () => Promise<T>): Promise<{ status: number; data: T | null; location: string | null }> {
  try {
    const result = await fn();
    if (result instanceof Response) return { status: result.status, data: null, location: result.headers.get("Location") };
    const maybe = result as { type?: string; init?: { status?: number }; data?: unknown };
    if (maybe && maybe.type === "DataWithResponseInit") return { status: maybe.init?.status ?? 200, data: maybe.data as T, location: null };
    return { status: 200, data: result, location: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: null, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

async function setup() {
  const { call: reviewCall, officer } = await createReviewCall({ status: "IN_REVIEW" });
  const proposals = [];
  for (let i = 0; i < 2; i++) proposals.push((await createSubmittedProposal(reviewCall.id)).proposal);
  await markEligible(
    proposals.map((p) => p.id),
    officer.id,
  );
  const commission = await createCommission(reviewCall.id, officer.id, { observers: 1 });
  const [p, q] = proposals as [(typeof proposals)[number], (typeof proposals)[number]];
  const conflicted = commission.members[2]!;
  for (const seat of [...commission.scorers, ...commission.observers]) {
    await declareDirectly(seat.membershipId, [p.organizationId, q.organizationId], seat === conflicted ? [p.organizationId] : []);
  }
  return { call: reviewCall, officer, commission, p, q, conflicted, criteria: reviewCall.criteria };
}

const proposalUrl = (callId: string, proposalId: string) => `/review/${callId}/proposals/${proposalId}`;
const openProposal = async (userId: string, callId: string, proposalId: string) =>
  call(async () =>
    proposalLoader({ request: await signedRequest(userId, proposalUrl(callId, proposalId)), params: { callId, proposalId }, context }),
  );

describe("the proposal page's loader", () => {
  it("sends a member nobody else's scores until they submit their own, then only submitted ones", async () => {
    const { call: c, commission, p, criteria } = await setup();
    const [a, b] = commission.members as [typeof commission.chair, typeof commission.chair];
    await scoreDirectly(p.id, a.membershipId, criteria, [9, 8, 4]);
    await scoreDirectly(p.id, commission.chair.membershipId, criteria, [1, 1, 1], false); // a draft

    const blind = await openProposal(b.user.id, c.id, p.id);
    expect(blind.status).toBe(200);
    expect(blind.data?.revealed).toBeNull();
    const sent = bigintSafe(blind.data);
    expect(sent).not.toContain("Комментарий"); // nobody's comments
    expect(sent).not.toContain(a.membershipId); // nor whose sheet exists

    const submitted = await call(async () =>
      proposalAction({
        request: await signedRequest(b.user.id, proposalUrl(c.id, p.id), {
          form: {
            intent: "submit",
            confirmed: "yes",
            ...Object.fromEntries(
              criteria.flatMap((cr, i) => [
                [`score_${cr.id}`, String([2, 8, 4][i])],
                [`comment_${cr.id}`, `Мой довод ${i}`],
              ]),
            ),
          },
        }),
        params: { callId: c.id, proposalId: p.id },
        context,
      }),
    );
    expect(submitted.status).toBe(302);

    const seen = await openProposal(b.user.id, c.id, p.id);
    const sheets = seen.data?.revealed?.sheets ?? [];
    expect(sheets.map((s) => s.membershipId).sort()).toEqual([a.membershipId, b.membershipId].sort());
    expect(bigintSafe(seen.data)).not.toContain(commission.chair.membershipId); // the chair's draft stays private
    expect(seen.data?.revealed?.divergent).toEqual([criteria[0]!.id]);
  });

  it("answers 404 to a conflicted member, and leaves their scores out of the average", async () => {
    const { call: c, commission, p, q, conflicted, criteria } = await setup();
    expect((await openProposal(conflicted.user.id, c.id, p.id)).status).toBe(404);
    expect((await openProposal(conflicted.user.id, c.id, q.id)).status).toBe(200);
    const write = await call(async () =>
      proposalAction({
        request: await signedRequest(conflicted.user.id, proposalUrl(c.id, p.id), { form: { intent: "save" } }),
        params: { callId: c.id, proposalId: p.id },
        context,
      }),
    );
    expect(write.status).toBe(404);
    // Its list shows the proposal as a conflict, without its title.
    const list = await call(async () =>
      callLoader({ request: await signedRequest(conflicted.user.id, `/review/${c.id}`), params: { callId: c.id }, context }),
    );
    expect(list.data?.proposals.find((x) => x.id === p.id)).toMatchObject({ state: "conflict", title: null });
    // Even a sheet written before the recusal does not count.
    await scoreDirectly(p.id, conflicted.membershipId, criteria, [0, 0, 0]);
    for (const seat of commission.scorers.filter((s) => s !== conflicted))
      await scoreDirectly(p.id, seat.membershipId, criteria, [10, 10, 5]);
    const board = await call(async () =>
      boardLoader({ request: await signedRequest(commission.chair.user.id, `/review/${c.id}/board`), params: { callId: c.id }, context }),
    );
    expect(board.data?.rows.find((r) => r.proposalId === p.id)).toMatchObject({ expected: 3, submitted: 3, finalScore: 10_000 });
  });

  it("answers 404 for another call's proposal, whichever way it is asked", async () => {
    const first = await setup();
    const second = await setup();
    const member = first.commission.members[0]!;
    expect((await openProposal(member.user.id, second.call.id, second.p.id)).status).toBe(404);
    expect((await openProposal(member.user.id, first.call.id, second.p.id)).status).toBe(404);
    const foreignCall = await call(async () =>
      callLoader({
        request: await signedRequest(member.user.id, `/review/${second.call.id}`),
        params: { callId: second.call.id },
        context,
      }),
    );
    expect(foreignCall.status).toBe(404);
  });

  it("sends a member who has not declared to the declarations, with nothing of the proposal", async () => {
    const { call: c, officer, p } = await setup();
    const { createSeat } = await import("../../tests/factories-reviews");
    const late = await createSeat(c.id, "MEMBER", officer.id);
    const answer = await openProposal(late.user.id, c.id, p.id);
    expect(answer).toMatchObject({ status: 302, location: `/review/${c.id}`, data: null });
    const page = await call(async () =>
      callLoader({ request: await signedRequest(late.user.id, `/review/${c.id}`), params: { callId: c.id }, context }),
    );
    expect(page.data?.ready).toBe(false);
    expect(page.data?.proposals).toEqual([]);
  });

  it("shows an observer the scores only once every expected sheet is in", async () => {
    const { call: c, commission, q, criteria } = await setup();
    const observer = commission.observers[0]!;
    const scorers = commission.scorers;
    for (const seat of scorers.slice(0, -1)) await scoreDirectly(q.id, seat.membershipId, criteria, [5, 5, 3]);
    expect((await openProposal(observer.user.id, c.id, q.id)).data?.revealed).toBeNull();
    await scoreDirectly(q.id, scorers.at(-1)!.membershipId, criteria, [5, 5, 3]);
    expect((await openProposal(observer.user.id, c.id, q.id)).data?.revealed?.sheets).toHaveLength(4);
  });

  it("refuses bad input with a translated 400 and a second submission with 409, never a 500", async () => {
    const { call: c, commission, q, criteria } = await setup();
    const member = commission.members[0]!;
    const post = async (form: Record<string, string>) =>
      call(async () =>
        proposalAction({
          request: await signedRequest(member.user.id, proposalUrl(c.id, q.id), { form }),
          params: { callId: c.id, proposalId: q.id },
          context,
        }),
      );
    const bad = await post({ intent: "submit", [`score_${criteria[0]!.id}`]: "11" });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { [`score_${criteria[0]!.id}`]: ["reviews:validation.scoreRange"] } });
    const full = Object.fromEntries(
      criteria.flatMap((cr) => [
        [`score_${cr.id}`, "3"],
        [`comment_${cr.id}`, "Обосновано"],
      ]),
    );
    expect((await post({ intent: "submit", confirmed: "yes", ...full })).status).toBe(302);
    const again = await post({ intent: "submit", confirmed: "yes", ...full });
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ formError: "reviews:errors.sheetSubmitted" });
  });
});

describe("steps that cannot be undone are confirmed first (issue 11 item 15)", () => {
  it("keeps a submission without confirmation as a draft and shows the confirmation step; the confirmed one is final", async () => {
    const { call: c, commission, q, criteria } = await setup();
    const member = commission.members[0]!;
    const post = async (form: Record<string, string>) =>
      call(async () =>
        proposalAction({
          request: await signedRequest(member.user.id, proposalUrl(c.id, q.id), { form }),
          params: { callId: c.id, proposalId: q.id },
          context,
        }),
      );
    const full = Object.fromEntries(
      criteria.flatMap((cr, i) => [
        [`score_${cr.id}`, String([7, 6, 4][i])],
        [`comment_${cr.id}`, `Довод ${i}`],
      ]),
    );
    const first = await post({ intent: "submit", ...full });
    expect(first).toMatchObject({ status: 302, location: `${proposalUrl(c.id, q.id)}?confirm=submit` });
    const sheet = await prisma.scoreSheet.findUniqueOrThrow({
      where: { proposalId_membershipId: { proposalId: q.id, membershipId: member.membershipId } },
    });
    expect(sheet.submittedAt).toBeNull(); // nothing final yet, nothing typed lost
    const page = await openProposal(member.user.id, c.id, q.id);
    expect(page.data?.own.scores.map((s) => s.score).sort()).toEqual([4, 6, 7]);
    expect(page.data?.canScore).toBe(true);
    expect((await post({ intent: "submit", confirmed: "yes", ...full })).location).toBe(`${proposalUrl(c.id, q.id)}?done=submitted`);
    expect((await prisma.scoreSheet.findUniqueOrThrow({ where: { id: sheet.id } })).submittedAt).not.toBeNull();
  });

  it("publishes only with the fingerprint of the awards shown on the confirmation step", async () => {
    const { call: c, commission, p, q, conflicted, criteria } = await setup();
    for (const proposal of [p, q])
      for (const seat of commission.scorers)
        if (!(seat === conflicted && proposal === p)) await scoreDirectly(proposal.id, seat.membershipId, criteria, [8, 8, 4]);
    const publish = async (form: Record<string, string>) =>
      call(async () =>
        boardAction({
          request: await signedRequest(commission.chair.user.id, `/review/${c.id}/board`, { form }),
          params: { callId: c.id },
          context,
        }),
      );
    // One click without the confirmation: shown the confirmation step, nothing published.
    expect(await publish({ intent: "publish" })).toMatchObject({ status: 302, location: `/review/${c.id}/board?confirm=publish` });
    expect((await prisma.call.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("IN_REVIEW");
    const stale = await publish({ intent: "publish", confirmed: "funded:someone-else:1" });
    expect(stale).toMatchObject({ status: 409, data: { formError: "awards:errors.decisionChanged", intent: "publish" } });
    const board = await call(async () =>
      boardLoader({
        request: await signedRequest(commission.chair.user.id, `/review/${c.id}/board?confirm=publish`),
        params: { callId: c.id },
        context,
      }),
    );
    expect(board.data?.notified).toBe(2);
    expect(await publish({ intent: "publish", confirmed: board.data!.fingerprint })).toMatchObject({
      status: 302,
      location: `/review/${c.id}/board?done=published`,
    });
    expect((await prisma.call.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("DECIDED");
  });

  it("removes a commission member only from the confirmation step", async () => {
    const { call: c, officer, commission } = await setup();
    const { action: commissionAction } = await import("./_reviews.officer.calls.$callId.commission");
    const observer = commission.observers[0]!;
    const remove = async (form: Record<string, string>) =>
      call(async () =>
        commissionAction({
          request: await signedRequest(officer.id, `/officer/calls/${c.id}/commission`, { form }),
          params: { callId: c.id },
          context,
        }),
      );
    expect(await remove({ intent: "remove", membershipId: observer.membershipId })).toMatchObject({
      status: 302,
      location: `/officer/calls/${c.id}/commission?remove=${observer.membershipId}`,
    });
    expect(await prisma.commissionMembership.count({ where: { id: observer.membershipId } })).toBe(1);
    expect(await remove({ intent: "remove", membershipId: observer.membershipId, confirmed: "yes" })).toMatchObject({
      status: 302,
      location: `/officer/calls/${c.id}/commission?done=removed`,
    });
    expect(await prisma.commissionMembership.count({ where: { id: observer.membershipId } })).toBe(0);
  });
});

describe("the chair's board and the other readers", () => {
  it("hides a proposal's result from the chair until the chair has scored it", async () => {
    const { call: c, commission, q, criteria } = await setup();
    for (const seat of commission.members) await scoreDirectly(q.id, seat.membershipId, criteria, [7, 7, 4]);
    const before = await call(async () =>
      boardLoader({ request: await signedRequest(commission.chair.user.id, `/review/${c.id}/board`), params: { callId: c.id }, context }),
    );
    expect(before.data?.rows.find((r) => r.proposalId === q.id)).toMatchObject({
      revealed: false,
      finalScore: null,
      rank: null,
      line: null,
    });
    await scoreDirectly(q.id, commission.chair.membershipId, criteria, [7, 7, 4]);
    const after = await call(async () =>
      boardLoader({ request: await signedRequest(commission.chair.user.id, `/review/${c.id}/board`), params: { callId: c.id }, context }),
    );
    expect(after.data?.rows.find((r) => r.proposalId === q.id)).toMatchObject({ revealed: true, finalScore: 7200 });
    // Members other than the chair have no board at all.
    const member = await call(async () =>
      boardLoader({
        request: await signedRequest(commission.members[0]!.user.id, `/review/${c.id}/board`),
        params: { callId: c.id },
        context,
      }),
    );
    expect(member.status).toBe(403);
  });

  it("gives the officer progress in counts and no score; protocol and public results wait for the decision", async () => {
    const { call: c, officer, commission, q, criteria } = await setup();
    await scoreDirectly(q.id, commission.members[0]!.membershipId, criteria, [7, 7, 4]);
    const view = await call(async () =>
      commissionLoader({
        request: await signedRequest(officer.id, `/officer/calls/${c.id}/commission`),
        params: { callId: c.id },
        context,
      }),
    );
    expect(view.data?.progress.submittedSheets).toBe(1);
    expect(bigintSafe(view.data)).not.toContain("Комментарий");
    expect(bigintSafe(view.data)).not.toMatch(/"score"/);
    const protocol = await call(async () =>
      protocolLoader({
        request: await signedRequest(commission.chair.user.id, `/review/${c.id}/protocol.pdf`),
        params: { callId: c.id },
        context,
      }),
    );
    expect(protocol.status).toBe(409);
    expect(
      (
        await call(async () =>
          resultsLoader({ request: new Request(`http://localhost/results/${c.id}`), params: { callId: c.id }, context }),
        )
      ).status,
    ).toBe(404);
  });

  it("refuses a publication that is not ready with a translated 409", async () => {
    const { call: c, commission } = await setup();
    const answer = await call(async () =>
      // Confirmed, but not ready: what blocks it is said before any fingerprint is compared.
      boardAction({
        request: await signedRequest(commission.chair.user.id, `/review/${c.id}/board`, {
          form: { intent: "publish", confirmed: "funded:" },
        }),
        params: { callId: c.id },
        context,
      }),
    );
    expect(answer.status).toBe(409);
    expect(answer.data).toMatchObject({ formError: "awards:errors.cannotPublish.scoringIncomplete" });
    expect((await prisma.call.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("IN_REVIEW");
  });
});
