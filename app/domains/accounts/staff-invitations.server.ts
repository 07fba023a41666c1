// A municipality's administrator invites staff by e-mail (issue 12; decision
// 0053). The link carries a random token; only its SHA-256 is stored, and it
// is claimed with a conditional update, so it works once.
import { recordAudit } from "~/domains/audit/audit.server";
import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";
import { localized, type AppLocale } from "~/utils/i18n";
import type { Actor } from "~/utils/permissions";
import {
  createInvitedAccount,
  INVITATION_TTL_MS,
  invitationState,
  invitationTokenHash,
  issueInvitationToken,
  resumeInvitedAccount,
  usableInvitation,
  type InvitationState,
} from "./invitation-links.server";
import { administeredMunicipality, assertStillAdministrator, lockMunicipality } from "./staff-roles.server";
import type { StaffAccountInput, StaffInviteInput } from "./staff-schemas";

export const STAFF_INVITATION_TTL_MS = INVITATION_TTL_MS;

export const INVITATION_ERRORS = {
  invalid: "admin:errors.invitationInvalid",
  forAnotherEmail: "admin:errors.invitationForAnotherEmail",
  alreadyHasRole: "admin:errors.alreadyHasRole",
  staffElsewhere: "admin:errors.staffElsewhere",
  ncoMember: "admin:errors.ncoMember",
  accountExists: "admin:errors.accountExists",
  disabled: "admin:errors.accountDisabled",
} as const;

/**
 * Who may join a municipality's staff: not a person of an NCO (they apply
 * for grants the staff decide on), not staff of another municipality (one
 * account acts for one municipality: its roles would apply to both).
 */
async function assertMayJoin(tx: Tx, email: string, municipalityId: string, role: string) {
  const user = await tx.user.findUnique({
    where: { email },
    select: { status: true, roles: { select: { municipalityId: true, role: true } }, memberships: { select: { id: true }, take: 1 } },
  });
  if (!user) return;
  if (user.status !== "ACTIVE") throw new DomainError(INVITATION_ERRORS.disabled, { email }, 409);
  if (user.memberships.length) throw new DomainError(INVITATION_ERRORS.ncoMember, { email }, 409);
  if (user.roles.some((r) => r.municipalityId !== municipalityId)) throw new DomainError(INVITATION_ERRORS.staffElsewhere, { email }, 409);
  if (user.roles.some((r) => r.role === role)) throw new DomainError(INVITATION_ERRORS.alreadyHasRole, { email }, 409);
}

/**
 * Queues an invitation in the invitee's language: their account's language,
 * or the one the administrator chose for an address without an account. The
 * same address and role invited again while the first is pending changes
 * nothing (a second press of the button); another role replaces it.
 */
export async function inviteStaff({
  actor,
  email,
  role,
  locale,
  ipAddress,
  now = new Date(),
}: StaffInviteInput & { actor: Actor; ipAddress?: string; now?: Date }) {
  const municipalityId = administeredMunicipality(actor);
  return prisma.$transaction(async (tx) => {
    await lockMunicipality(tx, municipalityId);
    await assertStillAdministrator(tx, actor, municipalityId);
    await assertMayJoin(tx, email, municipalityId, role);
    const pending = await tx.staffInvitation.findMany({
      where: { municipalityId, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, role: true },
    });
    const same = pending.find((p) => p.role === role);
    if (same) return { invitationId: same.id, created: false };
    if (pending.length) await tx.staffInvitation.updateMany({ where: { id: { in: pending.map((p) => p.id) } }, data: { revokedAt: now } });
    const { token, tokenHash, expiresAt } = issueInvitationToken(now);
    const invitation = await tx.staffInvitation.create({
      data: { municipalityId, email, role, tokenHash, invitedById: actor.id, expiresAt, createdAt: now },
      select: { id: true },
    });
    const [municipality, invitee] = await Promise.all([
      tx.municipality.findUniqueOrThrow({ where: { id: municipalityId }, select: { nameKy: true, nameRu: true, nameEn: true } }),
      tx.user.findUnique({ where: { email }, select: { locale: true } }),
    ]);
    const language: AppLocale = invitee?.locale ?? locale;
    await enqueueNotification(tx, {
      channel: "EMAIL",
      recipient: email,
      template: "staff-invitation",
      locale: language,
      payload: {
        link: `${getEnv().PUBLIC_URL}/staff-invitations/${token}`,
        municipality: localized(municipality, "name", language),
        role,
        invitedBy: actor.label.replace(/ <.*>$/, ""),
        expiresAt: expiresAt.toISOString(),
      },
    });
    await recordAudit(tx, {
      actor,
      action: "staff.invited",
      entityType: "Municipality",
      entityId: municipalityId,
      after: { invitationId: invitation.id, email, role, expiresAt, replaced: pending.map((p) => p.id) },
      ipAddress,
      now,
    });
    return { invitationId: invitation.id, created: true };
  });
}

