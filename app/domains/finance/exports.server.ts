import ExcelJS from "exceljs";
import { listPaymentOrders } from "~/domains/disbursements/payments.server";
import { getStatement } from "~/domains/disbursements/reconciliation.server";
import { MATCH_NOTES } from "~/domains/disbursements/reconciliation-rules";
import { DomainError } from "~/utils/domain-error";
import { localized, type AppLocale } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import { assertCan, type Actor } from "~/utils/permissions";
import { budgetByClassificationCode } from "./budget-codes.server";
import { appropriationDetail, callFinance, financeOverview } from "./finance.server";
import { readFinanceChoice, tyiynToDecimal } from "./finance-rules";
import { writeCsv } from "~/utils/csv";
import { isOneOf } from "~/utils/guards";
import { calendarDateOf } from "~/utils/time";

type Cell = string | number | bigint | Date | null;
export type ExportColumn = { key: string; money?: boolean; date?: boolean };
export type ExportTable = {
  name: string;
  title: string;
  /** What the figures cover (year, programme), written above the columns; absent for tables that are not chosen by year. */
  scope?: string;
  /** The download's name without date and extension: the table, then the year and programme when chosen. */
  fileName: string;
  columns: (ExportColumn & { label: string })[];
  rows: Record<string, Cell>[];
};

type Built = { rows: Record<string, Cell>[]; scope?: string; fileName?: string };

export const EXPORT_TABLES = ["appropriations", "calls", "grants", "budgetCodes", "months", "payments", "statement"] as const;
export type ExportTableName = (typeof EXPORT_TABLES)[number];

const COLUMNS: Record<ExportTableName, ExportColumn[]> = {
  appropriations: [
    { key: "programme" },
    { key: "year" },
    { key: "amount", money: true },
    { key: "allocated", money: true },
    { key: "committed", money: true },
    { key: "free", money: true },
    { key: "disbursed", money: true },
    { key: "returned", money: true },
    { key: "remaining", money: true },
  ],
  calls: [
    { key: "call" },
    { key: "title" },
    { key: "status" },
    { key: "envelope", money: true },
    { key: "committed", money: true },
    { key: "free", money: true },
    { key: "disbursed", money: true },
    { key: "returned", money: true },
  ],
  grants: [
    { key: "award" },
    { key: "organization" },
    { key: "agreement" },
    { key: "status" },
    { key: "amount", money: true },
    { key: "disbursed", money: true },
    { key: "returned", money: true },
  ],
  budgetCodes: [{ key: "classificationCode" }, { key: "categories" }, { key: "amount", money: true }, { key: "agreements" }],
  months: [{ key: "month" }, { key: "disbursed", money: true }],
  payments: [
    { key: "reference" },
    { key: "agreement" },
    { key: "organization" },
    { key: "tranche" },
    { key: "amount", money: true },
    { key: "status" },
    { key: "createdAt", date: true },
    { key: "executedAt", date: true },
  ],
  statement: [
    { key: "lineNo" },
    { key: "valueDate", date: true },
    { key: "reference" },
    { key: "counterparty" },
    { key: "amount", money: true },
    { key: "matchStatus" },
    { key: "order" },
    { key: "note" },
  ],
};

/** Builds one of the finance tables for export, with the same figures the pages show. */
export async function buildExport({
  actor,
  name,
  params,
  locale,
}: {
  actor: Actor;
  name: string;
  params: URLSearchParams;
  locale: AppLocale;
}): Promise<ExportTable> {
  assertCan(actor, ["export:finance:any", "read:finance:any"]);
  if (!isOneOf(EXPORT_TABLES, name)) throw new DomainError("finance:error.notFound", {}, 404);
  const table = name;
  const t = await getFixedT(locale, "finance");
  const built = await rowsOf(actor, table, params, locale, t);
  return {
    name: table,
    title: t(`export.table.${table}`),
    scope: built.scope,
    fileName: built.fileName ?? table,
    rows: built.rows,
    columns: COLUMNS[table].map((c) => ({ ...c, label: c.money ? `${t(`col.${c.key}`)}, KGS` : t(`col.${c.key}`) })),
  };
}

type T = (key: string, options?: Record<string, unknown>) => string;

/** A file-name part from a programme code: letters, digits and dashes only. */
const fileSafe = (text: string) => text.replace(/[^\p{L}\p{N}-]+/gu, "-").replace(/^-+|-+$/g, "");

