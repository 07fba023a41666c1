/**
 * The first start of a real deployment: an empty database (no demo), the set-up
 * token from the server log, the set-up page in Chromium (a wrong token keeps
 * what was typed), then the administrator's dashboard under the new
 * municipality's name, and /setup gone for good.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, startPortal, type Portal } from "./support";

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  portal = await startPortal({ SEED_DEMO: "false" });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const PROFILE = {
  nameKy: "Нарын шаарынын мэриясы",
  nameRu: "Мэрия города Нарын",
  nameEn: "Naryn City Mayor's Office",
  region: "Нарын",
  address: "Нарын ш., Ленин көч., 1",
  ocidPrefix: "ocds-nrn001",
  headNameKy: "Асанов Бакыт",
  headNameRu: "Асанов Бакыт",
  headPositionKy: "Нарын шаарынын мэри",
  headPositionRu: "Мэр города Нарын",
  adminFullName: "Гүлнара Осмонова",
  adminEmail: "admin@naryn.kg",
};
const PASSWORD = "Naryn-portal-2026";

describe("first start on an empty database", () => {
  it("prints a set-up token, sets up the municipality and its administrator once, then /setup is gone", async () => {
    const token = /Set-up token: (\S+)/.exec(portal.output())?.[1];
    expect(token, portal.output()).toBeTruthy();

    const page = await browser.newPage({ locale: "en-US", viewport: { width: 390, height: 844 } });
    await page.goto(`${portal.url}/setup`);
    expect(await page.title()).toBe("Set up the portal — Social order portal");
    for (const [name, value] of Object.entries(PROFILE)) await page.locator(`[name="${name}"]`).fill(value);
    await page.locator('[name="kind"]').selectOption("CITY");
    await page.locator('[name="adminPassword"]').fill(PASSWORD);
    await page.locator('[name="adminConfirmPassword"]').fill(PASSWORD);

    // A wrong token: a clear message, and nothing typed is lost but the secrets.
    await page.locator('[name="setupToken"]').fill("not-the-token");
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Create the municipality and the administrator" }).click(),
    ]);
    await expect.poll(() => page.getByText("The set-up token is not right").count()).toBe(1);
    for (const [name, value] of Object.entries(PROFILE)) expect(await page.locator(`[name="${name}"]`).inputValue(), name).toBe(value);
    await screenshot(page, "first-start-wrong-token-390");

    await page.locator('[name="setupToken"]').fill(token!);
    await page.locator('[name="adminPassword"]').fill(PASSWORD);
    await page.locator('[name="adminConfirmPassword"]').fill(PASSWORD);
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/dashboard"),
      page.getByRole("button", { name: "Create the municipality and the administrator" }).click(),
    ]);
    await screenshot(page, "first-start-dashboard-390");

    // The public pages now name the new municipality, not the demo's.
    const home = await (await fetch(`${portal.url}/`, { headers: { "Accept-Language": "en" } })).text();
    expect(home).toContain("Naryn City Mayor");
    expect(home).not.toContain("Karakol");

    // The page is gone, for a person and for a replayed form.
    expect((await fetch(`${portal.url}/setup`)).status).toBe(404);
    const replay = await fetch(`${portal.url}/setup`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: portal.url },
      body: new URLSearchParams({
        ...PROFILE,
        setupToken: token!,
        adminEmail: "second@naryn.kg",
        adminPassword: PASSWORD,
        adminConfirmPassword: PASSWORD,
      }),
    });
    expect(replay.status).toBe(404);
    await page.close();
  });
});
