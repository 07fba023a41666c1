import { describe, expect, it } from "vitest";
import { startProposal } from "~/domains/proposals/proposals.server";
import { submitProposal } from "~/domains/proposals/submission.server";
import { prisma } from "~/utils/db.server";
import { startOfDay } from "~/utils/time";
import { createNcoMember, createOrganization, createStaff } from "../../../tests/factories";
import { createCompleteProposal, createOpenCall, createVaultDocument, newKey } from "../../../tests/factories-proposals";
import { domainError } from "../../../tests/support/domain-error";
import { eligibilityForActor } from "./eligibility.server";

const MINUTE = 60_000;

/** An open call with eligibility terms the factory organization (a PUBLIC_UNION from 2019, no documents) partly fails. */
async function callWithTerms(enforcement: "REFUSE" | "WARN", terms: { legalForms?: string[]; requiredDocuments?: string[] } = {}) {
  const call = await createOpenCall({ requiredDocuments: terms.requiredDocuments ?? ["CHARTER"] });
  return prisma.call.update({
    where: { id: call.id },
    data: {
      eligibleLegalForms: terms.legalForms ?? ["PUBLIC_UNION"],
      eligibleRegions: ["ISSYK_KUL"],
      minOrganizationAgeMonths: 12,
      eligibilityEnforcement: enforcement,
    },
  });
}

async function ncoInIssykKul() {
  const nco = await createNcoMember();
  await prisma.organization.update({ where: { id: nco.organization.id }, data: { region: "issyk-kul" } });
  return nco;
}

describe("eligibility for a call", () => {
  it("shows a member each of their own organizations' checks, and nothing to visitors or staff", async () => {
    const call = await callWithTerms("WARN");
    const nco = await ncoInIssykKul();
    const young = await createOrganization({ nameRu: "Я молодая организация" });
    await prisma.organization.update({ where: { id: young.id }, data: { registeredOn: startOfDay("2026-01-01"), region: "NARYN" } });
    await prisma.organizationMember.create({ data: { organizationId: young.id, userId: nco.user.id, role: "ADMIN" } });
    await createVaultDocument(nco.organization.id, "CHARTER", nco.user.id);
    const stranger = await createOrganization({ nameRu: "А чужая организация" });
    const actor = { ...nco.actor, organizations: [...nco.actor.organizations, { id: young.id, role: "ADMIN" as const }] };
    const now = new Date("2026-06-15T06:00:00Z");

    const result = await eligibilityForActor({ actor, call, now });
    expect(result?.map((r) => r.organization.id)).toEqual([nco.organization.id, young.id]);
    expect(result?.map((r) => r.organization.id)).not.toContain(stranger.id);
    const [own, other] = result ?? [];
    expect(own?.checks.filter((c) => !c.ok).map((c) => c.code)).toEqual(["verified"]);
    expect(other?.checks.filter((c) => !c.ok)).toEqual([
      { code: "region", ok: false, params: { region: "NARYN", allowed: "ISSYK_KUL" } },
      { code: "organizationAge", ok: false, params: { months: 5, required: 12 } },
      { code: "document", ok: false, params: { kind: "CHARTER", state: "missing" } },
      { code: "verified", ok: false, params: { state: "PENDING" } },
    ]);

    const officer = await createStaff("PROGRAMME_OFFICER", call.municipalityId);
    expect(await eligibilityForActor({ actor: officer.actor, call, now })).toBeNull();
    expect(await eligibilityForActor({ actor: null, call, now })).toBeNull();
  });

  it("refuses to start a draft on a REFUSE call for a failed check, creating nothing; a WARN call starts it", async () => {
    const refuse = await callWithTerms("REFUSE");
    const warn = await callWithTerms("WARN");
    const nco = await ncoInIssykKul();
    const now = new Date();

    const error = await domainError(
      startProposal({ actor: nco.actor, now, callId: refuse.id, organizationId: nco.organization.id }),
      "calls:errors.ineligible",
      422,
    );
    expect(error.params).toEqual({ checks: "document:CHARTER" });
    expect(await prisma.proposal.count({ where: { organizationId: nco.organization.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "proposal.started", actorId: nco.user.id } })).toBe(0);

    const warned = await startProposal({ actor: nco.actor, now, callId: warn.id, organizationId: nco.organization.id });
    expect(await prisma.proposal.findUniqueOrThrow({ where: { id: warned.id } })).toMatchObject({ callId: warn.id, status: "DRAFT" });

    // With its charter in the vault the organization starts on the REFUSE call, though the office has not verified it (decision 0066).
    await createVaultDocument(nco.organization.id, "CHARTER", nco.user.id);
    expect(nco.organization.verification).toBe("PENDING");
    const started = await startProposal({ actor: nco.actor, now, callId: refuse.id, organizationId: nco.organization.id });
    expect(await prisma.proposal.count({ where: { id: started.id } })).toBe(1);
  });

  it("refuses a submission on a REFUSE call when the organization no longer qualifies; a WARN call takes it", async () => {
    const refuse = await callWithTerms("REFUSE", { legalForms: ["PUBLIC_UNION"] });
    const warn = await callWithTerms("WARN", { legalForms: ["PUBLIC_UNION"] });
    const nco = await ncoInIssykKul();
    const onRefuse = await createCompleteProposal({ callId: refuse.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const onWarn = await createCompleteProposal({ callId: warn.id, organizationId: nco.organization.id, createdById: nco.user.id });
    // After the drafts were started the organization re-registered as a foundation.
    await prisma.organization.update({ where: { id: nco.organization.id }, data: { legalForm: "PUBLIC_FOUNDATION" } });
    const before = new Date(refuse.submissionDeadline!.getTime() - MINUTE);

    const error = await domainError(
      submitProposal({ actor: nco.actor, now: before, proposalId: onRefuse.id, idempotencyKey: newKey() }),
      "calls:errors.ineligible",
      422,
    );
    expect(error.params).toEqual({ checks: "legalForm" });
    expect(await prisma.proposalVersion.count({ where: { proposalId: onRefuse.id } })).toBe(0);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: onRefuse.id } })).status).toBe("DRAFT");

    const receipt = await submitProposal({ actor: nco.actor, now: before, proposalId: onWarn.id, idempotencyKey: newKey() });
    expect(receipt.number).toBe(1);
  });
});
