import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privilegedSql, type PrivilegedSql } from "../integration/privileged-sql";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const DEMO_PASSWORD = "Karakol-2026";
const locales = path.resolve(import.meta.dirname, "../../public/locales");
const text = (locale: string, ns: string) => JSON.parse(readFileSync(path.join(locales, locale, `${ns}.json`), "utf8"));
const ky = {
  auth: text("ky", "auth"),
  common: text("ky", "common"),
  validation: text("ky", "validation"),
  errors: text("ky", "errors"),
  confirmation: text("ky", "confirmation"),
};
const ru = {
  auth: text("ru", "auth"),
  common: text("ru", "common"),
  validation: text("ru", "validation"),
  confirmation: text("ru", "confirmation"),
  errors: text("ru", "errors"),
};
const en = { confirmation: text("en", "confirmation") };

let portal: Portal;
let browser: Browser;
let db: PrivilegedSql;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  db = await privilegedSql(portal.databaseUrl);
});

afterAll(async () => {
  await db?.close();
  await browser?.close();
  await portal?.stop();
});

// The machines are shared and often busy: a sign-in (argon2) and a page load can take far longer than Playwright's 30 s default.
async function newContext(options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  return context;
}

async function newPage(locale: "ky" | "ru" | "en", options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext({ locale, extraHTTPHeaders: { "Accept-Language": locale }, ...options });
  return { context, page: await context.newPage() };
}

