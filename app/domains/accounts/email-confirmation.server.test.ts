import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appointMember } from "~/domains/reviews/commission.server";
import { acceptInvitation, inviteMember } from "~/domains/organizations/organizations.server";
import { submitProposal } from "~/domains/proposals/submission.server";
import { prisma } from "~/utils/db.server";
import { actorOf, createNcoMember, createStaff, createUser } from "../../../tests/factories";
import { createCompleteProposal, createOpenCall, newKey } from "../../../tests/factories-proposals";
import { createReviewCall } from "../../../tests/factories-reviews";
import {
  assertEmailConfirmed,
  confirmEmail,
  CONFIRMATION_TTL_MS,
  isConfirmationTokenUsable,
  RESEND_INTERVAL_MS,
  sendEmailConfirmation,
} from "./email-confirmation.server";
import { domainError } from "../../../tests/support/domain-error";

/** The token of the newest confirmation link queued for the address (as the person reads it in the mail). */
async function tokenSentTo(email: string) {
  const notice = await prisma.notification.findFirstOrThrow({
    where: { recipient: email, template: "email-confirmation" },
    orderBy: { createdAt: "desc" },
  });
  const link = (notice.payload as { link: string }).link;
  return { notice, token: link.split("/confirm-email/")[1]! };
}

const locale = (lang: string, ns: string) =>
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../../public/locales/${lang}/${ns}.json`), "utf8")) as Record<
    string,
    string
  >;

describe("the confirmation link", () => {
  it("is queued in the person's language, stored only as a hash, and confirms the address once", async () => {
    const user = await createUser({ emailConfirmed: false });
    await prisma.user.update({ where: { id: user.id }, data: { locale: "en" } });
    const now = new Date();
    expect(await sendEmailConfirmation({ userId: user.id, now })).toEqual({ sent: true });

    const { notice, token } = await tokenSentTo(user.email);
    expect(notice).toMatchObject({ channel: "EMAIL", locale: "en", status: "PENDING" });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await prisma.emailConfirmationToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - now.getTime()).toBe(CONFIRMATION_TTL_MS);

    expect(await isConfirmationTokenUsable({ token })).toBe(true);
    await confirmEmail({ token });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailConfirmedAt).toBeInstanceOf(Date);
    expect(await prisma.auditEvent.count({ where: { entityId: user.id, action: "user.email_confirmed" } })).toBe(1);

    expect((await domainError(confirmEmail({ token }))).code).toBe("errors:emailConfirmationInvalid");
    expect(await isConfirmationTokenUsable({ token })).toBe(false);
    expect(await sendEmailConfirmation({ userId: user.id })).toEqual({ sent: false, reason: "confirmed" });
  });

  it("expires, and cannot be asked for again within a minute", async () => {
    const user = await createUser({ emailConfirmed: false });
    const sentAt = new Date(Date.now() - CONFIRMATION_TTL_MS - 1000);
    await sendEmailConfirmation({ userId: user.id, now: sentAt });
    const { token } = await tokenSentTo(user.email);
    expect((await domainError(confirmEmail({ token }))).status).toBe(400);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailConfirmedAt).toBeNull();

    expect(await sendEmailConfirmation({ userId: user.id })).toEqual({ sent: true });
    expect(await sendEmailConfirmation({ userId: user.id })).toEqual({ sent: false, reason: "tooSoon" });
    expect(await sendEmailConfirmation({ userId: user.id, now: new Date(Date.now() + RESEND_INTERVAL_MS + 1000) })).toEqual({ sent: true });
    expect(await prisma.notification.count({ where: { recipient: user.email, template: "email-confirmation" } })).toBe(3);
  });

  it("refuses an unknown token without saying more", async () => {
    expect((await domainError(confirmEmail({ token: "not-a-token" }))).code).toBe("errors:emailConfirmationInvalid");
  });
});

describe("what an unconfirmed account cannot do", () => {
  it("assertEmailConfirmed throws a DomainError whose message exists in ky, ru and en", async () => {
    const unconfirmed = await createUser({ emailConfirmed: false });
    const confirmed = await createUser();
    await expect(assertEmailConfirmed({ userId: confirmed.id })).resolves.toBeUndefined();
    const self = await domainError(assertEmailConfirmed({ userId: unconfirmed.id }));
    const other = await domainError(assertEmailConfirmed({ userId: unconfirmed.id, subject: "other" }));
    for (const error of [self, other]) {
      const key = error.code.replace(/^errors:/, "");
      for (const lang of ["ky", "ru", "en"]) expect(locale(lang, "errors")[key]?.length).toBeGreaterThan(20);
    }
    expect(self.status).toBe(403);
  });

  it("cannot submit a proposal until the address is confirmed", async () => {
    const call = await createOpenCall();
    const nco = await createNcoMember();
    await prisma.user.update({ where: { id: nco.user.id }, data: { emailConfirmedAt: null } });
    const proposal = await createCompleteProposal({ callId: call.id, organizationId: nco.organization.id, createdById: nco.user.id });
    const now = new Date(call.submissionDeadline!.getTime() - 60_000);
    const error = await domainError(submitProposal({ actor: nco.actor, now, proposalId: proposal.id, idempotencyKey: newKey() }));
    expect(error.code).toBe("errors:emailNotConfirmed");
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("DRAFT");

    await sendEmailConfirmation({ userId: nco.user.id });
    await confirmEmail({ token: (await tokenSentTo(nco.user.email)).token });
    const receipt = await submitProposal({ actor: nco.actor, now, proposalId: proposal.id, idempotencyKey: newKey() });
    expect(receipt.number).toBe(1);
  });

  it("cannot be given a commission seat", async () => {
    const { call, officer } = await createReviewCall();
    const person = await createUser({ emailConfirmed: false });
    const error = await domainError(
      appointMember({ actor: officer, callId: call.id, email: person.email, role: "MEMBER", affiliations: "" }),
    );
    expect(error.code).toBe("errors:emailNotConfirmedOther");
    expect(await prisma.commissionMembership.count({ where: { userId: person.id } })).toBe(0);

    await prisma.user.update({ where: { id: person.id }, data: { emailConfirmedAt: new Date() } });
    await appointMember({ actor: officer, callId: call.id, email: person.email, role: "MEMBER", affiliations: "" });
    expect(await prisma.commissionMembership.count({ where: { userId: person.id } })).toBe(1);
  });

  it("cannot accept an organization invitation, which stays usable until it can", async () => {
    const admin = await createNcoMember("ADMIN");
    const invitee = await createUser({ emailConfirmed: false });
    await inviteMember({ actor: admin.actor, organizationId: admin.organization.id, email: invitee.email, role: "MEMBER" });
    const notice = await prisma.notification.findFirstOrThrow({ where: { recipient: invitee.email, template: "organization-invitation" } });
    const token = (notice.payload as { link: string }).link.split("/invitations/")[1]!;
    const actor = actorOf(invitee, []);
    expect((await domainError(acceptInvitation({ actor, token }))).code).toBe("errors:emailNotConfirmed");
    expect(await prisma.organizationMember.count({ where: { userId: invitee.id } })).toBe(0);

    await prisma.user.update({ where: { id: invitee.id }, data: { emailConfirmedAt: new Date() } });
    expect(await acceptInvitation({ actor, token })).toEqual({ organizationId: admin.organization.id });
  });

  it("staff created by the factories and the seed are confirmed, so nothing else changes for them", async () => {
    const officer = await createStaff("PROGRAMME_OFFICER");
    await expect(assertEmailConfirmed({ userId: officer.user.id })).resolves.toBeUndefined();
  });
});
