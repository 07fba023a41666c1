import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePdf } from "../factories-organizations";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const stamp = Date.now().toString().slice(-6);
const organization = {
  nameKy: `«Үмүт ${stamp}» коомдук бирикмеси`,
  nameRu: `Общественное объединение «Умут ${stamp}»`,
  tin: `0120320${stamp.padStart(7, "0")}`,
};

async function lookAt(page: Page, name: string) {
  await screenshot(page, `organizations-${name}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `organizations-${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe("an NCO registers, keeps its charter, and the officer verifies it", () => {
  it("goes from a new account to a verified organization", async () => {
    const context = await browser.newContext({
      locale: "en-GB",
      extraHTTPHeaders: { "Accept-Language": "en-GB,en;q=0.9" },
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();

    // A new account.
    await page.goto(`${portal.url}/register`);
    await page.getByLabel("Full name").fill("Asel Toktosunova");
    await page.getByLabel("Email").fill(`asel-${stamp}@example.kg`);
    await page.getByLabel("Password (at least 10 characters)").fill("Karakol-2026-asel");
    await page.getByLabel("Repeat the password").fill("Karakol-2026-asel");
    await page.getByLabel("I have read the privacy notice").check();
    await page.getByLabel("Language of notices").selectOption("en");
    // Registration asks to confirm the address (a link is on its way); the portal can be used meanwhile.
    await Promise.all([page.waitForURL(`${portal.url}/confirm-email`), page.getByRole("button", { name: "Create account" }).click()]);
    await page.goto(`${portal.url}/dashboard`);

    // The dashboard's call to action.
    await lookAt(page, "dashboard-cta");
    await Promise.all([
      page.waitForURL(`${portal.url}/organizations/new`),
      page.getByRole("link", { name: "Register an organization" }).click(),
    ]);

    // A wrong TIN is caught as typed (JavaScript on), with the same rule as the server.
    await page.getByLabel("Name in Kyrgyz").fill(organization.nameKy);
    await page.getByLabel("Name in Russian").fill(organization.nameRu);
    await page.getByLabel("Legal form").selectOption("PUBLIC_UNION");
    await page.getByLabel("Registration number").fill(`${stamp}-3302-ОБ`);
    await page.getByLabel("TIN", { exact: true }).fill("12345");
    await page.getByLabel("Registered on").fill("2020-03-12");
    expect(await page.getByText("The TIN must be exactly 14 digits").count()).toBe(1);
    await page.getByLabel("TIN", { exact: true }).fill(organization.tin);
    await page.getByLabel("Region").selectOption("ISSYK_KUL");
    await page.getByLabel("Address").fill("Karakol, Toktogul St. 5");
    await page.getByLabel("Phone").fill("+996 555 111 222");
    await page.getByLabel("Email").fill(`office-${stamp}@example.kg`);
    await page.getByLabel("Bank", { exact: true }).fill("RSK Bank");
    await page.getByLabel("BIK").fill("129001");
    await page.getByLabel("Settlement account").fill("1290010000555555");
    await lookAt(page, "register-filled");
    await Promise.all([
      page.waitForURL(/\/organizations\/[^/]+\?done=registered$/),
      page.getByRole("button", { name: "Register the organization" }).click(),
    ]);
    // No English name given: the Russian one is shown in English.
    await page.getByRole("heading", { level: 1, name: organization.nameRu }).waitFor();
    await page.getByText("Waiting for verification").first().waitFor();
    const organizationUrl = page.url().split("?")[0]!;
    await lookAt(page, "registered");

    // The charter, uploaded with JavaScript disabled: a plain multipart POST.
    const charter = path.join(mkdtempSync(path.join(tmpdir(), "portal-e2e-")), `charter-${stamp}.pdf`);
    writeFileSync(charter, samplePdf("Charter of Umut"));
    const noScript = await browser.newContext({
      javaScriptEnabled: false,
      storageState: await context.storageState(),
      viewport: { width: 1280, height: 900 },
    });
    const plain = await noScript.newPage();
    await plain.goto(`${organizationUrl}/documents`);
    await plain.getByLabel("Document type").selectOption("CHARTER");
    await plain.getByLabel("Title").fill("Charter (2020 edition)");
    await plain.getByLabel("File").setInputFiles(charter);
    const [post] = await Promise.all([
      plain.waitForResponse((r) => r.request().method() === "POST"),
      plain.getByRole("button", { name: "Upload the document" }).click(),
    ]);
    // A 403 here means the server refused its own form: with "Referrer-Policy: no-referrer" Chromium sends "Origin: null" on a plain form POST.
    expect(post.status(), await post.text().catch(() => "")).toBe(302);
    await plain.waitForURL(/\/documents\?done=uploaded$/);
    expect(await plain.getByText("The document is uploaded.").isVisible()).toBe(true);
    const link = plain.getByRole("link", { name: `charter-${stamp}.pdf` });
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/files\/[a-z0-9]+$/);
    const download = await plain.request.get(`${portal.url}${href}`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("application/pdf");
    // Set by the download and by the server's helmet alike; every value says nosniff.
    expect(
      new Set(
        download
          .headers()
          ["x-content-type-options"]!.split(",")
          .map((v) => v.trim()),
      ),
    ).toEqual(new Set(["nosniff"]));
    expect(download.headers()["content-disposition"]).toContain(`filename*=UTF-8''charter-${stamp}.pdf`);
    expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await lookAt(plain, "vault-no-javascript");

    // An .exe renamed .pdf is refused with a message, still without JavaScript.
    const fake = charter.replace(/\.pdf$/, "-fake.pdf");
    writeFileSync(fake, Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(4096, 1)]));
    await plain.getByLabel("Title").fill("Not a charter");
    await plain.getByLabel("File").setInputFiles(fake);
    await plain.getByRole("button", { name: "Upload the document" }).click();
    await plain.waitForLoadState();
    expect(await plain.getByText("does not match its extension").isVisible()).toBe(true);
    await lookAt(plain, "vault-refused");
    await noScript.close();

    // Another NCO sees nothing of it.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, portal.url, "info@ayalzhardam.kg", "Karakol-2026");
    expect((await otherPage.goto(organizationUrl))!.status()).toBe(404);
    expect((await otherPage.goto(`${organizationUrl}/documents`))!.status()).toBe(404);
    expect((await otherPage.request.get(`${portal.url}${href}`)).status()).toBe(404);
    await other.close();

    // The NCO starts a proposal in the demo's open call: the municipality it applies to is the one
    // that verifies it (decision 0048); until then no officer sees it.
    await page.goto(`${portal.url}/calls?status=open`);
    const callHref = await page.locator('main a[href^="/calls/"]').first().getAttribute("href");
    await page.goto(`${portal.url}${callHref!.split("?")[0]}/proposals/new`);
    await Promise.all([
      page.waitForURL(/\/proposals\/[^/]+\/summary$/),
      page.getByRole("button", { name: "Start a proposal for this organization" }).click(),
    ]);

    // The officer (Kyrgyz) finds it waiting and verifies it.
    const officerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const officer = await officerContext.newPage();
    await signIn(officer, portal.url, "officer@karakol.kg", "Karakol-2026");
    await officer.goto(`${portal.url}/officer/organizations`);
    await lookAt(officer, "officer-list");
    await Promise.all([officer.waitForURL(organizationUrl), officer.getByRole("link", { name: organization.nameKy }).click()]);
    const sections = officer.getByRole("navigation", { name: "Уюмдун бөлүмдөрү" });
    await sections.getByRole("link", { name: "Документтер" }).click();
    await officer.waitForURL(`${organizationUrl}/documents`);
    await officer.getByText("Charter (2020 edition)").waitFor();
    await sections.getByRole("link", { name: "Профиль" }).click();
    await officer.waitForURL(organizationUrl);
    await lookAt(officer, "officer-decides");
    await Promise.all([officer.waitForURL(/done=verified$/), officer.getByRole("button", { name: "Уюмду ырастоо" }).click()]);
    await officer.getByText("Уюм ырасталды").waitFor();
    await officerContext.close();

    // The NCO sees its organization verified.
    await page.goto(organizationUrl);
    expect(await page.getByText("Verified by the mayor's office on").isVisible()).toBe(true);
    await lookAt(page, "verified");
    await context.close();
  });
});
