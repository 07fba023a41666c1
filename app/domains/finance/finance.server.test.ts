import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { createPaymentOrder } from "~/domains/disbursements/payments.server";
import { prisma } from "~/utils/db.server";
import { createPayableAgreement } from "../../../tests/factories-grants";
import { buildExport, toCsv, toXlsx } from "./exports.server";
import { budgetUseParts, remainingOf, tyiynToDecimal } from "./finance-rules";
import { appropriationDetail, callFinance, financeOverview } from "./finance.server";
import { domainError } from "../../../tests/support/domain-error";

describe("finance rules", () => {
  it("budget-use parts add up to the appropriation", () => {
    const f = { amount: 1000n, allocated: 800n, committed: 600n, disbursed: 300n, returned: 50n };
    const parts = budgetUseParts(f);
    expect(Object.values(parts).reduce((s, v) => s + v, 0n)).toBe(1000n);
    expect(remainingOf(f)).toBe(750n);
    expect(tyiynToDecimal(150050n)).toBe("1500.50");
    expect(tyiynToDecimal(-5n)).toBe("-0.05");
  });
});

describe("finance dashboard and exports", () => {
  it("shows appropriation totals, drills down to calls and grants, groups disbursements by Bishkek month, and exports the same figures", async () => {
    const setup = await createPayableAgreement({ amount: 1000_00n, milestones: 2, shares: [6000, 4000] });
    // 31 March 20:00 UTC is already 1 April in Bishkek.
    await createPaymentOrder({
      actor: setup.finance.actor,
      trancheId: setup.tranches[0]!.id,
      idempotencyKey: "fin-0000000000000001",
      manual: { paidOn: new Date("2026-03-31T20:00:00Z"), bankReference: "" },
    });
    await createPaymentOrder({
      actor: setup.finance.actor,
      trancheId: setup.tranches[1]!.id,
      idempotencyKey: "fin-0000000000000002",
      manual: { paidOn: new Date("2026-05-10T04:00:00Z"), bankReference: "" },
    });
    const overview = await financeOverview({ actor: setup.finance.actor, now: new Date("2026-06-01T00:00:00Z") });
    expect(overview.year).toBe(2026);
    expect(overview.rows).toHaveLength(1);
    expect(overview.rows[0]).toMatchObject({
      amount: 4000_00n,
      committed: 1000_00n,
      free: 3000_00n,
      disbursed: 1000_00n,
      remaining: 3000_00n,
    });
    expect(overview.months).toEqual([
      { month: "2026-04", amount: 600_00n },
      { month: "2026-05", amount: 400_00n },
    ]);
    const detail = await appropriationDetail({ actor: setup.finance.actor, appropriationId: setup.appropriation.id });
    expect(detail.calls.map((c) => [c.reference, c.disbursed, c.awards])).toEqual([[setup.call.reference, 1000_00n, 1]]);
    const grants = await callFinance({ actor: setup.officer.actor, callId: setup.call.id });
    expect(grants.grants.map((g) => [g.reference, g.disbursed])).toEqual([[setup.award.reference, 1000_00n]]);

    const table = await buildExport({
      actor: setup.finance.actor,
      name: "appropriations",
      params: new URLSearchParams({ year: "2026" }),
      locale: "ru",
    });
    const csv = toCsv(table);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    // The first line names the year and programmes the figures cover (decision 0062).
    const [title, header, row] = csv.slice(1).split("\r\n");
    expect(title).toBe("Ассигнования — Финансовый год 2026 · Все программы");
    expect(header).toContain("KGS");
    expect(row).toContain("4000.00");
    expect(row).toContain("1000.00");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(table)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(3).getCell(3).value).toBe(4000);
    // Column 6 is "free after commitments" (4 000 appropriated, 1 000 committed), column 7 what was paid; row 1 is the title.
    expect(sheet.getRow(2).getCell(6).value).toBe("Свободно после обязательств, KGS");
    expect(sheet.getRow(3).getCell(6).value).toBe(3000);
    expect(sheet.getRow(3).getCell(7).value).toBe(1000);

    await domainError(
      buildExport({ actor: setup.nco.actor, name: "payments", params: new URLSearchParams(), locale: "ru" }),
      undefined,
      403,
    );
    await domainError(
      buildExport({ actor: setup.finance.actor, name: "secrets", params: new URLSearchParams(), locale: "ru" }),
      undefined,
      404,
    );
    expect(await prisma.ledgerEntry.count({ where: { kind: "DISBURSEMENT" } })).toBe(2);
  });
});
