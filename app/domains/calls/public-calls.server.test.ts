import { describe, expect, it } from "vitest";
import { allocateEnvelope } from "~/domains/budgets/budgets.server";
import { somToTyiyn } from "~/domains/budgets/money";
import { createNcoMember } from "../../../tests/factories";
import { createBudgetSetting, createDraftCall, createPublishedCall } from "../../../tests/factories-calls";
import { DAY_MS, instantToBishkekLocal } from "~/utils/time";
import { cancelCall, publishCall } from "./calls.server";
import { getPublicCall, listOpenCalls, listPublicCalls } from "./public-calls.server";

async function world() {
  const { appropriation, officer, municipalityId } = await createBudgetSetting({ amountSom: 1_000_000 });
  const open = await createPublishedCall({
    actor: officer,
    appropriationId: appropriation.id,
    overrides: { titleRu: "Дети трудовых мигрантов", summaryKy: "Ёлка и ЁЖИК" },
  });
  const closed = await createPublishedCall({
    actor: officer,
    appropriationId: appropriation.id,
    publishedDaysAgo: 25,
    overrides: { titleRu: "Женщины — жертвы насилия" },
  });
  const draft = await createDraftCall({ actor: officer, appropriationId: appropriation.id, overrides: { titleRu: "Черновик о детях" } });
  const scheduled = await createDraftCall({
    actor: officer,
    appropriationId: appropriation.id,
    overrides: { titleRu: "Будущий конкурс о детях", publishAt: instantToBishkekLocal(new Date(Date.now() + 2 * DAY_MS)) },
  });
  await allocateEnvelope({ actor: officer, callId: scheduled.id, envelope: somToTyiyn(100_000) });
  await publishCall({ actor: officer, callId: scheduled.id });
  const cancelled = await createPublishedCall({
    actor: officer,
    appropriationId: appropriation.id,
    overrides: { titleRu: "Отменённый конкурс" },
  });
  await cancelCall({ actor: officer, callId: cancelled.id, reason: "Программа пересмотрена." });
  const all = new Set([open, closed, draft, scheduled, cancelled].map((c) => c.id));
  // Other tests' calls share the database: look only at this world's.
  const mine = (calls: { id: string }[]) => ids(calls.filter((c) => all.has(c.id)));
  return { officer, municipalityId, open, closed, draft, scheduled, cancelled, mine };
}

const ids = (calls: { id: string }[]) => calls.map((c) => c.id).sort();

describe("the public list of calls", () => {
  it("shows open, closed or all public calls; never drafts or calls not yet published", async () => {
    const w = await world();
    expect(w.mine(await listPublicCalls({ status: "open", q: "" }))).toEqual(ids([w.open]));
    expect(w.mine(await listPublicCalls({ status: "closed", q: "" }))).toEqual(ids([w.closed]));
    expect(w.mine(await listPublicCalls({ status: "all", q: "" }))).toEqual(ids([w.open, w.closed, w.cancelled]));
    expect(w.mine(await listOpenCalls())).toEqual(ids([w.open]));
    // Once the scheduled publication instant passes, it is open.
    expect(w.mine(await listPublicCalls({ status: "open", q: "" }, new Date(Date.now() + 3 * DAY_MS)))).toEqual(ids([w.open, w.scheduled]));
  });

  it("narrows to one municipality's calls, and each call names its municipality", async () => {
    const karakol = await world();
    const osh = await world();
    const both = (calls: { id: string }[]) => [...karakol.mine(calls), ...osh.mine(calls)].sort();
    expect(both(await listPublicCalls({ status: "all", q: "" }, new Date(), osh.municipalityId))).toEqual(
      ids([osh.open, osh.closed, osh.cancelled]),
    );
    expect(both(await listOpenCalls(new Date(), karakol.municipalityId))).toEqual(ids([karakol.open]));
    expect(both(await listOpenCalls())).toEqual(ids([karakol.open, osh.open]));
    const [listed] = await listOpenCalls(new Date(), osh.municipalityId);
    expect(listed?.municipality).toEqual({
      slug: expect.any(String),
      nameKy: expect.any(String),
      nameRu: expect.any(String),
      nameEn: expect.any(String),
    });
  });

  it("finds words in any language, whatever their case, and ё as е", async () => {
    const w = await world();
    expect(w.mine(await listPublicCalls({ status: "all", q: "ДЕТИ" }))).toEqual(ids([w.open]));
    expect(w.mine(await listPublicCalls({ status: "all", q: "ежик" }))).toEqual(ids([w.open]));
    expect(w.mine(await listPublicCalls({ status: "all", q: "labour" }))).toEqual(ids([w.open, w.closed, w.cancelled]));
    expect(w.mine(await listPublicCalls({ status: "all", q: w.closed.reference.toLowerCase() }))).toEqual(ids([w.closed]));
    expect(w.mine(await listPublicCalls({ status: "all", q: "нет такого" }))).toEqual([]);
  });
});

describe("calls past publication", () => {
  it("lists a call in review or decided by its publication, even with no scheduled publication instant stored (as the demo's are)", async () => {
    const w = await world();
    const { prisma } = await import("~/utils/db.server");
    await prisma.call.update({ where: { id: w.closed.id }, data: { status: "IN_REVIEW", publishAt: null } });
    const cancelledDraft = await createDraftCall({
      actor: w.officer,
      appropriationId: (await prisma.call.findUniqueOrThrow({ where: { id: w.draft.id } })).appropriationId,
    });
    await cancelCall({ actor: w.officer, callId: cancelledDraft.id, reason: "Передумали до публикации." });
    const every = await listPublicCalls({ status: "all", q: "" });
    expect(w.mine(every)).toEqual(ids([w.open, w.closed, w.cancelled]));
    expect(every.some((c) => c.id === cancelledDraft.id)).toBe(false);
    expect(w.mine(await listPublicCalls({ status: "closed", q: "" }))).toEqual(ids([w.closed]));
    expect(await getPublicCall({ callId: cancelledDraft.id, actor: null })).toBeNull();
  });
});

describe("one public call", () => {
  it("is shown to anyone once published, and a draft only to an officer of its municipality", async () => {
    const w = await world();
    expect(await getPublicCall({ callId: w.open.id, actor: null })).toMatchObject({
      id: w.open.id,
      criteria: [expect.anything(), expect.anything()],
    });
    expect(await getPublicCall({ callId: w.draft.id, actor: null })).toBeNull();
    expect(await getPublicCall({ callId: w.scheduled.id, actor: null })).toBeNull();
    const nco = await createNcoMember();
    expect(await getPublicCall({ callId: w.draft.id, actor: nco.actor })).toBeNull();
    expect(await getPublicCall({ callId: w.draft.id, actor: w.officer })).toMatchObject({ id: w.draft.id });
    const stranger = (await createBudgetSetting()).officer;
    expect(await getPublicCall({ callId: w.draft.id, actor: stranger })).toBeNull();
    expect(await getPublicCall({ callId: w.cancelled.id, actor: null })).toMatchObject({
      status: "CANCELLED",
      cancelledReason: "Программа пересмотрена.",
    });
    expect(await getPublicCall({ callId: "no-such-call", actor: null })).toBeNull();
  });
});
