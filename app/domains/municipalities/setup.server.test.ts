import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "../../../tests/setup/test-database";
import { prisma } from "~/utils/db.server";
import { getRequest, loadBuild, postRequest, requestHandler } from "../../../tests/support/route-call";
import { completeSetup, isSetupToken, needsSetup, setupToken } from "./setup.server";
import { SetupSchema, type SetupInput } from "./municipality-schemas";
import { domainError } from "../../../tests/support/domain-error";

const root = path.resolve(import.meta.dirname, "../../..");
const run = promisify(execFile);

const ANSWERS = {
  nameKy: "Нарын шаарынын мэриясы",
  nameRu: "Мэрия города Нарын",
  nameEn: "Naryn City Mayor's Office",
  kind: "CITY",
  region: "Naryn",
  address: "Нарын ш., Ленин к., 1",
  ocidPrefix: "OCDS-NRN001",
  contactEmail: "info@naryn.gov.kg",
  contactPhone: "+996 3522 5 00 00",
  headNameKy: "Асанов Бакыт",
  headNameRu: "Асанов Бакыт",
  headPositionKy: "Мэр",
  headPositionRu: "Мэр",
  adminFullName: "Айгүл Осмонова",
  adminEmail: "Admin@Naryn.gov.kg",
  adminPassword: "first-admin-password",
  adminConfirmPassword: "first-admin-password",
};
const secret = () => process.env.SESSION_SECRET ?? "development-only-secret-not-for-production-use";

let handle: ReturnType<typeof requestHandler>;
beforeAll(async () => {
  const build: ServerBuild = await loadBuild();
  handle = requestHandler(build);
});

const form = (values: Record<string, string>) => new URLSearchParams(values).toString();
const post = (values: Record<string, string>) =>
  handle(postRequest("/setup", form(values), undefined, "application/x-www-form-urlencoded"));

describe("first start of a real deployment", () => {
  it("the set-up token is the same for every instance sharing the secret, and only it is accepted", () => {
    expect(setupToken("a".repeat(40))).toBe(setupToken("a".repeat(40)));
    expect(setupToken("a".repeat(40))).not.toBe(setupToken("b".repeat(40)));
    expect(isSetupToken(setupToken(secret()), secret())).toBe(true);
    expect(isSetupToken("guess", secret())).toBe(false);
    expect(isSetupToken("", secret())).toBe(false);
  });

  it("/setup refuses a wrong token and bad fields, keeping what was typed, and creates nothing", async () => {
    expect(await needsSetup()).toBe(true);
    expect((await handle(getRequest("/setup"))).status).toBe(200);

    const wrongToken = await post({ ...ANSWERS, setupToken: "not-the-token" });
    expect(wrongToken.status).toBe(403);
    const badFields = await post({
      ...ANSWERS,
      setupToken: setupToken(secret()),
      ocidPrefix: "karakol",
      adminConfirmPassword: "different-password",
    });
    expect(badFields.status).toBe(400);
    const body = await badFields.text();
    expect(body).toContain("Мэрия города Нарын"); // typed values come back
    expect(body).not.toContain("first-admin-password"); // passwords never do
    expect(await prisma.municipality.count()).toBe(0);
    expect(await prisma.user.count()).toBe(0);
  });

  it("creates the municipality and its administrator, signs them in, and is gone afterwards", async () => {
    const done = await post({ ...ANSWERS, setupToken: setupToken(secret()) });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/dashboard");
    expect(done.headers.get("Set-Cookie")).toMatch(/__session=/);

    const municipality = await prisma.municipality.findFirstOrThrow();
    expect(municipality).toMatchObject({
      nameRu: "Мэрия города Нарын",
      kind: "CITY",
      ocidPrefix: "ocds-nrn001",
      headPositionKy: "Мэр",
      slug: "naryn-city-mayor-s-office",
    });
    const admin = await prisma.user.findUniqueOrThrow({ where: { email: "admin@naryn.gov.kg" }, include: { roles: true } });
    expect(admin.platformAdmin).toBe(true);
    expect(admin.emailConfirmedAt).not.toBeNull();
    expect(admin.roles).toEqual([expect.objectContaining({ role: "ADMIN", municipalityId: municipality.id })]);
    const events = await prisma.auditEvent.findMany({ where: { action: { in: ["municipality.created", "role.granted"] } } });
    expect(events).toHaveLength(2);
    expect(events.some((e) => e.after?.includes("first-admin-password"))).toBe(false);

    expect((await handle(getRequest("/setup"))).status).toBe(404);
    expect((await post({ ...ANSWERS, adminEmail: "second@naryn.gov.kg", setupToken: setupToken(secret()) })).status).toBe(404);
    const input = SetupSchema.parse({ ...ANSWERS, adminEmail: "third@naryn.gov.kg", setupToken: "x" }) as SetupInput;
    await domainError(completeSetup(input), "setup:error.alreadyDone");
    expect(await prisma.municipality.count()).toBe(1);
  });

  it("npm run setup sets up an empty database from the command line, and refuses once it is set up", async () => {
    const file = path.join(root, "test-data", `setup-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ ...ANSWERS, adminEmail: "cli@naryn.gov.kg" }));
    const cli = (databaseUrl: string) =>
      run(path.join(root, "node_modules/.bin/tsx"), ["scripts/setup.ts", "--file", file], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl },
      }).then(
        (ok) => ({ code: 0, ...ok }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    const empty = await createTestDatabase(inject("databaseTemplate"));
    try {
      const created = await cli(empty.url);
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/created Naryn City Mayor's Office .* administrator cli@naryn.gov.kg/);
    } finally {
      await empty.drop();
    }
    const refused = await cli(process.env.DATABASE_URL!);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already set up/);
  });
});
