// A municipality's staff and their roles (issue 12; decision 0053). Roles are
// read from the database on every request (session.server.ts getActor), so a
// change here takes effect on the person's next request.
import { recordAudit } from "~/domains/audit/audit.server";
import { databaseKind, prisma, type Tx } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { assertCan, type Actor } from "~/utils/permissions";
import type { StaffRoleName } from "./staff-schemas";

export const STAFF_ERRORS = {
  lastAdministrator: "admin:errors.lastAdministrator",
  notStaff: "admin:errors.notStaff",
} as const;

/** The municipality the actor administers; anyone else administers nothing. */
export function administeredMunicipality(actor: Actor): string {
  assertCan(actor, "manage:user:any");
  if (!actor.municipalityId) throw new DomainError("forbidden", {}, 403);
  return actor.municipalityId;
}

/**
 * Serializes every change to a municipality's administrators for the rest of
 * the transaction, so two removals at once cannot both see "another
 * administrator remains". SQLite has one writer per process already
 * (decision 0002); PostgreSQL takes the municipality's row lock.
 */
export async function lockMunicipality(tx: Tx, municipalityId: string) {
  if (databaseKind() !== "postgresql") return;
  await tx.$queryRawUnsafe(`SELECT "id" FROM "Municipality" WHERE "id" = $1 FOR UPDATE`, municipalityId);
}

/**
 * Inside a transaction holding lockMunicipality: the actor is still an
 * administrator there (another administrator may have just removed them).
 */
export async function assertStillAdministrator(tx: Tx, actor: Actor, municipalityId: string) {
  const held = await tx.roleAssignment.findFirst({
    where: { userId: actor.id, municipalityId, role: "ADMIN", user: { status: "ACTIVE" } },
    select: { id: true },
  });
  if (!held) throw new DomainError("forbidden", {}, 403);
}

/**
 * Inside a transaction holding lockMunicipality: an active administrator
 * other than `leavingUserId` remains, else the change is refused.
 */
export async function assertAdministratorRemains(tx: Tx, municipalityId: string, leavingUserId: string) {
  const others = await tx.roleAssignment.count({
    where: { municipalityId, role: "ADMIN", userId: { not: leavingUserId }, user: { status: "ACTIVE" } },
  });
  if (others === 0) throw new DomainError(STAFF_ERRORS.lastAdministrator, {}, 409);
}

/** The municipality's staff with their roles here, and its pending invitations. */
export async function listStaff({ actor, now = new Date() }: { actor: Actor; now?: Date }) {
  const municipalityId = administeredMunicipality(actor);
  const [people, invitations] = await Promise.all([
    prisma.user.findMany({
      where: { roles: { some: { municipalityId } } },
      orderBy: { fullName: "asc" },
      select: {
        id: true,
        fullName: true,
        email: true,
        status: true,
        roles: { where: { municipalityId }, select: { role: true }, orderBy: { role: "asc" } },
      },
    }),
    prisma.staffInvitation.findMany({
      where: { municipalityId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    }),
  ]);
  return {
    staff: people.map(({ roles, ...person }) => ({ ...person, roles: roles.map((r) => r.role), self: person.id === actor.id })),
    invitations,
  };
}

type RoleChange = { actor: Actor; userId: string; role: StaffRoleName; ipAddress?: string; now?: Date };

/** Gives a member of the municipality's staff another role. Giving a role held already changes nothing. */
export async function grantStaffRole({ actor, userId, role, ipAddress, now = new Date() }: RoleChange) {
  const municipalityId = administeredMunicipality(actor);
  return prisma.$transaction(async (tx) => {
    await lockMunicipality(tx, municipalityId);
    await assertStillAdministrator(tx, actor, municipalityId);
    const held = await tx.roleAssignment.findMany({ where: { userId, municipalityId }, select: { role: true } });
    // Only people already on this municipality's staff; anyone else is invited.
    if (held.length === 0) throw new DomainError(STAFF_ERRORS.notStaff, {}, 404);
    if (held.some((r) => r.role === role)) return { changed: false };
    await tx.roleAssignment.create({ data: { userId, municipalityId, role, createdAt: now } });
    await recordAudit(tx, {
      actor,
      action: "staff.role_granted",
      entityType: "User",
      entityId: userId,
      before: { roles: held.map((r) => r.role) },
      after: { role, municipalityId },
      ipAddress,
      now,
    });
    return { changed: true };
  });
}

/**
 * Takes a role away, effective on the person's next request. The last
 * active administrator of the municipality keeps theirs: the check and the
 * removal are one transaction under the municipality's lock. Removing a role
 * no longer held changes nothing (a second press of the button).
 */
export async function removeStaffRole({ actor, userId, role, ipAddress, now = new Date() }: RoleChange) {
  const municipalityId = administeredMunicipality(actor);
  return prisma.$transaction(async (tx) => {
    await lockMunicipality(tx, municipalityId);
    await assertStillAdministrator(tx, actor, municipalityId);
    const assignment = await tx.roleAssignment.findFirst({ where: { userId, municipalityId, role }, select: { id: true } });
    if (!assignment) return { changed: false };
    if (role === "ADMIN") await assertAdministratorRemains(tx, municipalityId, userId);
    await tx.roleAssignment.delete({ where: { id: assignment.id } });
    await recordAudit(tx, {
      actor,
      action: "staff.role_removed",
      entityType: "User",
      entityId: userId,
      before: { role, municipalityId },
      ipAddress,
      now,
    });
    return { changed: true };
  });
}
