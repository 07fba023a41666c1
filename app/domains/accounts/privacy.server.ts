import { randomBytes } from "node:crypto";
import argon2 from "argon2";
import { recordAudit } from "~/domains/audit/audit.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { localized } from "~/utils/i18n";
import type { Actor } from "~/utils/permissions";
import type { CloseAccountInput } from "./account-schemas";
import { hashPassword } from "./accounts.server";
import { CLOSED_ACCOUNT_NAME, closedAccountEmail, needsPrivacyConsent, PRIVACY_NOTICE_VERSION } from "./privacy-notice";
import { recordPrivacyConsent } from "./privacy-consent.server";

/** The signed-in person agrees to the current notice after being asked again. */
export async function acceptPrivacyNotice(actor: Actor, ipAddress = "") {
  await prisma.$transaction((tx) => recordPrivacyConsent(tx, actor, { ipAddress }));
}

/** Whether this person must agree to the current notice before any signed-in page. */
export async function mustConsentToPrivacy(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { privacyNoticeVersion: true } });
  return Boolean(user && needsPrivacyConsent(user.privacyNoticeVersion));
}

/** Declining the notice ends the session; the refusal is kept in the audit trail. */
export async function declinePrivacyNotice(actor: Actor, ipAddress = "") {
  await prisma.$transaction((tx) =>
    recordAudit(tx, {
      actor,
      action: "user.privacy_declined",
      entityType: "User",
      entityId: actor.id,
      after: { version: PRIVACY_NOTICE_VERSION },
      ipAddress,
    }),
  );
}

/**
 * Everything the portal keeps about the person, for "download my data". Selected field by
 * field, so a column added later (a hash, a token) is not handed out by accident.
 */
export async function exportPersonalData(actor: Actor, now = new Date()) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      id: true,
      email: true,
      fullName: true,
      phone: true,
      locale: true,
      status: true,
      emailConfirmedAt: true,
      platformAdmin: true,
      privacyNoticeVersion: true,
      privacyConsentAt: true,
      createdAt: true,
      updatedAt: true,
      sessions: { select: { createdAt: true, expiresAt: true, ipAddress: true, userAgent: true }, orderBy: { createdAt: "asc" } },
      roles: { select: { role: true, municipalityId: true, createdAt: true } },
      memberships: {
        select: { role: true, createdAt: true, organization: { select: { id: true, nameKy: true, nameRu: true, nameEn: true } } },
      },
      commissionSeats: {
        select: {
          callId: true,
          role: true,
          appointedAt: true,
          affiliations: true,
          declarations: { select: { organizationId: true, hasConflict: true, reason: true, declaredAt: true } },
        },
      },
      questionsAsked: { select: { id: true, callId: true, question: true, language: true, createdAt: true, answeredAt: true } },
      subscriptions: { select: { callId: true, createdAt: true } },
    },
  });
  const auditEvents = await prisma.auditEvent.findMany({
    where: { actorId: actor.id },
    orderBy: { seq: "asc" },
    select: { seq: true, action: true, entityType: true, entityId: true, occurredAt: true },
  });
  const {
    sessions,
    roles,
    memberships,
    commissionSeats,
    questionsAsked,
    subscriptions,
    privacyNoticeVersion,
    privacyConsentAt,
    ...account
  } = user;
  return {
    exportedAt: now.toISOString(),
    account,
    consent: { noticeVersion: privacyNoticeVersion, consentedAt: privacyConsentAt, currentNoticeVersion: PRIVACY_NOTICE_VERSION },
    sessions: sessions.map((s) => ({ createdAt: s.createdAt, lastSeenUntil: s.expiresAt, ipAddress: s.ipAddress, userAgent: s.userAgent })),
    roleAssignments: roles,
    organizationMemberships: memberships,
    commissionSeats: commissionSeats.map(({ declarations, ...seat }) => seat),
    conflictDeclarations: commissionSeats.flatMap((seat) => seat.declarations.map((d) => ({ callId: seat.callId, ...d }))),
    questionsAsked,
    subscriptions,
    auditEvents,
  };
}

/**
 * Closes the person's own account at their request (decision 0071). The password is asked
 * again. Refused (409) while the person is the only member of an organization that has a
 * proposal under review or an agreement not yet closed: someone must be able to answer for
 * it, so they add a colleague first. Proposals, agreements and audit events stay and keep
 * their references; the name becomes a neutral label, the address a placeholder, the phone
 * is removed and the password can no longer match.
 */
export async function closeAccount(actor: Actor, input: CloseAccountInput, ipAddress = "") {
  const current = await prisma.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!(await argon2.verify(current.passwordHash, input.password).catch(() => false)))
    throw new DomainError("auth:errors.closeWrongPassword", {}, 422);
  // A hash of a random secret nobody knows: no password matches it, and the column stays a valid hash.
  const unusableHash = await hashPassword(randomBytes(32).toString("base64url"));
  await prisma.$transaction(async (tx) => {
    const alone = await tx.organization.findMany({
      where: {
        members: { some: { userId: actor.id }, every: { userId: actor.id } },
        // Work still in progress, which its last member may not leave without anyone to answer for it.
        OR: [
          { proposals: { some: { status: { in: ["SUBMITTED", "ELIGIBLE"] } } } },
          { proposals: { some: { award: { agreement: { status: { not: "CLOSED" } } } } } },
        ],
      },
      select: { nameKy: true, nameRu: true, nameEn: true },
    });
    if (alone.length)
      throw new DomainError(
        "auth:errors.closeLastMember",
        { organizations: alone.map((o) => localized(o, "name", actor.locale)).join(", ") },
        409,
      );
    const before = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { status: true } });
    await tx.user.update({
      where: { id: actor.id },
      data: {
        status: "CLOSED",
        email: closedAccountEmail(actor.id),
        fullName: CLOSED_ACCOUNT_NAME,
        phone: null,
        passwordHash: unusableHash,
        platformAdmin: false,
      },
    });
    await tx.session.deleteMany({ where: { userId: actor.id } });
    await tx.passwordResetToken.deleteMany({ where: { userId: actor.id } });
    await tx.emailConfirmationToken.deleteMany({ where: { userId: actor.id } });
    await tx.callSubscription.deleteMany({ where: { userId: actor.id } });
    await tx.organizationMember.deleteMany({ where: { userId: actor.id } });
    await recordAudit(tx, {
      actor: { id: actor.id, label: CLOSED_ACCOUNT_NAME },
      action: "user.closed",
      entityType: "User",
      entityId: actor.id,
      before,
      after: { status: "CLOSED" },
      ipAddress,
    });
  });
}
