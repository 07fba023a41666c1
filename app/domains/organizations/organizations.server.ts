import { prisma } from "~/utils/db.server";
import { can, type Actor } from "~/utils/permissions";

/**
 * An organization's profile as the actor may see it: staff with
 * read:organization:any see every one; NCO staff only their own. Anything
 * else is null, which routes answer with 404 (no hint that it exists).
 */
export async function getOrganizationForActor(actor: Actor, organizationId: string) {
  const scope = can(actor, "read:organization:any") ? {} : { members: { some: { userId: actor.id } } };
  return prisma.organization.findFirst({
    where: { id: organizationId, ...scope },
    select: {
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
      bankName: true,
      bankBik: true,
      bankAccount: true,
      verification: true,
      verificationNote: true,
      members: { select: { role: true, user: { select: { fullName: true, email: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
}
