import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import { createUserSession, getActor, sessionIdFor } from "~/utils/session.server";
import { actorOf, createStaff, createUser, TEST_PASSWORD } from "../../../tests/factories";
import { RegisterSchema } from "./account-schemas";
import {
  isResetTokenUsable,
  registerUser,
  requestPasswordReset,
  resetPassword,
  setUserStatus,
  updateProfile,
  verifyLogin,
} from "./accounts.server";
import { domainError } from "../../../tests/support/domain-error";
import { sessionCookieFor } from "../../../tests/support/session";

const unique = () => Math.random().toString(36).slice(2, 10);

function registration(overrides: Record<string, string> = {}) {
  return RegisterSchema.parse({
    fullName: "Жылдыз Мамбетова",
    email: `Jyldyz.${unique()}@Balakai.KG`,
    phone: "+996 555 123 456",
    password: "Karakol-2026-long",
    confirmPassword: "Karakol-2026-long",
    locale: "ky",
    privacyConsent: "on",
    ...overrides,
  });
}

/** A signed-in browser: the request carries the cookie that createUserSession set. */
async function signedInRequest(userId: string) {
  return new Request("http://portal.test/dashboard", { headers: { Cookie: await sessionCookieFor(userId) } });
}

function tokenFromLink(link: string) {
  const match = /\/reset-password\/([A-Za-z0-9_-]{20,})$/.exec(link);
  if (!match) throw new Error(`no reset token in ${link}`);
  return match[1]!;
}

describe("registerUser", () => {
  it("creates an active account with an argon2id hash and writes an audit event", async () => {
    const input = registration();
    const user = await registerUser(input, "10.0.0.9");
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({
      email: input.email,
      fullName: "Жылдыз Мамбетова",
      phone: "+996 555 123 456",
      locale: "ky",
      status: "ACTIVE",
    });
    expect(row.email).toBe(row.email.toLowerCase());
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(input.password);
    const events = await prisma.auditEvent.findMany({ where: { entityType: "User", entityId: user.id }, orderBy: { seq: "asc" } });
    // Registration and the consent to the privacy notice given with it (decision 0071).
    expect(events.map((e) => e.action)).toEqual(["user.registered", "user.privacy_consented"]);
    expect(events[0]).toMatchObject({ action: "user.registered", actorId: user.id, ipAddress: "10.0.0.9" });
    expect(events[1]).toMatchObject({ actorId: user.id, ipAddress: "10.0.0.9" });
    for (const event of events) expect(event.after).not.toContain(input.password);
  });

  it("refuses a second account for the same email (any letter case) with emailTaken, and audits nothing", async () => {
    const first = registration();
    await registerUser(first);
    const eventsBefore = await prisma.auditEvent.count();
    await domainError(registerUser(registration({ email: first.email.toUpperCase() })), "emailTaken", 409);
    expect(await prisma.user.count({ where: { email: first.email } })).toBe(1);
    expect(await prisma.auditEvent.count()).toBe(eventsBefore);
  });

  it("answers emailTaken, not a database error, when the same email registers twice at once", async () => {
    const input = registration();
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => registerUser(input)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const failed of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(failed.reason).toBeInstanceOf(DomainError);
      expect(failed.reason).toMatchObject({ code: "emailTaken" });
    }
    expect(await prisma.user.count({ where: { email: input.email } })).toBe(1);
  });
});

describe("verifyLogin", () => {
  it("returns the id only for the right password of an active account", async () => {
    const user = await createUser();
    expect(await verifyLogin(user.email, TEST_PASSWORD)).toBe(user.id);
    expect(await verifyLogin(user.email, TEST_PASSWORD + "x")).toBeNull();
    expect(await verifyLogin(user.email, "")).toBeNull();
    expect(await verifyLogin(`nobody-${unique()}@example.kg`, TEST_PASSWORD)).toBeNull();
    const disabled = await createUser({ status: "DISABLED" });
    expect(await verifyLogin(disabled.email, TEST_PASSWORD)).toBeNull();
  });
});

