import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createStaff, createUser } from "../../../tests/factories";
import { getRequest, loadBuild, postRequest, requestHandler } from "../../../tests/support/route-call";
import { addMunicipality, getOwnMunicipality, listMunicipalities, updateOwnMunicipality } from "./municipalities.server";
import { forgetPublisher, portalPublisher } from "./publisher.server";
import type { MunicipalityProfile } from "./municipality-schemas";
import { sessionCookieFor } from "../../../tests/support/session";
import { domainError } from "../../../tests/support/domain-error";

const PROFILE: MunicipalityProfile = {
  nameKy: "Ош шаарынын мэриясы",
  nameRu: "Мэрия города Ош",
  nameEn: "Osh City Mayor's Office",
  kind: "CITY",
  region: "Osh",
  address: "",
  ocidPrefix: "ocds-osh001",
  headNameKy: "Мамытов Жеңиш",
  headNameRu: "Мамытов Жениш",
  headPositionKy: "Мэр",
  headPositionRu: "Мэр",
  contactEmail: "",
  contactPhone: "",
};

let handle: ReturnType<typeof requestHandler>;
beforeAll(async () => {
  const build: ServerBuild = await loadBuild();
  handle = requestHandler(build);
});

async function platformAdmin() {
  const staff = await createStaff("ADMIN");
  await prisma.user.update({ where: { id: staff.user.id }, data: { platformAdmin: true } });
  return staff;
}

describe("adding municipalities", () => {
  it("only a platform administrator may add one; others do not learn the page exists", async () => {
    const admin = await createStaff("ADMIN");
    const future = await createUser();
    await domainError(addMunicipality({ actor: admin.actor, profile: PROFILE, adminEmail: future.email }), "notFound", 404);
    const cookie = await sessionCookieFor(admin.user.id);
    expect((await handle(getRequest("/platform/municipalities", cookie))).status).toBe(404);
    const body = new URLSearchParams({ ...PROFILE, adminEmail: future.email }).toString();
    expect((await handle(postRequest("/platform/municipalities", body, cookie, "application/x-www-form-urlencoded"))).status).toBe(404);
    expect(await prisma.municipality.count({ where: { nameEn: PROFILE.nameEn } })).toBe(0);
  });

  it("gives the first administrator's role only to an existing account with a confirmed address", async () => {
    const platform = await platformAdmin();
    const unconfirmed = await createUser({ emailConfirmed: false });
    await domainError(
      addMunicipality({ actor: platform.actor, profile: PROFILE, adminEmail: unconfirmed.email }),
      "municipalities:error.adminUnconfirmed",
    );
    await domainError(
      addMunicipality({ actor: platform.actor, profile: PROFILE, adminEmail: "nobody@osh.kg" }),
      "municipalities:error.adminUnknown",
    );
    expect(await prisma.municipality.count({ where: { nameEn: PROFILE.nameEn } })).toBe(0);

    const future = await createUser();
    const cookie = await sessionCookieFor(platform.user.id);
    const body = new URLSearchParams({ ...PROFILE, adminEmail: future.email }).toString();
    const response = await handle(postRequest("/platform/municipalities", body, cookie, "application/x-www-form-urlencoded"));
    expect(response.status).toBe(302);
    const osh = await prisma.municipality.findFirstOrThrow({ where: { nameEn: PROFILE.nameEn } });
    expect(await prisma.roleAssignment.findMany({ where: { municipalityId: osh.id }, select: { userId: true, role: true } })).toEqual([
      { userId: future.id, role: "ADMIN" },
    ]);
    expect(await prisma.notification.count({ where: { recipient: future.email, template: "role-granted" } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { entityType: "Municipality", entityId: osh.id, action: "municipality.created" } })).toBe(
      1,
    );
    expect((await listMunicipalities()).map((m) => m.nameEn)).toContain(PROFILE.nameEn);
  });
});

describe("a municipality's own profile", () => {
  it("its administrator edits its own profile only, audited", async () => {
    const mine = await createStaff("ADMIN");
    const theirs = await createStaff("ADMIN");
    await updateOwnMunicipality({ actor: mine.actor, profile: { ...PROFILE, nameEn: "Mine renamed" } });
    expect((await getOwnMunicipality({ actor: mine.actor })).nameEn).toBe("Mine renamed");
    expect((await getOwnMunicipality({ actor: theirs.actor })).nameEn).not.toBe("Mine renamed");
    expect(await prisma.auditEvent.count({ where: { action: "municipality.updated", entityId: mine.municipalityId } })).toBe(1);

    const officer = await createStaff("PROGRAMME_OFFICER", mine.municipalityId);
    await domainError(getOwnMunicipality({ actor: officer.actor }), undefined, 404);
    const cookie = await sessionCookieFor(officer.user.id);
    expect((await handle(getRequest("/admin/municipality", cookie))).status).toBe(403);

    const invalid = await handle(
      postRequest(
        "/admin/municipality",
        new URLSearchParams({ ...PROFILE, ocidPrefix: "bad" }).toString(),
        await sessionCookieFor(mine.user.id),
        "application/x-www-form-urlencoded",
      ),
    );
    expect(invalid.status).toBe(400);
    expect((await getOwnMunicipality({ actor: mine.actor })).ocidPrefix).toBe("ocds-osh001");
  });
});

describe("who publishes the portal", () => {
  it("names the one municipality a deployment serves, in the reader's language, and nobody once it serves several", async () => {
    await prisma.roleAssignment.deleteMany();
    await prisma.municipality.deleteMany();
    forgetPublisher();
    expect(await portalPublisher("ru")).toBeNull();
    const only = await createStaff("ADMIN");
    forgetPublisher();
    await updateOwnMunicipality({ actor: only.actor, profile: PROFILE });
    expect(await portalPublisher("ky")).toBe("Ош шаарынын мэриясы");
    expect(await portalPublisher("en")).toBe("Osh City Mayor's Office");
    await createStaff("ADMIN");
    forgetPublisher();
    expect(await portalPublisher("ru")).toBeNull();
  });
});
