import { describe, expect, it } from "vitest";
import { actorOf, createNcoMember, createStaff, createUser } from "../../../tests/factories";
import { officerWhereApplying, organizationInput } from "../../../tests/factories-organizations";
import { prisma } from "~/utils/db.server";
import { OrganizationSchema } from "./organization-schemas";
import {
  acceptInvitation,
  countOrganizationsByState,
  decideVerification,
  getInvitation,
  getOrganizationForActor,
  inviteMember,
  listMembers,
  listOrganizationsForReview,
  registerOrganization,
  removeMember,
  revokeInvitation,
  updateOrganization,
} from "./organizations.server";
import { verifyAuditChain } from "~/domains/audit/audit.server";
import { sealAuditLog } from "~/domains/audit/audit-sealer.server";
import { domainError } from "../../../tests/support/domain-error";
import { startOfDay } from "~/utils/time";

const valid = (overrides = {}) => OrganizationSchema.parse(organizationInput(overrides));

async function newcomer() {
  const user = await createUser();
  return { user, actor: actorOf(user, []) };
}

async function registered() {
  const { user, actor } = await newcomer();
  const input = valid();
  const { id } = await registerOrganization({ actor, input });
  return {
    user,
    input,
    organizationId: id,
    admin: { ...actor, roles: ["NCO_ADMIN" as const], organizations: [{ id, role: "ADMIN" as const }] },
  };
}

function tokenFrom(payload: unknown) {
  return String((payload as { link: string }).link)
    .split("/")
    .pop()!;
}

describe("registration", () => {
  it("makes the registering person the administrator of a pending organization, audited", async () => {
    const { user, organizationId, input } = await registered();
    const organization = await prisma.organization.findUniqueOrThrow({ where: { id: organizationId }, include: { members: true } });
    expect(organization).toMatchObject({ tin: input.tin, verification: "PENDING", region: "ISSYK_KUL" });
    expect(organization.registeredOn).toEqual(startOfDay("2019-04-12"));
    expect(organization.members).toEqual([expect.objectContaining({ userId: user.id, role: "ADMIN" })]);
    const events = await prisma.auditEvent.findMany({ where: { entityType: "Organization", entityId: organizationId } });
    expect(events.map((e) => e.action)).toEqual(["organization.registered"]);
    await sealAuditLog(prisma); // decision 0064: the chain is assigned after commit
    expect(await verifyAuditChain(prisma)).toMatchObject({ break: null, unsealed: 0 });
  });

  it("refuses a duplicate TIN or registration number, whoever registers it", async () => {
    const first = await registered();
    const second = await newcomer();
    expect((await domainError(registerOrganization({ actor: second.actor, input: valid({ tin: first.input.tin }) }))).code).toBe(
      "organizations:errors.duplicateTin",
    );
    const sameNumberTypedDifferently = ` ${first.input.registrationNumber.toLowerCase()} `;
    const error = await domainError(
      registerOrganization({ actor: second.actor, input: valid({ registrationNumber: sameNumberTypedDifferently }) }),
    );
    expect(error.code).toBe("organizations:errors.duplicateRegistrationNumber");
    expect(error.status).toBe(409);
    expect(await prisma.organizationMember.count({ where: { userId: second.user.id } })).toBe(0);
  });

  it("lets a person belong to one organization only, and keeps municipal staff out", async () => {
    const { admin } = await registered();
    expect((await domainError(registerOrganization({ actor: admin, input: valid() }))).code).toBe("organizations:errors.alreadyMember");
    const officer = await createStaff("PROGRAMME_OFFICER");
    expect((await domainError(registerOrganization({ actor: officer.actor, input: valid() }))).status).toBe(403);
  });
});

