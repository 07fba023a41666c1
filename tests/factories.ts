// Builders for test rows: each makes only what a test needs, with unique values.
import { randomBytes } from "node:crypto";
import { hashPassword } from "~/domains/accounts/accounts.server";
import { prisma } from "~/utils/db.server";
import type { Actor, EffectiveRole } from "~/utils/permissions";
import { startOfDay } from "~/utils/time";
import { consentedNow } from "~/domains/accounts/privacy-notice";

const unique = () => randomBytes(5).toString("hex");
let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct-horse-battery";

/** Confirmed e-mail by default; `emailConfirmed: false` makes an account that has not opened its link yet. */
export async function createUser(
  overrides: { email?: string; fullName?: string; status?: "ACTIVE" | "DISABLED"; emailConfirmed?: boolean } = {},
) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return prisma.user.create({
    data: {
      ...consentedNow(),
      email: overrides.email ?? `user-${unique()}@example.kg`,
      fullName: overrides.fullName ?? "Test User",
      passwordHash: await cachedHash,
      status: overrides.status ?? "ACTIVE",
      emailConfirmedAt: overrides.emailConfirmed === false ? null : new Date(),
    },
  });
}

export async function createMunicipality() {
  return prisma.municipality.create({
    data: { slug: `m-${unique()}`, nameKy: "Каракол", nameRu: "Каракол", nameEn: "Karakol", region: "Issyk-Kul" },
  });
}

export async function createStaff(role: "ADMIN" | "PROGRAMME_OFFICER" | "FINANCE_OFFICER", municipalityId?: string) {
  const municipality = municipalityId ?? (await createMunicipality()).id;
  const user = await createUser();
  await prisma.roleAssignment.create({ data: { userId: user.id, role, municipalityId: municipality } });
  return { user, municipalityId: municipality, actor: actorOf(user, [role], municipality) };
}

export async function createOrganization(overrides: { nameRu?: string } = {}) {
  const digits = String(Date.now()).slice(-8) + String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
  return prisma.organization.create({
    data: {
      nameKy: overrides.nameRu ?? `Уюм ${unique()}`,
      nameRu: overrides.nameRu ?? `Организация ${unique()}`,
      legalForm: "PUBLIC_UNION",
      registrationNumber: `R-${unique()}`,
      tin: `0${digits.slice(0, 13)}`,
      registeredOn: startOfDay("2019-01-10"),
      region: "Иссык-Кульская область",
      address: "Каракол",
    },
  });
}

export async function createNcoMember(role: "ADMIN" | "MEMBER" = "ADMIN", organizationId?: string) {
  const organization = organizationId
    ? await prisma.organization.findUniqueOrThrow({ where: { id: organizationId } })
    : await createOrganization();
  const user = await createUser();
  await prisma.organizationMember.create({ data: { organizationId: organization.id, userId: user.id, role } });
  return {
    user,
    organization,
    actor: actorOf(user, [role === "ADMIN" ? "NCO_ADMIN" : "NCO_MEMBER"], null, [{ id: organization.id, role }]),
  };
}

export function actorOf(
  user: { id: string; email: string; fullName: string },
  roles: EffectiveRole[],
  municipalityId: string | null = null,
  organizations: Actor["organizations"] = [],
): Actor {
  return { id: user.id, email: user.email, label: `${user.fullName} <${user.email}>`, locale: "ru", municipalityId, roles, organizations };
}
