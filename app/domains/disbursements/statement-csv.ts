// Bank or treasury statements as CSV. Pure: tested without a database.
//
// Columns (header row required; names in any of the three languages, any order, case ignored):
//   date          Дата | Күнү | Дата операции          DD.MM.YYYY, DD.MM.YY or YYYY-MM-DD
//   reference     Референс | Номер документа | Шилтеме  the payment order reference, e.g. PO-260315-7F3A9C
//   amount        Сумма | Суммасы                      som: "1 500,50", "1500.50", "-1500,50" (sign ignored)
//   counterparty  Получатель | Контрагент | Алуучу     optional
//   purpose       Назначение платежа | Назначение | Дайындалышы   optional; a PO reference found here counts when `reference` is empty
// Separator: ";" or "," (whichever the header uses); fields may be quoted with "" escaping.
// Encoding: UTF-8 (with or without BOM), or Windows-1251 as 1C and bank clients export it.

import { parseSomToTyiyn } from "~/domains/budgets/money";

export type StatementLine = { lineNo: number; valueDate: Date; reference: string; amount: bigint; counterparty: string; purpose: string; raw: string };
export type StatementProblem = { code: "empty" | "noHeader" | "badDate" | "badAmount" | "tooManyLines" | "columns"; lineNo: number; column?: string };

const COLUMN_NAMES: Record<"date" | "reference" | "amount" | "counterparty" | "purpose", string[]> = {
  date: ["date", "дата", "күнү", "дата операции", "дата документа", "value date"],
  reference: ["reference", "референс", "номер документа", "шилтеме", "номер", "ref"],
  amount: ["amount", "сумма", "суммасы", "сумма, сом", "amount, kgs"],
  counterparty: ["counterparty", "получатель", "контрагент", "алуучу", "payee"],
  purpose: ["purpose", "назначение платежа", "назначение", "дайындалышы", "description"],
};
export const MAX_STATEMENT_LINES = 20_000;

/** UTF-8 when the bytes are valid UTF-8, otherwise Windows-1251. */
export function decodeStatement(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1251").decode(bytes);
  }
}

function splitRow(line: string, separator: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (ch === separator) {
      fields.push(field.trim());
      field = "";
    } else field += ch;
  }
  fields.push(field.trim());
  return fields;
}

function separatorOf(header: string) {
  const count = (c: string) => header.split(c).length - 1;
  return count(";") >= count(",") && count(";") > 0 ? ";" : ",";
}

export function parseStatementDate(value: string): Date | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})$/.exec(value.split(" ")[0] ?? "");
  let y: number, m: number, d: number;
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dotted) [d, m, y] = [Number(dotted[1]), Number(dotted[2]), Number(dotted[3]!.length === 2 ? `20${dotted[3]}` : dotted[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : null;
}

export function parseStatementAmount(value: string): bigint | null {
  const unsigned = value.replace(/^[-−+]/, "").replace(/\s*(сом|kgs|som)\.?$/i, "");
  return parseSomToTyiyn(unsigned);
}

export function parseStatement(text: string): { lines: StatementLine[] } | { problem: StatementProblem } {
  const rows = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const headerIndex = rows.findIndex((row) => row.trim() !== "");
  if (headerIndex < 0) return { problem: { code: "empty", lineNo: 0 } };
  const separator = separatorOf(rows[headerIndex]!);
  const header = splitRow(rows[headerIndex]!, separator).map((h) => h.toLowerCase().replace(/\s+/g, " ").trim());
  const column = Object.fromEntries(
    Object.entries(COLUMN_NAMES).map(([key, names]) => [key, header.findIndex((h) => names.includes(h))]),
  ) as Record<keyof typeof COLUMN_NAMES, number>;
  if (column.date < 0 || column.amount < 0 || (column.reference < 0 && column.purpose < 0)) {
    return { problem: { code: "noHeader", lineNo: headerIndex + 1 } };
  }
  const lines: StatementLine[] = [];
  for (let i = headerIndex + 1; i < rows.length; i += 1) {
    const raw = rows[i]!;
    if (raw.trim() === "" || /^[;,\s]*$/.test(raw)) continue;
    const lineNo = i + 1;
    if (lines.length >= MAX_STATEMENT_LINES) return { problem: { code: "tooManyLines", lineNo } };
    const fields = splitRow(raw, separator);
    if (fields.length < header.length - 2) return { problem: { code: "columns", lineNo } };
    const get = (key: keyof typeof COLUMN_NAMES) => (column[key] >= 0 ? (fields[column[key]] ?? "") : "");
    const valueDate = parseStatementDate(get("date"));
    if (!valueDate) return { problem: { code: "badDate", lineNo, column: get("date").slice(0, 40) } };
    const amount = parseStatementAmount(get("amount"));
    if (amount === null) return { problem: { code: "badAmount", lineNo, column: get("amount").slice(0, 40) } };
    lines.push({ lineNo, valueDate, reference: get("reference"), amount, counterparty: get("counterparty"), purpose: get("purpose"), raw: raw.slice(0, 1000) });
  }
  if (lines.length === 0) return { problem: { code: "empty", lineNo: headerIndex + 1 } };
  return { lines };
}
