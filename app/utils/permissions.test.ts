import { describe, expect, it } from "vitest";
import { can, permissionsOf, type EffectiveRole, type Permission } from "./permissions";

const as = (...roles: EffectiveRole[]) => ({ roles });

describe("permission map", () => {
  it("gives nobody anything without a session", () => {
    expect(can(null, "read:audit:any")).toBe(false);
    expect(can(undefined, "manage:user:any")).toBe(false);
    expect(can(as(), "read:organization:own")).toBe(false);
  });

  it.each<[EffectiveRole, Permission, boolean]>([
    ["ADMIN", "manage:user:any", true],
    ["ADMIN", "read:audit:any", true],
    ["ADMIN", "create:payment:any", false],
    ["PROGRAMME_OFFICER", "manage:call:any", true],
    ["PROGRAMME_OFFICER", "read:audit:any", true],
    ["PROGRAMME_OFFICER", "manage:user:any", false],
    ["PROGRAMME_OFFICER", "create:payment:any", false],
    ["FINANCE_OFFICER", "create:payment:any", true],
    ["FINANCE_OFFICER", "manage:call:any", false],
    ["FINANCE_OFFICER", "read:audit:any", false],
    ["COMMISSION_MEMBER", "score:proposal:assigned", true],
    ["COMMISSION_MEMBER", "read:proposal:any", false],
    ["NCO_MEMBER", "submit:proposal:own", true],
    ["NCO_MEMBER", "manage:organization:own", false],
    ["NCO_MEMBER", "read:organization:any", false],
    ["NCO_ADMIN", "manage:organization:own", true],
    ["NCO_ADMIN", "submit:proposal:own", true],
    ["NCO_ADMIN", "read:audit:any", false],
    // Budget programmes and appropriations: the administrator and finance, not the officer who spends them.
    ["ADMIN", "manage:programme:any", true],
    ["FINANCE_OFFICER", "manage:programme:any", true],
    ["PROGRAMME_OFFICER", "manage:programme:any", false],
    ["NCO_ADMIN", "manage:programme:any", false],
  ])("%s may %s: %s", (role, permission, expected) => {
    expect(can(as(role), permission)).toBe(expected);
  });

  it("keeps staff powers away from NCO roles and money away from everyone but finance", () => {
    for (const role of ["NCO_ADMIN", "NCO_MEMBER", "COMMISSION_MEMBER"] as const) {
      const granted = permissionsOf([role]);
      expect(
        granted.filter((p) => p.endsWith(":any") && !p.startsWith("ask:")),
        role,
      ).toEqual([]);
    }
    const payers = (["ADMIN", "PROGRAMME_OFFICER", "FINANCE_OFFICER", "COMMISSION_MEMBER", "NCO_ADMIN", "NCO_MEMBER"] as const).filter(
      (role) => can(as(role), "create:payment:any"),
    );
    expect(payers).toEqual(["FINANCE_OFFICER"]);
  });

  it("unites the permissions of several roles without duplicates", () => {
    const both = permissionsOf(["NCO_ADMIN", "NCO_MEMBER"]);
    expect(new Set(both).size).toBe(both.length);
    expect(both).toEqual(expect.arrayContaining(["invite:member:own", "submit:proposal:own"]));
    expect(can(as("COMMISSION_MEMBER", "NCO_MEMBER"), "score:proposal:assigned")).toBe(true);
  });

  it("spells every permission as <action>:<entity>[:own|assigned|any]", () => {
    const all = permissionsOf(["ADMIN", "PROGRAMME_OFFICER", "FINANCE_OFFICER", "COMMISSION_MEMBER", "NCO_ADMIN", "NCO_MEMBER"]);
    for (const permission of all) expect(permission).toMatch(/^[a-z]+:[a-z-]+(:(own|assigned|any))?$/);
  });
});