describe("password reset", () => {
  /** The notices this one request queued. */
  async function requestFor(email: string, now?: Date) {
    const recipients = { in: [email, "+996 700 111 222"] };
    const earlier = (await prisma.notification.findMany({ where: { recipient: recipients }, select: { id: true } })).map((n) => n.id);
    await requestPasswordReset(email, now);
    return prisma.notification.findMany({ where: { recipient: recipients, id: { notIn: earlier } }, orderBy: { channel: "asc" } });
  }

  it("queues the link by email and SMS, stores only a hash of the token, and works exactly once", async () => {
    const user = await prisma.user.update({ where: { id: (await createUser()).id }, data: { phone: "+996 700 111 222", locale: "ru" } });
    const otherSessions = [await signedInRequest(user.id), await signedInRequest(user.id)];
    const notices = await requestFor(user.email);
    expect(notices.map((n) => n.channel)).toEqual(["EMAIL", "SMS"]);
    for (const notice of notices) expect(notice).toMatchObject({ template: "password-reset", locale: "ru", status: "PENDING" });
    const link = (notices[0]!.payload as { link: string }).link;
    expect(link.startsWith(`${process.env.PUBLIC_URL ?? "http://localhost:3000"}/reset-password/`)).toBe(true);
    expect((notices[1]!.payload as { link: string }).link).toBe(link);
    const token = tokenFromLink(link);
    const stored = await prisma.passwordResetToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toBe(token);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await isResetTokenUsable(token)).toBe(true);

    await resetPassword(token, "a-brand-new-password");
    expect(await verifyLogin(user.email, "a-brand-new-password")).toBe(user.id);
    expect(await verifyLogin(user.email, TEST_PASSWORD)).toBeNull();
    // Whoever had a session (perhaps the person who stole the old password) is signed out.
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    for (const request of otherSessions) expect(await getActor(request)).toBeNull();

    expect(await isResetTokenUsable(token)).toBe(false);
    await domainError(resetPassword(token, "yet-another-password"), "resetLinkInvalid", 400);
    expect(await verifyLogin(user.email, "a-brand-new-password")).toBe(user.id);
    const actions = (await prisma.auditEvent.findMany({ where: { entityId: user.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    // The sign-in checks above are security events of their own (decision 0046).
    expect(actions.filter((a) => !a.startsWith("user.log"))).toEqual(["user.password_reset_requested", "user.password_reset"]);
    expect(actions.filter((a) => a.startsWith("user.log"))).toEqual(["user.logged_in", "user.login_failed", "user.logged_in"]);
  });

  it("refuses an expired link and leaves the password alone", async () => {
    const user = await createUser();
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    const [notice] = await requestFor(user.email, twoHoursAgo);
    const token = tokenFromLink((notice!.payload as { link: string }).link);
    expect(await isResetTokenUsable(token)).toBe(false);
    await domainError(resetPassword(token, "a-brand-new-password"), "resetLinkInvalid", 400);
    expect(await verifyLogin(user.email, TEST_PASSWORD)).toBe(user.id);
    // Within the hour it is still good.
    const [fresh] = await requestFor(user.email, new Date(Date.now() - 59 * 60_000));
    await resetPassword(tokenFromLink((fresh!.payload as { link: string }).link), "a-brand-new-password");
    expect(await verifyLogin(user.email, "a-brand-new-password")).toBe(user.id);
  });

  it("refuses a made-up token", async () => {
    await domainError(resetPassword("x".repeat(43), "a-brand-new-password"), "resetLinkInvalid", 400);
    expect(await isResetTokenUsable("x".repeat(43))).toBe(false);
  });

  it("sends nothing for an unknown or disabled address, and says nothing about it", async () => {
    const disabled = await createUser({ status: "DISABLED" });
    const before = await prisma.notification.count();
    await expect(requestPasswordReset(`nobody-${unique()}@example.kg`)).resolves.toBeUndefined();
    await expect(requestPasswordReset(disabled.email)).resolves.toBeUndefined();
    expect(await prisma.notification.count()).toBe(before);
  });
});

describe("setUserStatus", () => {
  it("signs a disabled person out everywhere at once, and lets them back in when enabled", async () => {
    const admin = await createStaff("ADMIN");
    const user = await createUser();
    const request = await signedInRequest(user.id);
    expect((await getActor(request))?.id).toBe(user.id);

    await setUserStatus(admin.actor, user.id, "DISABLED");
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await getActor(request)).toBeNull();
    expect(await verifyLogin(user.email, TEST_PASSWORD)).toBeNull();
    // Even a session row made afterwards does not count for a disabled account.
    const sneaky = await signedInRequest(user.id);
    expect(await getActor(sneaky)).toBeNull();

    await setUserStatus(admin.actor, user.id, "ACTIVE");
    expect((await getActor(sneaky))?.id).toBe(user.id);
    const events = await prisma.auditEvent.findMany({
      where: { entityId: user.id, action: { startsWith: "user.", not: { startsWith: "user.log" } } },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ["user.disabled", admin.user.id],
      ["user.enabled", admin.user.id],
    ]);
    expect(events[0]!.before).toBe('{"status":"ACTIVE"}');
  });

  it("answers notFound for an unknown account", async () => {
    const admin = await createStaff("ADMIN");
    await domainError(setUserStatus(admin.actor, "no-such-user", "DISABLED"), "notFound", 404);
  });
});

describe("sessions", () => {
  it("stores only the hash of the cookie token and rotates it at each login", async () => {
    const user = await createUser();
    const first = await signedInRequest(user.id);
    const token = decodeURIComponent(first.headers.get("Cookie")!.split("=")[1]!);
    const rows = await prisma.session.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toContain(token);

    const relogin = await createUserSession(first, user.id);
    expect(relogin).not.toBe(first.headers.get("Cookie"));
    const after = await prisma.session.findMany({ where: { userId: user.id } });
    expect(after).toHaveLength(1);
    expect(after[0]!.id).not.toBe(rows[0]!.id);
    expect(await getActor(first)).toBeNull();
    expect(sessionIdFor("abc")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ignores an expired session", async () => {
    const user = await createUser();
    const request = await signedInRequest(user.id);
    await prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getActor(request)).toBeNull();
  });
});

describe("updateProfile", () => {
  it("saves the profile and audits what changed", async () => {
    const user = await createUser({ fullName: "Old Name" });
    await updateProfile(actorOf(user, []), { fullName: "Айгүл Асанова", phone: "", locale: "en" });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      fullName: "Айгүл Асанова",
      phone: null,
      locale: "en",
    });
    const [event] = await prisma.auditEvent.findMany({ where: { entityId: user.id, action: "user.profile_updated" } });
    expect(JSON.parse(event!.before!)).toMatchObject({ fullName: "Old Name" });
    expect(JSON.parse(event!.after!)).toEqual({ fullName: "Айгүл Асанова", phone: null, locale: "en" });
  });
});