/** The dashboard's choice of year and programme, as the page reads it; a year that is not one is refused, not replaced. */
async function chosenOverview(actor: Actor, params: URLSearchParams, locale: AppLocale, t: T) {
  const choice = readFinanceChoice(params);
  if (choice.badYear !== null) throw new DomainError("finance:choice.badYearExport", { value: choice.badYear }, 400);
  const overview = await financeOverview({ actor, year: choice.year, programmeId: choice.programmeId });
  const programme = overview.programme
    ? `${overview.programme.code} ${localized(overview.programme, "name", locale)}`
    : t("choice.allProgrammes");
  const scope = [t("choice.scopeYear", { year: overview.year }), programme, overview.closed ? t("choice.closed") : ""]
    .filter(Boolean)
    .join(" · ");
  const suffix = `${overview.year}-${overview.programme ? fileSafe(overview.programme.code) : "all-programmes"}`;
  return { overview, scope, suffix };
}

/** One appropriation's drill-down tables say whose they are: the programme and its year. */
function appropriationScope(
  a: { fiscalYear: number; programme: { code: string; nameKy: string; nameRu: string; nameEn: string } },
  locale: AppLocale,
  t: T,
) {
  return {
    scope: `${t("choice.scopeYear", { year: a.fiscalYear })} · ${a.programme.code} ${localized(a.programme, "name", locale)}`,
    suffix: `${a.fiscalYear}-${fileSafe(a.programme.code)}`,
  };
}

async function rowsOf(actor: Actor, table: ExportTableName, params: URLSearchParams, locale: AppLocale, t: T): Promise<Built> {
  const id = (key: string) => {
    const value = params.get(key);
    if (!value) throw new DomainError("finance:error.notFound", {}, 404);
    return value;
  };
  switch (table) {
    case "appropriations": {
      const { overview, scope, suffix } = await chosenOverview(actor, params, locale, t);
      const rows = overview.rows.map((r) => ({
        programme: `${r.programme.code} ${localized(r.programme, "name", locale)}`,
        year: r.fiscalYear,
        ...pickMoney(r),
      }));
      return { rows, scope, fileName: `${table}-${suffix}` };
    }
    case "months": {
      const appropriationId = params.get("appropriationId");
      if (appropriationId) {
        const detail = await appropriationDetail({ actor, appropriationId });
        const { scope, suffix } = appropriationScope(detail.appropriation, locale, t);
        return { rows: detail.months.map((m) => ({ month: m.month, disbursed: m.amount })), scope, fileName: `${table}-${suffix}` };
      }
      const { overview, scope, suffix } = await chosenOverview(actor, params, locale, t);
      return { rows: overview.months.map((m) => ({ month: m.month, disbursed: m.amount })), scope, fileName: `${table}-${suffix}` };
    }
    case "calls": {
      const { appropriation, calls } = await appropriationDetail({ actor, appropriationId: id("appropriationId") });
      const { scope, suffix } = appropriationScope(appropriation, locale, t);
      const rows = calls.map((c) => ({
        call: c.reference,
        title: localized(c, "title", locale),
        status: c.status,
        envelope: c.envelope,
        committed: c.committed,
        free: c.free,
        disbursed: c.disbursed,
        returned: c.returned,
      }));
      return { rows, scope, fileName: `${table}-${suffix}` };
    }
    case "grants": {
      const { grants } = await callFinance({ actor, callId: id("callId") });
      const rows = grants.map((g) => ({
        award: g.reference,
        organization: localized(g.organization, "name", locale),
        agreement: g.agreement?.number ?? "",
        status: g.status,
        amount: g.amount,
        disbursed: g.disbursed,
        returned: g.returned,
      }));
      return { rows };
    }
    case "budgetCodes": {
      const proposals = await getFixedT(locale, "proposals");
      const groups = await budgetByClassificationCode({ actor, callId: id("callId") });
      const rows = groups.map((g) => ({
        classificationCode: g.code || t("export.noCode"),
        categories: g.categories.map((c) => proposals(`budget.category.${c}`)).join(", "),
        amount: g.amount,
        agreements: g.agreements,
      }));
      return { rows };
    }
    case "payments": {
      const orders = await listPaymentOrders({ actor, take: 100_000 });
      const rows = orders.map((o) => ({
        reference: o.reference,
        agreement: o.award.agreement?.number ?? "",
        organization: localized(o.award.organization, "name", locale),
        tranche: o.tranche.position,
        amount: o.amount,
        status: t(`paymentStatus.${o.status}`),
        createdAt: o.createdAt,
        executedAt: o.executedAt,
      }));
      return { rows };
    }
    case "statement": {
      const statement = await getStatement({ actor, statementId: id("statementId") });
      const rows = statement.lines.map((l) => ({
        lineNo: l.lineNo,
        valueDate: l.valueDate,
        reference: l.reference,
        counterparty: l.counterparty,
        amount: l.amount,
        matchStatus: t(`matchStatus.${l.match?.status ?? "UNMATCHED"}`),
        order: l.match?.paymentOrder?.reference ?? "",
        // A matcher's note is a key; a person's resolution note is their own text.
        note: isOneOf(MATCH_NOTES, l.match?.note ?? "") ? t(`note.${l.match!.note}`) : (l.match?.note ?? ""),
      }));
      return { rows };
    }
  }
}

