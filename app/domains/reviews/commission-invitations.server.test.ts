import { describe, expect, it } from "vitest";
import { INVITATION_TTL_MS } from "~/domains/accounts/invitation-links.server";
import { prisma } from "~/utils/db.server";
import { actorOf, createMunicipality, createStaff, createUser } from "../../../tests/factories";
import { createReviewCall, createSubmittedProposal, markEligible } from "../../../tests/factories-reviews";
import {
  acceptCommissionInvitation,
  createExpertAccount,
  getCommissionInvitation,
  inviteToCommission,
  resumeExpertAccount,
  withdrawCommissionInvitation,
} from "./commission-invitations.server";
import { getCommissionForOfficer, getMemberCall, listSeats } from "./commission.server";
import { decideEligibility } from "./screening.server";
import { recordCommissionException } from "./separation-of-duties.server";
import { domainError } from "../../../tests/support/domain-error";

async function tokenSentTo(email: string) {
  const notice = await prisma.notification.findFirstOrThrow({
    where: { recipient: email, template: "commission-invitation" },
    orderBy: { createdAt: "desc" },
  });
  return { notice, token: (notice.payload as { link: string }).link.split("/commission-invitations/")[1]! };
}

const expertEmail = () => `expert-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.kg`;
const account = {
  privacyConsent: "on" as const,
  fullName: "Айгүл Сыдыкова",
  password: "Issyk-Kul-2026",
  confirmPassword: "Issyk-Kul-2026",
  locale: "ky" as const,
};
const invite = { fullName: "Айгуль Сыдыкова", role: "MEMBER" as const, affiliations: "02103201810123", locale: "ru" as const };
const seatsOf = (callId: string, userId: string) => prisma.commissionMembership.count({ where: { callId, userId } });

