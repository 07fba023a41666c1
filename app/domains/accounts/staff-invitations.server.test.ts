import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { actorOf, createMunicipality, createNcoMember, createStaff, createUser } from "../../../tests/factories";
import {
  acceptStaffInvitation,
  createStaffAccount,
  getStaffInvitation,
  inviteStaff,
  resumeStaffAccount,
  revokeStaffInvitation,
  STAFF_INVITATION_TTL_MS,
} from "./staff-invitations.server";
import { listStaff } from "./staff-roles.server";
import { domainError } from "../../../tests/support/domain-error";

async function tokenSentTo(email: string) {
  const notice = await prisma.notification.findFirstOrThrow({
    where: { recipient: email, template: "staff-invitation" },
    orderBy: { createdAt: "desc" },
  });
  return { notice, token: (notice.payload as { link: string }).link.split("/staff-invitations/")[1]! };
}

const account = {
  privacyConsent: "on" as const,
  fullName: "Бакыт Осмонов",
  password: "Issyk-Kul-2026",
  confirmPassword: "Issyk-Kul-2026",
  locale: "ky" as const,
};

describe("staff invitations", () => {
  it("sends a link in the invitee's language through the outbox, storing only the token's hash, and audits it", async () => {
    const admin = await createStaff("ADMIN");
    const email = `finance-${Date.now()}@karakol.kg`;
    const { created, invitationId } = await inviteStaff({ actor: admin.actor, email, role: "FINANCE_OFFICER", locale: "ru" });
    expect(created).toBe(true);
    const { notice, token } = await tokenSentTo(email);
    expect(notice.locale).toBe("ru");
    expect(notice.payload).toMatchObject({ role: "FINANCE_OFFICER", municipality: "Каракол" });
    const row = await prisma.staffInvitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(row.tokenHash).not.toContain(token);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await prisma.auditEvent.count({ where: { action: "staff.invited", entityId: admin.municipalityId } })).toBe(1);

    // An existing account's own language wins over the one chosen.
    const existing = await createUser();
    await prisma.user.update({ where: { id: existing.id }, data: { locale: "en" } });
    await inviteStaff({ actor: admin.actor, email: existing.email, role: "PROGRAMME_OFFICER", locale: "ky" });
    expect((await tokenSentTo(existing.email)).notice.locale).toBe("en");
  });

  it("a second press sends nothing more; another role replaces the pending invitation", async () => {
    const admin = await createStaff("ADMIN");
    const email = `po-${Date.now()}@karakol.kg`;
    const first = await inviteStaff({ actor: admin.actor, email, role: "PROGRAMME_OFFICER", locale: "ky" });
    const again = await inviteStaff({ actor: admin.actor, email, role: "PROGRAMME_OFFICER", locale: "ky" });
    expect(again).toEqual({ invitationId: first.invitationId, created: false });
    expect(await prisma.notification.count({ where: { recipient: email, template: "staff-invitation" } })).toBe(1);
    const { token: firstToken } = await tokenSentTo(email);
    await inviteStaff({ actor: admin.actor, email, role: "FINANCE_OFFICER", locale: "ky" });
    expect((await getStaffInvitation({ token: firstToken }))?.state).toBe("revoked");
    const { invitations } = await listStaff({ actor: admin.actor });
    expect(invitations.map((i) => [i.email, i.role])).toEqual([[email, "FINANCE_OFFICER"]]);
  });

  it("a new person creates the account from the link and holds the role; the link then works no more", async () => {
    const admin = await createStaff("ADMIN");
    const email = `new-${Date.now()}@karakol.kg`;
    await inviteStaff({ actor: admin.actor, email, role: "FINANCE_OFFICER", locale: "ky" });
    const { token } = await tokenSentTo(email);
    expect(await getStaffInvitation({ token })).toMatchObject({ state: "usable", email, role: "FINANCE_OFFICER", accountExists: false });

    const { userId } = await createStaffAccount({ token, input: account });
    const user = await prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: { email: true, fullName: true, emailConfirmedAt: true, locale: true, roles: true },
    });
    expect(user).toMatchObject({ email, fullName: account.fullName, locale: "ky" });
    expect(user.emailConfirmedAt).not.toBeNull();
    expect(user.roles.map((r) => [r.role, r.municipalityId])).toEqual([["FINANCE_OFFICER", admin.municipalityId]]);
    expect(await prisma.auditEvent.count({ where: { action: "staff.invitation_accepted", entityId: userId } })).toBe(1);

    expect((await getStaffInvitation({ token }))?.state).toBe("used");
    expect((await domainError(createStaffAccount({ token, input: account }))).code).toBe("admin:errors.invitationInvalid");
    // The same person pressing twice is signed in, with the password they chose only.
    expect(await resumeStaffAccount({ token, password: account.password })).toBe(userId);
    expect(await resumeStaffAccount({ token, password: "wrong-password-1" })).toBeNull();
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });

  it("an existing account accepts while signed in with the invited address only", async () => {
    const admin = await createStaff("ADMIN");
    const invitee = await createUser({ emailConfirmed: false });
    const other = await createUser();
    await inviteStaff({ actor: admin.actor, email: invitee.email, role: "PROGRAMME_OFFICER", locale: "ky" });
    const { token } = await tokenSentTo(invitee.email);
    expect((await getStaffInvitation({ token }))?.accountExists).toBe(true);
    expect((await domainError(createStaffAccount({ token, input: account }))).code).toBe("admin:errors.accountExists");

    expect((await domainError(acceptStaffInvitation({ actor: actorOf(other, []), token }))).code).toBe(
      "admin:errors.invitationForAnotherEmail",
    );
    expect((await getStaffInvitation({ token }))?.state).toBe("usable");

    expect(await acceptStaffInvitation({ actor: actorOf(invitee, []), token })).toEqual({
      municipalityId: admin.municipalityId,
      role: "PROGRAMME_OFFICER",
    });
    const after = await prisma.user.findUniqueOrThrow({
      where: { id: invitee.id },
      select: { emailConfirmedAt: true, roles: { select: { role: true } } },
    });
    expect(after.roles).toEqual([{ role: "PROGRAMME_OFFICER" }]);
    expect(after.emailConfirmedAt).not.toBeNull();
    expect((await domainError(acceptStaffInvitation({ actor: actorOf(invitee, []), token }))).code).toBe("admin:errors.invitationInvalid");
  });

  it("an expired or revoked link is refused and says which it is", async () => {
    const admin = await createStaff("ADMIN");
    const now = new Date("2026-05-01T08:00:00Z");
    const email = `late-${Date.now()}@karakol.kg`;
    await inviteStaff({ actor: admin.actor, email, role: "FINANCE_OFFICER", locale: "ru", now });
    const { token } = await tokenSentTo(email);
    const later = new Date(now.getTime() + STAFF_INVITATION_TTL_MS);
    expect((await getStaffInvitation({ token, now: later }))?.state).toBe("expired");
    expect((await domainError(createStaffAccount({ token, input: account, now: later }))).code).toBe("admin:errors.invitationInvalid");
    expect(await getStaffInvitation({ token: "unknown-token-unknown-token-unknown" })).toBeNull();

    const revoked = await inviteStaff({ actor: admin.actor, email: `rev-${Date.now()}@karakol.kg`, role: "ADMIN", locale: "ky" });
    const revokedRow = await prisma.staffInvitation.findUniqueOrThrow({ where: { id: revoked.invitationId } });
    await revokeStaffInvitation({ actor: admin.actor, invitationId: revoked.invitationId });
    await revokeStaffInvitation({ actor: admin.actor, invitationId: revoked.invitationId });
    const { token: revokedToken } = await tokenSentTo(revokedRow.email);
    expect((await getStaffInvitation({ token: revokedToken }))?.state).toBe("revoked");
    expect((await domainError(createStaffAccount({ token: revokedToken, input: account }))).code).toBe("admin:errors.invitationInvalid");
    expect(await prisma.auditEvent.count({ where: { action: "staff.invitation_revoked", entityId: admin.municipalityId } })).toBe(1);
  });

  it("refuses NCO people, another municipality's staff and a role held already", async () => {
    const admin = await createStaff("ADMIN");
    const nco = await createNcoMember();
    const elsewhere = await createStaff("PROGRAMME_OFFICER");
    const officer = await createStaff("PROGRAMME_OFFICER", admin.municipalityId);
    const invite = (email: string) => inviteStaff({ actor: admin.actor, email, role: "PROGRAMME_OFFICER", locale: "ky" });
    expect((await domainError(invite(nco.user.email))).code).toBe("admin:errors.ncoMember");
    expect((await domainError(invite(elsewhere.user.email))).code).toBe("admin:errors.staffElsewhere");
    expect((await domainError(invite(officer.user.email))).code).toBe("admin:errors.alreadyHasRole");
    expect(await prisma.staffInvitation.count({ where: { municipalityId: admin.municipalityId } })).toBe(0);
  });

  it("keeps each administrator to their municipality", async () => {
    const admin = await createStaff("ADMIN");
    const otherAdmin = await createStaff("ADMIN", (await createMunicipality()).id);
    const { invitationId } = await inviteStaff({
      actor: admin.actor,
      email: `x-${Date.now()}@karakol.kg`,
      role: "FINANCE_OFFICER",
      locale: "ky",
    });
    expect((await domainError(revokeStaffInvitation({ actor: otherAdmin.actor, invitationId }))).status).toBe(404);
    expect((await listStaff({ actor: otherAdmin.actor })).invitations).toEqual([]);
    const officer = await createStaff("PROGRAMME_OFFICER", admin.municipalityId);
    expect((await domainError(inviteStaff({ actor: officer.actor, email: "y@karakol.kg", role: "ADMIN", locale: "ky" }))).status).toBe(403);
  });
});
