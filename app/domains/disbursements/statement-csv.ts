// Bank or treasury statements as CSV. Pure: tested without a database.
//
// Columns (header row required; names in any of the three languages, any order, case ignored):
//   date          Дата | Күнү | Дата операции          DD.MM.YYYY, DD.MM.YY or YYYY-MM-DD
//   reference     Референс | Номер документа | Шилтеме  the payment order reference, e.g. PO-260315-7F3A9C
//   amount        Сумма | Суммасы                      som: "1 500,50", "1500.50"; a debit "-1500,50" / "−1500,50" stays negative
//   counterparty  Получатель | Контрагент | Алуучу     optional
//   purpose       Назначение платежа | Назначение | Дайындалышы   optional; a PO reference found here counts when `reference` is empty
// Separator: ";" or "," (whichever the header uses). Parsed by csv-parse: fields may be quoted with ""
// escaping, and a quoted field may hold a line break (a long purpose exported by a bank client).
// Encoding: UTF-8 (with or without BOM), or Windows-1251 as 1C and bank clients export it.

import { parse } from "csv-parse/sync";
import { z } from "zod";
import { parseSomToTyiyn } from "~/domains/budgets/money";
import { isCalendarDate, startOfDay } from "~/utils/time";

export type StatementLine = {
  lineNo: number;
  valueDate: Date;
  reference: string;
  amount: bigint;
  counterparty: string;
  purpose: string;
  raw: string;
};
export type StatementProblem = {
  code: "empty" | "noHeader" | "badDate" | "badAmount" | "tooManyLines" | "columns" | "malformed";
  lineNo: number;
  column?: string;
};

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
  const day = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return isCalendarDate(day) ? startOfDay(day) : null;
}

/** Tyiyn, negative for a debit ("-20,50", "−20,50" or "(20,50)"); null when it is not an amount. */
export function parseStatementAmount(value: string): bigint | null {
  const bare = value.trim().replace(/\s*(сом|kgs|som)\.?$/i, "");
  const bracketed = /^\((.*)\)$/.exec(bare);
  const sign = bracketed ? "-" : (/^[-−+]/.exec(bare)?.[0] ?? "");
  const unsigned = bracketed ? bracketed[1]! : bare.slice(sign.length);
  const amount = parseSomToTyiyn(unsigned);
  if (amount === null) return null;
  return sign === "-" || sign === "−" ? -amount : amount;
}

type Row = { fields: string[]; lineNo: number; raw: string };

// With `raw: true` csv-parse returns `{ record, raw }` objects, which its typings (string[][]) do not say.
const RawRecords = z.array(z.object({ record: z.array(z.string()), raw: z.string() }));

/** Records with the line each starts on (a quoted line break makes a record span lines). */
function readRows(text: string, separator: string): Row[] | { problem: StatementProblem } {
  try {
    const records = RawRecords.parse(
      parse(text, {
        delimiter: separator,
        raw: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        trim: true,
      }),
    );
    // The raw texts of the records, in order, make up the whole file (skipped empty lines included).
    const breaks = (value: string) => value.match(/\r\n|\n|\r/g)?.length ?? 0;
    let linesBefore = 0;
    return records.map(({ record, raw }) => {
      const leading = /^[\r\n]*/.exec(raw)![0];
      const row = { fields: record, lineNo: linesBefore + breaks(leading) + 1, raw: raw.trim() };
      linesBefore += breaks(raw);
      return row;
    });
  } catch (error) {
    const line = typeof error === "object" && error !== null && "lines" in error && typeof error.lines === "number" ? error.lines : 0;
    return { problem: { code: "malformed", lineNo: line } };
  }
}

export function parseStatement(text: string): { lines: StatementLine[] } | { problem: StatementProblem } {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r\n|\n|\r/).find((row) => row.trim() !== "");
  if (firstLine === undefined) return { problem: { code: "empty", lineNo: 0 } };
  const rows = readRows(body, separatorOf(firstLine));
  if ("problem" in rows) return rows;
  const [headerRow, ...dataRows] = rows;
  if (!headerRow) return { problem: { code: "empty", lineNo: 0 } };
  const header = headerRow.fields.map((h) => h.toLowerCase().replace(/\s+/g, " ").trim());
  const indexOf = (key: keyof typeof COLUMN_NAMES) => header.findIndex((h) => COLUMN_NAMES[key].includes(h));
  const column: Record<keyof typeof COLUMN_NAMES, number> = {
    date: indexOf("date"),
    reference: indexOf("reference"),
    amount: indexOf("amount"),
    counterparty: indexOf("counterparty"),
    purpose: indexOf("purpose"),
  };
  if (column.date < 0 || column.amount < 0 || (column.reference < 0 && column.purpose < 0)) {
    return { problem: { code: "noHeader", lineNo: headerRow.lineNo } };
  }
  const lines: StatementLine[] = [];
  for (const { fields, lineNo, raw } of dataRows) {
    if (fields.every((f) => f === "")) continue;
    if (lines.length >= MAX_STATEMENT_LINES) return { problem: { code: "tooManyLines", lineNo } };
    if (fields.length < header.length - 2) return { problem: { code: "columns", lineNo } };
    const get = (key: keyof typeof COLUMN_NAMES) => (column[key] >= 0 ? (fields[column[key]] ?? "") : "");
    const valueDate = parseStatementDate(get("date"));
    if (!valueDate) return { problem: { code: "badDate", lineNo, column: get("date").slice(0, 40) } };
    const amount = parseStatementAmount(get("amount"));
    if (amount === null) return { problem: { code: "badAmount", lineNo, column: get("amount").slice(0, 40) } };
    const oneLine = (value: string) => value.replace(/\s+/g, " ");
    lines.push({
      lineNo,
      valueDate,
      reference: oneLine(get("reference")),
      amount,
      counterparty: oneLine(get("counterparty")),
      purpose: oneLine(get("purpose")),
      raw: raw.slice(0, 1000),
    });
  }
  if (lines.length === 0) return { problem: { code: "empty", lineNo: headerRow.lineNo } };
  return { lines };
}
