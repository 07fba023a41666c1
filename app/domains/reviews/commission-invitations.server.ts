// Outside experts on a call's commission (issue 12; decision 0061). The
// officer enters an address on the commission page: an active account with a
// confirmed address is seated at once; any other address gets a link by
// e-mail, with which the person creates an account (or signs in) and takes
// the seat, under the same rules as an appointment. The link works as the
// staff invitation's does (invitation-links.server.ts).
import {
  createInvitedAccount,
  invitationState,
  invitationTokenHash,
  issueInvitationToken,
  resumeInvitedAccount,
  usableInvitation,
} from "~/domains/accounts/invitation-links.server";
import { INVITATION_ERRORS } from "~/domains/accounts/staff-invitations.server";
import type { StaffAccountInput } from "~/domains/accounts/staff-schemas";
import { recordAudit } from "~/domains/audit/audit.server";
import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";
import { localized, type AppLocale } from "~/utils/i18n";
import type { Actor } from "~/utils/permissions";
import { notFound, requireOfficerCall } from "./access.server";
import type { CommissionInviteInput } from "./commission-invitation-schemas";
import { appointAccount, SEATS_OPEN, seatMember } from "./commission.server";
import { affiliationsOf, parseAffiliations } from "./review-rules";
import { assertMaySit } from "./separation-of-duties.server";
import { isOneOf } from "~/utils/guards";

export const COMMISSION_INVITATION_ERRORS = {
  invalid: "reviews:errors.invitationInvalid",
  forAnotherEmail: INVITATION_ERRORS.forAnotherEmail,
  accountExists: INVITATION_ERRORS.accountExists,
} as const;

const isOpen = (status: string) => isOneOf(SEATS_OPEN, status);

/**
 * Seats the owner of the address, or invites it. Inviting the same address
 * in the same role again while the first is pending sends nothing (a second
 * press); another role or other affiliations replace the pending invitation.
 */
export async function inviteToCommission({
  actor,
  callId,
  fullName,
  email,
  role,
  affiliations,
  locale,
  ipAddress,
  now = new Date(),
}: CommissionInviteInput & { actor: Actor; callId: string; ipAddress?: string; now?: Date }) {
  const call = await requireOfficerCall(actor, callId, "appoint:commission:any");
  if (!isOpen(call.status)) throw new DomainError("reviews:errors.reviewClosed", {}, 409);
  const address = email.trim().toLowerCase();
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { email: address },
      select: { id: true, status: true, emailConfirmedAt: true, fullName: true, locale: true },
    });
    if (user && user.status !== "ACTIVE") throw new DomainError("reviews:errors.accountDisabled", {}, 409);
    if (user?.emailConfirmedAt) {
      const seat = await appointAccount(tx, { actor, call, user, role, affiliations, now });
      return { outcome: "seated" as const, id: seat.id };
    }
    const name = fullName.trim() || user?.fullName || "";
    if (name.length < 2) throw new DomainError("reviews:errors.nameNeeded", {}, 422);
    // An account whose address is not confirmed yet: what would refuse its seat is said now, not after the e-mail.
    if (user) await assertMaySit(tx, callId, user.id);
    if (role === "CHAIR" && (await tx.commissionMembership.count({ where: { callId, role: "CHAIR" } })) > 0)
      throw new DomainError("reviews:errors.chairExists", {}, 409);
    const parsedAffiliations = parseAffiliations(affiliations);
    const pending = await tx.commissionInvitation.findMany({
      where: { callId, email: address, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, role: true, affiliations: true },
    });
    const same = pending.find(
      (p) => p.role === role && JSON.stringify(affiliationsOf(p.affiliations)) === JSON.stringify(parsedAffiliations),
    );
    if (same) return { outcome: "alreadyInvited" as const, id: same.id };
    if (pending.length)
      await tx.commissionInvitation.updateMany({ where: { id: { in: pending.map((p) => p.id) } }, data: { revokedAt: now } });
    const { token, tokenHash, expiresAt } = issueInvitationToken(now);
    const language: AppLocale = user?.locale ?? locale;
    const invitation = await tx.commissionInvitation.create({
      data: {
        callId,
        email: address,
        fullName: name,
        role,
        affiliations: parsedAffiliations,
        locale: language,
        tokenHash,
        invitedById: actor.id,
        expiresAt,
        createdAt: now,
      },
      select: { id: true },
    });
    const municipality = await tx.municipality.findUniqueOrThrow({
      where: { id: call.municipalityId },
      select: { nameKy: true, nameRu: true, nameEn: true },
    });
    await enqueueNotification(tx, {
      channel: "EMAIL",
      recipient: address,
      template: "commission-invitation",
      locale: language,
      payload: {
        link: `${getEnv().PUBLIC_URL}/commission-invitations/${token}`,
        name,
        call: call.reference,
        callTitle: localized(call, "title", language),
        municipality: localized(municipality, "name", language),
        role,
        invitedBy: actor.label.replace(/ <.*>$/, ""),
        expiresAt: expiresAt.toISOString(),
      },
    });
    await recordAudit(tx, {
      actor,
      action: "commission.invited",
      entityType: "Call",
      entityId: callId,
      after: {
        invitationId: invitation.id,
        email: address,
        fullName: name,
        role,
        affiliations: parsedAffiliations,
        expiresAt,
        replaced: pending.map((p) => p.id),
      },
      ipAddress,
      now,
    });
    return { outcome: "invited" as const, id: invitation.id };
  });
}

