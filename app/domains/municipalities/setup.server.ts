import type { AppLocale } from "~/utils/i18n";
import { createHmac, timingSafeEqual } from "node:crypto";
import { recordAudit } from "~/domains/audit/audit.server";
import { recordPrivacyConsent } from "~/domains/accounts/privacy-consent.server";
import { hashPassword } from "~/domains/accounts/accounts.server";
import { prisma, type Db } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import type { SetupInput } from "./municipality-schemas";
import { forgetPublisher } from "./publisher.server";

/** A deployment needs set-up until its first municipality exists; after that /setup is gone. */
export async function needsSetup(db: Db = prisma) {
  return (await db.municipality.count()) === 0;
}

/**
 * The one-time set-up token. Derived from SESSION_SECRET, so every instance of a
 * deployment prints and accepts the same one, and no table is needed for it; it
 * stops working once the first municipality exists.
 */
export function setupToken(sessionSecret: string) {
  return createHmac("sha256", sessionSecret).update("portal-setup-token-v1").digest("base64url").slice(0, 32);
}

export function isSetupToken(candidate: string, sessionSecret: string) {
  const expected = Buffer.from(setupToken(sessionSecret));
  const given = Buffer.from(candidate.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A slug for URLs and file names from the Latin (English) name. */
export function slugFor(nameEn: string) {
  const slug = nameEn
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || "municipality";
}

/**
 * Creates the first municipality and its administrator, who is also the platform
 * administrator (the one who may add more municipalities). Refused once done, also
 * when two set-ups race: the count is read again inside the transaction.
 */
export async function completeSetup(
  input: SetupInput,
  { ipAddress = "", locale, now = new Date() }: { ipAddress?: string; locale?: AppLocale; now?: Date } = {},
) {
  const passwordHash = await hashPassword(input.adminPassword);
  return prisma
    .$transaction(async (tx) => {
      if ((await tx.municipality.count()) > 0) throw new DomainError("setup:error.alreadyDone", {}, 409);
      if (await tx.user.findUnique({ where: { email: input.adminEmail }, select: { id: true } }))
        throw new DomainError("setup:error.emailTaken", {}, 409);
      const municipality = await tx.municipality.create({
        data: {
          slug: slugFor(input.nameEn),
          kind: input.kind,
          nameKy: input.nameKy,
          nameRu: input.nameRu,
          nameEn: input.nameEn,
          region: input.region,
          address: input.address,
          ocidPrefix: input.ocidPrefix,
          headNameKy: input.headNameKy,
          headNameRu: input.headNameRu,
          headNameEn: input.headNameRu,
          headPositionKy: input.headPositionKy,
          headPositionRu: input.headPositionRu,
          headPositionEn: input.headPositionRu,
          contactEmail: input.contactEmail,
          contactPhone: input.contactPhone,
        },
        select: { id: true, slug: true },
      });
      // The set-up token proves control of the server, which is stronger than a link to the mailbox.
      const admin = await tx.user.create({
        // The administrator's account speaks the language the set-up was done in.
        data: {
          email: input.adminEmail,
          fullName: input.adminFullName,
          passwordHash,
          platformAdmin: true,
          emailConfirmedAt: now,
          ...(locale ? { locale } : {}),
        },
        select: { id: true, email: true, fullName: true },
      });
      await tx.roleAssignment.create({ data: { userId: admin.id, municipalityId: municipality.id, role: "ADMIN" } });
      const actor = { id: admin.id, label: `${admin.fullName} <${admin.email}>` };
      await recordAudit(tx, {
        actor,
        action: "municipality.created",
        entityType: "Municipality",
        entityId: municipality.id,
        after: { ...input, adminPassword: undefined, adminConfirmPassword: undefined },
        ipAddress,
        now,
      });
      await recordAudit(tx, {
        actor,
        action: "role.granted",
        entityType: "User",
        entityId: admin.id,
        after: { role: "ADMIN", municipalityId: municipality.id, platformAdmin: true },
        ipAddress,
        now,
      });
      // The person setting up the portal acts for the operator, who publishes the notice
      // (decision 0071): recorded as agreeing to it, not asked again at the first page.
      await recordPrivacyConsent(tx, actor, { ipAddress, now });
      return { municipality, admin };
    })
    .finally(forgetPublisher);
}
