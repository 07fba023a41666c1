import { describe, expect, it } from "vitest";
import { recordAudit } from "~/domains/audit/audit.server";
import { sealAuditLog } from "~/domains/audit/audit-sealer.server";
import { loader as auditLoader } from "~/routes/_audit.admin.audit";
import { action as usersAction, loader as usersLoader } from "~/routes/_accounts.admin.users";
import { loader as dashboardLoader } from "~/routes/_dashboards.dashboard";
import { action as forgotAction } from "~/routes/_accounts.forgot-password";
import { loader as healthLoader } from "~/routes/_ops.healthz";
import { action as languageAction, loader as languageLoader } from "~/routes/_accounts.language";
import { action as profileAction, loader as profileLoader } from "~/routes/_accounts.profile";
import { action as resetAction, loader as resetLoader } from "~/routes/_accounts.reset-password.$token";
import { prisma } from "~/utils/db.server";
import { localeCookie } from "~/utils/i18n.server";
import { createNcoMember, createStaff, createUser } from "../factories";
import { createReviewCall, createSeat } from "../factories-reviews";
import { call } from "../support/route-call";
import { sessionCookieFor } from "../support/session";

describe("/profile", () => {
  it("sends a visitor to the login page and back", async () => {
    const answer = await call(profileLoader, { path: "/profile" });
    expect(answer).toMatchObject({ status: 302, thrown: true, location: "/login?redirectTo=%2Fprofile" });
    expect((await call(profileAction, { path: "/profile", form: { fullName: "X Y", phone: "", locale: "ru" } })).status).toBe(302);
  });

  it("saves the profile and remembers the language in a cookie", async () => {
    const member = await createNcoMember();
    const cookie = await sessionCookieFor(member.user.id);
    const loaded = await call(profileLoader, { path: "/profile", cookie });
    expect(loaded.data.profile.memberships[0].organization.id).toBe(member.organization.id);
    const answer = await call(profileAction, {
      path: "/profile",
      cookie,
      form: { fullName: "Айгүл Асанова", phone: "+996 700 000 001", locale: "en" },
    });
    expect(answer).toMatchObject({ status: 302, location: "/profile?done=profileSaved" });
    expect(await localeCookie.parse(answer.headers.get("Set-Cookie"))).toBe("en");
    expect(await prisma.user.findUniqueOrThrow({ where: { id: member.user.id } })).toMatchObject({
      fullName: "Айгүл Асанова",
      locale: "en",
    });
  });

  it("answers 400 with the field errors and the typed values", async () => {
    const user = await createUser({ fullName: "Unchanged Name" });
    const cookie = await sessionCookieFor(user.id);
    const answer = await call(profileAction, { path: "/profile", cookie, form: { fullName: "", phone: "abc", locale: "fr" } });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.data.errors).sort()).toEqual(["fullName", "locale", "phone"]);
    expect(answer.data.values).toEqual({ fullName: "", phone: "abc", locale: "fr" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).fullName).toBe("Unchanged Name");
  });
});

