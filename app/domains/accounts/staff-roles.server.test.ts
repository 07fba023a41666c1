import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { getActor } from "~/utils/session.server";
import { createMunicipality, createStaff } from "../../../tests/factories";
import { grantStaffRole, listStaff, removeStaffRole } from "./staff-roles.server";
import { setAccountStatus } from "./user-administration.server";
import { domainError } from "../../../tests/support/domain-error";
import { sessionCookieFor } from "../../../tests/support/session";

async function signedInRequest(userId: string) {
  const cookie = await sessionCookieFor(userId);
  return () => new Request("http://localhost/finance", { headers: { Cookie: cookie } });
}

const adminsOf = (municipalityId: string) =>
  prisma.roleAssignment.count({ where: { municipalityId, role: "ADMIN", user: { status: "ACTIVE" } } });

describe("a municipality's staff and their roles", () => {
  it("lists the staff with their roles here, gives and removes roles, and audits each change", async () => {
    const admin = await createStaff("ADMIN");
    const officer = await createStaff("PROGRAMME_OFFICER", admin.municipalityId);
    await createStaff("FINANCE_OFFICER");
    const { staff } = await listStaff({ actor: admin.actor });
    expect(staff.map((s) => [s.id, s.roles]).sort()).toEqual(
      [
        [admin.user.id, ["ADMIN"]],
        [officer.user.id, ["PROGRAMME_OFFICER"]],
      ].sort(),
    );

    expect(await grantStaffRole({ actor: admin.actor, userId: officer.user.id, role: "FINANCE_OFFICER" })).toEqual({ changed: true });
    expect(await grantStaffRole({ actor: admin.actor, userId: officer.user.id, role: "FINANCE_OFFICER" })).toEqual({ changed: false });
    expect(await removeStaffRole({ actor: admin.actor, userId: officer.user.id, role: "PROGRAMME_OFFICER" })).toEqual({ changed: true });
    expect(await removeStaffRole({ actor: admin.actor, userId: officer.user.id, role: "PROGRAMME_OFFICER" })).toEqual({ changed: false });
    const roles = await prisma.roleAssignment.findMany({ where: { userId: officer.user.id }, select: { role: true } });
    expect(roles).toEqual([{ role: "FINANCE_OFFICER" }]);
    const events = await prisma.auditEvent.findMany({
      where: { entityId: officer.user.id, action: { startsWith: "staff." } },
      select: { action: true },
    });
    expect(events.map((e) => e.action).sort()).toEqual(["staff.role_granted", "staff.role_removed"]);
  });

  it("an open session loses a removed right on its very next request", async () => {
    const admin = await createStaff("ADMIN");
    const finance = await createStaff("FINANCE_OFFICER", admin.municipalityId);
    const request = await signedInRequest(finance.user.id);
    expect((await getActor(request()))?.roles).toEqual(["FINANCE_OFFICER"]);
    await removeStaffRole({ actor: admin.actor, userId: finance.user.id, role: "FINANCE_OFFICER" });
    const after = await getActor(request());
    expect(after?.id).toBe(finance.user.id);
    expect(after?.roles).toEqual([]);
    expect(after?.municipalityId).toBeNull();
  });

  it("gives roles only to this municipality's staff, and another municipality's administrator changes nothing here", async () => {
    const admin = await createStaff("ADMIN");
    const other = await createStaff("ADMIN", (await createMunicipality()).id);
    const officer = await createStaff("PROGRAMME_OFFICER", admin.municipalityId);
    expect((await domainError(grantStaffRole({ actor: other.actor, userId: officer.user.id, role: "ADMIN" }))).code).toBe(
      "admin:errors.notStaff",
    );
    expect(await removeStaffRole({ actor: other.actor, userId: officer.user.id, role: "PROGRAMME_OFFICER" })).toEqual({ changed: false });
    expect(await prisma.roleAssignment.count({ where: { userId: officer.user.id } })).toBe(1);
    expect((await domainError(removeStaffRole({ actor: officer.actor, userId: admin.user.id, role: "ADMIN" }))).status).toBe(403);
  });
});

describe("the last administrator", () => {
  it("cannot lose the role, and says why", async () => {
    const admin = await createStaff("ADMIN");
    const error = await domainError(removeStaffRole({ actor: admin.actor, userId: admin.user.id, role: "ADMIN" }));
    expect(error.code).toBe("admin:errors.lastAdministrator");
    expect(await adminsOf(admin.municipalityId)).toBe(1);

    // A second administrator may step down; then the first is the last again.
    const second = await createStaff("ADMIN", admin.municipalityId);
    await removeStaffRole({ actor: second.actor, userId: second.user.id, role: "ADMIN" });
    expect(await adminsOf(admin.municipalityId)).toBe(1);

    // Disabled administrators do not count: a disabled one cannot keep the municipality administered.
    const third = await createStaff("ADMIN", admin.municipalityId);
    await prisma.user.update({ where: { id: third.user.id }, data: { status: "DISABLED" } });
    expect((await domainError(removeStaffRole({ actor: admin.actor, userId: admin.user.id, role: "ADMIN" }))).code).toBe(
      "admin:errors.lastAdministrator",
    );
  });

  it("two administrators removing each other at once: one removal wins, one administrator remains", async () => {
    for (let round = 0; round < 3; round++) {
      const a = await createStaff("ADMIN");
      const b = await createStaff("ADMIN", a.municipalityId);
      const results = await Promise.allSettled([
        removeStaffRole({ actor: a.actor, userId: b.user.id, role: "ADMIN" }),
        removeStaffRole({ actor: b.actor, userId: a.user.id, role: "ADMIN" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(DomainError);
      expect(await adminsOf(a.municipalityId)).toBe(1);
    }
  });

  it("two administrators stepping down at once: one stays", async () => {
    const a = await createStaff("ADMIN");
    const b = await createStaff("ADMIN", a.municipalityId);
    const results = await Promise.allSettled([
      removeStaffRole({ actor: a.actor, userId: a.user.id, role: "ADMIN" }),
      removeStaffRole({ actor: b.actor, userId: b.user.id, role: "ADMIN" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as DomainError).code).toBe(
      "admin:errors.lastAdministrator",
    );
    expect(await adminsOf(a.municipalityId)).toBe(1);
  });

  it("two administrators disabling each other at once: one stays enabled", async () => {
    const a = await createStaff("ADMIN");
    const b = await createStaff("ADMIN", a.municipalityId);
    const results = await Promise.allSettled([
      setAccountStatus({ actor: a.actor, userId: b.user.id, status: "DISABLED" }),
      setAccountStatus({ actor: b.actor, userId: a.user.id, status: "DISABLED" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await adminsOf(a.municipalityId)).toBe(1);
  });
});
