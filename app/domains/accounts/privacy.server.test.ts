import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { requireActor } from "~/utils/session.server";
import { action as registerAction } from "~/routes/_accounts.register";
import { action as profileAction, INTENT as PROFILE_INTENT } from "~/routes/_accounts.profile";
import { action as consentAction, loader as consentLoader, INTENT as CONSENT_INTENT } from "~/routes/_accounts.privacy_.consent";
import { loader as downloadLoader } from "~/routes/_accounts.profile_.personal-data";
import { createNcoMember, createUser, TEST_PASSWORD } from "../../../tests/factories";
import { createOpenCall, createCompleteProposal } from "../../../tests/factories-proposals";
import { call } from "../../../tests/support/route-call";
import { sessionCookieFor } from "../../../tests/support/session";
import { verifyLogin } from "./accounts.server";
import { CLOSED_ACCOUNT_NAME, closedAccountEmail, PRIVACY_NOTICE_VERSION } from "./privacy-notice";

const unique = () => Math.random().toString(36).slice(2, 10);

function registration(overrides: Record<string, string> = {}) {
  return {
    fullName: "Жылдыз Мамбетова",
    email: `jyldyz.${unique()}@example.kg`,
    phone: "+996 555 123 456",
    password: "Karakol-2026-long",
    confirmPassword: "Karakol-2026-long",
    locale: "ky",
    ...overrides,
  };
}

describe("consent at registration", () => {
  it("refuses without the checkbox, with a field error and every typed value kept", async () => {
    const form = registration();
    const answer = await call(registerAction, { path: "/register", form });
    expect(answer.status).toBe(400);
    expect(answer.data.errors.privacyConsent).toEqual(["privacyConsentRequired"]);
    expect(answer.data.values).toMatchObject({ fullName: form.fullName, email: form.email, phone: form.phone, locale: "ky" });
    expect(await prisma.user.count({ where: { email: form.email } })).toBe(0);
  });

  it("records the notice version, the time and an audit event when the box is ticked", async () => {
    const form = registration({ privacyConsent: "on" });
    const answer = await call(registerAction, { path: "/register", form });
    expect(answer.status).toBe(302);
    const user = await prisma.user.findUniqueOrThrow({ where: { email: form.email } });
    expect(user.privacyNoticeVersion).toBe(PRIVACY_NOTICE_VERSION);
    expect(user.privacyConsentAt).toBeInstanceOf(Date);
    const events = await prisma.auditEvent.findMany({ where: { actorId: user.id, action: "user.privacy_consented" } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.after!)).toEqual({ version: PRIVACY_NOTICE_VERSION });
  });
});

describe("asked again for a newer notice", () => {
  it("sends a person without consent (or an older one) to the consent page, then back where they were going", async () => {
    for (const version of [null, "2020-01-01"]) {
      const user = await createUser();
      await prisma.user.update({ where: { id: user.id }, data: { privacyNoticeVersion: version, privacyConsentAt: null } });
      const cookie = await sessionCookieFor(user.id);
      const thrown = await requireActor(new Request("http://localhost:3000/proposals?x=1", { headers: { Cookie: cookie } })).catch(
        (error: unknown) => error,
      );
      if (!(thrown instanceof Response)) throw new Error("requireActor let a person without consent through");
      const location = thrown.headers.get("Location")!;
      expect(location).toBe("/privacy/consent?redirectTo=%2Fproposals%3Fx%3D1");

      const page = await call(consentLoader, { path: location, cookie });
      expect(page.status).toBe(200);
      const accepted = await call(consentAction, {
        path: location,
        cookie,
        form: { intent: CONSENT_INTENT.accept, redirectTo: "/proposals?x=1" },
      });
      expect(accepted.location).toBe("/proposals?x=1");
      const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(after.privacyNoticeVersion).toBe(PRIVACY_NOTICE_VERSION);
      const actor = await requireActor(new Request("http://localhost:3000/proposals", { headers: { Cookie: cookie } }));
      expect(actor.id).toBe(user.id);
      // Agreed already: the consent page sends them on.
      expect((await call(consentLoader, { path: location, cookie })).location).toBe("/proposals?x=1");
    }
  });

  it("signs out a person who declines, with the reason, and changes nothing else", async () => {
    const user = await createUser();
    await prisma.user.update({ where: { id: user.id }, data: { privacyNoticeVersion: "2020-01-01" } });
    const cookie = await sessionCookieFor(user.id);
    const answer = await call(consentAction, { path: "/privacy/consent", cookie, form: { intent: CONSENT_INTENT.decline } });
    expect(answer.location).toBe("/login?done=privacyDeclined");
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).privacyNoticeVersion).toBe("2020-01-01");
    expect(await prisma.auditEvent.count({ where: { actorId: user.id, action: "user.privacy_declined" } })).toBe(1);
  });

  it("sends on, still signed in, a person who agreed already and posts either answer", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id);
    for (const intent of [CONSENT_INTENT.decline, CONSENT_INTENT.accept]) {
      const answer = await call(consentAction, { path: "/privacy/consent", cookie, form: { intent, redirectTo: "/profile" } });
      expect(answer.location).toBe("/profile");
    }
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { actorId: user.id, action: { startsWith: "user.privacy_" } } })).toBe(0);
  });
});

