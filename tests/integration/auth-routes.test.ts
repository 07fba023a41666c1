import { describe, expect, it } from "vitest";
import { action as loginAction, loader as loginLoader } from "~/routes/_accounts.login";
import { action as languageAction } from "~/routes/_accounts.language";
import { action as logoutAction } from "~/routes/_accounts.logout";
import { action as registerAction } from "~/routes/_accounts.register";
import { prisma } from "~/utils/db.server";
import { sessionCookie, sessionIdFor } from "~/utils/session.server";
import { createUser, TEST_PASSWORD } from "../factories";
import { call, cookieOf, type Answer } from "../support/route-call";

let ipCounter = 0;
/** Each test its own client address: the login limiter's windows outlive a test (they are database rows). */
const freshIp = () => `198.51.100.${++ipCounter}`;

const login = (form: Record<string, string>, extra: { ip?: string; cookie?: string | null } = {}) =>
  call(loginAction, { path: "/login", form, ip: extra.ip ?? freshIp(), cookie: extra.cookie });

const sessionRowFor = async (cookie: string) => {
  const token = (await sessionCookie.parse(cookie)) as string;
  return prisma.session.findUnique({ where: { id: sessionIdFor(token) } });
};

function expectCookieAttributes(answer: Answer) {
  const header = answer.headers.get("Set-Cookie")!;
  expect(header).toMatch(/^__session=/);
  expect(header).toMatch(/; HttpOnly/i);
  expect(header).toMatch(/; SameSite=Lax/i);
  expect(header).toMatch(/; Path=\//i);
}

describe("POST /login", () => {
  it("answers 400 with a form error for a wrong password, keeping the email", async () => {
    const user = await createUser();
    const answer = await login({ email: user.email, password: "wrong-password" });
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({ formError: "auth:login.invalid", values: { email: user.email } });
    expect(answer.headers.get("Set-Cookie")).toBeNull();
    expect(answer.data.values.password).toBeUndefined();
  });

  it("answers 400 with field errors for an empty or malformed form", async () => {
    const answer = await login({ email: "not-an-email", password: "" });
    expect(answer.status).toBe(400);
    expect(answer.data.errors).toMatchObject({ email: ["email"], password: ["required"] });
  });

  it("signs in with a fresh HttpOnly, SameSite=Lax session cookie and redirects to the dashboard", async () => {
    const user = await createUser();
    const answer = await login({ email: user.email.toUpperCase(), password: TEST_PASSWORD });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/dashboard");
    expectCookieAttributes(answer);
    expect(answer.headers.get("Set-Cookie")).not.toMatch(/; Secure/i); // plain http in tests; Secure with an https PUBLIC_URL
    const row = await sessionRowFor(cookieOf(answer)!);
    expect(row).toMatchObject({ userId: user.id });
  });

  it("follows a local redirectTo and ignores one that leaves the site", async () => {
    const user = await createUser();
    const local = await login({ email: user.email, password: TEST_PASSWORD, redirectTo: "/calls?status=open" });
    expect(local.location).toBe("/calls?status=open");
    for (const evil of ["//evil.com", "https://evil.com/", "/\\evil.com", "javascript:alert(1)"]) {
      const answer = await login({ email: user.email, password: TEST_PASSWORD, redirectTo: evil });
      expect(answer.location, evil).toBe("/dashboard");
    }
  });

  it("gives a new session id at each login and deletes the one the browser had", async () => {
    const user = await createUser();
    const first = cookieOf(await login({ email: user.email, password: TEST_PASSWORD }))!;
    const firstRow = await sessionRowFor(first);
    const second = cookieOf(await login({ email: user.email, password: TEST_PASSWORD }, { cookie: first }))!;
    expect(second).not.toBe(first);
    expect(await prisma.session.findUnique({ where: { id: firstRow!.id } })).toBeNull();
    expect(await sessionRowFor(second)).toMatchObject({ userId: user.id });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses a disabled account like a wrong password", async () => {
    const user = await createUser({ status: "DISABLED" });
    const answer = await login({ email: user.email, password: TEST_PASSWORD });
    expect(answer.status).toBe(400);
    expect(answer.data.formError).toBe("auth:login.invalid");
  });

  it("answers the 11th attempt from an address within a minute with 429 and Retry-After, even with the right password", async () => {
    const ip = freshIp();
    const user = await createUser();
    for (let i = 0; i < 10; i++) {
      const answer = await login({ email: `guess-${i}@example.kg`, password: "wrong-password" }, { ip });
      expect(answer.status, `attempt ${i + 1}`).toBe(400);
    }
    const limited = await login({ email: user.email, password: TEST_PASSWORD }, { ip });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.data).toMatchObject({ formError: "auth:login.limited", formParams: { seconds: retryAfter } });
    expect(limited.headers.get("Set-Cookie")).toBeNull();
    // Another address is not affected.
    expect((await login({ email: user.email, password: TEST_PASSWORD })).status).toBe(302);
  });

  it("limits guesses at one account from many addresses (5 a minute)", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) expect((await login({ email: user.email, password: `wrong-${i}` })).status).toBe(400);
    const limited = await login({ email: user.email, password: TEST_PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("checks at most 5 of 40 parallel wrong passwords for one account: each is counted before its password is checked", async () => {
    const user = await createUser();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login({ email: user.email, password: `wrong-${i}` })));
    const checked = answers.filter((a) => a.status === 400 && a.data.formError === "auth:login.invalid").length;
    expect(checked).toBe(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(35);
    // The right password is limited too until the window passes.
    expect((await login({ email: user.email, password: TEST_PASSWORD })).status).toBe(429);
  });

  it("does not count a right password against the address", async () => {
    const ip = freshIp();
    const user = await createUser();
    for (let i = 0; i < 15; i++)
      expect((await login({ email: user.email, password: TEST_PASSWORD }, { ip })).status, `login ${i + 1}`).toBe(302);
  });

  it("sends a signed-in person from the login page to the dashboard", async () => {
    const user = await createUser();
    const cookie = cookieOf(await login({ email: user.email, password: TEST_PASSWORD }));
    const answer = await call(loginLoader, { path: "/login", cookie });
    expect(answer).toMatchObject({ status: 302, location: "/dashboard" });
    expect((await call(loginLoader, { path: "/login" })).data).toBeNull();
  });
});

describe("POST /logout", () => {
  it("deletes the session row and clears the cookie", async () => {
    const user = await createUser();
    const cookie = cookieOf(await login({ email: user.email, password: TEST_PASSWORD }))!;
    const row = await sessionRowFor(cookie);
    const answer = await call(logoutAction, { path: "/logout", method: "POST", cookie });
    expect(answer).toMatchObject({ status: 302, location: "/" });
    expect(answer.headers.get("Set-Cookie")).toMatch(/^__session=; .*Max-Age=0/i);
    expect(await prisma.session.findUnique({ where: { id: row!.id } })).toBeNull();
  });

  it("is harmless without a session", async () => {
    expect((await call(logoutAction, { path: "/logout", method: "POST" })).status).toBe(302);
  });
});

describe("POST /register", () => {
  const valid = () => ({
    fullName: "Мирлан Усенов",
    email: `mirlan.${Math.random().toString(36).slice(2, 8)}@balakai.kg`,
    phone: "+996 555 000 111",
    password: "Karakol-2026-long",
    confirmPassword: "Karakol-2026-long",
    locale: "ru",
    privacyConsent: "on",
  });
  const register = (form: Record<string, string>, body?: BodyInit, headers?: Record<string, string>) =>
    call(registerAction, { path: "/register", method: "POST", form: body === undefined ? form : undefined, body, headers, ip: freshIp() });

  it("creates the account, signs in and asks to confirm the address (a link is queued)", async () => {
    const form = valid();
    const answer = await register(form);
    expect(answer).toMatchObject({ status: 302, location: "/confirm-email" });
    expectCookieAttributes(answer);
    const user = await prisma.user.findUniqueOrThrow({ where: { email: form.email } });
    expect(await sessionRowFor(cookieOf(answer)!)).toMatchObject({ userId: user.id });
    expect(user.emailConfirmedAt).toBeNull();
    expect(await prisma.notification.count({ where: { recipient: user.email, template: "email-confirmation" } })).toBe(1);
  });

  it("answers 400 with every field's error and keeps what was typed, except passwords", async () => {
    const answer = await register({
      fullName: "Ж",
      email: "mirlan@",
      phone: "call me",
      password: "short",
      confirmPassword: "other",
      locale: "ru",
    });
    expect(answer.status).toBe(400);
    expect(answer.data.errors).toMatchObject({
      fullName: ["required"],
      email: ["email"],
      phone: ["phone"],
      password: ["passwordTooShort"],
    });
    expect(answer.data.values).toEqual({ fullName: "Ж", email: "mirlan@", phone: "call me", locale: "ru" });
    expect(await prisma.user.count({ where: { email: "mirlan@" } })).toBe(0);
  });

  it("says which field when the passwords differ", async () => {
    const answer = await register({ ...valid(), confirmPassword: "Karakol-2026-other" });
    expect(answer.status).toBe(400);
    expect(answer.data.errors).toEqual({ confirmPassword: ["passwordsDiffer"] });
  });

  it("answers 409 emailTaken for a registered email, keeping the typed values", async () => {
    const existing = await createUser();
    const answer = await register({ ...valid(), email: existing.email });
    expect(answer.status).toBe(409);
    expect(answer.data).toMatchObject({ formError: "emailTaken", values: { email: existing.email, fullName: "Мирлан Усенов" } });
  });

  it.each([
    ["missing fields", {}, undefined, undefined],
    ["an unknown language", { ...valid(), locale: "de" }, undefined, undefined],
    ["a very long name", { ...valid(), fullName: "Ы".repeat(5000) }, undefined, undefined],
    ["a JSON body", {}, JSON.stringify({ email: "a@b.kg" }), { "Content-Type": "application/json" }],
    ["a broken multipart body", {}, "--x\r\nnot really", { "Content-Type": "multipart/form-data" }],
  ])("answers 4xx, never 500, for %s", async (_label, form, body, headers) => {
    const answer = await register(form as Record<string, string>, body, headers);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });
});

describe("security events in the audit trail (issue 17, item 8)", () => {
  it("records a failed login, a successful one, a language change and the logout, with the address", async () => {
    const user = await createUser();
    const ip = freshIp();
    expect((await login({ email: user.email, password: "wrong-password" }, { ip })).status).toBe(400);
    expect((await login({ email: `nobody-${ip}@example.kg`, password: "wrong-password" }, { ip })).status).toBe(400);
    const cookie = cookieOf(await login({ email: user.email, password: TEST_PASSWORD }, { ip }))!;
    expect((await call(languageAction, { path: "/language", form: { locale: "en", redirectTo: "/" }, cookie, ip })).status).toBe(302);
    expect((await call(logoutAction, { path: "/logout", form: {}, cookie, ip })).status).toBe(302);
    const events = await prisma.auditEvent.findMany({
      where: { ipAddress: ip },
      orderBy: { seq: "asc" },
      select: { action: true, actorId: true, entityId: true },
    });
    expect(events).toEqual([
      { action: "user.login_failed", actorId: user.id, entityId: user.id },
      { action: "user.login_failed", actorId: null, entityId: "" },
      { action: "user.logged_in", actorId: user.id, entityId: user.id },
      { action: "user.locale_changed", actorId: user.id, entityId: user.id },
      { action: "user.logged_out", actorId: user.id, entityId: user.id },
    ]);
  });
});
