import { describe, expect, it } from "vitest";
import { askQuestion } from "~/domains/calls/clarifications.server";
import type { Actor } from "~/utils/permissions";
import { createNcoMember, createStaff } from "../../../tests/factories";
import { officerWhereApplying } from "../../../tests/factories-organizations";
import { createBudgetSetting, createDraftCall, createPublishedCall } from "../../../tests/factories-calls";
import { attentionFor } from "./attention.server";

describe("the programme officer's dashboard cards for calls", () => {
  it("count the municipality's drafts, open calls and unanswered questions, and link to them", async () => {
    const { appropriation, officer } = await createBudgetSetting();
    const elsewhere = await createBudgetSetting();
    await createDraftCall({ actor: elsewhere.officer, appropriationId: elsewhere.appropriation.id });
    await createDraftCall({ actor: officer, appropriationId: appropriation.id });
    const open = await createPublishedCall({ actor: officer, appropriationId: appropriation.id });
    const nco = await createNcoMember();
    await askQuestion({ actor: nco.actor, callId: open.id, question: "Можно ли подать две заявки?", language: "ru" });

    const cards = await attentionFor(officer);
    const card = (key: string) => cards.find((c) => c.key === key);
    expect(card("draftCalls")).toEqual({ key: "draftCalls", count: 1, to: "/officer/calls?status=DRAFT" });
    expect(card("openCalls")).toEqual({ key: "openCalls", count: 1, to: "/officer/calls?status=PUBLISHED" });
    expect(card("questionsToAnswer")).toEqual({ key: "questionsToAnswer", count: 1, to: "/officer/calls" });
    expect(card("appropriation")).toMatchObject({ to: "/budgets", params: { year: "2026" } });
  });

  it("count only pending organizations applying to the officer's municipality, like the registry (decision 0048)", async () => {
    const nco = await createNcoMember();
    const home = await officerWhereApplying(nco.organization.id, nco.user.id);
    const foreign = await createStaff("PROGRAMME_OFFICER");
    const pending = async (actor: Actor) => (await attentionFor(actor)).find((c) => c.key === "organizationsToVerify")?.count;
    expect(await pending(home.actor)).toBe(1);
    expect(await pending(foreign.actor)).toBe(0);
  });
});
