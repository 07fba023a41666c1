// Four eyes on reconciliation (decision 0055), as people meet it: the administrator sets the
// threshold in Russian; the finance officer who recorded a payment order imports the statement and
// is told another officer must confirm; a second finance officer confirms it in Kyrgyz.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privilegedSql, type PrivilegedSql } from "../integration/privileged-sql";
import { launchBrowser, screenshot, signIn, startPortal, type Portal } from "./support";

const DEMO_PASSWORD = "Karakol-2026";
const locales = path.resolve(import.meta.dirname, "../../public/locales");
const text = (locale: string, ns: string) => JSON.parse(readFileSync(path.join(locales, locale, `${ns}.json`), "utf8"));
const ru = { municipalities: text("ru", "municipalities"), finance: text("ru", "finance") };
const ky = { finance: text("ky", "finance") };

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

async function signedIn(email: string, locale: "ky" | "ru"): Promise<Page> {
  const context = await browser.newContext({ locale, extraHTTPHeaders: { "Accept-Language": locale } });
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(90_000);
  const page = await context.newPage();
  await signIn(page, portal.url, email, DEMO_PASSWORD);
  return page;
}

const asDate = (value: unknown) => new Date(typeof value === "number" || /^\d+$/.test(String(value)) ? Number(value) : String(value));
const day = (d: Date) => `${String(d.getUTCDate()).padStart(2, "0")}.${String(d.getUTCMonth() + 1).padStart(2, "0")}.${d.getUTCFullYear()}`;

describe("four eyes on reconciliation", () => {
  it("the recorder's match above the threshold waits for a second finance officer", async () => {
    // The demo's manual payment (20 000 som, recorded by finance@karakol.kg) comes back unreconciled:
    // its statement is removed, so a new statement matches it again.
    await db.execute(
      `DELETE FROM "ReconciliationMatch" WHERE "lineId" IN (SELECT l."id" FROM "BankStatementLine" l JOIN "BankStatement" s ON s."id" = l."statementId" WHERE s."fileName" = 'выписка-казначейство.csv')`,
    );
    await db.execute(
      `DELETE FROM "BankStatementLine" WHERE "statementId" IN (SELECT "id" FROM "BankStatement" WHERE "fileName" = 'выписка-казначейство.csv')`,
    );
    await db.execute(`DELETE FROM "BankStatement" WHERE "fileName" = 'выписка-казначейство.csv'`);
    const [order] = await db.query<{ reference: string; executedAt: unknown }>(
      `SELECT "reference", "executedAt" FROM "PaymentOrder" WHERE "idempotencyKey" = 'demo-grants-balakai-tranche-1'`,
    );
    // The programme officer is also appointed finance officer: the municipality's second pair of eyes.
    const [officer] = await db.query<{ id: string; municipalityId: string }>(
      `SELECT u."id", r."municipalityId" FROM "User" u JOIN "RoleAssignment" r ON r."userId" = u."id" WHERE u."email" = 'officer@karakol.kg'`,
    );
    await db.execute(
      `INSERT INTO "RoleAssignment" ("id", "userId", "municipalityId", "role") VALUES ('e2e-four-eyes-role', $1, $2, 'FINANCE_OFFICER')`,
      [officer!.id, officer!.municipalityId],
    );

    const admin = await signedIn("admin@karakol.kg", "ru");
    await admin.goto(`${portal.url}/admin/municipality`);
    const threshold = admin.getByLabel(ru.municipalities.fourEyes.label);
    await threshold.fill("десять тысяч");
    await admin.getByRole("button", { name: ru.municipalities.fourEyes.submit }).click();
    await admin.getByText(ru.municipalities.fourEyes.invalid).waitFor();
    await admin.getByLabel(ru.municipalities.fourEyes.label).fill("10 000");
    await Promise.all([admin.waitForURL(/done=fourEyes/), admin.getByRole("button", { name: ru.municipalities.fourEyes.submit }).click()]);
    await admin.getByText(ru.municipalities.done.fourEyes).waitFor();

    const finance = await signedIn("finance@karakol.kg", "ru");
    await finance.goto(`${portal.url}/finance/statements`);
    const csv = `Дата;Номер документа;Сумма;Получатель\n${day(asDate(order!.executedAt))};${order!.reference};"20 000,00";ОО «Балакай»\n`;
    await finance
      .getByLabel(new RegExp(ru.finance.statements.file.split(" (")[0]))
      .setInputFiles({ name: "выписка-4-глаза.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await Promise.all([
      finance.waitForURL(/\/finance\/statements\/.+/),
      finance.getByRole("button", { name: ru.finance.statements.submit }).click(),
    ]);
    await finance.getByText(ru.finance.matchStatus.AWAITING_SECOND).waitFor();
    await finance.getByText(ru.finance.statements.fourEyesYours).waitFor();
    expect(await finance.getByRole("button", { name: ru.finance.statements.confirm }).count()).toBe(0);
    await screenshot(finance, "four-eyes-recorder");
    const statementUrl = finance.url();

    const second = await signedIn("officer@karakol.kg", "ky");
    await second.goto(statementUrl);
    await second.getByRole("button", { name: ky.finance.statements.confirm }).click();
    // The same address before and after: wait for the button to go, then read the line's status.
    await second.getByRole("button", { name: ky.finance.statements.confirm }).waitFor({ state: "detached" });
    const row = second.getByRole("row").filter({ hasText: order!.reference });
    expect(await row.textContent()).toContain(ky.finance.matchStatus.MATCHED);
    expect(await row.textContent()).not.toContain(ky.finance.matchStatus.AWAITING_SECOND);
    await screenshot(second, "four-eyes-confirmed");
    const [audit] = await db.query<{ n: number }>(
      `SELECT COUNT(*) AS "n" FROM "AuditEvent" WHERE "action" = 'statement-line.confirmed' AND "actorId" = $1`,
      [officer!.id],
    );
    expect(Number(audit!.n)).toBe(1);
  });
});