export async function revokeStaffInvitation({
  actor,
  invitationId,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  invitationId: string;
  ipAddress?: string;
  now?: Date;
}) {
  const municipalityId = administeredMunicipality(actor);
  await prisma.$transaction(async (tx) => {
    await assertStillAdministrator(tx, actor, municipalityId);
    const revoked = await tx.staffInvitation.updateMany({
      where: { id: invitationId, municipalityId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    // Revoked already (a second press) is done; another municipality's answers 404.
    if (revoked.count === 0) {
      const own = await tx.staffInvitation.findFirst({ where: { id: invitationId, municipalityId }, select: { id: true } });
      if (!own) throw new DomainError("notFound", {}, 404);
      return;
    }
    await recordAudit(tx, {
      actor,
      action: "staff.invitation_revoked",
      entityType: "Municipality",
      entityId: municipalityId,
      after: { invitationId },
      ipAddress,
      now,
    });
  });
}

export type StaffInvitationState = InvitationState;

/** What the invitation page shows; null for an unknown token. */
export async function getStaffInvitation({ token, now = new Date() }: { token: string; now?: Date }) {
  const invitation = await prisma.staffInvitation.findUnique({
    where: { tokenHash: invitationTokenHash(token) },
    select: {
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      municipality: { select: { nameKy: true, nameRu: true, nameEn: true } },
    },
  });
  if (!invitation) return null;
  const state = invitationState(invitation, now);
  const account = state === "usable" ? await prisma.user.findUnique({ where: { email: invitation.email }, select: { id: true } }) : null;
  return {
    state,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    municipality: invitation.municipality,
    accountExists: Boolean(account),
  };
}

/** Claims the invitation for `userId` or refuses; the caller's transaction rolls the claim back on any later refusal. */
async function claim(tx: Tx, token: string, userId: string, now: Date) {
  const claimed = await tx.staffInvitation.updateMany({
    where: usableInvitation(token, now),
    data: { acceptedAt: now, acceptedById: userId },
  });
  if (claimed.count !== 1) throw new DomainError(INVITATION_ERRORS.invalid, {}, 400);
  return tx.staffInvitation.findUniqueOrThrow({
    where: { tokenHash: invitationTokenHash(token) },
    select: { id: true, municipalityId: true, email: true, role: true },
  });
}

async function grantFromInvitation(
  tx: Tx,
  invitation: { id: string; municipalityId: string; role: "ADMIN" | "PROGRAMME_OFFICER" | "FINANCE_OFFICER" },
  userId: string,
  actor: { id: string; label: string },
  ipAddress: string | undefined,
  now: Date,
) {
  await tx.roleAssignment.create({ data: { userId, municipalityId: invitation.municipalityId, role: invitation.role, createdAt: now } });
  await recordAudit(tx, {
    actor,
    action: "staff.invitation_accepted",
    entityType: "User",
    entityId: userId,
    after: { invitationId: invitation.id, role: invitation.role, municipalityId: invitation.municipalityId },
    ipAddress,
    now,
  });
}

/** A signed-in person accepts an invitation sent to their own address. */
export async function acceptStaffInvitation({
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
      throw new DomainError(INVITATION_ERRORS.forAnotherEmail, { email: invitation.email }, 403);
    await lockMunicipality(tx, invitation.municipalityId);
    await assertMayJoin(tx, invitation.email, invitation.municipalityId, invitation.role);
    // The link reached this address: it is proven as a confirmation link would prove it.
    await tx.user.updateMany({ where: { id: actor.id, emailConfirmedAt: null }, data: { emailConfirmedAt: now } });
    await grantFromInvitation(tx, invitation, actor.id, actor, ipAddress, now);
    return { municipalityId: invitation.municipalityId, role: invitation.role };
  });
}

/**
 * A person without an account creates one (name, password, language) from
 * the invitation and joins; the address is the invited one and counts as
 * confirmed. Returns the new account's id for the route to sign it in.
 */
export async function createStaffAccount({
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
    pending: (db) => db.staffInvitation.findFirst({ where: usableInvitation(token, now), select: { email: true } }),
    claim: (tx, userId) => claim(tx, token, userId, now),
    join: (tx, invitation, user, self) => grantFromInvitation(tx, invitation, user.id, self, ipAddress, now),
    input,
    errors: INVITATION_ERRORS,
    ipAddress,
    now,
  });
}

/**
 * The account made from this invitation moments ago, when the password
 * matches: a second press of "create account" signs the person in instead of
 * telling them the link is used. Null otherwise.
 */
export async function resumeStaffAccount({ token, password, now = new Date() }: { token: string; password: string; now?: Date }) {
  const invitation = await prisma.staffInvitation.findUnique({
    where: { tokenHash: invitationTokenHash(token) },
    select: { acceptedAt: true, acceptedById: true },
  });
  return resumeInvitedAccount({ invitation, password, now });
}
