import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createNcoMember, createStaff } from "../../../tests/factories";
import { COMPLETE_FIELDS, createCompleteProposal, createOpenCall, createVaultDocument } from "../../../tests/factories-proposals";
import { discardDraft, getProposalForActor, getStartOptions, listProposalsForActor, saveSection, startProposal } from "./proposals.server";
import { BudgetSchema, WorkPlanSchema } from "./proposal-schemas";
import { domainError } from "../../../tests/support/domain-error";

const now = () => new Date();

describe("starting a proposal", () => {
  it("starts a draft from an open call for the actor's organization, verified or not, and audits it", async () => {
    const call = await createOpenCall();
    const nco = await createNcoMember();
    expect(nco.organization.verification).toBe("PENDING");
    const proposal = await startProposal({ actor: nco.actor, now: now(), callId: call.id, organizationId: nco.organization.id });
    const row = await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(row).toMatchObject({
      status: "DRAFT",
      intake: "ONLINE",
      callId: call.id,
      organizationId: nco.organization.id,
      createdById: nco.user.id,
      language: "ru",
    });
    expect(row.reference).toMatch(new RegExp(`^${call.reference}-[2-9A-Z]{6}$`));
    expect(await prisma.auditEvent.count({ where: { entityId: proposal.id, action: "proposal.started" } })).toBe(1);
  });

  it("refuses a call that is closed, not published or unknown", async () => {
    const nco = await createNcoMember();
    const closed = await createOpenCall({ deadline: new Date(Date.now() - 1000) });
    const draft = await createOpenCall({ status: "DRAFT" });
    expect(
      (await domainError(startProposal({ actor: nco.actor, now: now(), callId: closed.id, organizationId: nco.organization.id }))).code,
    ).toBe("proposals:errors.callClosed");
    expect(
      (await domainError(startProposal({ actor: nco.actor, now: now(), callId: draft.id, organizationId: nco.organization.id }))).status,
    ).toBe(404);
    expect(
      (await domainError(startProposal({ actor: nco.actor, now: now(), callId: "nope", organizationId: nco.organization.id }))).status,
    ).toBe(404);
  });

  it("keeps to the call's limit per organization, also when asked concurrently, and frees a place when a draft is discarded", async () => {
    const call = await createOpenCall({ maxProposalsPerOrganization: 2 });
    const nco = await createNcoMember();
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        startProposal({ actor: nco.actor, now: now(), callId: call.id, organizationId: nco.organization.id }),
      ),
    );
    const started = attempts.filter((a) => a.status === "fulfilled");
    expect(started).toHaveLength(2);
    for (const failed of attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected")) {
      expect(failed.reason).toMatchObject({ code: "proposals:errors.limitReached", params: { limit: 2 } });
    }
    const first = (started[0] as PromiseFulfilledResult<{ id: string }>).value;
    await discardDraft({ actor: nco.actor, now: now(), proposalId: first.id });
    expect(await prisma.proposal.count({ where: { id: first.id } })).toBe(0);
    await expect(
      startProposal({ actor: nco.actor, now: now(), callId: call.id, organizationId: nco.organization.id }),
    ).resolves.toHaveProperty("id");
  });

  it("answers 404 for an organization the actor does not belong to", async () => {
    const call = await createOpenCall();
    const nco = await createNcoMember();
    const other = await createNcoMember();
    expect(
      (await domainError(startProposal({ actor: nco.actor, now: now(), callId: call.id, organizationId: other.organization.id }))).status,
    ).toBe(404);
  });

  it("shows the start options with what each organization already holds in the call", async () => {
    const call = await createOpenCall();
    const nco = await createNcoMember();
    await startProposal({ actor: nco.actor, now: now(), callId: call.id, organizationId: nco.organization.id });
    const options = await getStartOptions({ actor: nco.actor, callId: call.id, now: now() });
    expect(options.open).toBe(true);
    expect(options.organizations).toHaveLength(1);
    expect(options.organizations[0]!.proposals).toHaveLength(1);
  });
});

