import { describe, expect, it } from "vitest";
import { createAgreement } from "~/domains/agreements/agreements.server";
import { offerReducedAmount, publishDecision } from "~/domains/awards/decision.server";
import { importStatement } from "~/domains/disbursements/reconciliation.server";
import { submitMilestoneReport } from "~/domains/monitoring/monitoring.server";
import { startProposal } from "~/domains/proposals/proposals.server";
import { prisma } from "~/utils/db.server";
import { actorOf, createNcoMember, createStaff, createUser } from "../../../tests/factories";
import { createFinalAward, createPayableAgreement, createSignedAgreement } from "../../../tests/factories-grants";
import { createOpenCall } from "../../../tests/factories-proposals";
import {
  createApplicant,
  createCommission,
  createReviewCall,
  createSubmittedProposal,
  declareDirectly,
  markEligible,
  scoredCall,
} from "../../../tests/factories-reviews";
import { nextActionsFor } from "./next-actions.server";
import type { NextAction } from "./next-action-rules";
import { DAY_MS } from "~/utils/time";

const keys = (actions: NextAction[]) => actions.map((a) => a.key);
const find = (actions: NextAction[], key: string) => actions.find((a) => a.key === key);
/** A call published yesterday (open to the public) taking proposals until `deadline`. */
const openCall = async (deadline: Date) =>
  prisma.call.update({ where: { id: (await createOpenCall({ deadline })).id }, data: { publishAt: new Date(Date.now() - DAY_MS) } });