describe("POST /language", () => {
  it("sets the visitor's cookie and returns to the page, but never to another site", async () => {
    const answer = await call(languageAction, { path: "/language", form: { locale: "ru", redirectTo: "/calls?page=2" } });
    expect(answer).toMatchObject({ status: 302, location: "/calls?page=2" });
    expect(await localeCookie.parse(answer.headers.get("Set-Cookie"))).toBe("ru");
    const evil = await call(languageAction, { path: "/language", form: { locale: "en", redirectTo: "//evil.com/x" } });
    expect(evil.location).toBe("/");
  });

  it("remembers the choice on the account of a signed-in person", async () => {
    const user = await createUser();
    const answer = await call(languageAction, {
      path: "/language",
      cookie: await sessionCookieFor(user.id),
      form: { locale: "en", redirectTo: "/" },
    });
    expect(answer.status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe("en");
  });

  it("ignores an unknown language and does not change state on GET", async () => {
    const answer = await call(languageAction, { path: "/language", form: { locale: "de", redirectTo: "/calls" } });
    expect(answer).toMatchObject({ status: 302, location: "/calls" });
    expect(answer.headers.get("Set-Cookie")).toBeNull();
    const get = await call(languageLoader, { path: "/language?locale=ru" });
    expect(get.status).toBe(302);
    expect(get.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("password reset pages", () => {
  it("always answers 'sent', whether or not the account exists, and limits requests per address", async () => {
    const user = await createUser();
    const ip = "203.0.113.50";
    const known = await call(forgotAction, { path: "/forgot-password", form: { email: user.email }, ip });
    const unknown = await call(forgotAction, { path: "/forgot-password", form: { email: "nobody@example.kg" }, ip });
    expect(known.location).toEqual(unknown.location);
    expect(known).toMatchObject({ status: 302, location: "/forgot-password?done=resetSent" });
    expect(await prisma.notification.count({ where: { recipient: user.email } })).toBe(1);
    for (let i = 0; i < 3; i++) await call(forgotAction, { path: "/forgot-password", form: { email: "nobody@example.kg" }, ip });
    const limited = await call(forgotAction, { path: "/forgot-password", form: { email: user.email }, ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await prisma.notification.count({ where: { recipient: user.email } })).toBe(1);
  });

  it("sets a new password once from the emailed link and signs out every session", async () => {
    const user = await createUser();
    const oldSession = await sessionCookieFor(user.id);
    await call(forgotAction, { path: "/forgot-password", form: { email: user.email }, ip: "203.0.113.51" });
    const notice = await prisma.notification.findFirstOrThrow({ where: { recipient: user.email } });
    const token = (notice.payload as { link: string }).link.split("/reset-password/")[1]!;
    const path = `/reset-password/${token}`;

    expect((await call(resetLoader, { path, params: { token } })).data).toEqual({ usable: true });
    const mismatch = await call(resetAction, {
      path,
      params: { token },
      form: { password: "new-password-1", confirmPassword: "new-password-2" },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.data.errors).toEqual({ confirmPassword: ["passwordsDiffer"] });

    const done = await call(resetAction, {
      path,
      params: { token },
      form: { password: "new-password-1", confirmPassword: "new-password-1" },
    });
    expect(done.data).toMatchObject({ done: true });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await call(profileLoader, { path: "/profile", cookie: oldSession })).status).toBe(302);

    const again = await call(resetAction, {
      path,
      params: { token },
      form: { password: "new-password-3", confirmPassword: "new-password-3" },
    });
    expect(again.status).toBe(400);
    expect(again.data.formError).toBe("resetLinkInvalid");
    expect((await call(resetLoader, { path, params: { token } })).data).toEqual({ usable: false });
  });
});

describe("/admin/users", () => {
  it("is closed to everyone but administrators", async () => {
    const officer = await createStaff("PROGRAMME_OFFICER");
    const nco = await createNcoMember();
    for (const userId of [officer.user.id, nco.user.id]) {
      const cookie = await sessionCookieFor(userId);
      expect((await call(usersLoader, { path: "/admin/users", cookie })).status).toBe(403);
      const post = await call(usersAction, { path: "/admin/users", cookie, form: { userId: nco.user.id, status: "DISABLED" } });
      expect(post.status).toBe(403);
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { id: nco.user.id } })).status).toBe("ACTIVE");
  });

  it("lets an administrator disable an account of their municipality, which signs it out, but not their own (decision 0050)", async () => {
    const admin = await createStaff("ADMIN");
    const cookie = await sessionCookieFor(admin.user.id);
    const target = await createStaff("PROGRAMME_OFFICER", admin.municipalityId);
    const targetSession = await sessionCookieFor(target.user.id);
    const list = await call(usersLoader, { path: "/admin/users", cookie });
    expect(list.data.users.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([admin.user.id, target.user.id]));

    const answer = await call(usersAction, { path: "/admin/users", cookie, form: { userId: target.user.id, status: "DISABLED" } });
    expect(answer).toMatchObject({ status: 302, location: "/admin/users" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.user.id } })).status).toBe("DISABLED");
    expect((await call(dashboardLoader, { path: "/dashboard", cookie: targetSession })).status).toBe(302);

    expect(
      (await call(usersAction, { path: "/admin/users", cookie, form: { userId: admin.user.id, status: "DISABLED" } })).status,
    ).toBeGreaterThanOrEqual(400);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.user.id } })).status).toBe("ACTIVE");
    expect((await call(usersAction, { path: "/admin/users", cookie, form: { userId: "no-such-user", status: "DISABLED" } })).status).toBe(
      404,
    );
    expect((await call(usersAction, { path: "/admin/users", cookie, form: { userId: target.user.id, status: "DELETED" } })).status).toBe(
      400,
    );
    // An NCO's account is not the municipality's to disable.
    const nco = await createNcoMember();
    expect((await call(usersAction, { path: "/admin/users", cookie, form: { userId: nco.user.id, status: "DISABLED" } })).status).toBe(404);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: nco.user.id } })).status).toBe("ACTIVE");
  });

  it("shows its commissions' seats", async () => {
    const { call: reviewCall, officer } = await createReviewCall();
    const admin = await createStaff("ADMIN", reviewCall.municipalityId);
    const seat = await createSeat(reviewCall.id, "CHAIR", officer.id);
    const { data } = await call(usersLoader, { path: "/admin/users", cookie: await sessionCookieFor(admin.user.id) });
    const row = (id: string) => data.users.find((u: { id: string }) => u.id === id);
    expect(row(seat.user.id)).toMatchObject({ commissionMember: true });
    expect(row(admin.user.id)).toMatchObject({ commissionMember: false, manageable: false });
  });
});

