import { createHash, randomBytes } from "node:crypto";
import { assertEmailConfirmed } from "~/domains/accounts/email-confirmation.server";
import { recordAudit } from "~/domains/audit/audit.server";
import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";
import { localized, type AppLocale } from "~/utils/i18n";
import { assertCan, can, type Actor } from "~/utils/permissions";
import { startOfDay } from "~/utils/time";
import {
  canRemoveMember,
  invitationExpiry,
  isInvitationUsable,
  nextVerification,
  verificationAfterEdit,
  type VerificationState,
} from "./organization-rules";
import { ORGANIZATION_FIELDS, type OrganizationData } from "./organization-schemas";
import { isOneOf, isUniqueViolation } from "~/utils/guards";

// Codes of DomainError thrown here are keys of the "organizations" namespace.
const E = {
  alreadyMember: "organizations:errors.alreadyMember",
  staffNotAllowed: "organizations:errors.staffNotAllowed",
  duplicateTin: "organizations:errors.duplicateTin",
  duplicateRegistrationNumber: "organizations:errors.duplicateRegistrationNumber",
  cannotVerify: "organizations:errors.cannotVerify",
  cannotReturn: "organizations:errors.cannotReturn",
  alreadyInOrganization: "organizations:errors.alreadyInOrganization",
  invitationInvalid: "organizations:errors.invitationInvalid",
  invitationForAnotherEmail: "organizations:errors.invitationForAnotherEmail",
  lastAdmin: "organizations:errors.lastAdmin",
} as const;

const STAFF_ROLES = ["ADMIN", "PROGRAMME_OFFICER", "FINANCE_OFFICER"] as const;

/**
 * The actor's membership of the organization, checked in the database. Not a
 * member: 404, as if the organization did not exist. A member without the
 * admin role where one is needed: 403.
 */
export async function requireMembership(db: Tx, actor: Actor, organizationId: string, role: "ADMIN" | "ANY" = "ANY") {
  const member = await db.organizationMember.findUnique({
    where: { organizationId_userId: { organizationId, userId: actor.id } },
    select: { id: true, role: true },
  });
  if (!member) throw new DomainError("notFound", {}, 404);
  if (role === "ADMIN" && member.role !== "ADMIN") throw new DomainError("forbidden", {}, 403);
  return member;
}

/**
 * Organizations applying to the municipality: with a proposal (a draft
 * included) in one of its calls. The registry is national; a municipality's
 * staff see and verify only these (decision 0048).
 */
export function applyingTo(municipalityId: string | null) {
  // Staff without a municipality belong to none: nothing matches.
  return { proposals: { some: { call: { municipalityId: municipalityId ?? "" } } } };
}

/** Staff read the organizations applying to their municipality; NCO people only their own. */
export function organizationScope(actor: Actor) {
  return can(actor, "read:organization:any") ? applyingTo(actor.municipalityId) : { members: { some: { userId: actor.id } } };
}

