// Issue 11 item 7: an NCO keeps a milestone report as a draft and loses no
// typed word when the report is refused, with JavaScript on and off; the
// mayor's office does not see the draft.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { createPrismaClient } from "../../app/utils/db.server";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const PASSWORD = "Karakol-2026";
let portal: Portal;
let browser: Browser;
let milestoneUrl: string;
let ncoEmail: string;
const pages: Page[] = [];

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  const db = createPrismaClient(portal.databaseUrl);
  // A demo milestone waiting for its report, and a member of the organization that owes it, reading English.
  const milestone = await db.grantMilestone.findFirstOrThrow({
    where: { status: "PENDING", agreement: { status: "SIGNED" } },
    orderBy: { position: "asc" },
    select: {
      id: true,
      agreementId: true,
      agreement: {
        select: {
          award: { select: { organization: { select: { members: { select: { user: { select: { id: true, email: true } } } } } } } },
        },
      },
    },
  });
  const member = milestone.agreement.award.organization.members[0]!.user;
  await db.user.update({ where: { id: member.id }, data: { locale: "en" } });
  await db.$disconnect();
  milestoneUrl = `${portal.url}/agreements/${milestone.agreementId}/milestones/${milestone.id}`;
  ncoEmail = member.email;
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

async function signedIn(email: string, options: { javaScriptEnabled?: boolean; width?: number } = {}) {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 390, height: 844 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page = await context.newPage();
  pages.push(page);
  await signIn(page, portal.url, email, PASSWORD);
  return page;
}

describe("a milestone report kept as a draft", () => {
  it("keeps the typed report, wrong number included, across a reload and shows it to nobody else (JavaScript on)", async () => {
    onTestFailed(async () => {
      for (const [i, page] of pages.entries()) await screenshot(page, `milestone-draft-failure-${i}`).catch(() => undefined);
    });
    const nco = await signedIn(ncoEmail);
    await nco.goto(milestoneUrl);
    await nco.getByLabel("What was done").fill("Провели половину занятий; остальные в декабре.");
    await nco.getByLabel("People reached").fill("около 40");
    await nco.getByLabel("Indicator 1").fill("Занятия");
    await Promise.all([nco.waitForURL(/done=draft/), nco.getByRole("button", { name: "Save as draft" }).click()]);
    await nco.getByRole("status").filter({ hasText: "The draft is saved" }).waitFor();
    await nco.reload();
    expect(await nco.getByLabel("What was done").inputValue()).toBe("Провели половину занятий; остальные в декабре.");
    expect(await nco.getByLabel("People reached").inputValue()).toBe("около 40");
    expect(await nco.getByLabel("Indicator 1").inputValue()).toBe("Занятия");
    await nco.getByText(/Draft saved .*only your organization sees it/).waitFor();
    await screenshot(nco, "milestone-draft-390");

    // Sending it is refused for the wrong number; everything typed stays on the page, the field is marked.
    await nco.getByRole("button", { name: "Submit the report" }).click();
    await nco.locator("#field-beneficiariesReached[aria-invalid='true']").waitFor();
    expect(await nco.getByLabel("What was done").inputValue()).toBe("Провели половину занятий; остальные в декабре.");

    const officer = await signedIn("officer@karakol.kg", { width: 1280 });
    await officer.goto(milestoneUrl);
    expect(await officer.content()).not.toContain("Провели половину занятий");
  });

  it("gives back every typed word with the refusal when JavaScript is off", async () => {
    const nco = await signedIn(ncoEmail, { javaScriptEnabled: false });
    await nco.goto(milestoneUrl);
    await nco.getByLabel("What was done").fill("Отчёт без скриптов: занятия проведены.");
    await nco.getByLabel("People reached").fill("сорок");
    await nco.getByRole("button", { name: "Submit the report" }).click();
    await nco.locator("#field-beneficiariesReached[aria-invalid='true']").waitFor();
    expect(await nco.getByLabel("What was done").inputValue()).toBe("Отчёт без скриптов: занятия проведены.");
    expect(await nco.getByLabel("People reached").inputValue()).toBe("сорок");
    await nco.getByLabel("People reached").fill("40");
    await nco.getByRole("button", { name: "Save as draft" }).click();
    await nco.waitForURL(/done=draft/);
    expect(await nco.getByLabel("People reached").inputValue()).toBe("40");
    await screenshot(nco, "milestone-draft-nojs-390");
  });
});
