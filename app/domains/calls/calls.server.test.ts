import { describe, expect, it } from "vitest";
import { allocateEnvelope } from "~/domains/budgets/budgets.server";
import { somToTyiyn } from "~/domains/budgets/money";
import { prisma } from "~/utils/db.server";
import { createNcoMember, createStaff } from "../../../tests/factories";
import { completeCallInput, createBudgetSetting, createDraftCall, createPublishedCall } from "../../../tests/factories-calls";
import { DAY_MS } from "~/utils/time";
import {
  amendCall,
  CallNotReady,
  EligibilityChangeUnconfirmed,
  cancelCall,
  changeCallStatus,
  createCall,
  followCall,
  publishCall,
  unfollowCall,
  updateDraftCall,
} from "./calls.server";

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: { code?: string; status?: number; problems?: unknown }) => error,
  );
}

const auditOf = (entityId: string) =>
  prisma.auditEvent.findMany({ where: { entityId }, orderBy: { seq: "asc" }, select: { action: true, before: true, after: true } });

describe("drafting a call", () => {
  it("creates a draft with a reference, criteria in order and an audit event", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    expect(call.reference).toBe(`${appropriation.programme.code}-01`);
    const stored = await prisma.call.findUniqueOrThrow({ where: { id: call.id }, include: { criteria: { orderBy: { position: "asc" } } } });
    expect(stored).toMatchObject({
      status: "DRAFT",
      envelope: 0n,
      minGrant: somToTyiyn(50_000),
      eligibleLegalForms: ["PUBLIC_UNION", "PUBLIC_FOUNDATION"],
    });
    expect(stored.criteria.map((c) => [c.position, c.nameRu, c.weight])).toEqual([
      [0, "Актуальность", 60],
      [1, "Обоснованность бюджета", 40],
    ]);
    expect((await auditOf(call.id)).map((e) => e.action)).toEqual(["call.created"]);
    const second = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    expect(second.reference).toBe(`${appropriation.programme.code}-02`);
  });

  it("refuses an appropriation of another municipality, and people who do not manage calls", async () => {
    const { officer } = await createBudgetSetting();
    const other = await createBudgetSetting();
    expect(
      await rejection(createCall({ actor: officer, appropriationId: other.appropriation.id, input: completeCallInput() })),
    ).toMatchObject({ code: "calls:errors.appropriationUnknown", status: 400 });
    const nco = await createNcoMember();
    expect(
      await rejection(createCall({ actor: nco.actor, appropriationId: other.appropriation.id, input: completeCallInput() })),
    ).toMatchObject({ code: "forbidden", status: 403 });
    expect(await prisma.call.count({ where: { appropriationId: other.appropriation.id } })).toBe(0);
  });

  it("saves only what changed, keeping criteria by position, and audits the difference", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const { priorityProblemId } = await prisma.call.findUniqueOrThrow({ where: { id: call.id }, select: { priorityProblemId: true } });
    const input = completeCallInput(new Date(), {
      priorityProblemId: priorityProblemId!,
      titleRu: "Дети мигрантов",
      "criteria.0.weight": "100",
      "criteria.1.nameKy": "",
      "criteria.1.nameRu": "",
      "criteria.1.maxScore": "",
      "criteria.1.weight": "",
    });
    expect(await updateDraftCall({ actor: officer, callId: call.id, input })).toEqual({ id: call.id, changed: true });
    const criteria = await prisma.callCriterion.findMany({ where: { callId: call.id } });
    expect(criteria.map((c) => [c.position, c.weight])).toEqual([[0, 100]]);
    const events = await auditOf(call.id);
    expect(events.map((e) => e.action)).toEqual(["call.created", "call.updated"]);
    expect(Object.keys(JSON.parse(events[1]!.after!)).sort()).toEqual(["criteria", "titleRu"]);
    // Saving the same again changes nothing and records nothing.
    expect(await updateDraftCall({ actor: officer, callId: call.id, input })).toEqual({ id: call.id, changed: false });
    expect(await auditOf(call.id)).toHaveLength(2);
  });

  it("answers 404 to an officer of another municipality", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const stranger = await createStaff("PROGRAMME_OFFICER");
    expect(await rejection(updateDraftCall({ actor: stranger.actor, callId: call.id, input: completeCallInput() }))).toMatchObject({
      code: "notFound",
      status: 404,
    });
    expect(await rejection(publishCall({ actor: stranger.actor, callId: call.id }))).toMatchObject({ status: 404 });
  });
});