const profileSelect = {
  id: true,
  nameKy: true,
  nameRu: true,
  nameEn: true,
  legalForm: true,
  registrationNumber: true,
  tin: true,
  registeredOn: true,
  region: true,
  address: true,
  phone: true,
  email: true,
  website: true,
  bankName: true,
  bankBik: true,
  bankAccount: true,
  signatoryName: true,
  signatoryPositionKy: true,
  signatoryPositionRu: true,
  preferredLocale: true,
  verification: true,
  verificationNote: true,
  verifiedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

/**
 * An organization's profile as the actor may see it: staff with
 * read:organization:any see every one; NCO staff only their own. Anything
 * else is null, which routes answer with 404 (no hint that it exists).
 */
export async function getOrganizationForActor(actor: Actor, organizationId: string) {
  const organization = await prisma.organization.findFirst({
    where: { id: organizationId, ...organizationScope(actor) },
    select: {
      ...profileSelect,
      members: {
        select: { id: true, role: true, user: { select: { id: true, fullName: true, email: true } } },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!organization) return null;
  const own = organization.members.find((m) => m.user.id === actor.id);
  return { ...organization, viewerRole: own?.role ?? null };
}

/** The organization the actor belongs to, if any (a person belongs to at most one). */
export async function getOwnOrganizationId(actor: Actor): Promise<string | null> {
  const member = await prisma.organizationMember.findFirst({ where: { userId: actor.id }, select: { organizationId: true } });
  return member?.organizationId ?? null;
}

function duplicateChecks(tx: Tx, input: Pick<OrganizationData, "tin" | "registrationNumber">, exceptId?: string) {
  const others = exceptId ? { id: { not: exceptId } } : {};
  return Promise.all([
    tx.organization.findFirst({ where: { tin: input.tin, ...others }, select: { id: true } }),
    tx.organization.findFirst({ where: { registrationNumber: input.registrationNumber, ...others }, select: { id: true } }),
  ]).then(([tin, number]) => {
    if (tin) throw new DomainError(E.duplicateTin, {}, 409);
    if (number) throw new DomainError(E.duplicateRegistrationNumber, {}, 409);
  });
}

/** A unique index refused the row: another registration won the race; say which. */
async function rethrowDuplicate(
  error: unknown,
  input: Pick<OrganizationData, "tin" | "registrationNumber">,
  exceptId?: string,
): Promise<never> {
  if (error instanceof DomainError) throw error;
  const unique = isUniqueViolation(error);
  if (unique) await prisma.$transaction((tx) => duplicateChecks(tx, input, exceptId));
  throw error;
}

const comparable = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));

function organizationData(input: OrganizationData) {
  return { ...input, registeredOn: startOfDay(input.registeredOn) };
}

/**
 * A signed-in person with no organization registers one and becomes its
 * administrator. It waits for a programme officer's verification. Municipal
 * staff cannot: they decide on NCOs' proposals.
 */
export async function registerOrganization({ actor, input, ipAddress }: { actor: Actor; input: OrganizationData; ipAddress?: string }) {
  if (actor.roles.some((role) => isOneOf(STAFF_ROLES, role))) throw new DomainError(E.staffNotAllowed, {}, 403);
  try {
    return await prisma.$transaction(async (tx) => {
      if (await tx.organizationMember.findFirst({ where: { userId: actor.id }, select: { id: true } }))
        throw new DomainError(E.alreadyMember, {}, 409);
      await duplicateChecks(tx, input);
      const organization = await tx.organization.create({
        data: { ...organizationData(input), verification: "PENDING" },
        select: { id: true },
      });
      await tx.organizationMember.create({ data: { organizationId: organization.id, userId: actor.id, role: "ADMIN" } });
      await recordAudit(tx, {
        actor,
        action: "organization.registered",
        entityType: "Organization",
        entityId: organization.id,
        after: input,
        ipAddress,
      });
      return organization;
    });
  } catch (error) {
    return rethrowDuplicate(error, input);
  }
}

/**
 * The administrator corrects the profile. A returned organization goes back
 * to the officer; so does a verified one whose checked fields changed.
 */
export async function updateOrganization({
  actor,
  organizationId,
  input,
  ipAddress,
}: {
  actor: Actor;
  organizationId: string;
  input: OrganizationData;
  ipAddress?: string;
}) {
  assertCan(actor, "manage:organization:own");
  try {
    return await prisma.$transaction(async (tx) => {
      await requireMembership(tx, actor, organizationId, "ADMIN");
      await duplicateChecks(tx, input, organizationId);
      const current = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { ...profileSelect } });
      const next = organizationData(input);
      const changed = ORGANIZATION_FIELDS.filter((field) => comparable(next[field]) !== comparable(current[field]));
      if (changed.length === 0) return { id: organizationId, verification: current.verification, changed, resubmitted: false };
      const verification = verificationAfterEdit(current.verification, changed);
      await tx.organization.update({
        where: { id: organizationId },
        data: { ...next, verification, ...(verification !== current.verification ? { verifiedAt: null, verifiedById: null } : {}) },
      });
      await recordAudit(tx, {
        actor,
        action: "organization.updated",
        entityType: "Organization",
        entityId: organizationId,
        before: { ...Object.fromEntries(changed.map((f) => [f, current[f]])), verification: current.verification },
        after: { ...Object.fromEntries(changed.map((f) => [f, next[f]])), verification },
        ipAddress,
      });
      return { id: organizationId, verification, changed, resubmitted: verification !== current.verification };
    });
  } catch (error) {
    return rethrowDuplicate(error, input, organizationId);
  }
}

// ───────────── verification ─────────────

export async function listOrganizationsForReview({ actor, state }: { actor: Actor; state?: VerificationState }) {
  assertCan(actor, "verify:organization:any");
  return prisma.organization.findMany({
    where: { ...applyingTo(actor.municipalityId), ...(state ? { verification: state } : {}) },
    // Those waiting longest first.
    orderBy: [{ updatedAt: "asc" }],
    select: {
      id: true,
      nameKy: true,
      nameRu: true,
      nameEn: true,
      tin: true,
      region: true,
      legalForm: true,
      verification: true,
      createdAt: true,
      updatedAt: true,
    },
  });
}

export async function countOrganizationsByState({ actor }: { actor: Actor }) {
  assertCan(actor, "verify:organization:any");
  const groups = await prisma.organization.groupBy({
    by: ["verification"],
    where: applyingTo(actor.municipalityId),
    _count: { _all: true },
  });
  const counts: Partial<Record<VerificationState, number>> = {};
  for (const g of groups) counts[g.verification] = g._count._all;
  return counts;
}

