// What every invitation by e-mail shares (staff, decision 0053; commission
// experts, decision 0061): the link carries 32 random bytes and only their
// SHA-256 is stored; it works for 7 days and once (claimed with a conditional
// update); a person without an account creates it from the link, with the
// invited address counted as confirmed since the link reached it.
import { createHash, randomBytes } from "node:crypto";
import argon2 from "argon2";
import { recordAudit } from "~/domains/audit/audit.server";
import { prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { hashPassword } from "./accounts.server";
import { recordPrivacyConsent } from "./privacy-consent.server";
import type { StaffAccountInput } from "./staff-schemas";
import { isUniqueViolation } from "~/utils/guards";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
// A person who pressed "create account" twice gets in with the second press too.
const RESUME_WINDOW_MS = 10 * 60 * 1000;

export const invitationTokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new link's token (sent, never stored), its hash (stored) and when it stops working. */
export function issueInvitationToken(now: Date) {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: invitationTokenHash(token), expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) };
}

/** The rows of an invitation that can still be claimed with this token. */
export const usableInvitation = (token: string, now: Date) => ({
  tokenHash: invitationTokenHash(token),
  acceptedAt: null,
  revokedAt: null,
  expiresAt: { gt: now },
});

export type InvitationState = "usable" | "expired" | "used" | "revoked";

export function invitationState(
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): InvitationState {
  return invitation.acceptedAt ? "used" : invitation.revokedAt ? "revoked" : invitation.expiresAt <= now ? "expired" : "usable";
}

type NewAccount = { id: string; email: string; fullName: string };
type Self = { id: string; label: string };

/**
 * Creates the account of a person who has none (name, password, language)
 * from a pending invitation, claims it and lets `join` give what it invites
 * to, all in one transaction. `pending` reads the usable invitation's address
 * (null when the link is unknown or spent); `claim` is the invitation's
 * conditional update. Returns the new account's id for the route to sign it in.
 */
export async function createInvitedAccount<C extends { id: string }>({
  pending,
  claim,
  join,
  input,
  errors,
  ipAddress,
  now,
}: {
  pending: (db: Tx | typeof prisma) => Promise<{ email: string } | null>;
  claim: (tx: Tx, userId: string) => Promise<C>;
  join: (tx: Tx, invitation: C, user: NewAccount, self: Self) => Promise<void>;
  input: StaffAccountInput;
  errors: { invalid: string; accountExists: string };
  ipAddress?: string;
  now: Date;
}) {
  // Hashing costs 19 MiB and two passes: an unknown or spent link is refused before it.
  if (!(await pending(prisma))) throw new DomainError(errors.invalid, {}, 400);
  const passwordHash = await hashPassword(input.password);
  return prisma
    .$transaction(async (tx) => {
      const invited = await pending(tx);
      if (!invited) throw new DomainError(errors.invalid, {}, 400);
      if (await tx.user.findUnique({ where: { email: invited.email }, select: { id: true } }))
        throw new DomainError(errors.accountExists, { email: invited.email }, 409);
      const user = await tx.user.create({
        data: { email: invited.email, fullName: input.fullName, locale: input.locale, passwordHash, emailConfirmedAt: now },
        select: { id: true, email: true, fullName: true },
      });
      const self = { id: user.id, label: `${user.fullName} <${user.email}>` };
      const invitation = await claim(tx, user.id);
      await recordAudit(tx, {
        actor: self,
        action: "user.registered",
        entityType: "User",
        entityId: user.id,
        after: { email: user.email, fullName: user.fullName, locale: input.locale, invitationId: invitation.id },
        ipAddress,
        now,
      });
      await recordPrivacyConsent(tx, self, { ipAddress, now });
      await join(tx, invitation, user, self);
      return { userId: user.id };
    })
    .catch((error: unknown) => {
      // Someone registered the address in the meantime: the unique index decides.
      if (isUniqueViolation(error)) throw new DomainError(errors.accountExists, {}, 409);
      throw error;
    });
}

/**
 * The account made from this invitation moments ago, when the password
 * matches: a second press of "create account" signs the person in instead of
 * telling them the link is used. Null otherwise.
 */
export async function resumeInvitedAccount({
  invitation,
  password,
  now,
}: {
  invitation: { acceptedAt: Date | null; acceptedById: string | null } | null;
  password: string;
  now: Date;
}) {
  if (!invitation?.acceptedAt || !invitation.acceptedById || now.getTime() - invitation.acceptedAt.getTime() > RESUME_WINDOW_MS)
    return null;
  const user = await prisma.user.findUnique({
    where: { id: invitation.acceptedById },
    select: { id: true, passwordHash: true, status: true },
  });
  if (!user || user.status !== "ACTIVE") return null;
  return (await argon2.verify(user.passwordHash, password).catch(() => false)) ? user.id : null;
}
