import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "~/domains/audit/audit.server";
import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { prisma, type Db, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";

// Long enough for a person who registers in the evening and reads mail the next day.
export const CONFIRMATION_TTL_MS = 48 * 60 * 60 * 1000;
// A new link at most this often per account: "resend" cannot be used to flood an inbox.
export const RESEND_INTERVAL_MS = 60 * 1000;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export type ConfirmationSent = { sent: true } | { sent: false; reason: "confirmed" | "tooSoon" | "inactive" };

/**
 * Queues a confirmation link to the account's address, in the person's
 * language. Only the token's SHA-256 is stored; a new link leaves earlier
 * unused ones valid until they expire (mail arrives out of order).
 */
export async function sendEmailConfirmation({
  userId,
  now = new Date(),
  ipAddress = "",
}: {
  userId: string;
  now?: Date;
  ipAddress?: string;
}): Promise<ConfirmationSent> {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { id: true, email: true, fullName: true, locale: true, status: true, emailConfirmedAt: true },
    });
    if (!user || user.status !== "ACTIVE") return { sent: false, reason: "inactive" } as const;
    if (user.emailConfirmedAt) return { sent: false, reason: "confirmed" } as const;
    const recent = await tx.emailConfirmationToken.findFirst({
      where: { userId, createdAt: { gt: new Date(now.getTime() - RESEND_INTERVAL_MS) } },
      select: { id: true },
    });
    if (recent) return { sent: false, reason: "tooSoon" } as const;
    const token = randomBytes(32).toString("base64url");
    await tx.emailConfirmationToken.create({
      data: { userId, tokenHash: hashOf(token), expiresAt: new Date(now.getTime() + CONFIRMATION_TTL_MS), createdAt: now },
    });
    await enqueueNotification(tx, {
      channel: "EMAIL",
      recipient: user.email,
      template: "email-confirmation",
      locale: user.locale,
      payload: { link: `${getEnv().PUBLIC_URL}/confirm-email/${token}`, name: user.fullName, validHours: CONFIRMATION_TTL_MS / 3_600_000 },
    });
    await recordAudit(tx, {
      actor: { id: user.id, label: `${user.fullName} <${user.email}>` },
      action: "user.email_confirmation_sent",
      entityType: "User",
      entityId: user.id,
      ipAddress,
      now,
    });
    return { sent: true } as const;
  });
}

/**
 * Marks the address as confirmed from a valid, unused link. The token is
 * claimed with a conditional update, so a link works once.
 */
export async function confirmEmail({
  token,
  now = new Date(),
  ipAddress = "",
}: {
  token: string;
  now?: Date;
  ipAddress?: string;
}): Promise<{ userId: string }> {
  return prisma.$transaction(async (tx) => {
    const claimed = await tx.emailConfirmationToken.updateMany({
      where: { tokenHash: hashOf(token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new DomainError("errors:emailConfirmationInvalid", {}, 400);
    const { user } = await tx.emailConfirmationToken.findUniqueOrThrow({
      where: { tokenHash: hashOf(token) },
      select: { user: { select: { id: true, email: true, fullName: true, emailConfirmedAt: true } } },
    });
    if (!user.emailConfirmedAt) {
      await tx.user.update({ where: { id: user.id }, data: { emailConfirmedAt: now } });
      await recordAudit(tx, {
        actor: { id: user.id, label: `${user.fullName} <${user.email}>` },
        action: "user.email_confirmed",
        entityType: "User",
        entityId: user.id,
        after: { email: user.email },
        ipAddress,
        now,
      });
    }
    return { userId: user.id };
  });
}

/** Whether a confirmation link would still be accepted (the page shows a button or an explanation). */
export async function isConfirmationTokenUsable({ token, now = new Date() }: { token: string; now?: Date }) {
  const row = await prisma.emailConfirmationToken.findUnique({
    where: { tokenHash: hashOf(token) },
    select: { usedAt: true, expiresAt: true },
  });
  return Boolean(row && !row.usedAt && row.expiresAt > now);
}

export async function getEmailConfirmation({ userId }: { userId: string }) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailConfirmedAt: true } });
  return { email: user.email, confirmedAt: user.emailConfirmedAt };
}

/**
 * Refuses what only a proven address may do: submitting a proposal
 * ("self", the person acting), or being given a commission seat or an
 * organization membership ("other", told to the officer who appoints).
 * Pass `db` to check inside the caller's transaction.
 */
export async function assertEmailConfirmed({
  userId,
  db = prisma,
  subject = "self",
}: {
  userId: string;
  db?: Db | Tx;
  subject?: "self" | "other";
}) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailConfirmedAt: true } });
  if (user?.emailConfirmedAt) return;
  throw subject === "self"
    ? new DomainError("errors:emailNotConfirmed", {}, 403)
    : new DomainError("errors:emailNotConfirmedOther", {}, 422);
}
