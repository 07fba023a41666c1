// Paper support counted at a public hearing, as CSV. Pure: tested without a database.
//
// A header row, then one row per problem: `problem;count` (or comma-separated). `problem` is the
// problem's number in the hearing's list (1, 2, …) or its title as recorded; `count` a whole number
// of signatures or raised hands. Column names are free (the first two columns are read).

import { parse } from "csv-parse/sync";
import { z } from "zod";

export type TallyRow = { lineNo: number; problem: string; count: number };
export type TallyProblem = { code: "empty" | "malformed" | "badCount" | "tooManyLines"; lineNo: number };

export const MAX_TALLY_LINES = 500;

const Records = z.array(z.array(z.string()));

export function parseTallyCsv(text: string): { rows: TallyRow[]; problem: null } | { rows: null; problem: TallyProblem } {
  const clean = text.replace(/^\uFEFF/, "");
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = firstLine.includes(";") ? ";" : ",";
  let records: string[][];
  try {
    records = Records.parse(parse(clean, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true }));
  } catch {
    return { rows: null, problem: { code: "malformed", lineNo: 0 } };
  }
  const body = records.slice(1);
  if (body.length === 0) return { rows: null, problem: { code: "empty", lineNo: 1 } };
  if (body.length > MAX_TALLY_LINES) return { rows: null, problem: { code: "tooManyLines", lineNo: MAX_TALLY_LINES + 2 } };
  const rows: TallyRow[] = [];
  for (const [index, record] of body.entries()) {
    const lineNo = index + 2;
    const problem = (record[0] ?? "").trim();
    const count = (record[1] ?? "").trim();
    if (!problem) return { rows: null, problem: { code: "malformed", lineNo } };
    if (!/^\d{1,6}$/.test(count)) return { rows: null, problem: { code: "badCount", lineNo } };
    rows.push({ lineNo, problem, count: Number(count) });
  }
  return { rows, problem: null };
}