describe("profile edits", () => {
  it("the administrator edits; a returned organization goes back to the officer", async () => {
    const { admin, organizationId, input, user } = await registered();
    const officer = await officerWhereApplying(organizationId, user.id);
    await decideVerification({ actor: officer.actor, organizationId, decision: "return", note: "The charter is not signed." });
    const result = await updateOrganization({ actor: admin, organizationId, input: valid({ ...input, address: "Каракол, Ленина 1" }) });
    expect(result).toMatchObject({ verification: "PENDING", changed: ["address"] });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "organization.updated", entityId: organizationId } });
    expect(JSON.parse(event.before!)).toEqual({ address: input.address, verification: "RETURNED" });
    expect(JSON.parse(event.after!)).toEqual({ address: "Каракол, Ленина 1", verification: "PENDING" });
  });

  it("a verified organization stays verified for a new phone, not for a new bank account", async () => {
    const { admin, organizationId, input, user } = await registered();
    const officer = await officerWhereApplying(organizationId, user.id);
    await decideVerification({ actor: officer.actor, organizationId, decision: "verify" });
    expect(
      (await updateOrganization({ actor: admin, organizationId, input: valid({ ...input, phone: "+996 700 000 001" }) })).verification,
    ).toBe("VERIFIED");
    expect(
      (
        await updateOrganization({
          actor: admin,
          organizationId,
          input: valid({ ...input, phone: "+996 700 000 001", bankAccount: "1290010000999999" }),
        })
      ).verification,
    ).toBe("PENDING");
    const row = await prisma.organization.findUniqueOrThrow({ where: { id: organizationId } });
    expect(row.verifiedAt).toBeNull();
  });

  it("a member who is not an administrator cannot edit; another organization's admin gets 404", async () => {
    const { organizationId, input } = await registered();
    const member = await createNcoMember("MEMBER", organizationId);
    const memberAsAdmin = { ...member.actor, roles: ["NCO_ADMIN" as const] };
    expect((await domainError(updateOrganization({ actor: memberAsAdmin, organizationId, input: valid(input) }))).status).toBe(403);
    const stranger = await createNcoMember("ADMIN");
    expect((await domainError(updateOrganization({ actor: stranger.actor, organizationId, input: valid(input) }))).status).toBe(404);
  });

  it("cannot take another organization's TIN", async () => {
    const a = await registered();
    const b = await registered();
    expect(
      (
        await domainError(
          updateOrganization({ actor: b.admin, organizationId: b.organizationId, input: valid({ ...b.input, tin: a.input.tin }) }),
        )
      ).code,
    ).toBe("organizations:errors.duplicateTin");
  });
});

describe("verification", () => {
  it("an officer returns with a reason; the admin is notified and sees the reason; then verifies after the fix", async () => {
    const { admin, organizationId, input, user } = await registered();
    const officer = await officerWhereApplying(organizationId, user.id);
    expect((await listOrganizationsForReview({ actor: officer.actor, state: "PENDING" })).map((o) => o.id)).toContain(organizationId);

    await decideVerification({ actor: officer.actor, organizationId, decision: "return", note: "Please upload the signed charter." });
    const seen = await getOrganizationForActor(admin, organizationId);
    expect(seen).toMatchObject({ verification: "RETURNED", verificationNote: "Please upload the signed charter.", viewerRole: "ADMIN" });
    const notice = await prisma.notification.findFirstOrThrow({ where: { recipient: user.email, template: "organization-returned" } });
    expect(notice.payload).toMatchObject({ reason: "Please upload the signed charter." });

    expect((await domainError(decideVerification({ actor: officer.actor, organizationId, decision: "verify" }))).code).toBe(
      "organizations:errors.cannotVerify",
    );
    await updateOrganization({ actor: admin, organizationId, input: valid({ ...input, website: "https://example.kg" }) });
    await decideVerification({ actor: officer.actor, organizationId, decision: "verify" });
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: organizationId } })).toMatchObject({
      verification: "VERIFIED",
      verificationNote: "",
      verifiedById: officer.user.id,
    });
    expect(await prisma.notification.count({ where: { recipient: user.email, template: "organization-verified" } })).toBe(1);
    const actions = (await prisma.auditEvent.findMany({ where: { entityId: organizationId }, orderBy: { seq: "asc" } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(["organization.registered", "organization.returned", "organization.updated", "organization.verified"]);
  });

  it("only a programme officer decides; NCOs cannot list or verify", async () => {
    const { admin, organizationId } = await registered();
    expect((await domainError(decideVerification({ actor: admin, organizationId, decision: "verify" }))).status).toBe(403);
    await domainError(listOrganizationsForReview({ actor: admin }), undefined, 403);
    const officer = await createStaff("PROGRAMME_OFFICER");
    expect((await domainError(decideVerification({ actor: officer.actor, organizationId: "missing", decision: "verify" }))).status).toBe(
      404,
    );
  });

  it("two officers deciding at once: one wins, the other gets a conflict", async () => {
    const { organizationId, user } = await registered();
    const a = await officerWhereApplying(organizationId, user.id);
    const b = await createStaff("PROGRAMME_OFFICER", a.municipalityId);
    const results = await Promise.allSettled([
      decideVerification({ actor: a.actor, organizationId, decision: "verify" }),
      decideVerification({ actor: b.actor, organizationId, decision: "verify" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { entityId: organizationId, action: "organization.verified" } })).toBe(1);
  });
});