describe("/admin/audit", () => {
  it("shows the verified chain to staff who may read it, and no one else", async () => {
    const officer = await createStaff("PROGRAMME_OFFICER");
    await prisma.$transaction((tx) =>
      recordAudit(tx, {
        actor: { id: officer.user.id, label: officer.actor.label },
        action: "test.event",
        entityType: "Test",
        entityId: "1",
      }),
    );
    // Decision 0064: a committed event is listed before the sealer reaches it, marked as not yet sealed.
    const unsealed = await call(auditLoader, { path: "/admin/audit", cookie: await sessionCookieFor(officer.user.id) });
    expect(unsealed.data.events[0]).toMatchObject({ action: "test.event", sealed: false, position: null });
    await sealAuditLog(prisma);
    const answer = await call(auditLoader, { path: "/admin/audit", cookie: await sessionCookieFor(officer.user.id) });
    expect(answer.data.events[0]).toMatchObject({ sealed: true });
    expect(answer.data.chain.break).toBeNull();
    expect(answer.data.chain.checked).toBeGreaterThan(0);
    expect(answer.data.events[0]).toMatchObject({ action: "test.event" });
    const finance = await createStaff("FINANCE_OFFICER");
    expect((await call(auditLoader, { path: "/admin/audit", cookie: await sessionCookieFor(finance.user.id) })).status).toBe(403);
  });
});

describe("/dashboard and /healthz", () => {
  it("sends a visitor to log in, and shows a member their organization", async () => {
    expect(await call(dashboardLoader, { path: "/dashboard" })).toMatchObject({ status: 302, location: "/login?redirectTo=%2Fdashboard" });
    const member = await createNcoMember("MEMBER");
    const answer = await call(dashboardLoader, { path: "/dashboard", cookie: await sessionCookieFor(member.user.id) });
    expect(answer.data.roles).toEqual(["NCO_MEMBER"]);
    expect(answer.data.cards).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: "myOrganizations",
          to: `/organizations/${member.organization.id}`,
          named: expect.objectContaining({ nameKy: member.organization.nameKy }),
        }),
      ]),
    );
  });

  it("reports the database kind", async () => {
    const answer = await call(healthLoader, { path: "/healthz" });
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ status: "ok", database: process.env.DATABASE_URL!.startsWith("file:") ? "sqlite" : "postgresql" });
    expect(answer.headers.get("Cache-Control")).toBe("no-store");
  });
});
