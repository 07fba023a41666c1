/**
 * axe-core over every kind of page (public, NCO, officer, commission, finance,
 * administration) at 1280 and 390 px: no serious or critical violation of
 * WCAG 2.1 A/AA. Each page is also saved as a screenshot to look at.
 */
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../prisma/seed-demo";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const WIDTHS = [1280, 390] as const;

let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

/** The first link on `from` whose address matches: real ids from the demo data, as a person would click them. */
async function linkOn(page: Page, from: string, pattern: RegExp): Promise<string | null> {
  await page.goto(`${portal.url}${from}`);
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.find((href) => pattern.test(href)) ?? null;
}

type Finding = { page: string; width: number; rule: string; impact: string; targets: string };

async function audit(email: string | undefined, kind: string, paths: (page: Page) => Promise<(string | null)[]>) {
  const findings: Finding[] = [];
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: width === 390 ? 844 : 900 } });
    const page = await context.newPage();
    if (email) await signIn(page, portal.url, email, DEMO_PASSWORD);
    const list = (await paths(page)).filter((p): p is string => Boolean(p));
    expect(list.length).toBeGreaterThan(0);
    for (const [index, path] of list.entries()) {
      await page.goto(`${portal.url}${path}`);
      await screenshot(page, `a11y-${kind}-${index + 1}-${width}`);
      const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const violation of result.violations) {
        if (violation.impact !== "serious" && violation.impact !== "critical") continue;
        findings.push({
          page: path,
          width,
          rule: violation.id,
          impact: violation.impact,
          targets: violation.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join(" | "),
        });
      }
    }
    await context.close();
  }
  return findings;
}

describe("accessibility (axe-core, serious and critical)", () => {
  it("public pages", async () => {
    const findings = await audit(undefined, "public", async (page) => [
      "/",
      "/calls",
      await linkOn(page, "/calls", /^\/calls\/[^/]+$/),
      "/results",
      await linkOn(page, "/results", /^\/results\/[^/]+$/),
      "/projects",
      await linkOn(page, "/projects", /^\/projects\/[^/]+$/),
      "/open-data",
      "/verify",
      "/login",
      "/register",
      "/forgot-password",
    ]);
    expect(findings).toEqual([]);
  }, 600_000);

  it("NCO pages", async () => {
    const findings = await audit(DEMO_ACCOUNTS.ncoAdmin.email, "nco", async (page) => {
      const proposal = await linkOn(page, "/proposals", /^\/proposals\/[^/]+$/);
      const agreement = await linkOn(page, "/agreements", /^\/agreements\/[^/]+$/);
      return [
        "/dashboard",
        "/proposals",
        proposal,
        proposal ? `${proposal}/budget` : null,
        "/organizations",
        "/agreements",
        agreement,
        "/awards",
        "/profile",
      ];
    });
    expect(findings).toEqual([]);
  }, 600_000);

  it("programme officer pages", async () => {
    const findings = await audit(DEMO_ACCOUNTS.officer.email, "officer", async (page) => {
      const call = await linkOn(page, "/officer/calls", /^\/officer\/calls\/[^/]+$/);
      return [
        "/dashboard",
        "/officer/calls",
        call,
        call ? `${call}/edit` : null,
        call ? `${call}/commission` : null,
        "/officer/organizations",
        "/officer/paper-intake",
        "/budgets",
        "/agreements",
        "/admin/audit",
      ];
    });
    expect(findings).toEqual([]);
  }, 600_000);

  it("commission pages", async () => {
    const findings = await audit(DEMO_ACCOUNTS.chair.email, "commission", async (page) => {
      const call = await linkOn(page, "/review", /^\/review\/[^/]+$/);
      const proposal = call ? await linkOn(page, call, /^\/review\/[^/]+\/proposals\/[^/]+$/) : null;
      return ["/review", call, proposal, call ? `${call}/board` : null];
    });
    expect(findings).toEqual([]);
  }, 600_000);

  it("finance pages", async () => {
    const findings = await audit(DEMO_ACCOUNTS.finance.email, "finance", async (page) => {
      const statement = await linkOn(page, "/finance/statements", /^\/finance\/statements\/[^/]+$/);
      return ["/dashboard", "/finance", "/finance/payments", "/finance/statements", statement, "/budgets"];
    });
    expect(findings).toEqual([]);
  }, 600_000);

  it("administration pages", async () => {
    const findings = await audit(DEMO_ACCOUNTS.admin.email, "admin", async () => [
      "/dashboard",
      "/admin/users",
      "/admin/audit",
      "/admin/staff",
      "/admin/commission-exceptions",
    ]);
    expect(findings).toEqual([]);
  }, 600_000);
});