describe("invitations and members", () => {
  it("invites by email; the invited account accepts once and joins with the role", async () => {
    const { admin, organizationId } = await registered();
    const colleague = await createUser({ email: "colleague@example.kg" });
    const now = new Date();
    await inviteMember({ actor: admin, organizationId, email: "colleague@example.kg", role: "MEMBER", now });
    const notice = await prisma.notification.findFirstOrThrow({
      where: { recipient: "colleague@example.kg", template: "organization-invitation" },
    });
    const token = tokenFrom(notice.payload);
    expect(await getInvitation({ token })).toMatchObject({ email: "colleague@example.kg", usable: true });
    // The token itself is never stored.
    expect(await prisma.organizationInvitation.count({ where: { tokenHash: token } })).toBe(0);

    const actor = actorOf(colleague, []);
    expect(await acceptInvitation({ actor, token })).toEqual({ organizationId });
    expect(await prisma.organizationMember.findFirst({ where: { userId: colleague.id } })).toMatchObject({
      organizationId,
      role: "MEMBER",
    });
    expect((await domainError(acceptInvitation({ actor, token }))).code).toBe("organizations:errors.invitationInvalid");
  });

  it("refuses an invitation for another address, an expired one and a revoked one", async () => {
    const { admin, organizationId } = await registered();
    const other = await newcomer();
    const now = new Date("2026-03-01T08:00:00Z");
    await inviteMember({ actor: admin, organizationId, email: "someone@example.kg", role: "MEMBER", now });
    const token = tokenFrom((await prisma.notification.findFirstOrThrow({ where: { recipient: "someone@example.kg" } })).payload);
    expect((await domainError(acceptInvitation({ actor: other.actor, token, now }))).code).toBe(
      "organizations:errors.invitationForAnotherEmail",
    );
    // The refusal did not use it up.
    expect((await getInvitation({ token, now }))?.usable).toBe(true);

    const invited = actorOf(await createUser({ email: "someone@example.kg" }), []);
    const eightDaysLater = new Date(now.getTime() + 8 * 86_400_000);
    expect((await domainError(acceptInvitation({ actor: invited, token, now: eightDaysLater }))).code).toBe(
      "organizations:errors.invitationInvalid",
    );

    const pending = await listMembers({ actor: admin, organizationId });
    const invitation = await prisma.organizationInvitation.findFirstOrThrow({ where: { email: "someone@example.kg" } });
    expect(pending).not.toBeNull();
    await revokeInvitation({ actor: admin, organizationId, invitationId: invitation.id, now });
    expect((await domainError(acceptInvitation({ actor: invited, token, now }))).code).toBe("organizations:errors.invitationInvalid");
  });

  it("does not invite a current member; only an admin invites", async () => {
    const { admin, organizationId } = await registered();
    const member = await createNcoMember("MEMBER", organizationId);
    expect((await domainError(inviteMember({ actor: admin, organizationId, email: member.user.email, role: "MEMBER" }))).code).toBe(
      "organizations:errors.alreadyInOrganization",
    );
    await domainError(inviteMember({ actor: member.actor, organizationId, email: "x@example.kg", role: "MEMBER" }), undefined, 403);
  });

  it("removes a member but never the last administrator", async () => {
    const { admin, organizationId, user } = await registered();
    const member = await createNcoMember("MEMBER", organizationId);
    const memberRow = await prisma.organizationMember.findFirstOrThrow({ where: { userId: member.user.id } });
    await removeMember({ actor: admin, organizationId, memberId: memberRow.id });
    expect(await prisma.organizationMember.count({ where: { organizationId } })).toBe(1);
    const own = await prisma.organizationMember.findFirstOrThrow({ where: { userId: user.id } });
    expect((await domainError(removeMember({ actor: admin, organizationId, memberId: own.id }))).code).toBe(
      "organizations:errors.lastAdmin",
    );
    expect(await prisma.auditEvent.count({ where: { entityId: organizationId, action: "organization.member_removed" } })).toBe(1);
  });
});