const sessionCount = async (email: string) =>
  Number(
    (
      await db.query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE u."email" = $1`,
        [email],
      )
    )[0]!.n,
  );

describe("an NCO member", () => {
  it("registers through the form, is asked to confirm the address, reaches the dashboard, signs out and signs in again", async () => {
    const { context, page } = await newPage("ky");
    const email = `aizada.${Date.now()}@balakai.kg`;
    await page.goto(`${portal.url}/register`);
    expect(await page.getAttribute("html", "lang")).toBe("ky");
    await page.getByLabel(ky.auth.register.fullName).fill("Айзада Токтосунова");
    await page.getByLabel(ky.auth.register.email).fill(email);
    await page.getByLabel(ky.auth.register.phone).fill("+996 555 777 888");
    await page.getByLabel(ky.auth.register.password, { exact: true }).fill("Issyk-Kul-2026");
    await page.getByLabel(ky.auth.register.confirmPassword).fill("Issyk-Kul-2026");
    await page.locator('input[name="privacyConsent"]').check();
    await page.getByLabel(ky.auth.register.locale).selectOption("ky");
    await Promise.all([
      page.waitForURL(`${portal.url}/confirm-email`),
      page.getByRole("button", { name: ky.auth.register.submit }).click(),
    ]);
    await page.getByRole("heading", { level: 1, name: ky.confirmation.title }).waitFor();
    expect(await page.getByText(email).first().isVisible()).toBe(true);
    await Promise.all([page.waitForURL(`${portal.url}/dashboard`), page.getByRole("link", { name: ky.confirmation.continue }).click()]);
    // The URL changes before React commits the new page; wait for the dashboard's heading itself.
    const welcome = ky.common.dashboard.welcome.replace("{{name}}", "Айзада Токтосунова");
    await page.getByRole("heading", { level: 1, name: welcome, exact: true }).waitFor();
    await expect(page.getByText(ky.common.dashboard.card.noOrganization).isVisible()).resolves.toBe(true);
    expect(await sessionCount(email)).toBe(1);
    await screenshot(page, "accounts-registered-dashboard-ky");

    await Promise.all([page.waitForURL(`${portal.url}/`), page.getByRole("button", { name: ky.common.nav.logout }).click()]);
    expect(await sessionCount(email)).toBe(0);
    await page.goto(`${portal.url}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/login");

    await signIn(page, portal.url, email, "Issyk-Kul-2026");
    expect(page.url()).toBe(`${portal.url}/dashboard`);
    expect(await sessionCount(email)).toBe(1);
    await context.close();
  }, 240_000);

  it("sees each mistake in their language before the form is sent, on a phone and a desktop", async () => {
    for (const viewport of [
      { width: 390, height: 844, name: "phone" },
      { width: 1280, height: 900, name: "desktop" },
    ]) {
      const { context, page } = await newPage("ky", { viewport });
      await page.goto(`${portal.url}/register`);
      await page.waitForLoadState("networkidle");
      let posted = false;
      page.on("request", (request) => {
        if (request.method() === "POST") posted = true;
      });
      await page.getByLabel(ky.auth.register.email).fill("aizada@");
      await page.getByLabel(ky.auth.register.password, { exact: true }).fill("short");
      await page.getByLabel(ky.auth.register.password, { exact: true }).press("Enter");
      for (const message of [ky.validation.required, ky.validation.email, ky.validation.passwordTooShort]) {
        await page.getByText(message).first().waitFor();
      }
      expect(await page.getByLabel(ky.auth.register.fullName).getAttribute("aria-invalid")).toBe("true");
      expect(posted).toBe(false);
      await screenshot(page, `accounts-register-errors-ky-${viewport.name}`);
      await context.close();
    }
  }, 240_000);

  it("submits with one click on the button, even when leaving the last field shows its error", async () => {
    const { context, page } = await newPage("ky");
    await page.goto(`${portal.url}/register`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel(ky.auth.register.email).fill("aizada@");
    await page.getByLabel(ky.auth.register.password, { exact: true }).fill("short");
    // One ordinary click, as a person makes it: the field loses focus on mouse-down.
    await page.getByRole("button", { name: ky.auth.register.submit }).click();
    await page.getByText(ky.validation.required).first().waitFor({ timeout: 5000 });
    await context.close();
  });

  it("sees the server's translated errors when the browser runs no JavaScript", async () => {
    const { context, page } = await newPage("ru", { javaScriptEnabled: false });
    await page.goto(`${portal.url}/register`);
    await page.getByLabel(ru.auth.register.fullName).fill("Мирлан");
    await page.getByLabel(ru.auth.register.email).fill("mirlan@");
    await page.getByLabel(ru.auth.register.password, { exact: true }).fill("short");
    await page.getByLabel(ru.auth.register.confirmPassword).fill("different");
    await page.locator('input[name="privacyConsent"]').check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${portal.url}/register`) && r.request().method() === "POST"),
      page.getByRole("button", { name: ru.auth.register.submit }).click(),
    ]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState();
    for (const message of [ru.validation.email, ru.validation.passwordTooShort, ru.validation.passwordsDiffer]) {
      expect(await page.getByText(message).isVisible(), message).toBe(true);
    }
    // What was typed is still there, except the passwords.
    expect(await page.getByLabel(ru.auth.register.fullName).inputValue()).toBe("Мирлан");
    expect(await page.getByLabel(ru.auth.register.email).inputValue()).toBe("mirlan@");
    expect(await page.getByLabel(ru.auth.register.password, { exact: true }).inputValue()).toBe("");
    expect(await page.getByLabel(ru.auth.register.email).getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "accounts-register-errors-nojs-ru");

    await page.goto(`${portal.url}/login`);
    await page.getByLabel(ru.auth.login.email).fill("nco@balakai.kg");
    await page.getByLabel(ru.auth.login.password).fill("wrong-password");
    await Promise.all([page.waitForLoadState(), page.getByRole("button", { name: ru.auth.login.submit }).click()]);
    await page.getByRole("alert").first().waitFor();
    expect(await page.getByText(ru.auth.login.invalid).isVisible()).toBe(true);
    await context.close();
  });
});

/** The link of the newest confirmation message queued for the address, read from the outbox as the mail gateway would. */
async function confirmationLink(email: string) {
  const rows = await db.query<{ payload: string | Record<string, string> }>(
    `SELECT "payload" FROM "Notification" WHERE "recipient" = $1 AND "template" = 'email-confirmation' ORDER BY "createdAt" DESC`,
    [email],
  );
  const payload = typeof rows[0]!.payload === "string" ? JSON.parse(rows[0]!.payload) : rows[0]!.payload;
  return new URL(payload.link as string).pathname;
}

async function register(page: Page, email: string, locale: "ky" | "ru" | "en") {
  await page.goto(`${portal.url}/register`);
  await page.locator('input[name="fullName"]').fill("Чолпон Абдиева");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill("Issyk-Kul-2026");
  await page.locator('input[name="confirmPassword"]').fill("Issyk-Kul-2026");
  await page.locator('input[name="privacyConsent"]').check();
  await page.locator('select[name="locale"]').selectOption(locale);
  await Promise.all([
    page.waitForURL(`${portal.url}/confirm-email`),
    page.getByRole("button", { name: text(locale, "auth").register.submit }).click(),
  ]);
}

describe("confirming the e-mail address (issue 17 item 5, issue 11 item 25)", () => {
  it("sends a link in the person's language; opening it asks for one press, which confirms; a used link is explained (JS off), on a phone and a desktop", async () => {
    for (const [index, viewport] of [
      { width: 390, height: 844, name: "phone" },
      { width: 1280, height: 900, name: "desktop" },
    ].entries()) {
      const { context, page } = await newPage("ru", { viewport, javaScriptEnabled: index === 0 });
      const email = `cholpon.${viewport.name}.${Date.now()}@balakai.kg`;
      await register(page, email, "ru");
      await page.getByRole("heading", { level: 1, name: ru.confirmation.title }).waitFor();
      await screenshot(page, `confirm-email-sent-ru-${viewport.name}`);
      const rows = await db.query<{ locale: string }>(
        `SELECT "locale" FROM "Notification" WHERE "recipient" = $1 AND "template" = 'email-confirmation'`,
        [email],
      );
      expect(rows.map((r) => r.locale)).toEqual(["ru"]);

      // "Send again" within a minute: nothing new is sent, and the person is told why.
      await Promise.all([page.waitForURL(/done=tooSoon/), page.getByRole("button", { name: ru.confirmation.resend }).click()]);
      await page.getByText(ru.confirmation.done.tooSoon).waitFor();

      const link = await confirmationLink(email);
      await page.goto(`${portal.url}${link}`);
      await page.getByText(ru.confirmation.tokenLead).waitFor();
      await screenshot(page, `confirm-email-link-ru-${viewport.name}`);
      await Promise.all([
        page.waitForURL(/\/confirm-email\?confirmed=1$/),
        page.getByRole("button", { name: ru.confirmation.confirmButton }).click(),
      ]);
      await page.getByText(ru.confirmation.confirmed.replace("{{email}}", email)).waitFor();
      await screenshot(page, `confirm-email-confirmed-ru-${viewport.name}`);
      const confirmed = await db.query<{ c: string | null }>(`SELECT "emailConfirmedAt" AS c FROM "User" WHERE "email" = $1`, [email]);
      expect(confirmed[0]!.c).not.toBeNull();

      const again = await page.goto(`${portal.url}${link}`);
      expect(again!.status()).toBe(404);
      await page.getByText(ru.confirmation.tokenInvalid).waitFor();
      await page.goto(`${portal.url}/profile`);
      await page.getByText(ru.confirmation.statusLabel, { exact: false }).first().waitFor();
      expect(await page.getByRole("button", { name: ru.confirmation.resend }).count()).toBe(0);
      await screenshot(page, `profile-confirmed-ru-${viewport.name}`);
      await context.close();
    }
  }, 360_000);

  it("an unconfirmed person sees why on the profile and can ask for a new link there", async () => {
    const { context, page } = await newPage("en", { viewport: { width: 390, height: 844 } });
    const email = `unconfirmed.${Date.now()}@balakai.kg`;
    await register(page, email, "en");
    await page.goto(`${portal.url}/profile`);
    await page.getByText(en.confirmation.statusPending).waitFor();
    await screenshot(page, "profile-unconfirmed-en-phone");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "profile-unconfirmed-en-desktop");
    // The link sent at registration is under a minute old: the resend is refused with an explanation.
    await Promise.all([
      page.waitForURL(/\/confirm-email\?done=tooSoon$/),
      page.getByRole("button", { name: en.confirmation.resend }).click(),
    ]);
    await page.getByText(en.confirmation.done.tooSoon).waitFor();
    await context.close();
  }, 240_000);
});

describe("tenancy", () => {
  it("answers 404 for another organization's profile and shows one's own", async () => {
    const orgs = await db.query<{ id: string; nameEn: string }>(
      `SELECT "id", "nameEn" FROM "Organization" WHERE "nameEn" IN ('Balakai Public Union', 'Ayal Zhardam Public Foundation')`,
    );
    const own = orgs.find((o) => o.nameEn.startsWith("Balakai"))!;
    const foreign = orgs.find((o) => o.nameEn.startsWith("Ayal"))!;
    expect(own && foreign).toBeTruthy();

    const { context, page } = await newPage("ky");
    await signIn(page, portal.url, "nco@balakai.kg", DEMO_PASSWORD);
    const ownPage = await page.goto(`${portal.url}/organizations/${own.id}`);
    expect(ownPage!.status()).toBe(200);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("«Балакай» коомдук бирикмеси");

    const foreignPage = await page.goto(`${portal.url}/organizations/${foreign.id}`);
    expect(foreignPage!.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(ky.common.errorPage.notFound.title);
    expect(await page.content()).not.toContain("Аял жардам");
    // The data request a client-side navigation would make is refused as well.
    const data = await page.request.get(`${portal.url}/organizations/${foreign.id}.data`);
    expect(data.status()).toBe(404);
    expect(await data.text()).not.toContain("ayalzhardam");
    await context.close();
  });
});

describe("a page on another origin", () => {
  let attacker: Server;
  let attackerUrl: string;

  beforeAll(async () => {
    // Same host, another port: the same *site* to the browser, so SameSite=Lax
    // cookies do go along. Only the Origin check stands in the way.
    attacker = createServer((req, res) => {
      const [target, field, value] = req.url === "/language" ? ["/language", "locale", "ru"] : ["/logout", "x", "1"];
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(`<!doctype html><title>Win a prize</title><form method="post" action="${portal.url}${target}">
        <input type="hidden" name="${field}" value="${value}"><input type="hidden" name="redirectTo" value="/">
      </form><script>document.forms[0].submit()</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "localhost", resolve));
    attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => attacker?.close(resolve));
  });

  it("cannot sign a person out: the portal answers 403 and the session stays", async () => {
    const { context, page } = await newPage("ky");
    await signIn(page, portal.url, "staff@balakai.kg", DEMO_PASSWORD);
    expect(await sessionCount("staff@balakai.kg")).toBe(1);

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${portal.url}/logout`),
      page.goto(`${attackerUrl}/logout`),
    ]);
    expect(response.request().headers()["origin"] ?? (await response.request().headerValue("origin"))).toBe(attackerUrl);
    expect(response.status()).toBe(403);
    expect(await sessionCount("staff@balakai.kg")).toBe(1);
    await page.goto(`${portal.url}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    await context.close();
  });

  it("cannot change a visitor's language", async () => {
    const { context, page } = await newPage("en");
    await page.goto(portal.url);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${portal.url}/language`),
      page.goto(`${attackerUrl}/language`),
    ]);
    expect(response.status()).toBe(403);
    expect((await context.cookies(portal.url)).find((c) => c.name === "lng")).toBeUndefined();
    await page.goto(portal.url);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await context.close();
  });

  it("while the portal's own form still works", async () => {
    const { context, page } = await newPage("en");
    await page.goto(portal.url);
    await Promise.all([page.waitForURL(`${portal.url}/`), page.getByRole("button", { name: "Русский" }).click()]);
    await page.waitForFunction(() => document.documentElement.lang === "ru");
    expect((await context.cookies(portal.url)).find((c) => c.name === "lng")).toBeDefined();
    await context.close();
  });
});