describe("the NCO's next actions", () => {
  it("walks a new organization through its first steps: verification, the document vault, an open call and its deadline", async () => {
    const deadline = new Date(Date.now() + 9 * DAY_MS);
    await openCall(deadline);
    const nco = await createNcoMember("ADMIN");
    const actions = await nextActionsFor(nco.actor);
    // The step with a deadline comes first.
    expect(keys(actions)).toEqual(["startProposal", "awaitVerification", "uploadDocuments"]);
    expect(find(actions, "awaitVerification")).toMatchObject({
      to: `/organizations/${nco.organization.id}`,
      names: { organization: { nameRu: nco.organization.nameRu } },
    });
    expect(find(actions, "uploadDocuments")?.to).toBe(`/organizations/${nco.organization.id}/documents`);
    const start = find(actions, "startProposal")!;
    expect(start.to).toBe("/calls");
    expect(Number(start.params.count)).toBeGreaterThanOrEqual(1);
    expect(new Date(start.due!).getTime()).toBeLessThanOrEqual(deadline.getTime());
  });

  it("shows a signed-in person without an organization the open calls", async () => {
    await openCall(new Date(Date.now() + 5 * DAY_MS));
    const user = await createUser();
    const actions = await nextActionsFor(actorOf(user, []));
    expect(keys(actions)).toEqual(["browseCalls"]);
    expect(actions[0]!.to).toBe("/calls");
  });

  it("asks to submit a draft before its call's deadline, and drops the first steps once the organization has applied", async () => {
    const deadline = new Date(Date.now() + 4 * DAY_MS);
    const call = await openCall(deadline);
    const nco = await createNcoMember("ADMIN");
    const { id } = await startProposal({ actor: nco.actor, now: new Date(), callId: call.id, organizationId: nco.organization.id });
    const actions = await nextActionsFor(nco.actor);
    const draft = find(actions, "submitDraft")!;
    expect(draft).toMatchObject({
      to: `/proposals/${id}`,
      due: deadline.toISOString(),
      params: { call: call.reference },
      names: { callTitle: { nameRu: call.titleRu } },
    });
    expect(find(actions, "startProposal")).toBeUndefined();
  });

  it("asks the administrator to answer a reduced offer, tells a member who answers it, and shows a proposed grant with its appeal window", async () => {
    const offered = await scoredCall([{ requested: 200_000_00n, scores: [8, 8, 4] }]);
    const admin = offered.applicants[0]!;
    const member = await createNcoMember("MEMBER", admin.organization.id);
    await offerReducedAmount({
      actor: offered.commission.chair.actor,
      callId: offered.call.id,
      proposalId: offered.proposals[0]!.id,
      amount: 150_000_00n,
    });
    const award = await prisma.award.findFirstOrThrow({ where: { proposalId: offered.proposals[0]!.id } });
    const forAdmin = find(await nextActionsFor(admin.actor), "answerReducedOffer")!;
    expect(forAdmin).toMatchObject({ to: `/awards/${award.id}`, money: { amount: "15000000", requested: "20000000" } });
    expect(find(await nextActionsFor(member.actor), "reducedOfferForAdmin")?.to).toBe(`/awards/${award.id}`);

    const decided = await scoredCall([
      { requested: 200_000_00n, scores: [9, 9, 5] },
      { requested: 100_000_00n, scores: [1, 1, 1] },
    ]);
    const { standstillEndsAt } = await publishDecision({ actor: decided.commission.chair.actor, callId: decided.call.id });
    const winner = find(await nextActionsFor(decided.applicants[0]!.actor), "proposedGrant")!;
    expect(winner).toMatchObject({ due: standstillEndsAt.toISOString(), money: { amount: "20000000" } });
    expect(winner.to).toMatch(/^\/awards\//);
    const loser = find(await nextActionsFor(decided.applicants[1]!.actor), "notAwardedAppeal")!;
    expect(loser).toMatchObject({ to: `/proposals/${decided.proposals[1]!.id}`, due: standstillEndsAt.toISOString() });
  });

  it("lists an agreement being prepared, then the draft agreement, then the report due with its date", async () => {
    const award = await createFinalAward({ start: new Date(Date.now() - 40 * DAY_MS) });
    expect(find(await nextActionsFor(award.nco.actor), "agreementBeingPrepared")).toMatchObject({
      to: `/awards/${award.award.id}`,
      params: { award: award.award.reference },
    });
    const draft = await createAgreement({
      actor: award.officer.actor,
      awardId: award.award.id,
      input: {
        language: "ru",
        reportingTerms: "Отчёт по каждому этапу.",
        bankName: "Банк",
        bankBik: "129001",
        bankAccount: "1290010000123456",
        shares: [4000, 4000, 2000],
      },
    });
    expect(find(await nextActionsFor(award.nco.actor), "draftAgreement")).toMatchObject({ to: `/agreements/${draft.id}` });
    expect(find(await nextActionsFor(award.officer.actor), "recordSigning")).toMatchObject({
      to: `/agreements/${draft.id}`,
      programme: { code: award.programme.code },
    });

    const signed = await createSignedAgreement({ start: new Date(Date.now() - 40 * DAY_MS) });
    const [first, second] = signed.agreement.milestones;
    const actions = await nextActionsFor(signed.nco.actor);
    // Milestone 1 was due 10 days ago; milestone 2 (due in 20 days) waits until 1 is reported.
    expect(find(actions, "reportOverdue")).toMatchObject({
      to: `/agreements/${signed.agreement.id}/milestones/${first!.id}`,
      due: first!.dueOn.toISOString(),
      params: { agreement: signed.agreement.number },
    });
    expect(actions.some((a) => a.to.endsWith(second!.id))).toBe(false);
    await submitMilestoneReport({
      actor: signed.nco.actor,
      milestoneId: first!.id,
      input: { narrative: "Сделано.", beneficiariesReached: 10, indicators: [], expenses: [] },
    });
    expect(find(await nextActionsFor(signed.nco.actor), "reportDue")).toMatchObject({
      to: `/agreements/${signed.agreement.id}/milestones/${second!.id}`,
      due: second!.dueOn.toISOString(),
    });
  });
});

describe("the staff's next actions link to the object, name the programme and stay in their municipality", () => {
  it("officer: the agreement to prepare and the report to review; another municipality's officer sees neither", async () => {
    const final = await createFinalAward();
    const prepare = find(await nextActionsFor(final.officer.actor), "prepareAgreement")!;
    expect(prepare).toMatchObject({ to: `/agreements/new/${final.award.id}`, programme: { code: final.programme.code } });

    const signed = await createSignedAgreement({ start: new Date(Date.now() - 40 * DAY_MS) });
    const milestone = signed.agreement.milestones[0]!;
    await submitMilestoneReport({
      actor: signed.nco.actor,
      milestoneId: milestone.id,
      input: { narrative: "Сделано.", beneficiariesReached: 10, indicators: [], expenses: [] },
    });
    const review = find(await nextActionsFor(signed.officer.actor), "reviewReport")!;
    expect(review).toMatchObject({
      to: `/agreements/${signed.agreement.id}/milestones/${milestone.id}`,
      programme: { code: signed.programme.code },
      params: { agreement: signed.agreement.number },
    });

    const stranger = await createStaff("PROGRAMME_OFFICER");
    const foreign = await nextActionsFor(stranger.actor);
    expect(foreign.some((a) => a.to.includes(final.award.id) || a.to.includes(signed.agreement.id))).toBe(false);
  });

  it("officer: the proposals to screen and the missing chair of a closed call, at the call's own pages", async () => {
    const setup = await createReviewCall();
    await createSubmittedProposal(setup.call.id);
    const actions = await nextActionsFor(setup.officer);
    expect(find(actions, "screenProposals")).toMatchObject({
      to: `/officer/calls/${setup.call.id}/screening`,
      params: { call: setup.call.reference, count: "1" },
    });
    expect(find(actions, "appointCommission")?.to).toBe(`/officer/calls/${setup.call.id}/commission`);
    expect(find(actions, "screenProposals")?.programme?.code).toMatch(/^P-/);
  });

  it("finance: the payable tranche and the statement with a line to decide; another municipality's finance officer sees neither", async () => {
    const payable = await createPayableAgreement({ milestones: 1, shares: [10_000] });
    const bytes = new TextEncoder().encode(
      'Дата;Номер документа;Сумма;Получатель;Назначение платежа\r\n01.12.2026;ZZ-1;"1 250,00";ОсОО «Принт»;Возврат\r\n',
    );
    const statement = await importStatement({ actor: payable.finance.actor, fileName: "выписка.csv", bytes });
    const actions = await nextActionsFor(payable.finance.actor);
    expect(find(actions, "issuePayment")).toMatchObject({
      to: "/finance/payments",
      money: { amount: payable.award.amount.toString() },
      programme: { code: payable.programme.code },
    });
    expect(find(actions, "reconcileStatement")).toMatchObject({
      to: `/finance/statements/${statement.id}`,
      params: { file: "выписка.csv", count: "1" },
    });

    const stranger = await createStaff("FINANCE_OFFICER");
    expect(await nextActionsFor(stranger.actor)).toEqual([]);
  });

  it("commission: conflicts to declare first, then the sheets left (to the first proposal waiting), and the chair's decision once everything is scored", async () => {
    const setup = await createReviewCall({ status: "IN_REVIEW" });
    const applicant = await createApplicant();
    const { proposal } = await createSubmittedProposal(setup.call.id, { organizationId: applicant.organization.id });
    await markEligible([proposal.id], setup.officer.id);
    const commission = await createCommission(setup.call.id, setup.officer.id, { members: 2 });
    const member = commission.members[0]!;
    expect(find(await nextActionsFor(member.actor), "declareConflicts")).toMatchObject({
      to: `/review/${setup.call.id}`,
      params: { count: "1" },
    });
    await declareDirectly(member.membershipId, [applicant.organization.id]);
    expect(find(await nextActionsFor(member.actor), "scoreSheets")).toMatchObject({
      to: `/review/${setup.call.id}/proposals/${proposal.id}`,
      params: { count: "1" },
    });

    const done = await scoredCall([{ requested: 100_000_00n, scores: [8, 8, 4] }]);
    expect(keys(await nextActionsFor(done.commission.members[0]!.actor))).toEqual([]);
    expect(find(await nextActionsFor(done.commission.chair.actor), "publishDecision")?.to).toBe(`/review/${done.call.id}/board`);
  });
});
