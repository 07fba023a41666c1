// The commission page's invitations and the expert's invitation page, as the browser posts them (without JavaScript too).
import { describe, expect, it } from "vitest";
import { action as commissionAction, loader as commissionLoader } from "~/routes/_reviews.officer.calls.$callId.commission";
import { action as invitationAction, loader as invitationLoader } from "~/routes/_reviews.commission-invitations.$token";
import { loader as reviewLoader } from "~/routes/_reviews.review._index";
import { prisma } from "~/utils/db.server";
import { createMunicipality, createStaff } from "../factories";
import { createReviewCall } from "../factories-reviews";
import { call, cookieOf } from "../support/route-call";
import { sessionCookieFor } from "../support/session";

async function tokenSentTo(email: string) {
  const notice = await prisma.notification.findFirstOrThrow({
    where: { recipient: email, template: "commission-invitation" },
    orderBy: { createdAt: "desc" },
  });
  return (notice.payload as { link: string }).link.split("/commission-invitations/")[1]!;
}

describe("/officer/calls/:callId/commission invitations", () => {
  it("keeps what was typed on a refusal, invites an address without an account, lists and withdraws it; another municipality's officer gets 404", async () => {
    const { call: reviewCall, officer } = await createReviewCall();
    const cookie = await sessionCookieFor(officer.id);
    const path = `/officer/calls/${reviewCall.id}/commission`;
    const params = { callId: reviewCall.id };
    const email = `route-expert-${Date.now()}@example.kg`;
    const form = { intent: "appoint", email, fullName: "", role: "MEMBER", affiliations: "02103201810123", locale: "en" };

    const bad = await call(commissionAction, { path, params, cookie, form: { ...form, email: "expert@" } });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      errors: { email: ["email"] },
      values: { email: "expert@", affiliations: "02103201810123", locale: "en" },
    });
    const nameless = await call(commissionAction, { path, params, cookie, form });
    expect(nameless.status).toBe(422);
    expect(nameless.data).toMatchObject({
      formError: "reviews:errors.nameNeeded",
      intent: "appoint",
      values: { email, role: "MEMBER", affiliations: "02103201810123" },
    });

    const invited = await call(commissionAction, { path, params, cookie, form: { ...form, fullName: "Aigul Sydykova" } });
    expect(invited).toMatchObject({ status: 302, location: `${path}?done=invited` });
    const page = await call(commissionLoader, { path, params, cookie });
    expect(page.data.invitations).toMatchObject([{ email, fullName: "Aigul Sydykova", role: "MEMBER" }]);
    const invitationId = page.data.invitations[0].id as string;
    expect((await prisma.notification.findFirstOrThrow({ where: { recipient: email, template: "commission-invitation" } })).locale).toBe(
      "en",
    );

    const stranger = await createStaff("PROGRAMME_OFFICER", (await createMunicipality()).id);
    const strangerCookie = await sessionCookieFor(stranger.user.id);
    expect(
      (await call(commissionAction, { path, params, cookie: strangerCookie, form: { intent: "withdraw", invitationId } })).status,
    ).toBe(404);
    expect(
      (
        await call(commissionAction, {
          path,
          params,
          cookie: strangerCookie,
          form: { ...form, fullName: "Someone Else", email: "other@example.kg" },
        })
      ).status,
    ).toBe(404);

    expect(await call(commissionAction, { path, params, cookie, form: { intent: "withdraw", invitationId } })).toMatchObject({
      status: 302,
      location: `${path}?done=withdrawn`,
    });
    expect((await call(commissionLoader, { path, params, cookie })).data.invitations).toEqual([]);
  });
});

describe("/commission-invitations/:token", () => {
  it("creates the account, seats the person and signs them in on /review; the expert has no staff page; a used link answers 410, an unknown one 404", async () => {
    const { call: reviewCall, officer } = await createReviewCall();
    const email = `route-new-expert-${Date.now()}@example.kg`;
    const officerCookie = await sessionCookieFor(officer.id);
    await call(commissionAction, {
      path: `/officer/calls/${reviewCall.id}/commission`,
      params: { callId: reviewCall.id },
      cookie: officerCookie,
      form: { intent: "appoint", email, fullName: "Бакыт Осмонов", role: "MEMBER", affiliations: "", locale: "ky" },
    });
    const token = await tokenSentTo(email);
    const path = `/commission-invitations/${token}`;
    const shown = await call(invitationLoader, { path, params: { token } });
    expect(shown.status).toBe(200);
    expect(shown.data.invitation).toMatchObject({
      state: "usable",
      email,
      fullName: "Бакыт Осмонов",
      accountExists: false,
      call: { reference: reviewCall.reference },
    });

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
    expect(first).toMatchObject({ status: 302, location: "/review" });
    const cookie = cookieOf(first);
    expect(cookie).toBeTruthy();
    const second = await call(invitationAction, { path, params: { token }, form });
    expect(second).toMatchObject({ status: 302, location: "/review" });
    expect(await prisma.user.count({ where: { email } })).toBe(1);

    const hub = await call(reviewLoader, { path: "/review", cookie });
    expect(hub.status).toBe(200);
    expect(hub.data).toMatchObject({ officer: false, calls: [] });
    expect(hub.data.seats.map((s: { call: { id: string } }) => s.call.id)).toEqual([reviewCall.id]);
    expect(
      (await call(commissionLoader, { path: `/officer/calls/${reviewCall.id}/commission`, params: { callId: reviewCall.id }, cookie }))
        .status,
    ).toBe(403);

    expect((await call(invitationLoader, { path, params: { token } })).status).toBe(410);
    expect((await call(invitationLoader, { path: "/commission-invitations/unknown", params: { token: "unknown" } })).status).toBe(404);
    // Accepting needs a session: an anonymous press goes to the login and back.
    const anonymous = await call(invitationAction, { path, params: { token }, form: { intent: "accept" } });
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toContain("/login?redirectTo=");
  });
});
