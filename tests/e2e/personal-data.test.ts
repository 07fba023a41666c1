// Personal data (issue 15, decision 0071): consent at registration (with JavaScript off too),
// "download my data", closing the account, and a closed account's login refused.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, startPortal, type Portal } from "./support";

const locales = path.resolve(import.meta.dirname, "../../public/locales");
const text = (locale: string, ns: string) => JSON.parse(readFileSync(path.join(locales, locale, `${ns}.json`), "utf8"));
const ru = { auth: text("ru", "auth"), validation: text("ru", "validation"), privacy: text("ru", "privacy"), common: text("ru", "common") };

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

async function newPage(javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: "ru",
    extraHTTPHeaders: { "Accept-Language": "ru" },
    javaScriptEnabled,
    acceptDownloads: true,
  });
  // Shared, busy machines: a sign-in (argon2) can take far longer than Playwright's default.
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  return { context, page: await context.newPage() };
}

const PASSWORD = "Issyk-Kul-2026";

async function fillRegistration(page: Page, email: string) {
  await page.getByLabel(ru.auth.register.fullName).fill("Бермет Жумабаева");
  await page.getByLabel(ru.auth.register.email).fill(email);
  await page.getByLabel(ru.auth.register.phone).fill("+996 555 321 654");
  await page.getByLabel(ru.auth.register.password, { exact: true }).fill(PASSWORD);
  await page.getByLabel(ru.auth.register.confirmPassword).fill(PASSWORD);
}

describe("personal data", () => {
  it("refuses registration without consent (JavaScript off, nothing typed lost), then accepts it", async () => {
    const { context, page } = await newPage(false);
    const email = `bermet-${Date.now()}@example.kg`;
    await page.goto(`${portal.url}/register`);
    // The notice is linked from the form and from the footer.
    expect(await page.getByRole("link", { name: ru.auth.register.privacyLink }).getAttribute("href")).toBe("/privacy");
    expect(await page.getByRole("contentinfo").getByRole("link", { name: ru.common.nav.privacy }).getAttribute("href")).toBe("/privacy");
    await fillRegistration(page, email);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${portal.url}/register`) && r.request().method() === "POST"),
      page.getByRole("button", { name: ru.auth.register.submit }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.waitForLoadState();
    expect(await page.getByText(ru.validation.privacyConsentRequired).isVisible()).toBe(true);
    expect(await page.getByLabel(ru.auth.register.fullName).inputValue()).toBe("Бермет Жумабаева");
    expect(await page.getByLabel(ru.auth.register.email).inputValue()).toBe(email);
    expect(await page.getByLabel(ru.auth.register.phone).inputValue()).toBe("+996 555 321 654");
    await screenshot(page, "personal-data-consent-refused-ru");

    await page.getByLabel(ru.auth.register.password, { exact: true }).fill(PASSWORD);
    await page.getByLabel(ru.auth.register.confirmPassword).fill(PASSWORD);
    await page.getByLabel(ru.auth.register.privacyConsent).check();
    await Promise.all([
      page.waitForURL(`${portal.url}/confirm-email`),
      page.getByRole("button", { name: ru.auth.register.submit }).click(),
    ]);
    await context.close();
  });

  it("downloads the person's data, closes the account, and then refuses their login", async () => {
    const { context, page } = await newPage();
    const email = `closing-${Date.now()}@example.kg`;
    await page.goto(`${portal.url}/register`);
    await fillRegistration(page, email);
    await page.getByLabel(ru.auth.register.privacyConsent).check();
    await Promise.all([
      page.waitForURL(`${portal.url}/confirm-email`),
      page.getByRole("button", { name: ru.auth.register.submit }).click(),
    ]);

    await page.goto(`${portal.url}/profile`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: ru.auth.profile.data.download }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^personal-data-\d{4}-\d{2}-\d{2}\.json$/);
    const file = readFileSync((await download.path())!, "utf8");
    const data = JSON.parse(file);
    expect(data.account).toMatchObject({ email, fullName: "Бермет Жумабаева", phone: "+996 555 321 654" });
    expect(data.consent.noticeVersion).toBe(data.consent.currentNoticeVersion);
    expect(data.auditEvents.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["user.registered", "user.privacy_consented"]),
    );
    expect(file).not.toContain("passwordHash");

    await page.getByLabel(ru.auth.profile.close.password).fill(PASSWORD);
    await page.getByLabel(ru.auth.profile.close.confirm).check();
    await screenshot(page, "personal-data-profile-ru");
    await Promise.all([
      page.waitForURL(/\/login\?done=accountClosed$/),
      page.getByRole("button", { name: ru.auth.profile.close.submit }).click(),
    ]);
    await page.getByText(ru.auth.done.accountClosed).waitFor();

    await page.getByLabel(ru.auth.login.email).fill(email);
    await page.getByLabel(ru.auth.login.password).fill(PASSWORD);
    await Promise.all([page.waitForLoadState(), page.getByRole("button", { name: ru.auth.login.submit }).click()]);
    await page.getByText(ru.auth.login.invalid).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    await context.close();
  });
});