describe("download my data", () => {
  it("is a JSON attachment holding what the portal keeps, never a password or token hash", async () => {
    const { user, organization } = await createNcoMember("ADMIN");
    const openCall = await createOpenCall();
    await prisma.clarificationQuestion.create({
      data: { callId: openCall.id, askedById: user.id, question: "Кайсы документтер керек?", language: "ky" },
    });
    await prisma.callSubscription.create({ data: { callId: openCall.id, userId: user.id } });
    const seat = await prisma.commissionMembership.create({
      data: { callId: openCall.id, userId: user.id, role: "MEMBER", appointedById: user.id },
    });
    await prisma.conflictDeclaration.create({ data: { membershipId: seat.id, organizationId: organization.id, hasConflict: false } });
    const cookie = await sessionCookieFor(user.id, "203.0.113.7");
    // An audit event of their own: the profile saved.
    await call(profileAction, {
      path: "/profile",
      cookie,
      form: { fullName: "Айбек Токтогулов", phone: "+996 700 111 222", locale: "ru" },
    });

    const answer = await call(downloadLoader, { path: "/profile/personal-data", cookie });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Content-Disposition")).toMatch(/^attachment; filename="personal-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const text = typeof answer.data === "string" ? answer.data : JSON.stringify(answer.data);
    const data = JSON.parse(text);
    expect(data.account).toMatchObject({ id: user.id, email: user.email, fullName: "Айбек Токтогулов", phone: "+996 700 111 222" });
    expect(data.consent).toMatchObject({ noticeVersion: PRIVACY_NOTICE_VERSION, currentNoticeVersion: PRIVACY_NOTICE_VERSION });
    expect(data.sessions).toHaveLength(1);
    expect(data.sessions[0]).toMatchObject({ ipAddress: "203.0.113.7" });
    expect(data.organizationMemberships[0]).toMatchObject({ role: "ADMIN", organization: { id: organization.id } });
    expect(data.commissionSeats).toEqual([expect.objectContaining({ callId: openCall.id, role: "MEMBER" })]);
    expect(data.conflictDeclarations).toEqual([expect.objectContaining({ callId: openCall.id, organizationId: organization.id })]);
    expect(data.questionsAsked).toEqual([expect.objectContaining({ question: "Кайсы документтер керек?" })]);
    expect(data.subscriptions).toEqual([expect.objectContaining({ callId: openCall.id })]);
    expect(data.auditEvents.map((e: { action: string }) => e.action)).toContain("user.profile_updated");
    expect(data.auditEvents[0]).toEqual(
      expect.objectContaining({ seq: expect.any(Number), action: expect.any(String), occurredAt: expect.any(String) }),
    );
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    const session = await prisma.session.findFirstOrThrow({ where: { userId: user.id }, select: { id: true } });
    expect(text).not.toContain("passwordHash");
    expect(text).not.toContain(row.passwordHash);
    expect(text).not.toContain(session.id);
    expect(text).not.toContain("tokenHash");
  });

  it("asks a signed-out visitor to sign in", async () => {
    const answer = await call(downloadLoader, { path: "/profile/personal-data" });
    expect(answer.location).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("closing one's account", () => {
  it("refuses a wrong password and an unticked box, and changes nothing", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id);
    const wrong = await call(profileAction, {
      path: "/profile",
      cookie,
      form: { intent: PROFILE_INTENT.close, password: "not-it-at-all", confirm: "yes" },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.data.formError).toBe("auth:errors.closeWrongPassword");
    const unticked = await call(profileAction, {
      path: "/profile",
      cookie,
      form: { intent: PROFILE_INTENT.close, password: TEST_PASSWORD },
    });
    expect(unticked.status).toBe(400);
    expect(unticked.data.errors.confirm).toEqual(["closeAccountConfirm"]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe("ACTIVE");
  });

  it("refuses the only member of an organization with a proposal under review, naming it", async () => {
    const { user, organization } = await createNcoMember("ADMIN");
    const openCall = await createOpenCall();
    const proposal = await createCompleteProposal({ callId: openCall.id, organizationId: organization.id, createdById: user.id });
    await prisma.proposal.update({ where: { id: proposal.id }, data: { status: "SUBMITTED", submittedAt: new Date() } });
    const cookie = await sessionCookieFor(user.id);
    const answer = await call(profileAction, {
      path: "/profile",
      cookie,
      form: { intent: PROFILE_INTENT.close, password: TEST_PASSWORD, confirm: "yes" },
    });
    expect(answer.status).toBe(409);
    expect(answer.data.formError).toBe("auth:errors.closeLastMember");
    // In the person's language (ky by default).
    expect(answer.data.formParams.organizations).toBe(organization.nameKy);

    // With a colleague in the organization, the same person may close.
    const colleague = await createUser();
    await prisma.organizationMember.create({ data: { organizationId: organization.id, userId: colleague.id, role: "ADMIN" } });
    const closed = await call(profileAction, {
      path: "/profile",
      cookie,
      form: { intent: PROFILE_INTENT.close, password: TEST_PASSWORD, confirm: "yes" },
    });
    expect(closed.location).toBe("/login?done=accountClosed");
    // The proposal stays and keeps its reference to the closed account.
    expect((await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).createdById).toBe(user.id);
  });

  it("replaces name, address, phone and password, ends sessions, keeps the audit trail and refuses login", async () => {
    const user = await createUser({ fullName: "Нурлан Абдыкадыров" });
    await prisma.user.update({ where: { id: user.id }, data: { phone: "+996 555 987 654" } });
    const cookie = await sessionCookieFor(user.id);
    await sessionCookieFor(user.id);
    const answer = await call(profileAction, {
      path: "/profile",
      cookie,
      form: { intent: PROFILE_INTENT.close, password: TEST_PASSWORD, confirm: "yes" },
    });
    expect(answer.location).toBe("/login?done=accountClosed");
    expect(answer.headers.get("Set-Cookie")).toMatch(/__session=;/);

    const closed = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(closed).toMatchObject({ status: "CLOSED", email: closedAccountEmail(user.id), fullName: CLOSED_ACCOUNT_NAME, phone: null });
    expect(closed.passwordHash).not.toBe(user.passwordHash);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "user.closed" } });
    expect(event.actorId).toBe(user.id);
    expect(await verifyLogin(user.email, TEST_PASSWORD)).toBeNull();
    expect(await verifyLogin(closedAccountEmail(user.id), TEST_PASSWORD)).toBeNull();
    // The old cookie is no session any more.
    await expect(requireActor(new Request("http://localhost:3000/profile", { headers: { Cookie: cookie } }))).rejects.toBeInstanceOf(
      Response,
    );
  });
});
