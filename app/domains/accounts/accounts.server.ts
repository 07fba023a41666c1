import { createHash, randomBytes } from "node:crypto";
import argon2 from "argon2";
import { recordAudit } from "~/domains/audit/audit.server";
import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";
import type { AppLocale } from "~/utils/i18n";
import type { Actor } from "~/utils/permissions";
import type { ProfileInput, RegisterInput } from "./account-schemas";
import { isUniqueViolation } from "~/utils/guards";
import { recordPrivacyConsent } from "./privacy-consent.server";

const RESET_TTL_MS = 60 * 60 * 1000;
// OWASP's argon2id baseline: 19 MiB, 2 passes.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string) {
  return argon2.hash(password, HASH_OPTIONS);
}

// Verified against when the email is unknown, so both paths take as long.
let dummyHash: Promise<string> | undefined;

export async function registerUser(input: RegisterInput, ipAddress = "") {
  const existing = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new DomainError("emailTaken", {}, 409);
  const passwordHash = await hashPassword(input.password);
  // The check above only spares the hashing; two submissions at once both pass
  // it, and the unique index decides.
  return createAccount(input, passwordHash, ipAddress).catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new DomainError("emailTaken", {}, 409);
    throw error;
  });
}

function createAccount(input: RegisterInput, passwordHash: string, ipAddress: string) {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: input.email, fullName: input.fullName, phone: input.phone || null, locale: input.locale, passwordHash },
      select: { id: true, email: true, fullName: true },
    });
    await recordAudit(tx, {
      actor: { id: user.id, label: `${user.fullName} <${user.email}>` },
      action: "user.registered",
      entityType: "User",
      entityId: user.id,
      after: { email: user.email, fullName: user.fullName, locale: input.locale },
      ipAddress,
    });
    // The form refuses without the checkbox, so every account registered here has agreed.
    await recordPrivacyConsent(tx, { id: user.id, label: `${user.fullName} <${user.email}>` }, { ipAddress });
    return user;
  });
}

/** Returns the user id when the password matches an active account, else null. */
export async function verifyLogin(email: string, password: string, ipAddress = "") {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, status: true, fullName: true } });
  if (!user) {
    dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
    await argon2.verify(await dummyHash, password).catch(() => false);
    await recordSecurityEvent({ action: "user.login_failed", userId: null, label: "", ipAddress, after: { email: email.slice(0, 254) } });
    return null;
  }
  const ok = (await argon2.verify(user.passwordHash, password).catch(() => false)) && user.status === "ACTIVE";
  const label = `${user.fullName} <${email}>`;
  await recordSecurityEvent({
    action: ok ? "user.logged_in" : "user.login_failed",
    userId: user.id,
    label,
    ipAddress,
    after: ok ? undefined : { email },
  });
  return ok ? user.id : null;
}

/**
 * Sign-ins (and failed ones), sign-outs and a signed-in person's language go
 * into the audit trail like every other state change (decision 0046): the
 * administrator reads them at /admin/audit, and the chain makes them tamper-evident.
 */
export async function recordSecurityEvent(input: {
  action: string;
  userId: string | null;
  label: string;
  ipAddress: string;
  after?: Record<string, unknown>;
}) {
  await prisma.$transaction((tx) =>
    recordAudit(tx, {
      // An unknown address has no actor; the address tried is kept in `after`.
      actor: input.userId ? { id: input.userId, label: input.label } : null,
      action: input.action,
      entityType: "User",
      entityId: input.userId ?? "",
      after: input.after,
      ipAddress: input.ipAddress,
    }),
  );
}

function tokenHash(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Queues a reset link by email (and SMS when a phone is known). Answers the
 * same whether or not the account exists, so it reveals no addresses.
 */
export async function requestPasswordReset(email: string, now = new Date()) {
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, phone: true, locale: true, status: true },
  });
  if (!user || user.status !== "ACTIVE") return;
  const token = randomBytes(32).toString("base64url");
  const link = `${getEnv().PUBLIC_URL}/reset-password/${token}`;
  await prisma.$transaction(async (tx) => {
    await tx.passwordResetToken.create({
      data: { userId: user.id, tokenHash: tokenHash(token), expiresAt: new Date(now.getTime() + RESET_TTL_MS) },
    });
    await enqueueNotification(tx, {
      channel: "EMAIL",
      recipient: user.email,
      template: "password-reset",
      locale: user.locale,
      payload: { link },
    });
    if (user.phone) {
      await enqueueNotification(tx, {
        channel: "SMS",
        recipient: user.phone,
        template: "password-reset",
        locale: user.locale,
        payload: { link },
      });
    }
    await recordAudit(tx, { actor: null, action: "user.password_reset_requested", entityType: "User", entityId: user.id });
  });
}

/** Sets a new password from a valid, unused link and ends every session of the account. */
export async function resetPassword(token: string, password: string, now = new Date()) {
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateMany({
      where: { tokenHash: tokenHash(token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new DomainError("resetLinkInvalid", {}, 400);
    const row = await tx.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: tokenHash(token) }, select: { userId: true } });
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: row.userId } });
    await recordAudit(tx, { actor: null, action: "user.password_reset", entityType: "User", entityId: row.userId });
  });
}

export async function isResetTokenUsable(token: string, now = new Date()) {
  const row = await prisma.passwordResetToken.findUnique({
    where: { tokenHash: tokenHash(token) },
    select: { usedAt: true, expiresAt: true },
  });
  return Boolean(row && !row.usedAt && row.expiresAt > now);
}

export async function getProfile(actor: Actor) {
  return prisma.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      email: true,
      fullName: true,
      phone: true,
      locale: true,
      createdAt: true,
      privacyNoticeVersion: true,
      privacyConsentAt: true,
      memberships: { select: { role: true, organization: { select: { id: true, nameKy: true, nameRu: true, nameEn: true } } } },
    },
  });
}

export async function updateProfile(actor: Actor, input: ProfileInput) {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { fullName: true, phone: true, locale: true } });
    const after = await tx.user.update({
      where: { id: actor.id },
      data: { fullName: input.fullName, phone: input.phone || null, locale: input.locale },
      select: { fullName: true, phone: true, locale: true },
    });
    await recordAudit(tx, { actor, action: "user.profile_updated", entityType: "User", entityId: actor.id, before, after });
  });
}

export async function setUserLocale(actor: Actor, locale: AppLocale, ipAddress = "") {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { locale: true } });
    if (before.locale === locale) return;
    await tx.user.update({ where: { id: actor.id }, data: { locale } });
    await recordAudit(tx, {
      actor,
      action: "user.locale_changed",
      entityType: "User",
      entityId: actor.id,
      before,
      after: { locale },
      ipAddress,
    });
  });
}

/** Disabling an account ends all its sessions at once. */
export async function setUserStatus(actor: Actor, userId: string, status: "ACTIVE" | "DISABLED") {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { status: true } });
    if (!before) throw new DomainError("notFound", {}, 404);
    await tx.user.update({ where: { id: userId }, data: { status } });
    if (status === "DISABLED") await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      actor,
      action: `user.${status === "DISABLED" ? "disabled" : "enabled"}`,
      entityType: "User",
      entityId: userId,
      before,
      after: { status },
    });
  });
}

export async function listUsers() {
  return prisma.user.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      email: true,
      fullName: true,
      status: true,
      roles: { select: { role: true } },
      commissionSeats: { select: { id: true }, take: 1 },
      memberships: { select: { role: true, organization: { select: { id: true, nameKy: true, nameRu: true, nameEn: true } } } },
    },
  });
}
