import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { actorOf, createMunicipality, createNcoMember, createStaff, createUser } from "../../../tests/factories";
import { createCompleteProposal, createOpenCall } from "../../../tests/factories-proposals";
import { listAccountsForAdmin, managedBy, setAccountStatus } from "./user-administration.server";
import { domainError } from "../../../tests/support/domain-error";

async function statusOf(id: string) {
  return (await prisma.user.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
}

/** Two municipalities with their staff; a commission member, an applicant NCO and a drafting NCO tied to the first. */
async function twoMunicipalities() {
  const a = (await createMunicipality()).id;
  const b = (await createMunicipality()).id;
  const adminA = await createStaff("ADMIN", a);
  const officerA = await createStaff("PROGRAMME_OFFICER", a);
  const adminB = await createStaff("ADMIN", b);
  const financeB = await createStaff("FINANCE_OFFICER", b);
  const callA = await createOpenCall({ municipalityId: a });
  const juror = await createUser();
  await prisma.commissionMembership.create({
    data: { callId: callA.id, userId: juror.id, role: "MEMBER", appointedById: officerA.user.id },
  });
  const applicant = await createNcoMember();
  const proposal = await createCompleteProposal({
    callId: callA.id,
    organizationId: applicant.organization.id,
    createdById: applicant.user.id,
  });
  await prisma.proposal.update({ where: { id: proposal.id }, data: { status: "SUBMITTED", submittedAt: new Date() } });
  const drafting = await createNcoMember();
  await createCompleteProposal({ callId: callA.id, organizationId: drafting.organization.id, createdById: drafting.user.id });
  const stranger = await createUser();
  return { a, b, adminA, officerA, adminB, financeB, juror, applicant, drafting, stranger };
}

describe("a municipality's administrator and the accounts", () => {
  it("lists only accounts tied to their municipality, and marks which they may change", async () => {
    const w = await twoMunicipalities();
    const listA = await listAccountsForAdmin({ actor: w.adminA.actor });
    const byId = new Map(listA.map((u) => [u.id, u]));
    expect([...byId.keys()].sort()).toEqual([w.adminA.user.id, w.officerA.user.id, w.juror.id, w.applicant.user.id].sort());
    expect(byId.get(w.officerA.user.id)).toMatchObject({ roles: ["PROGRAMME_OFFICER"], manageable: true });
    expect(byId.get(w.juror.id)).toMatchObject({ commissionMember: true, manageable: true });
    expect(byId.get(w.applicant.user.id)).toMatchObject({ manageable: false });
    expect(byId.get(w.adminA.user.id)).toMatchObject({ manageable: false });

    const listB = (await listAccountsForAdmin({ actor: w.adminB.actor })).map((u) => u.id);
    expect(listB.sort()).toEqual([w.adminB.user.id, w.financeB.user.id].sort());
  });

  it("cannot disable another municipality's staff, an NCO's account or their own; can disable their own staff, who is signed out", async () => {
    const w = await twoMunicipalities();
    for (const target of [w.adminA.user.id, w.officerA.user.id, w.juror.id, w.applicant.user.id, w.stranger.id]) {
      expect((await domainError(setAccountStatus({ actor: w.adminB.actor, userId: target, status: "DISABLED" }))).status).toBe(404);
      expect(await statusOf(target)).toBe("ACTIVE");
    }
    expect((await domainError(setAccountStatus({ actor: w.adminA.actor, userId: w.applicant.user.id, status: "DISABLED" }))).status).toBe(
      404,
    );
    expect((await domainError(setAccountStatus({ actor: w.adminA.actor, userId: w.adminA.user.id, status: "DISABLED" }))).status).toBe(409);

    await prisma.session.create({
      data: { id: `s-${w.officerA.user.id}`, userId: w.officerA.user.id, expiresAt: new Date(Date.now() + 60_000) },
    });
    await setAccountStatus({ actor: w.adminA.actor, userId: w.officerA.user.id, status: "DISABLED" });
    expect(await statusOf(w.officerA.user.id)).toBe("DISABLED");
    expect(await prisma.session.count({ where: { userId: w.officerA.user.id } })).toBe(0);
    await setAccountStatus({ actor: w.adminA.actor, userId: w.juror.id, status: "DISABLED" });
    expect(await statusOf(w.juror.id)).toBe("DISABLED");
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: w.officerA.user.id, action: "user.disabled" } });
    expect(event.actorId).toBe(w.adminA.user.id);
  });

  it("leaves a person on staff of two municipalities to neither alone", async () => {
    const w = await twoMunicipalities();
    const both = await createStaff("PROGRAMME_OFFICER", w.a);
    await prisma.roleAssignment.create({ data: { userId: both.user.id, municipalityId: w.b, role: "PROGRAMME_OFFICER" } });
    const seen = (await listAccountsForAdmin({ actor: w.adminB.actor })).find((u) => u.id === both.user.id);
    expect(seen).toMatchObject({ roles: ["PROGRAMME_OFFICER"], manageable: false });
    expect((await domainError(setAccountStatus({ actor: w.adminA.actor, userId: both.user.id, status: "DISABLED" }))).status).toBe(404);
    expect(managedBy(w.a, { roles: [{ municipalityId: w.a }], memberships: [], commissionSeats: [] })).toBe(true);
    expect(managedBy(w.a, { roles: [], memberships: [], commissionSeats: [{ call: { municipalityId: w.b } }] })).toBe(false);
    expect(managedBy(w.a, { roles: [], memberships: [{}], commissionSeats: [{ call: { municipalityId: w.a } }] })).toBe(false);
  });

  it("is refused to anyone without manage:user:any, and to an administrator with no municipality", async () => {
    const w = await twoMunicipalities();
    expect((await domainError(listAccountsForAdmin({ actor: w.officerA.actor }))).status).toBe(403);
    expect((await domainError(listAccountsForAdmin({ actor: actorOf(w.stranger, ["ADMIN"], null) }))).status).toBe(403);
  });
});