describe("publishing", () => {
  it("is refused with the list of what is missing, and changes nothing", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createDraftCall({
      actor: officer,
      appropriationId: appropriation.id,
      overrides: { summaryKy: "", "criteria.1.weight": "30" },
    });
    const error = await rejection(publishCall({ actor: officer, callId: call.id }));
    expect(error).toBeInstanceOf(CallNotReady);
    expect(error).toMatchObject({ code: "calls:publish.refused", status: 409 });
    expect(error.problems).toEqual([
      { key: "text", params: { field: "summary", language: "ky" } },
      { key: "weightsTotal", params: { total: 90 } },
      { key: "envelope" },
    ]);
    expect(await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: "DRAFT", publishedAt: null });
    expect((await auditOf(call.id)).map((e) => e.action)).toEqual(["call.created"]);
  });

  it("publishes once complete and allocated, from now when no publication date was set", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    await allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(200_000) });
    const now = new Date();
    await publishCall({ actor: officer, callId: call.id, now });
    expect(await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({
      status: "PUBLISHED",
      publishedAt: now,
      publishAt: now,
    });
    expect((await auditOf(call.id)).map((e) => e.action)).toEqual(["call.created", "budget.allocated", "call.published"]);
    expect(await rejection(publishCall({ actor: officer, callId: call.id }))).toMatchObject({
      code: "calls:errors.transitionNotAllowed",
      status: 409,
    });
  });

  it("keeps a publication date in the future (the call is scheduled)", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const now = new Date();
    const later = new Date(Math.ceil((now.getTime() + 2 * DAY_MS) / 60_000) * 60_000);
    const local = new Date(later.getTime() + 6 * 3_600_000).toISOString().slice(0, 16);
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id, now, overrides: { publishAt: local } });
    await allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(100_000) });
    await publishCall({ actor: officer, callId: call.id, now });
    expect((await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).publishAt).toEqual(later);
  });
});