/**
 * A programme officer of a municipality the organization applies to verifies
 * it or returns it with a reason (decision 0048); any other officer gets 404.
 * The state is changed only if it is still the one the officer saw (two
 * officers deciding at once: the second gets a conflict). The organization's
 * administrators are told through the outbox.
 */
export async function decideVerification({
  actor,
  organizationId,
  decision,
  note = "",
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  organizationId: string;
  decision: "verify" | "return";
  note?: string;
  ipAddress?: string;
  now?: Date;
}) {
  assertCan(actor, "verify:organization:any");
  return prisma.$transaction(async (tx) => {
    const current = await tx.organization.findFirst({
      where: { id: organizationId, ...applyingTo(actor.municipalityId) },
      select: { verification: true, nameKy: true, nameRu: true, nameEn: true },
    });
    if (!current) throw new DomainError("notFound", {}, 404);
    const next = nextVerification(current.verification, decision);
    if (!next) throw new DomainError(decision === "verify" ? E.cannotVerify : E.cannotReturn, {}, 409);
    const data =
      decision === "verify"
        ? { verification: next, verificationNote: "", verifiedAt: now, verifiedById: actor.id }
        : { verification: next, verificationNote: note, verifiedAt: null, verifiedById: null };
    const updated = await tx.organization.updateMany({ where: { id: organizationId, verification: current.verification }, data });
    if (updated.count !== 1) throw new DomainError(decision === "verify" ? E.cannotVerify : E.cannotReturn, {}, 409);
    await recordAudit(tx, {
      actor,
      action: decision === "verify" ? "organization.verified" : "organization.returned",
      entityType: "Organization",
      entityId: organizationId,
      before: { verification: current.verification },
      after: { verification: next, ...(note ? { note } : {}) },
      ipAddress,
      now,
    });
    const admins = await tx.organizationMember.findMany({
      where: { organizationId, role: "ADMIN" },
      select: { user: { select: { email: true, locale: true } } },
    });
    for (const { user } of admins) {
      await enqueueNotification(tx, {
        channel: "EMAIL",
        recipient: user.email,
        template: decision === "verify" ? "organization-verified" : "organization-returned",
        locale: user.locale,
        payload: {
          organization: localized(current, "name", user.locale),
          link: `${getEnv().PUBLIC_URL}/organizations/${organizationId}`,
          ...(note ? { reason: note } : {}),
        },
      });
    }
    return { verification: next };
  });
}

// ───────────── members and invitations ─────────────

function tokenHash(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export async function listMembers({ actor, organizationId }: { actor: Actor; organizationId: string }) {
  const organization = await prisma.organization.findFirst({
    where: { id: organizationId, ...organizationScope(actor) },
    select: { id: true },
  });
  if (!organization) return null;
  const [members, invitations] = await Promise.all([
    prisma.organizationMember.findMany({
      where: { organizationId },
      orderBy: { createdAt: "asc" },
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, fullName: true, email: true } } },
    }),
    prisma.organizationInvitation.findMany({
      where: { organizationId, acceptedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    }),
  ]);
  return { members, invitations };
}

/**
 * Invites a colleague by email: a link with a random token (only its hash is
 * kept) goes out through the outbox and works for 7 days, for the account
 * with that email address only. A new invitation to the same address
 * replaces the previous one.
 */