describe("outside experts invited to a call's commission", () => {
  it("an address with a confirmed account is seated at once, as an appointment; any other address gets a link in the chosen language, storing only the token's hash", async () => {
    const { call, officer } = await createReviewCall();
    const member = await createUser();
    expect(await inviteToCommission({ actor: officer, callId: call.id, ...invite, email: member.email })).toMatchObject({
      outcome: "seated",
    });
    expect(await seatsOf(call.id, member.id)).toBe(1);
    expect(await prisma.commissionInvitation.count({ where: { callId: call.id } })).toBe(0);
    expect(
      await prisma.auditEvent.count({ where: { action: "commission.appointed", entityType: "CommissionMembership", actorId: officer.id } }),
    ).toBe(1);

    const email = expertEmail();
    const { outcome, id } = await inviteToCommission({ actor: officer, callId: call.id, ...invite, email });
    expect(outcome).toBe("invited");
    const { notice, token } = await tokenSentTo(email);
    expect(notice.locale).toBe("ru");
    expect(notice.payload).toMatchObject({
      call: call.reference,
      callTitle: "Социальные услуги для детей",
      role: "MEMBER",
      name: invite.fullName,
    });
    const row = await prisma.commissionInvitation.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(INVITATION_TTL_MS);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "commission.invited", entityId: call.id } });
    expect(JSON.parse(audit.after ?? "{}")).toMatchObject({ invitationId: id, email, role: "MEMBER", affiliations: ["02103201810123"] });

    // Listed on the commission page while pending; a second press sends nothing more.
    expect((await getCommissionForOfficer({ actor: officer, callId: call.id })).invitations.map((i) => i.email)).toEqual([email]);
    expect(await inviteToCommission({ actor: officer, callId: call.id, ...invite, email })).toEqual({ outcome: "alreadyInvited", id });
    expect(await prisma.notification.count({ where: { recipient: email, template: "commission-invitation" } })).toBe(1);
    // Without an account, a name is needed.
    expect(
      (await domainError(inviteToCommission({ actor: officer, callId: call.id, ...invite, fullName: "", email: expertEmail() }))).code,
    ).toBe("reviews:errors.nameNeeded");
    // A disabled account is neither seated nor invited.
    const disabled = await createUser({ status: "DISABLED" });
    expect((await domainError(inviteToCommission({ actor: officer, callId: call.id, ...invite, email: disabled.email }))).code).toBe(
      "reviews:errors.accountDisabled",
    );
  });

  it("a new person creates the account from the link and takes the seat; the expert has no staff role and sees only this call", async () => {
    const { call, officer } = await createReviewCall();
    const { call: otherCall } = await createReviewCall();
    const email = expertEmail();
    await inviteToCommission({ actor: officer, callId: call.id, ...invite, email });
    const { token } = await tokenSentTo(email);
    expect(await getCommissionInvitation({ token })).toMatchObject({
      state: "usable",
      email,
      role: "MEMBER",
      accountExists: false,
      call: { reference: call.reference },
    });

    const { userId } = await createExpertAccount({ token, input: account });
    const user = await prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        fullName: true,
        locale: true,
        emailConfirmedAt: true,
        roles: true,
        commissionSeats: { select: { callId: true, role: true, affiliations: true, appointedById: true } },
      },
    });
    expect(user).toMatchObject({ fullName: account.fullName, locale: "ky", roles: [] });
    expect(user.emailConfirmedAt).not.toBeNull();
    expect(user.commissionSeats).toEqual([
      { callId: call.id, role: "MEMBER", affiliations: ["02103201810123"], appointedById: officer.id },
    ]);
    expect(await prisma.auditEvent.count({ where: { action: "commission.invitation_accepted", actorId: userId } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "user.registered", entityId: userId } })).toBe(1);

    const expert = actorOf({ id: userId, email, fullName: account.fullName }, ["COMMISSION_MEMBER"]);
    expect((await listSeats({ actor: expert })).map((s) => s.call.id)).toEqual([call.id]);
    expect((await getMemberCall({ actor: expert, callId: call.id })).seat.role).toBe("MEMBER");
    expect((await domainError(getMemberCall({ actor: expert, callId: otherCall.id }))).status).toBe(404);

    // Used: the link works no more, and says so; the same person pressing twice is signed in.
    expect((await getCommissionInvitation({ token }))?.state).toBe("used");
    expect((await domainError(createExpertAccount({ token, input: account }))).code).toBe("reviews:errors.invitationInvalid");
    expect(await resumeExpertAccount({ token, password: account.password })).toBe(userId);
    expect(await resumeExpertAccount({ token, password: "wrong-password-1" })).toBeNull();
    expect((await getCommissionForOfficer({ actor: officer, callId: call.id })).invitations).toEqual([]);
  });

  it("an account whose address is not confirmed is invited, and accepts signed in with the invited address only", async () => {
    const { call, officer } = await createReviewCall();
    const invitee = await createUser({ emailConfirmed: false });
    const other = await createUser();
    expect(
      (await inviteToCommission({ actor: officer, callId: call.id, ...invite, fullName: "", email: invitee.email, role: "CHAIR" })).outcome,
    ).toBe("invited");
    const { token } = await tokenSentTo(invitee.email);
    expect((await getCommissionInvitation({ token }))?.accountExists).toBe(true);
    expect((await domainError(createExpertAccount({ token, input: account }))).code).toBe("admin:errors.accountExists");
    expect((await domainError(acceptCommissionInvitation({ actor: actorOf(other, []), token }))).code).toBe(
      "admin:errors.invitationForAnotherEmail",
    );
    expect((await getCommissionInvitation({ token }))?.state).toBe("usable");

    expect(await acceptCommissionInvitation({ actor: actorOf(invitee, []), token })).toEqual({ callId: call.id });
    const seat = await prisma.commissionMembership.findFirstOrThrow({ where: { callId: call.id, userId: invitee.id } });
    expect(seat.role).toBe("CHAIR");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: invitee.id } })).emailConfirmedAt).not.toBeNull();
    expect((await domainError(acceptCommissionInvitation({ actor: actorOf(invitee, []), token }))).code).toBe(
      "reviews:errors.invitationInvalid",
    );
  });

  it("expired, withdrawn and replaced links are refused and say which they are; an unknown one is not found", async () => {
    const { call, officer } = await createReviewCall();
    const now = new Date();
    const email = expertEmail();
    await inviteToCommission({ actor: officer, callId: call.id, ...invite, email, now });
    const { token } = await tokenSentTo(email);
    const later = new Date(now.getTime() + INVITATION_TTL_MS);
    expect((await getCommissionInvitation({ token, now: later }))?.state).toBe("expired");
    expect((await domainError(createExpertAccount({ token, input: account, now: later }))).code).toBe("reviews:errors.invitationInvalid");
    expect(await getCommissionInvitation({ token: "unknown-token-unknown-token-unknown" })).toBeNull();

    // Another role replaces the pending invitation.
    await inviteToCommission({ actor: officer, callId: call.id, ...invite, email, role: "OBSERVER" });
    expect((await getCommissionInvitation({ token }))?.state).toBe("revoked");
    const { token: second } = await tokenSentTo(email);
    const pending = (await getCommissionForOfficer({ actor: officer, callId: call.id })).invitations;
    expect(pending.map((i) => i.role)).toEqual(["OBSERVER"]);

    await withdrawCommissionInvitation({ actor: officer, callId: call.id, invitationId: pending[0]!.id });
    // A second press is done, without a second audit event.
    await withdrawCommissionInvitation({ actor: officer, callId: call.id, invitationId: pending[0]!.id });
    expect(await prisma.auditEvent.count({ where: { action: "commission.invitation_revoked", entityId: call.id } })).toBe(1);
    expect((await getCommissionInvitation({ token: second }))?.state).toBe("revoked");
    expect((await domainError(createExpertAccount({ token: second, input: account }))).code).toBe("reviews:errors.invitationInvalid");
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("another municipality's officer can neither invite nor withdraw on this call: 404", async () => {
    const { call, officer } = await createReviewCall();
    const stranger = await createStaff("PROGRAMME_OFFICER", (await createMunicipality()).id);
    const finance = await createStaff("FINANCE_OFFICER", officer.municipalityId!);
    expect(
      (await domainError(inviteToCommission({ actor: stranger.actor, callId: call.id, ...invite, email: expertEmail() }))).status,
    ).toBe(404);
    expect((await domainError(inviteToCommission({ actor: finance.actor, callId: call.id, ...invite, email: expertEmail() }))).status).toBe(
      403,
    );
    const { id } = await inviteToCommission({ actor: officer, callId: call.id, ...invite, email: expertEmail() });
    expect((await domainError(withdrawCommissionInvitation({ actor: stranger.actor, callId: call.id, invitationId: id }))).status).toBe(
      404,
    );
    // Nor through a call of their own with this call's invitation.
    const { call: theirs } = await createReviewCall({ municipalityId: stranger.municipalityId });
    expect((await domainError(withdrawCommissionInvitation({ actor: stranger.actor, callId: theirs.id, invitationId: id }))).status).toBe(
      404,
    );
    expect((await prisma.commissionInvitation.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
  });

  it("accepting applies every rule of an appointment, checked when the person accepts: separation of duties, one chair, the call's state", async () => {
    const { call, officer, municipalityId } = await createReviewCall();
    // An officer of the municipality, not yet confirmed, who screened a proposal of the call after being invited.
    const screener = await createUser({ emailConfirmed: false });
    await prisma.roleAssignment.create({ data: { userId: screener.id, role: "PROGRAMME_OFFICER", municipalityId } });
    await inviteToCommission({ actor: officer, callId: call.id, ...invite, email: screener.email });
    const { token } = await tokenSentTo(screener.email);
    const { proposal } = await createSubmittedProposal(call.id);
    await markEligible([proposal.id], screener.id);
    const screenerActor = actorOf(screener, ["PROGRAMME_OFFICER"], municipalityId);
    expect((await domainError(acceptCommissionInvitation({ actor: screenerActor, token }))).code).toBe("reviews:errors.dutyScreened");
    expect(await seatsOf(call.id, screener.id)).toBe(0);
    // The refusal rolled the claim back: with the administrator's exception the same link works.
    const admin = await createStaff("ADMIN", municipalityId);
    await recordCommissionException({
      actor: admin.actor,
      callId: call.id,
      email: screener.email,
      reason: "Единственный специалист по этой теме в районе",
    });
    await acceptCommissionInvitation({ actor: screenerActor, token });
    expect(await seatsOf(call.id, screener.id)).toBe(1);

    // Two chairs invited; the second to accept finds the seat taken.
    const [first, second] = [expertEmail(), expertEmail()];
    await inviteToCommission({ actor: officer, callId: call.id, ...invite, email: first, role: "CHAIR" });
    await inviteToCommission({ actor: officer, callId: call.id, ...invite, email: second, role: "CHAIR" });
    const [t1, t2] = [(await tokenSentTo(first)).token, (await tokenSentTo(second)).token];
    await createExpertAccount({ token: t1, input: account });
    expect((await domainError(createExpertAccount({ token: t2, input: account }))).code).toBe("reviews:errors.chairExists");
    // Nothing of the refused acceptance is kept: no account, and the link is still pending.
    expect(await prisma.user.count({ where: { email: second } })).toBe(0);
    expect((await getCommissionInvitation({ token: t2 }))?.state).toBe("usable");
    // Inviting a chair now is refused at once.
    expect(
      (await domainError(inviteToCommission({ actor: officer, callId: call.id, ...invite, email: expertEmail(), role: "CHAIR" }))).code,
    ).toBe("reviews:errors.chairExists");

    // A call whose review is over seats nobody.
    const third = expertEmail();
    await inviteToCommission({ actor: officer, callId: call.id, ...invite, email: third });
    await prisma.call.update({ where: { id: call.id }, data: { status: "DECIDED" } });
    expect((await domainError(createExpertAccount({ token: (await tokenSentTo(third)).token, input: account }))).code).toBe(
      "reviews:errors.reviewClosed",
    );
    expect((await domainError(inviteToCommission({ actor: officer, callId: call.id, ...invite, email: expertEmail() }))).code).toBe(
      "reviews:errors.reviewClosed",
    );
  });

  it("the person who drafted the call is refused when invited, before any e-mail goes", async () => {
    const { call, officer, municipalityId } = await createReviewCall();
    const drafter = await createUser({ emailConfirmed: false });
    await prisma.roleAssignment.create({ data: { userId: drafter.id, role: "PROGRAMME_OFFICER", municipalityId } });
    await prisma.call.update({ where: { id: call.id }, data: { createdById: drafter.id } });
    expect((await domainError(inviteToCommission({ actor: officer, callId: call.id, ...invite, email: drafter.email }))).code).toBe(
      "reviews:errors.dutyDrafted",
    );
    expect(await prisma.notification.count({ where: { recipient: drafter.email, template: "commission-invitation" } })).toBe(0);
  });
});

describe("separation of duties, the other way: a seated member does not screen", () => {
  it("screened first: the screener is not appointed (decision 0053); seated first: the member does not screen, until the administrator records an exception", async () => {
    const { call, officer, municipalityId } = await createReviewCall();
    const colleague = await createStaff("PROGRAMME_OFFICER", municipalityId);
    const [{ proposal: first }, { proposal: second }] = [await createSubmittedProposal(call.id), await createSubmittedProposal(call.id)];

    // Order 1: screened, then appointed.
    await decideEligibility({ actor: officer, proposalId: first.id, eligible: true, reason: "" });
    expect((await domainError(inviteToCommission({ actor: colleague.actor, callId: call.id, ...invite, email: officer.email }))).code).toBe(
      "reviews:errors.dutyScreened",
    );

    // Order 2: seated, then screening.
    await inviteToCommission({ actor: officer, callId: call.id, ...invite, email: colleague.user.email });
    expect(await seatsOf(call.id, colleague.user.id)).toBe(1);
    const seatedActor = actorOf(colleague.user, ["PROGRAMME_OFFICER", "COMMISSION_MEMBER"], municipalityId);
    const refused = await domainError(decideEligibility({ actor: seatedActor, proposalId: second.id, eligible: true, reason: "" }));
    expect([refused.code, refused.status]).toEqual(["reviews:errors.dutySeated", 409]);
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("SUBMITTED");
    expect(await prisma.eligibilityDecision.count({ where: { proposalId: second.id } })).toBe(0);

    const admin = await createStaff("ADMIN", municipalityId);
    await recordCommissionException({
      actor: admin.actor,
      callId: call.id,
      email: colleague.user.email,
      reason: "Второй специалист программы в отпуске до конца месяца",
    });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "commission.exception_recorded", entityId: call.id } });
    expect(JSON.parse(audit.after ?? "{}")).toMatchObject({ duties: ["seated"] });
    await decideEligibility({ actor: seatedActor, proposalId: second.id, eligible: true, reason: "" });
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("ELIGIBLE");
  });
});