function pickMoney(r: {
  amount: bigint;
  allocated: bigint;
  committed: bigint;
  free: bigint;
  disbursed: bigint;
  returned: bigint;
  remaining: bigint;
}) {
  return {
    amount: r.amount,
    allocated: r.allocated,
    committed: r.committed,
    free: r.free,
    disbursed: r.disbursed,
    returned: r.returned,
    remaining: r.remaining,
  };
}

function plainCell(value: Cell, column: ExportColumn): string {
  if (value === null || value === undefined) return "";
  if (column.money && typeof value === "bigint") return tyiynToDecimal(value);
  if (value instanceof Date) return column.date ? calendarDateOf(value) : value.toISOString();
  return String(value);
}

/** The line above the columns of a table chosen by year and programme: "Appropriations — Fiscal year 2026 · All programmes". */
export function titleLine(table: Pick<ExportTable, "title" | "scope">) {
  return table.scope ? `${table.title} — ${table.scope}` : table.title;
}

/**
 * UTF-8 with a BOM (so Excel reads Cyrillic), comma-separated, CRLF; amounts as plain decimals in KGS; formulas
 * neutralized by the shared writer. A table chosen by year and programme starts with one line naming them (decision 0062).
 */
export function toCsv(table: ExportTable): string {
  const header = table.columns.map((c) => c.label);
  const rows = table.rows.map((row) => table.columns.map((c) => plainCell(row[c.key] ?? null, c)));
  return table.scope ? writeCsv([titleLine(table)], [header, ...rows], { bom: true }) : writeCsv(header, rows, { bom: true });
}

/** An XLSX workbook with one sheet; amounts are numbers formatted in KGS, dates are dates. */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Social order portal";
  const sheet = workbook.addWorksheet(table.title.slice(0, 31).replace(/[[\]*?/\\:]/g, " "));
  sheet.columns = table.columns.map((c) => ({ header: c.label, key: c.key, width: c.money ? 18 : c.date ? 12 : 28 }));
  // A chosen table names its year and programme in a first row above the column headers.
  const headerRow = table.scope ? 2 : 1;
  if (table.scope) {
    sheet.spliceRows(1, 0, [titleLine(table)]);
    sheet.getRow(1).font = { bold: true, size: 13 };
  }
  for (const row of table.rows) {
    sheet.addRow(
      Object.fromEntries(
        table.columns.map((c) => {
          const value = row[c.key] ?? null;
          if (c.money && typeof value === "bigint") return [c.key, Number(tyiynToDecimal(value))];
          if (typeof value === "bigint") return [c.key, Number(value)];
          // A spreadsheet date has no zone: it gets the Bishkek calendar date (written as that UTC day).
          if (c.date && value instanceof Date) return [c.key, new Date(Date.parse(calendarDateOf(value)))];
          return [c.key, value];
        }),
      ),
    );
  }
  sheet.getRow(headerRow).font = { bold: true };
  table.columns.forEach((c, i) => {
    if (c.money) sheet.getColumn(i + 1).numFmt = '#,##0.00 "KGS"';
    if (c.date) sheet.getColumn(i + 1).numFmt = "yyyy-mm-dd";
  });
  sheet.views = [{ state: "frozen", ySplit: headerRow }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
