import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privilegedSql, type PrivilegedSql } from "../integration/privileged-sql";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const DEMO_PASSWORD = "Karakol-2026";
const locales = path.resolve(import.meta.dirname, "../../public/locales");
const text = (locale: string, ns: string) => JSON.parse(readFileSync(path.join(locales, locale, `${ns}.json`), "utf8"));
const ru = { admin: text("ru", "admin"), common: text("ru", "common"), validation: text("ru", "validation") };
const ky = { admin: text("ky", "admin"), common: text("ky", "common") };
const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? "");

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

// Shared, busy machines: argon2 and a page load can take far longer than Playwright's default.
async function newPage(locale: "ky" | "ru", options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ locale, extraHTTPHeaders: { "Accept-Language": locale }, ...options });
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  return { context, page: await context.newPage() };
}

async function invitationLink(email: string) {
  const rows = await db.query<{ payload: string | Record<string, string>; locale: string }>(
    `SELECT "payload", "locale" FROM "Notification" WHERE "recipient" = $1 AND "template" = 'staff-invitation' ORDER BY "createdAt" DESC`,
    [email],
  );
  expect(rows).toHaveLength(1);
  const payload = typeof rows[0]!.payload === "string" ? JSON.parse(rows[0]!.payload) : rows[0]!.payload;
  return { path: new URL(payload.link as string).pathname, locale: rows[0]!.locale };
}

describe("a municipality's administrator and the staff", () => {
  it("invites a finance officer, who creates the account from the link and holds the role until the administrator removes it", async () => {
    const admin = await newPage("ru", { viewport: { width: 1280, height: 900 } });
    await signIn(admin.page, portal.url, "admin@karakol.kg", DEMO_PASSWORD);
    await admin.page.goto(`${portal.url}/admin/staff`);
    await admin.page.getByRole("heading", { level: 1, name: ru.admin.staff.title }).waitFor();
    await admin.page.waitForLoadState("networkidle");

    const email = `kassa.${Date.now()}@karakol.kg`;
    await admin.page.getByLabel(ru.admin.staff.email).fill(email);
    await admin.page.getByLabel(ru.admin.staff.role, { exact: true }).selectOption("FINANCE_OFFICER");
    await admin.page.getByLabel(ru.admin.staff.locale).selectOption("ky");
    await Promise.all([admin.page.waitForURL(/done=invited/), admin.page.getByRole("button", { name: ru.admin.staff.invite }).click()]);
    await admin.page.getByText(ru.admin.done.invited).waitFor();
    await admin.page.getByRole("cell", { name: email, exact: true }).waitFor();
    expect(await admin.page.getByLabel(ru.admin.staff.email).inputValue()).toBe("");
    await screenshot(admin.page, "staff-admin-invited-ru-desktop");
    await admin.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(admin.page, "staff-admin-invited-ru-phone");

    // The link from the outbox, in the language the administrator chose for an address without an account.
    const link = await invitationLink(email);
    expect(link.locale).toBe("ky");
    const invitee = await newPage("ky", { viewport: { width: 390, height: 844 } });
    await invitee.page.goto(`${portal.url}${link.path}`);
    await invitee.page.getByRole("heading", { level: 1, name: ky.admin.invitation.title }).waitFor();
    await invitee.page.waitForLoadState("networkidle");
    await invitee.page.getByLabel(ky.admin.invitation.fullName).fill("Бакыт Осмонов");
    await invitee.page.getByLabel(ky.admin.invitation.password, { exact: true }).fill("Issyk-Kul-2026");
    await invitee.page.getByLabel(ky.admin.invitation.confirmPassword).fill("Issyk-Kul-2026");
    await invitee.page.locator('input[name="privacyConsent"]').check();
    await screenshot(invitee.page, "staff-invitation-ky-phone");
    await Promise.all([
      invitee.page.waitForURL(`${portal.url}/dashboard`),
      invitee.page.getByRole("button", { name: ky.admin.invitation.create }).click(),
    ]);
    const payments = await invitee.page.goto(`${portal.url}/finance/payments`);
    expect(payments?.status()).toBe(200);

    // The link works once.
    const again = await invitee.page.goto(`${portal.url}${link.path}`);
    expect(again?.status()).toBe(410);
    await invitee.page.getByText(ky.admin.invitation.used).waitFor();

    // The administrator removes the role, on a confirmation step.
    await admin.page.goto(`${portal.url}/admin/staff`);
    const role = ru.common.dashboard.role.FINANCE_OFFICER as string;
    await Promise.all([
      admin.page.waitForURL(/remove=/),
      admin.page.getByRole("link", { name: fill(ru.admin.staff.removeRoleLabel, { role, name: "Бакыт Осмонов" }) }).click(),
    ]);
    await admin.page.getByRole("heading", { name: ru.admin.staff.confirmTitle }).waitFor();
    await screenshot(admin.page, "staff-admin-confirm-remove-ru-phone");
    await Promise.all([
      admin.page.waitForURL(/done=removed/),
      admin.page.getByRole("button", { name: ru.admin.staff.confirmRemove }).click(),
    ]);
    await admin.page.getByText(ru.admin.done.removed).waitFor();

    // The invitee's open session: the very next request no longer has the right.
    const denied = await invitee.page.goto(`${portal.url}/finance/payments`);
    expect(denied?.status()).toBe(403);
    await invitee.context.close();

    // The last administrator: the page refuses and says why.
    await admin.page.goto(`${portal.url}/admin/staff?${new URLSearchParams({ remove: await adminId(), role: "ADMIN" })}`);
    await Promise.all([
      admin.page.waitForResponse((r) => r.request().method() === "POST"),
      admin.page.getByRole("button", { name: ru.admin.staff.confirmRemove }).click(),
    ]);
    await admin.page.getByText(ru.admin.errors.lastAdministrator).waitFor();

    // Exceptions to separation of duties: reached from the header, readable on a phone and a desktop.
    await admin.page.goto(`${portal.url}/admin/commission-exceptions`);
    await admin.page.getByRole("heading", { level: 1, name: ru.admin.exceptions.title }).waitFor();
    await screenshot(admin.page, "staff-exceptions-ru-phone");
    await admin.page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(admin.page, "staff-exceptions-ru-desktop");
    await admin.context.close();
  }, 300_000);

  it("without JavaScript, shows the server's errors in the person's language and keeps what was typed", async () => {
    const { context, page } = await newPage("ru", { javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    await signIn(page, portal.url, "admin@karakol.kg", DEMO_PASSWORD);
    await page.goto(`${portal.url}/admin/staff`);
    await page.getByLabel(ru.admin.staff.email).fill("kassa@");
    await page.getByLabel(ru.admin.staff.role, { exact: true }).selectOption("ADMIN");
    await page.getByRole("button", { name: ru.admin.staff.invite }).click();
    await page.getByText(ru.validation.email).waitFor();
    expect(await page.getByLabel(ru.admin.staff.email).inputValue()).toBe("kassa@");
    expect(await page.getByLabel(ru.admin.staff.role, { exact: true }).inputValue()).toBe("ADMIN");
    await screenshot(page, "staff-admin-errors-nojs-ru-phone");
    await context.close();
  }, 240_000);
});

async function adminId() {
  const rows = await db.query<{ id: string }>(`SELECT "id" FROM "User" WHERE "email" = 'admin@karakol.kg'`);
  return rows[0]!.id;
}
