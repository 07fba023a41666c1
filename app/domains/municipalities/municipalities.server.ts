import { recordAudit } from "~/domains/audit/audit.server";
import { enqueueNotification } from "~/domains/notifications/notifications.server";
import { prisma } from "~/utils/db.server";
import { assert, DomainError } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";
import { localized } from "~/utils/i18n";
import { can, type Actor } from "~/utils/permissions";
import type { MunicipalityProfile } from "./municipality-schemas";
import { forgetPublisher } from "./publisher.server";
import { slugFor } from "./setup.server";

const PROFILE_SELECT = {
  id: true,
  slug: true,
  kind: true,
  nameKy: true,
  nameRu: true,
  nameEn: true,
  region: true,
  address: true,
  ocidPrefix: true,
  headNameKy: true,
  headNameRu: true,
  headPositionKy: true,
  headPositionRu: true,
  contactEmail: true,
  contactPhone: true,
} as const;

/** Every municipality the deployment serves, for the public chooser and the platform list. */
export async function listMunicipalities() {
  return prisma.municipality.findMany({ select: PROFILE_SELECT, orderBy: { createdAt: "asc" } });
}

export async function isPlatformAdmin(actor: Actor | null) {
  if (!actor) return false;
  const user = await prisma.user.findUnique({ where: { id: actor.id }, select: { platformAdmin: true } });
  return Boolean(user?.platformAdmin);
}

/** A platform administrator adds municipalities; nobody else may, whatever their roles. */
async function assertPlatformAdmin(actor: Actor) {
  if (!(await isPlatformAdmin(actor))) throw new DomainError("notFound", {}, 404);
}

const profileData = (profile: MunicipalityProfile) => ({
  ...profile,
  // English names of people are a courtesy the law does not ask for: the Russian spelling stands in.
  headNameEn: profile.headNameRu,
  headPositionEn: profile.headPositionRu,
});

/**
 * Adds a municipality with its first administrator: an existing account whose address is
 * confirmed (a role goes only to an address its owner has proved, issue 17 item 5).
 */
export async function addMunicipality({
  actor,
  profile,
  adminEmail,
  ipAddress = "",
}: {
  actor: Actor;
  profile: MunicipalityProfile;
  adminEmail: string;
  ipAddress?: string;
}) {
  await assertPlatformAdmin(actor);
  return prisma
    .$transaction(async (tx) => {
      const admin = await tx.user.findUnique({
        where: { email: adminEmail },
        select: { id: true, email: true, fullName: true, locale: true, emailConfirmedAt: true, status: true },
      });
      assert(admin && admin.status === "ACTIVE", "municipalities:error.adminUnknown", { email: adminEmail }, 422);
      assert(admin.emailConfirmedAt, "municipalities:error.adminUnconfirmed", { email: adminEmail }, 422);
      let slug = slugFor(profile.nameEn);
      if (await tx.municipality.findUnique({ where: { slug }, select: { id: true } })) slug = `${slug}-${Date.now().toString(36)}`;
      const municipality = await tx.municipality.create({
        data: { ...profileData(profile), slug },
        select: { id: true, nameKy: true, nameRu: true, nameEn: true },
      });
      await tx.roleAssignment.create({ data: { userId: admin.id, municipalityId: municipality.id, role: "ADMIN" } });
      await recordAudit(tx, {
        actor,
        action: "municipality.created",
        entityType: "Municipality",
        entityId: municipality.id,
        after: profile,
        ipAddress,
      });
      await recordAudit(tx, {
        actor,
        action: "role.granted",
        entityType: "User",
        entityId: admin.id,
        after: { role: "ADMIN", municipalityId: municipality.id },
        ipAddress,
      });
      const name = localized(municipality, "name", admin.locale);
      await enqueueNotification(tx, {
        channel: "EMAIL",
        recipient: admin.email,
        template: "role-granted",
        locale: admin.locale,
        payload: { name: admin.fullName, municipality: name, role: "ADMIN", link: `${getEnv().PUBLIC_URL}/dashboard` },
      });
      return municipality;
    })
    .finally(forgetPublisher);
}

/** The administrator's own municipality, as its profile form shows it. */
export async function getOwnMunicipality({ actor }: { actor: Actor }) {
  if (!can(actor, "manage:municipality:own") || !actor.municipalityId) throw new DomainError("notFound", {}, 404);
  return prisma.municipality.findUniqueOrThrow({ where: { id: actor.municipalityId }, select: PROFILE_SELECT });
}

export async function updateOwnMunicipality({
  actor,
  profile,
  ipAddress = "",
}: {
  actor: Actor;
  profile: MunicipalityProfile;
  ipAddress?: string;
}) {
  const before = await getOwnMunicipality({ actor });
  return prisma
    .$transaction(async (tx) => {
      const after = await tx.municipality.update({ where: { id: before.id }, data: profileData(profile), select: PROFILE_SELECT });
      await recordAudit(tx, {
        actor,
        action: "municipality.updated",
        entityType: "Municipality",
        entityId: before.id,
        before,
        after,
        ipAddress,
      });
      return after;
    })
    .finally(forgetPublisher);
}

/** The threshold above which a payment order's recorder needs a second finance officer to settle its match (0 = off). */
export async function getFourEyesThreshold({ actor }: { actor: Actor }) {
  if (!can(actor, "manage:municipality:own") || !actor.municipalityId) throw new DomainError("notFound", {}, 404);
  const municipality = await prisma.municipality.findUniqueOrThrow({
    where: { id: actor.municipalityId },
    select: { fourEyesThreshold: true },
  });
  return municipality.fourEyesThreshold;
}

export async function setFourEyesThreshold({ actor, threshold, ipAddress = "" }: { actor: Actor; threshold: bigint; ipAddress?: string }) {
  const before = await getFourEyesThreshold({ actor });
  assert(threshold >= 0n, "municipalities:fourEyes.invalid", {}, 422);
  return prisma.$transaction(async (tx) => {
    await tx.municipality.update({ where: { id: actor.municipalityId! }, data: { fourEyesThreshold: threshold }, select: { id: true } });
    await recordAudit(tx, {
      actor,
      action: "municipality.four-eyes-threshold.set",
      entityType: "Municipality",
      entityId: actor.municipalityId!,
      before: { fourEyesThreshold: before },
      after: { fourEyesThreshold: threshold },
      ipAddress,
    });
    return threshold;
  });
}