describe("saving sections of a draft", () => {
  async function draft() {
    const call = await createOpenCall({ requiredDocuments: ["CHARTER"] });
    const nco = await createNcoMember();
    const proposal = await startProposal({ actor: nco.actor, now: now(), callId: call.id, organizationId: nco.organization.id });
    return { call, nco, proposal };
  }

  it("saves each text section and resumes with it", async () => {
    const { nco, proposal } = await draft();
    const base = { actor: nco.actor, now: now(), proposalId: proposal.id };
    await saveSection({
      ...base,
      section: "summary",
      input: { title: COMPLETE_FIELDS.title, summary: COMPLETE_FIELDS.summary, language: "ky" },
    });
    await saveSection({ ...base, section: "problem", input: { problem: COMPLETE_FIELDS.problem } });
    await saveSection({ ...base, section: "target-group", input: { targetGroup: COMPLETE_FIELDS.targetGroup, beneficiaries: 120 } });
    await saveSection({ ...base, section: "objectives", input: { objectives: COMPLETE_FIELDS.objectives } });
    await saveSection({ ...base, section: "team", input: { team: COMPLETE_FIELDS.team } });
    const view = await getProposalForActor({ actor: nco.actor, proposalId: proposal.id, now: now() });
    expect(view!.proposal).toMatchObject({ ...COMPLETE_FIELDS, language: "ky", activities: "" });
    expect(view!.problems.map((p) => p.section)).toEqual(["work-plan", "budget", "documents"]);
    expect(await prisma.auditEvent.count({ where: { entityId: proposal.id, action: "proposal.draft.saved" } })).toBe(5);
  });

  it("replaces milestones and budget lines and computes the totals on the server", async () => {
    const { nco, proposal } = await draft();
    const base = { actor: nco.actor, now: now(), proposalId: proposal.id };
    const workPlan = WorkPlanSchema.parse({
      activities: "Work",
      milestones: [
        { title: "One", deliverables: "Report", startsOn: "2026-06-01", dueOn: "2026-06-30" },
        { title: "Two", deliverables: "", startsOn: "2026-07-01", dueOn: "2026-08-31" },
      ],
    });
    await saveSection({ ...base, section: "work-plan", input: workPlan });
    const budget = BudgetSchema.parse({
      lines: [
        {
          category: "STAFF",
          description: "Teacher",
          unit: "month",
          quantity: "6",
          unitCost: "1 000,50",
          requested: "",
          cofinancing: "1000",
        },
        { category: "RENT", description: "Hall", unit: "day", quantity: "2,5", unitCost: "1500.50", requested: "", cofinancing: "" },
      ],
    });
    await saveSection({ ...base, section: "budget", input: budget });
    let view = await getProposalForActor({ actor: nco.actor, proposalId: proposal.id, now: now() });
    expect(view!.proposal.milestones.map((m) => m.title)).toEqual(["One", "Two"]);
    // Numbered as people count (the agreement's "№" column, "Tranche 1"), not from 0.
    expect(view!.proposal.milestones.map((m) => m.position)).toEqual([1, 2]);
    expect(
      (await prisma.budgetLine.findMany({ where: { proposalId: proposal.id }, orderBy: { position: "asc" } })).map((l) => l.position),
    ).toEqual([1, 2]);
    expect(view!.proposal.milestones[0]!.startsOn.toISOString()).toBe("2026-05-31T18:00:00.000Z");
    expect(view!.proposal.requestedTotal).toBe(500_300n + 375_125n);
    expect(view!.proposal.cofinancingTotal).toBe(100_000n);
    await saveSection({ ...base, section: "budget", input: BudgetSchema.parse({ lines: [] }) });
    view = await getProposalForActor({ actor: nco.actor, proposalId: proposal.id, now: now() });
    expect(view!.proposal.budgetLines).toEqual([]);
    expect(view!.proposal.requestedTotal).toBe(0n);
  });

  it("links a vault document of the organization for a required kind, and refuses another organization's", async () => {
    const { nco, proposal } = await draft();
    const mine = await createVaultDocument(nco.organization.id, "CHARTER", nco.user.id);
    const other = await createNcoMember();
    const theirs = await createVaultDocument(other.organization.id, "CHARTER", other.user.id);
    const base = { actor: nco.actor, now: now(), proposalId: proposal.id, section: "documents" as const };
    const error = await domainError(saveSection({ ...base, input: { documents: { CHARTER: theirs.id } } }));
    expect(error).toMatchObject({ code: "proposals:errors.documentNotInVault", status: 422 });
    await saveSection({ ...base, input: { documents: { CHARTER: mine.id } } });
    await saveSection({ ...base, input: { documents: { CHARTER: mine.id } } });
    const links = await prisma.proposalAttachment.findMany({ where: { proposalId: proposal.id } });
    expect(links).toMatchObject([{ kind: "CHARTER", storedDocumentId: mine.id }]);
    await saveSection({ ...base, input: { documents: { CHARTER: "" } } });
    expect(await prisma.proposalAttachment.count({ where: { proposalId: proposal.id } })).toBe(0);
  });

  it("refuses any change after the deadline", async () => {
    const { call, nco, proposal } = await draft();
    const after = new Date(call.submissionDeadline!.getTime());
    const error = await domainError(
      saveSection({ actor: nco.actor, now: after, proposalId: proposal.id, section: "problem", input: { problem: "late" } }),
    );
    expect(error).toMatchObject({ code: "proposals:errors.deadlinePassed", status: 409 });
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).problem).toBe("");
  });
});

describe("tenancy", () => {
  it("hides one NCO's drafts from another: not readable, not listed, not changeable (404)", async () => {
    const call = await createOpenCall();
    const owner = await createNcoMember();
    const stranger = await createNcoMember();
    const proposal = await createCompleteProposal({ callId: call.id, organizationId: owner.organization.id, createdById: owner.user.id });
    expect(await getProposalForActor({ actor: stranger.actor, proposalId: proposal.id, now: now() })).toBeNull();
    expect(await listProposalsForActor({ actor: stranger.actor })).toEqual([]);
    expect(
      (
        await domainError(
          saveSection({ actor: stranger.actor, now: now(), proposalId: proposal.id, section: "problem", input: { problem: "x" } }),
        )
      ).status,
    ).toBe(404);
    expect((await domainError(discardDraft({ actor: stranger.actor, now: now(), proposalId: proposal.id }))).status).toBe(404);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).problem).toBe(COMPLETE_FIELDS.problem);
    // A colleague in the same organization works on it.
    const colleague = await createNcoMember("MEMBER", owner.organization.id);
    expect(await getProposalForActor({ actor: colleague.actor, proposalId: proposal.id, now: now() })).not.toBeNull();
  });

  it("does not show drafts to a programme officer, who reads proposals once submitted", async () => {
    const call = await createOpenCall();
    const owner = await createNcoMember();
    const officer = await createStaff("PROGRAMME_OFFICER", call.municipalityId);
    const proposal = await createCompleteProposal({ callId: call.id, organizationId: owner.organization.id, createdById: owner.user.id });
    expect(await getProposalForActor({ actor: officer.actor, proposalId: proposal.id, now: now() })).toBeNull();
  });
});