describe("amending a published call", () => {
  it("records a change of presentation with its reason and tells the followers, without moving the deadline", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const nco = await createNcoMember();
    await followCall({ actor: nco.actor, callId: call.id });
    const before = await prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    const input = completeCallInput(before.publishedAt!, { titleRu: "Дети трудовых мигрантов (2026)" });
    const result = await amendCall({ actor: officer, callId: call.id, input, reason: "Уточнено название конкурса." });
    expect(result).toMatchObject({ extended: false, changed: ["titleRu"] });
    expect(result.deadline).toEqual(before.submissionDeadline);
    const amendment = await prisma.callAmendment.findFirstOrThrow({ where: { callId: call.id } });
    expect(amendment).toMatchObject({
      reason: "Уточнено название конкурса.",
      changes: { titleRu: { before: "Дети трудовых мигрантов", after: "Дети трудовых мигрантов (2026)" } },
    });
    expect((await auditOf(call.id)).at(-1)?.action).toBe("call.amended");
    const notices = await prisma.notification.findMany({ where: { recipient: nco.user.email } });
    expect(notices).toEqual([expect.objectContaining({ template: "call.amended", channel: "EMAIL" })]);
  });

  it("moves the deadline to 7 days after an amendment of conditions made less than 7 days before it", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    // Published 17 days ago: the deadline (20 days after publication) is 3 days away.
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id, publishedDaysAgo: 17 });
    const before = await prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    const now = new Date();
    const input = completeCallInput(before.publishedAt!, { minGrant: "40 000" });
    const result = await amendCall({ actor: officer, callId: call.id, input, reason: "Снижен минимальный размер гранта.", now });
    expect(result.extended).toBe(true);
    expect(result.deadline).toEqual(new Date(now.getTime() + 7 * DAY_MS));
    const after = await prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(after.submissionDeadline).toEqual(result.deadline);
    expect(after.minGrant).toBe(somToTyiyn(40_000));
    // The review cannot start before the new deadline: the review period moved with it.
    expect(after.reviewStartsAt!.getTime()).toBeGreaterThanOrEqual(after.submissionDeadline!.getTime());
    expect(after.reviewEndsAt!.getTime() - after.reviewStartsAt!.getTime()).toBe(
      before.reviewEndsAt!.getTime() - before.reviewStartsAt!.getTime(),
    );
    const amendment = await prisma.callAmendment.findFirstOrThrow({ where: { callId: call.id } });
    expect(amendment.deadlineBefore).toEqual(before.submissionDeadline);
    expect(amendment.deadlineAfter).toEqual(result.deadline);
  });

  it("refuses an earlier deadline, an empty change, an amendment without Kyrgyz, and a closed call", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const published = (await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).publishedAt!;
    const reason = "Проверка отказов при изменении.";
    const earlier = completeCallInput(new Date(published.getTime() - DAY_MS));
    expect(await rejection(amendCall({ actor: officer, callId: call.id, input: earlier, reason }))).toMatchObject({
      code: "calls:errors.deadlineEarlier",
      status: 409,
    });
    expect(await rejection(amendCall({ actor: officer, callId: call.id, input: completeCallInput(published), reason }))).toMatchObject({
      code: "calls:errors.nothingChanged",
    });
    const noKyrgyz = await rejection(
      amendCall({ actor: officer, callId: call.id, input: completeCallInput(published, { eligibilityKy: "" }), reason }),
    );
    expect(noKyrgyz.problems).toEqual([{ key: "text", params: { field: "eligibility", language: "ky" } }]);
    expect(await prisma.callAmendment.count({ where: { callId: call.id } })).toBe(0);

    const closed = await createPublishedCall({
      actor: officer,
      appropriationId: appropriation.id,
      publishedDaysAgo: 25,
      envelopeSom: 100_000,
    });
    expect(await rejection(amendCall({ actor: officer, callId: closed.id, input: completeCallInput(new Date()), reason }))).toMatchObject({
      code: "calls:errors.notAmendable",
    });
  });
});

describe("changing who may apply to a published call", () => {
  it("saves nothing until the officer confirms exactly the summarized additions and removals", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const publishedAt = (await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).publishedAt!;
    const reason = "Добавлена справка об отсутствии долгов.";
    const input = completeCallInput(publishedAt, { requiredDocuments: ["CHARTER", "TAX_CLEARANCE"], legalForms: ["PUBLIC_UNION"] });
    const asked = (await rejection(
      amendCall({ actor: officer, callId: call.id, input, reason }),
    )) as unknown as EligibilityChangeUnconfirmed;
    expect(asked).toBeInstanceOf(EligibilityChangeUnconfirmed);
    expect(asked.status).toBe(409);
    expect(asked.changes).toEqual([
      { field: "eligibleLegalForms", added: [], removed: ["PUBLIC_FOUNDATION"] },
      { field: "requiredDocuments", added: ["TAX_CLEARANCE"], removed: ["REGISTRATION_CERTIFICATE"] },
    ]);
    expect(await prisma.callAmendment.count({ where: { callId: call.id } })).toBe(0);
    // A confirmation of other changes does not count.
    const other = completeCallInput(publishedAt, { requiredDocuments: ["CHARTER", "TAX_CLEARANCE", "CV"], legalForms: ["PUBLIC_UNION"] });
    expect(
      await rejection(amendCall({ actor: officer, callId: call.id, input: other, reason, confirmedEligibility: asked.token })),
    ).toBeInstanceOf(EligibilityChangeUnconfirmed);

    await amendCall({ actor: officer, callId: call.id, input, reason, confirmedEligibility: asked.token });
    const saved = await prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(saved.requiredDocuments).toEqual(["CHARTER", "TAX_CLEARANCE"]);
    expect(saved.eligibleLegalForms).toEqual(["PUBLIC_UNION"]);
  });
});

