// The staff pages' actions as the browser posts them (without JavaScript too).
import { describe, expect, it } from "vitest";
import { inviteStaff } from "~/domains/accounts/staff-invitations.server";
import { action as staffAction, loader as staffLoader } from "~/routes/_accounts.admin.staff";
import { action as invitationAction, loader as invitationLoader } from "~/routes/_accounts.staff-invitations.$token";
import { prisma } from "~/utils/db.server";
import { createStaff } from "../factories";
import { call, cookieOf } from "../support/route-call";
import { sessionCookieFor } from "../support/session";

async function tokenSentTo(email: string) {
  const notice = await prisma.notification.findFirstOrThrow({
    where: { recipient: email, template: "staff-invitation" },
    orderBy: { createdAt: "desc" },
  });
  return (notice.payload as { link: string }).link.split("/staff-invitations/")[1]!;
}

describe("/admin/staff", () => {
  it("is closed to everyone but administrators", async () => {
    const officer = await createStaff("PROGRAMME_OFFICER");
    const cookie = await sessionCookieFor(officer.user.id);
    expect((await call(staffLoader, { path: "/admin/staff", cookie })).status).toBe(403);
    expect(
      (
        await call(staffAction, {
          path: "/admin/staff",
          cookie,
          form: { intent: "invite", email: "x@karakol.kg", role: "ADMIN", locale: "ky" },
        })
      ).status,
    ).toBe(403);
  });

  it("answers a mistyped invitation with field errors and the values typed, and the last administrator's removal with its reason", async () => {
    const admin = await createStaff("ADMIN");
    const cookie = await sessionCookieFor(admin.user.id);
    const bad = await call(staffAction, {
      path: "/admin/staff",
      cookie,
      form: { intent: "invite", email: "kassa@", role: "FINANCE_OFFICER", locale: "ru" },
    });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { email: ["email"] }, values: { email: "kassa@", role: "FINANCE_OFFICER", locale: "ru" } });

    const last = await call(staffAction, {
      path: "/admin/staff",
      cookie,
      form: { intent: "remove", userId: admin.user.id, role: "ADMIN" },
    });
    expect(last.status).toBe(409);
    expect(last.data).toMatchObject({ formError: "admin:errors.lastAdministrator" });

    // The confirmation step is a GET of the same page naming the person and the role.
    const officer = await createStaff("PROGRAMME_OFFICER", admin.municipalityId);
    const page = await call(staffLoader, { path: `/admin/staff?remove=${officer.user.id}&role=PROGRAMME_OFFICER`, cookie });
    expect(page.data.confirming).toMatchObject({ userId: officer.user.id, role: "PROGRAMME_OFFICER" });
    const removed = await call(staffAction, {
      path: "/admin/staff",
      cookie,
      form: { intent: "remove", userId: officer.user.id, role: "PROGRAMME_OFFICER" },
    });
    expect(removed).toMatchObject({ status: 302, location: "/admin/staff?done=removed" });
    // A second press finds nothing to remove and says it is done.
    expect(
      await call(staffAction, {
        path: "/admin/staff",
        cookie,
        form: { intent: "remove", userId: officer.user.id, role: "PROGRAMME_OFFICER" },
      }),
    ).toMatchObject({ status: 302 });
  });
});

describe("/staff-invitations/:token", () => {
  it("creates the account and signs the person in; a second press signs them in too; a used link answers 410", async () => {
    const admin = await createStaff("ADMIN");
    const email = `route-${Date.now()}@karakol.kg`;
    await inviteStaff({ actor: admin.actor, email, role: "FINANCE_OFFICER", locale: "ky" });
    const token = await tokenSentTo(email);
    const path = `/staff-invitations/${token}`;
    expect((await call(invitationLoader, { path, params: { token } })).status).toBe(200);

    const short = await call(invitationAction, {
      path,
      params: { token },
      form: { intent: "create", fullName: "Бакыт Осмонов", password: "short", confirmPassword: "short", locale: "ky" },
    });
    expect(short.status).toBe(400);
    expect(short.data).toMatchObject({ errors: { password: ["passwordTooShort"] }, values: { fullName: "Бакыт Осмонов", locale: "ky" } });

    const form = {
      intent: "create",
      fullName: "Бакыт Осмонов",
      password: "Issyk-Kul-2026",
      confirmPassword: "Issyk-Kul-2026",
      locale: "ky",
      privacyConsent: "on",
    };
    const first = await call(invitationAction, { path, params: { token }, form });
    expect(first).toMatchObject({ status: 302, location: "/dashboard" });
    expect(cookieOf(first)).toBeTruthy();
    const second = await call(invitationAction, { path, params: { token }, form });
    expect(second).toMatchObject({ status: 302, location: "/dashboard" });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    expect((await call(invitationLoader, { path, params: { token } })).status).toBe(410);
    expect((await call(invitationLoader, { path: "/staff-invitations/unknown", params: { token: "unknown" } })).status).toBe(404);
  });
});