export async function inviteMember({
  actor,
  organizationId,
  email,
  role,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  organizationId: string;
  email: string;
  role: "ADMIN" | "MEMBER";
  ipAddress?: string;
  now?: Date;
}) {
  assertCan(actor, "invite:member:own");
  return prisma.$transaction(async (tx) => {
    await requireMembership(tx, actor, organizationId, "ADMIN");
    const existing = await tx.organizationMember.findFirst({ where: { organizationId, user: { email } }, select: { id: true } });
    if (existing) throw new DomainError(E.alreadyInOrganization, { email }, 409);
    await tx.organizationInvitation.updateMany({
      where: { organizationId, email, acceptedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    const token = randomBytes(32).toString("base64url");
    const expiresAt = invitationExpiry(now);
    const invitation = await tx.organizationInvitation.create({
      data: { organizationId, email, role, tokenHash: tokenHash(token), invitedById: actor.id, expiresAt },
      select: { id: true },
    });
    const [organization, invitee] = await Promise.all([
      tx.organization.findUniqueOrThrow({
        where: { id: organizationId },
        select: { nameKy: true, nameRu: true, nameEn: true, preferredLocale: true },
      }),
      tx.user.findUnique({ where: { email }, select: { locale: true } }),
    ]);
    const locale: AppLocale = invitee?.locale ?? organization.preferredLocale;
    await enqueueNotification(tx, {
      channel: "EMAIL",
      recipient: email,
      template: "organization-invitation",
      locale,
      payload: {
        link: `${getEnv().PUBLIC_URL}/organizations/invitations/${token}`,
        organization: localized(organization, "name", locale),
        invitedBy: actor.label.replace(/ <.*>$/, ""),
        expiresAt: expiresAt.toISOString(),
      },
    });
    await recordAudit(tx, {
      actor,
      action: "organization.member_invited",
      entityType: "Organization",
      entityId: organizationId,
      after: { invitationId: invitation.id, email, role, expiresAt },
      ipAddress,
      now,
    });
    return invitation;
  });
}

export async function revokeInvitation({
  actor,
  organizationId,
  invitationId,
  now = new Date(),
}: {
  actor: Actor;
  organizationId: string;
  invitationId: string;
  now?: Date;
}) {
  assertCan(actor, "invite:member:own");
  await prisma.$transaction(async (tx) => {
    await requireMembership(tx, actor, organizationId, "ADMIN");
    const revoked = await tx.organizationInvitation.updateMany({
      where: { id: invitationId, organizationId, acceptedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    if (revoked.count !== 1) throw new DomainError("notFound", {}, 404);
    await recordAudit(tx, {
      actor,
      action: "organization.invitation_revoked",
      entityType: "Organization",
      entityId: organizationId,
      after: { invitationId },
      now,
    });
  });
}

/** What the invitation page shows; null for an unknown token. */
export async function getInvitation({ token, now = new Date() }: { token: string; now?: Date }) {
  const invitation = await prisma.organizationInvitation.findUnique({
    where: { tokenHash: tokenHash(token) },
    select: {
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      organization: { select: { id: true, nameKy: true, nameRu: true, nameEn: true } },
    },
  });
  if (!invitation) return null;
  return { ...invitation, usable: isInvitationUsable(invitation, now) };
}

/**
 * The invited person, signed in with the invited address, joins. The
 * invitation is claimed with a conditional update, so it is used once.
 */
export async function acceptInvitation({
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
  if (actor.roles.some((role) => isOneOf(STAFF_ROLES, role))) throw new DomainError(E.staffNotAllowed, {}, 403);
  return prisma.$transaction(async (tx) => {
    const hash = tokenHash(token);
    const claimed = await tx.organizationInvitation.updateMany({
      where: { tokenHash: hash, acceptedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (claimed.count !== 1) throw new DomainError(E.invitationInvalid, {}, 400);
    const invitation = await tx.organizationInvitation.findUniqueOrThrow({
      where: { tokenHash: hash },
      select: { id: true, organizationId: true, email: true, role: true },
    });
    if (invitation.email !== actor.email.toLowerCase())
      throw new DomainError(E.invitationForAnotherEmail, { email: invitation.email }, 403);
    // The account must have proven it owns the invited address (issue 17 item 5).
    await assertEmailConfirmed({ userId: actor.id, db: tx });
    if (await tx.organizationMember.findFirst({ where: { userId: actor.id }, select: { id: true } }))
      throw new DomainError(E.alreadyMember, {}, 409);
    await tx.organizationMember.create({ data: { organizationId: invitation.organizationId, userId: actor.id, role: invitation.role } });
    await recordAudit(tx, {
      actor,
      action: "organization.member_joined",
      entityType: "Organization",
      entityId: invitation.organizationId,
      after: { invitationId: invitation.id, userId: actor.id, role: invitation.role },
      ipAddress,
      now,
    });
    return { organizationId: invitation.organizationId };
  });
}

/** The administrator removes a member; the last administrator stays. */
export async function removeMember({
  actor,
  organizationId,
  memberId,
  ipAddress,
}: {
  actor: Actor;
  organizationId: string;
  memberId: string;
  ipAddress?: string;
}) {
  assertCan(actor, "manage:organization:own");
  await prisma.$transaction(async (tx) => {
    await requireMembership(tx, actor, organizationId, "ADMIN");
    const target = await tx.organizationMember.findFirst({
      where: { id: memberId, organizationId },
      select: { id: true, role: true, userId: true },
    });
    if (!target) throw new DomainError("notFound", {}, 404);
    const admins = await tx.organizationMember.count({ where: { organizationId, role: "ADMIN" } });
    if (!canRemoveMember(target, admins)) throw new DomainError(E.lastAdmin, {}, 409);
    await tx.organizationMember.delete({ where: { id: target.id } });
    await recordAudit(tx, {
      actor,
      action: "organization.member_removed",
      entityType: "Organization",
      entityId: organizationId,
      before: { userId: target.userId, role: target.role },
      ipAddress,
    });
  });
}