describe("tenancy", () => {
  it("an NCO cannot read, edit, invite into or remove members of another NCO (404)", async () => {
    const mine = await registered();
    const theirs = await registered();
    expect(await getOrganizationForActor(mine.admin, theirs.organizationId)).toBeNull();
    expect(await listMembers({ actor: mine.admin, organizationId: theirs.organizationId })).toBeNull();
    expect(
      (await domainError(updateOrganization({ actor: mine.admin, organizationId: theirs.organizationId, input: valid() }))).status,
    ).toBe(404);
    expect(
      (await domainError(inviteMember({ actor: mine.admin, organizationId: theirs.organizationId, email: "x@example.kg", role: "ADMIN" })))
        .status,
    ).toBe(404);
    const theirMember = await prisma.organizationMember.findFirstOrThrow({ where: { organizationId: theirs.organizationId } });
    expect(
      (await domainError(removeMember({ actor: mine.admin, organizationId: theirs.organizationId, memberId: theirMember.id }))).status,
    ).toBe(404);
    // Nor through its own organization id with the other's member id.
    expect(
      (await domainError(removeMember({ actor: mine.admin, organizationId: mine.organizationId, memberId: theirMember.id }))).status,
    ).toBe(404);
    const officer = await officerWhereApplying(theirs.organizationId, theirs.user.id);
    expect(await getOrganizationForActor(officer.actor, theirs.organizationId)).not.toBeNull();
  });

  it("only a municipality the organization applies to sees, lists, counts, verifies or returns it (decision 0048)", async () => {
    const { organizationId, user } = await registered();
    const home = await officerWhereApplying(organizationId, user.id);
    const elsewhere = await createStaff("PROGRAMME_OFFICER");
    const elsewhereAdmin = await createStaff("ADMIN", elsewhere.municipalityId);
    expect(await getOrganizationForActor(elsewhere.actor, organizationId)).toBeNull();
    expect(await getOrganizationForActor(elsewhereAdmin.actor, organizationId)).toBeNull();
    expect(await listMembers({ actor: elsewhere.actor, organizationId })).toBeNull();
    expect((await listOrganizationsForReview({ actor: elsewhere.actor })).map((o) => o.id)).not.toContain(organizationId);
    expect(await countOrganizationsByState({ actor: elsewhere.actor })).toEqual({});
    for (const decision of ["verify", "return"] as const) {
      expect((await domainError(decideVerification({ actor: elsewhere.actor, organizationId, decision, note: "x" }))).status).toBe(404);
    }
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: organizationId } })).verification).toBe("PENDING");

    expect(await countOrganizationsByState({ actor: home.actor })).toEqual({ PENDING: 1 });
    await decideVerification({ actor: home.actor, organizationId, decision: "verify" });
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: organizationId } })).verification).toBe("VERIFIED");
    // Once it applies there too, the other municipality sees it (and may return it with a reason).
    await officerWhereApplying(organizationId, user.id, elsewhere.municipalityId);
    expect(await getOrganizationForActor(elsewhere.actor, organizationId)).not.toBeNull();
  });
});