describe("the rest of a call's life", () => {
  it("cancels a draft and gives its envelope back to the appropriation", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    await allocateEnvelope({ actor: officer, callId: call.id, envelope: somToTyiyn(150_000) });
    await cancelCall({ actor: officer, callId: call.id, reason: "Программа пересмотрена." });
    expect(await prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({
      status: "CANCELLED",
      envelope: 0n,
      cancelledReason: "Программа пересмотрена.",
    });
    expect((await prisma.appropriation.findUniqueOrThrow({ where: { id: appropriation.id } })).allocated).toBe(0n);
    expect(
      (await prisma.ledgerEntry.findMany({ where: { callId: call.id }, orderBy: { createdAt: "asc" } })).map((e) => [e.kind, e.amount]),
    ).toEqual([
      ["ALLOCATION", somToTyiyn(150_000)],
      ["RELEASE", somToTyiyn(150_000)],
    ]);
    expect(await rejection(cancelCall({ actor: officer, callId: call.id, reason: "Ещё раз отменить." }))).toMatchObject({
      code: "calls:errors.transitionNotAllowed",
    });
  });

  it("cancels a published call and tells its followers", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const nco = await createNcoMember();
    await followCall({ actor: nco.actor, callId: call.id });
    await cancelCall({ actor: officer, callId: call.id, reason: "Бюджет секвестирован решением кенеша." });
    expect(await prisma.notification.findMany({ where: { recipient: nco.user.email }, select: { template: true, payload: true } })).toEqual(
      [
        {
          template: "call.cancelled",
          payload: expect.objectContaining({ reason: "Бюджет секвестирован решением кенеша.", reference: call.reference }),
        },
      ],
    );
  });

  it("starts the review only after the deadline, then decides and completes", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const open = await createPublishedCall({ actor: officer, appropriationId: appropriation.id, envelopeSom: 100_000 });
    expect(await rejection(changeCallStatus({ actor: officer, callId: open.id, to: "IN_REVIEW" }))).toMatchObject({
      code: "calls:errors.stillOpen",
      status: 409,
    });
    expect(await rejection(changeCallStatus({ actor: officer, callId: open.id, to: "DECIDED" }))).toMatchObject({
      code: "calls:errors.transitionNotAllowed",
    });
    const closed = await createPublishedCall({
      actor: officer,
      appropriationId: appropriation.id,
      publishedDaysAgo: 25,
      envelopeSom: 100_000,
    });
    for (const to of ["IN_REVIEW", "DECIDED", "COMPLETED"] as const) await changeCallStatus({ actor: officer, callId: closed.id, to });
    expect((await prisma.call.findUniqueOrThrow({ where: { id: closed.id } })).status).toBe("COMPLETED");
    expect(await rejection(cancelCall({ actor: officer, callId: closed.id, reason: "Слишком поздно отменять." }))).toMatchObject({
      code: "calls:errors.transitionNotAllowed",
    });
  });

  it("lets anyone signed in follow a published call once, and stop", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const draft = await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const call = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const nco = await createNcoMember();
    await followCall({ actor: nco.actor, callId: call.id });
    await followCall({ actor: nco.actor, callId: call.id });
    expect(await prisma.callSubscription.count({ where: { callId: call.id } })).toBe(1);
    await unfollowCall({ actor: nco.actor, callId: call.id });
    expect(await prisma.callSubscription.count({ where: { callId: call.id } })).toBe(0);
    expect(await rejection(followCall({ actor: nco.actor, callId: draft.id }))).toMatchObject({ status: 404 });
  });
});
