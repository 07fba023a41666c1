// A municipality's administrator and the accounts of the portal (issue 17
// item 2; decision 0050). Accounts are national, municipalities are not: the
// administrator sees the accounts tied to their municipality and changes only
// those that belong to it alone.
import { recordAudit } from "~/domains/audit/audit.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";
import { assertAdministratorRemains, assertStillAdministrator, lockMunicipality } from "./staff-roles.server";

// Proposals a municipality legitimately knows of: drafts stay the NCO's own.
const KNOWN_PROPOSAL = { not: "DRAFT" } as const;

/** The administrator's municipality; an administrator without one administers nothing. */
function municipalityOf(actor: Actor): string {
  assertCan(actor, "manage:user:any");
  if (!actor.municipalityId) throw new DomainError("forbidden", {}, 403);
  return actor.municipalityId;
}

/**
 * Accounts tied to the municipality: its staff, the members of its calls'
 * commissions, and the people of organizations that submitted to its calls.
 */
function tiedTo(municipalityId: string) {
  return {
    OR: [
      { roles: { some: { municipalityId } } },
      { commissionSeats: { some: { call: { municipalityId } } } },
      { memberships: { some: { organization: { proposals: { some: { status: KNOWN_PROPOSAL, call: { municipalityId } } } } } } },
    ],
  };
}

type Ties = {
  roles: { municipalityId: string }[];
  memberships: unknown[];
  commissionSeats: { call: { municipalityId: string } }[];
};

/**
 * Whether the municipality alone answers for the account: staff of this
 * municipality and of no other, or a commission member (no staff role, no
 * organization) who sits only on this municipality's commissions. NCO
 * accounts are never: disabling one would shut an organization out of every
 * municipality's calls; a municipality refuses an NCO by screening instead.
 */
export function managedBy(municipalityId: string, user: Ties): boolean {
  if (user.roles.length > 0) return user.roles.every((r) => r.municipalityId === municipalityId);
  if (user.memberships.length > 0) return false;
  return user.commissionSeats.length > 0 && user.commissionSeats.every((s) => s.call.municipalityId === municipalityId);
}

const tiesSelect = {
  roles: { select: { role: true, municipalityId: true } },
  memberships: { select: { role: true, organization: { select: { id: true, nameKy: true, nameRu: true, nameEn: true } } } },
  commissionSeats: { select: { id: true, call: { select: { municipalityId: true } } } },
} as const;

/** The accounts the administrator may see, each with whether they may disable or enable it. */
export async function listAccountsForAdmin({ actor }: { actor: Actor }) {
  const municipalityId = municipalityOf(actor);
  const users = await prisma.user.findMany({
    where: tiedTo(municipalityId),
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, fullName: true, status: true, emailConfirmedAt: true, ...tiesSelect },
  });
  return users.map(({ roles, memberships, commissionSeats, ...user }) => ({
    ...user,
    // Roles held elsewhere are another municipality's business.
    roles: roles.filter((r) => r.municipalityId === municipalityId).map((r) => r.role),
    commissionMember: commissionSeats.some((s) => s.call.municipalityId === municipalityId),
    memberships,
    manageable: user.id !== actor.id && managedBy(municipalityId, { roles, memberships, commissionSeats }),
  }));
}

/**
 * Disables or enables an account the municipality alone answers for.
 * Disabling ends all its sessions at once. Anything else answers 404, as if
 * the account did not exist; the administrator's own account, 409; the
 * municipality's last active administrator, 409 with its own message.
 */
export async function setAccountStatus({
  actor,
  userId,
  status,
  ipAddress,
}: {
  actor: Actor;
  userId: string;
  status: "ACTIVE" | "DISABLED";
  ipAddress?: string;
}) {
  const municipalityId = municipalityOf(actor);
  if (userId === actor.id) throw new DomainError("forbidden", {}, 409);
  await prisma.$transaction(async (tx) => {
    await lockMunicipality(tx, municipalityId);
    await assertStillAdministrator(tx, actor, municipalityId);
    const user = await tx.user.findFirst({ where: { id: userId, ...tiedTo(municipalityId) }, select: { status: true, ...tiesSelect } });
    if (!user || !managedBy(municipalityId, user)) throw new DomainError("notFound", {}, 404);
    // A disabled administrator administers nothing: the last one stays enabled.
    if (status === "DISABLED" && user.roles.some((r) => r.role === "ADMIN")) await assertAdministratorRemains(tx, municipalityId, userId);
    await tx.user.update({ where: { id: userId }, data: { status } });
    if (status === "DISABLED") await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      actor,
      action: status === "DISABLED" ? "user.disabled" : "user.enabled",
      entityType: "User",
      entityId: userId,
      before: { status: user.status },
      after: { status, municipalityId },
      ipAddress,
    });
  });
}