/** Withdraws a pending invitation of the officer's own call; a second press is done, another municipality's answers 404. */
export async function withdrawCommissionInvitation({
  actor,
  callId,
  invitationId,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  callId: string;
  invitationId: string;
  ipAddress?: string;
  now?: Date;
}) {
  await requireOfficerCall(actor, callId, "appoint:commission:any");
  await prisma.$transaction(async (tx) => {
    const withdrawn = await tx.commissionInvitation.updateMany({
      where: { id: invitationId, callId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    if (withdrawn.count === 0) {
      if (!(await tx.commissionInvitation.findFirst({ where: { id: invitationId, callId }, select: { id: true } }))) throw notFound();
      return;
    }
    await recordAudit(tx, {
      actor,
      action: "commission.invitation_revoked",
      entityType: "Call",
      entityId: callId,
      after: { invitationId },
      ipAddress,
      now,
    });
  });
}

/** What the invitation page shows; null for an unknown token. */
export async function getCommissionInvitation({ token, now = new Date() }: { token: string; now?: Date }) {
  const invitation = await prisma.commissionInvitation.findUnique({
    where: { tokenHash: invitationTokenHash(token) },
    select: {
      email: true,
      fullName: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      call: {
        select: {
          reference: true,
          titleKy: true,
          titleRu: true,
          titleEn: true,
          municipality: { select: { nameKy: true, nameRu: true, nameEn: true } },
        },
      },
    },
  });
  if (!invitation) return null;
  const state = invitationState(invitation, now);
  const account = state === "usable" ? await prisma.user.findUnique({ where: { email: invitation.email }, select: { id: true } }) : null;
  const { call } = invitation;
  return {
    state,
    email: invitation.email,
    fullName: invitation.fullName,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    call: { reference: call.reference, titleKy: call.titleKy, titleRu: call.titleRu, titleEn: call.titleEn },
    municipality: call.municipality,
    accountExists: Boolean(account),
  };
}

/** Claims the invitation for `userId` or refuses; the caller's transaction rolls the claim back on any later refusal. */
async function claim(tx: Tx, token: string, userId: string, now: Date) {
  const claimed = await tx.commissionInvitation.updateMany({
    where: usableInvitation(token, now),
    data: { acceptedAt: now, acceptedById: userId },
  });
  if (claimed.count !== 1) throw new DomainError(COMMISSION_INVITATION_ERRORS.invalid, {}, 400);
  return tx.commissionInvitation.findUniqueOrThrow({
    where: { tokenHash: invitationTokenHash(token) },
    select: { id: true, callId: true, email: true, role: true, affiliations: true, invitedById: true },
  });
}

type Claimed = Awaited<ReturnType<typeof claim>>;

/** The seat the invitation promised, under every rule an appointment obeys, checked now. */
async function seatFromInvitation(
  tx: Tx,
  invitation: Claimed,
  userId: string,
  self: { id: string; label: string },
  ipAddress: string | undefined,
  now: Date,
) {
  const call = await tx.call.findUniqueOrThrow({ where: { id: invitation.callId }, select: { status: true } });
  if (!isOpen(call.status)) throw new DomainError("reviews:errors.reviewClosed", {}, 409);
  const seat = await seatMember(tx, {
    callId: invitation.callId,
    userId,
    role: invitation.role,
    affiliations: affiliationsOf(invitation.affiliations),
    appointedById: invitation.invitedById,
    now,
  });
  await recordAudit(tx, {
    actor: self,
    action: "commission.invitation_accepted",
    entityType: "CommissionMembership",
    entityId: seat.id,
    after: { invitationId: invitation.id, callId: invitation.callId, userId, role: invitation.role },
    ipAddress,
    now,
  });
  return seat;
}

/** A signed-in person accepts an invitation sent to their own address and takes the seat. */
export async function acceptCommissionInvitation({
  actor,
  token,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  token: string;
  ipAddress?: string;
  now?: Date;
}) {
  return prisma.$transaction(async (tx) => {
    const invitation = await claim(tx, token, actor.id, now);
    if (invitation.email !== actor.email.toLowerCase())
      throw new DomainError(COMMISSION_INVITATION_ERRORS.forAnotherEmail, { email: invitation.email }, 403);
    // The link reached this address: it is proven as a confirmation link would prove it.
    await tx.user.updateMany({ where: { id: actor.id, emailConfirmedAt: null }, data: { emailConfirmedAt: now } });
    await seatFromInvitation(tx, invitation, actor.id, actor, ipAddress, now);
    return { callId: invitation.callId };
  });
}

/** A person without an account creates one from the invitation and takes the seat; the address counts as confirmed. */
export async function createExpertAccount({
  token,
  input,
  ipAddress,
  now = new Date(),
}: {
  token: string;
  input: StaffAccountInput;
  ipAddress?: string;
  now?: Date;
}) {
  return createInvitedAccount({
    pending: (db) => db.commissionInvitation.findFirst({ where: usableInvitation(token, now), select: { email: true } }),
    claim: (tx, userId) => claim(tx, token, userId, now),
    join: async (tx, invitation, user, self) => {
      await seatFromInvitation(tx, invitation, user.id, self, ipAddress, now);
    },
    input,
    errors: COMMISSION_INVITATION_ERRORS,
    ipAddress,
    now,
  });
}

/** The account made from this invitation moments ago, when the password matches (a second press of "create"). */
export async function resumeExpertAccount({ token, password, now = new Date() }: { token: string; password: string; now?: Date }) {
  const invitation = await prisma.commissionInvitation.findUnique({
    where: { tokenHash: invitationTokenHash(token) },
    select: { acceptedAt: true, acceptedById: true },
  });
  return resumeInvitedAccount({ invitation, password, now });
}
