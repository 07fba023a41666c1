// The budget as it is being typed: each line's total and split, and the
// section's totals against the call's range. Pure and shared by the form
// (live, as the person types) and the server-rendered page (without
// JavaScript), so both show what the server will compute on saving.
import { MAX_ROW_INDEX } from "./form-fields";
import { parseHundredths } from "./money-input";
import { lineTotal, splitLine } from "./proposal-schemas";

export type TypedLine = { quantity?: unknown; unitCost?: unknown; requested?: unknown; cofinancing?: unknown; remove?: unknown };

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** A line's total and split, or null while quantity or price is not a number yet (or the split does not add up). */
export function typedLineAmounts(line: TypedLine) {
  const quantity = parseHundredths(text(line.quantity));
  const unitCost = parseHundredths(text(line.unitCost));
  if (quantity === null || unitCost === null) return null;
  const total = lineTotal(Number(quantity), unitCost);
  const split = splitLine(total, text(line.requested), text(line.cofinancing));
  return typeof split === "string" ? { total, requested: null, cofinancing: null } : { total, ...split };
}

export type RangeWarning = { code: "aboveMaximum" | "belowMinimum"; by: bigint } | null;

/** The totals of the lines typed so far (removed ones left out), and how they sit against the call's range. */
export function typedBudgetTotals(lines: readonly (TypedLine | null | undefined)[], range: { minGrant: bigint; maxGrant: bigint }) {
  let requested = 0n;
  let cofinancing = 0n;
  for (const line of lines) {
    if (!line || line.remove === true || line.remove === "on") continue;
    const amounts = typedLineAmounts(line);
    requested += amounts?.requested ?? 0n;
    cofinancing += amounts?.cofinancing ?? 0n;
  }
  let warning: RangeWarning = null;
  if (range.maxGrant > 0n && requested > range.maxGrant) warning = { code: "aboveMaximum", by: requested - range.maxGrant };
  else if (requested > 0n && requested < range.minGrant) warning = { code: "belowMinimum", by: range.minGrant - requested };
  return { requested, cofinancing, warning };
}

/** Flat "lines.0.unitCost" values as rows. */
export function typedLinesOf(values: Record<string, string>): TypedLine[] {
  const rows: Record<string, string>[] = [];
  for (const [key, value] of Object.entries(values)) {
    const match = /^lines\.(\d{1,3})\.(\w+)$/.exec(key);
    // Beyond the highest row index a post may carry (form-fields.ts), nothing is a row.
    if (match && Number(match[1]) <= MAX_ROW_INDEX) (rows[Number(match[1])] ??= {})[match[2]!] = value;
  }
  return Array.from(rows, (row) => row ?? {});
}
