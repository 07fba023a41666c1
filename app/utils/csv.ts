/**
 * The one CSV writer for every file the portal hands out (open data, finance
 * exports). Text typed by organizations ends up in these files, and a
 * spreadsheet evaluates a cell that starts with = + - @ (or a tab or carriage
 * return before one) as a formula: such a cell gets a leading apostrophe, which
 * spreadsheets show as text and do not evaluate (OWASP "CSV injection").
 * Plain numbers, including negative amounts, stay numbers.
 */

export type CsvDelimiter = "," | ";";

export type CsvOptions = {
  /** "," by default; ";" where the readers' spreadsheets expect it (decimal comma). */
  delimiter?: CsvDelimiter;
  /** A UTF-8 byte-order mark, so that Excel reads Cyrillic as UTF-8. */
  bom?: boolean;
};

const FORMULA_START = /^[\s\u00A0]*[=+\-@]|^[\t\r]/;
const PLAIN_NUMBER = /^-?\d+([.,]\d+)?$/;

/** The cell as a spreadsheet must read it: a formula-like text made inert. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One field: neutralized, then quoted per RFC 4180 when it holds a quote, a line break or either delimiter. */
export function csvCell(value: unknown, delimiter: CsvDelimiter = ","): string {
  const text = value === null || value === undefined ? "" : typeof value === "bigint" ? value.toString() : String(value);
  const safe = neutralizeFormula(text);
  return /[",;\r\n]/.test(safe) || safe.includes(delimiter) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole file: the header row first, CRLF line ends (RFC 4180), a final line break. */
export function writeCsv(header: readonly unknown[], rows: readonly (readonly unknown[])[], options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? ",";
  const lines = [header, ...rows].map((row) => row.map((cell) => csvCell(cell, delimiter)).join(delimiter));
  return `${options.bom ? "\uFEFF" : ""}${lines.join("\r\n")}\r\n`;
}
