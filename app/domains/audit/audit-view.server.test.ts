import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { createMunicipality, createNcoMember, createStaff } from "../../../tests/factories";
import { createCompleteProposal, createOpenCall } from "../../../tests/factories-proposals";
import { recordAudit } from "./audit.server";
import { listAuditEventsForActor, objectLabels } from "./audit-view.server";
import { domainError } from "../../../tests/support/domain-error";

const audit = (actor: Actor | null, action: string, entityType: string, entityId: string) =>
  prisma.$transaction((tx) => recordAudit(tx, { actor, action, entityType, entityId }));

async function world() {
  const a = (await createMunicipality()).id;
  const b = (await createMunicipality()).id;
  const adminA = await createStaff("ADMIN", a);
  const officerA = await createStaff("PROGRAMME_OFFICER", a);
  const adminB = await createStaff("ADMIN", b);
  const officerB = await createStaff("PROGRAMME_OFFICER", b);
  const callA = await createOpenCall({ municipalityId: a });
  const callB = await createOpenCall({ municipalityId: b });
  const nco = await createNcoMember();
  const proposalA = await createCompleteProposal({ callId: callA.id, organizationId: nco.organization.id, createdById: nco.user.id });
  const other = await createNcoMember();
  const proposalB = await createCompleteProposal({ callId: callB.id, organizationId: other.organization.id, createdById: other.user.id });
  const events = {
    officerA: await audit(officerA.actor, "call.published", "Call", callA.id),
    ncoInA: await audit(nco.actor, "proposal.submitted", "Proposal", proposalA.id),
    orgInA: await audit(nco.actor, "organization.updated", "Organization", nco.organization.id),
    officerB: await audit(officerB.actor, "call.published", "Call", callB.id),
    ncoInB: await audit(other.actor, "proposal.submitted", "Proposal", proposalB.id),
    orgInB: await audit(other.actor, "organization.updated", "Organization", other.organization.id),
    system: await audit(null, "user.password_reset_requested", "User", other.user.id),
  };
  return { adminA, officerA, adminB, officerB, callA, nco, proposalA, events };
}

describe("the audit trail as a municipality reads it", () => {
  it("shows each municipality's administrator and officer its own events and none of the other's", async () => {
    const w = await world();
    const seqs = async (actor: Actor) => new Set((await listAuditEventsForActor({ actor })).map((e) => e.seq));
    const mineA = [w.events.officerA, w.events.ncoInA, w.events.orgInA].map((e) => e.seq);
    const mineB = [w.events.officerB, w.events.ncoInB, w.events.orgInB].map((e) => e.seq);
    for (const actor of [w.adminA.actor, w.officerA.actor]) {
      const seen = await seqs(actor);
      for (const seq of mineA) expect(seen.has(seq)).toBe(true);
      for (const seq of [...mineB, w.events.system.seq]) expect(seen.has(seq)).toBe(false);
    }
    for (const actor of [w.adminB.actor, w.officerB.actor]) {
      const seen = await seqs(actor);
      for (const seq of mineB) expect(seen.has(seq)).toBe(true);
      for (const seq of [...mineA, w.events.system.seq]) expect(seen.has(seq)).toBe(false);
    }
  });

  it("is refused to a finance officer, and lists newest first within the limit", async () => {
    const w = await world();
    const finance = await createStaff("FINANCE_OFFICER");
    await domainError(listAuditEventsForActor({ actor: finance.actor }));
    const two = await listAuditEventsForActor({ actor: w.adminA.actor, take: 2 });
    expect(two.map((e) => e.seq)).toEqual([w.events.orgInA.seq, w.events.ncoInA.seq]);
  });

  it("names each object in the reader's language", async () => {
    const w = await world();
    await prisma.organization.update({
      where: { id: w.nco.organization.id },
      data: { nameKy: "Уюм КЫ", nameRu: "Организация РУ", nameEn: "Organization EN" },
    });
    const events = await listAuditEventsForActor({ actor: w.adminA.actor });
    const labels = await objectLabels(events, "en");
    expect(labels[`Call:${w.callA.id}`]).toBe(w.callA.reference);
    expect(labels[`Proposal:${w.proposalA.id}`]).toBe(w.proposalA.reference);
    expect(labels[`Organization:${w.nco.organization.id}`]).toBe("Organization EN");
    expect((await objectLabels(events, "ky"))[`Organization:${w.nco.organization.id}`]).toBe("Уюм КЫ");
  });
});
