// The finance dashboard's arithmetic. Pure and shared with the page, so the
// figures on screen, in the charts and in the exports are the same ones.

export type BudgetFigures = { amount: bigint; allocated: bigint; committed: bigint; disbursed: bigint; returned: bigint };

/** Cash left of the appropriation: what was not paid out, plus what NCOs returned unspent. */
export function remainingOf(figures: Pick<BudgetFigures, "amount" | "disbursed" | "returned">) {
  return figures.amount - figures.disbursed + figures.returned;
}

/**
 * Free after commitments: what can still be promised to new grants — the
 * appropriation (or a call's envelope) less what awards committed, plus what
 * closed grants returned unspent.
 */
export function freeOf(figures: { amount: bigint; committed: bigint; returned: bigint }) {
  return figures.amount - figures.committed + figures.returned;
}

/**
 * The budget-use bar: parts that add up to the appropriation — paid out (net
 * of returns), returned unspent, committed but not yet paid, allocated to
 * calls but not committed, and not allocated.
 */
export function budgetUseParts(f: BudgetFigures) {
  const clamp = (v: bigint) => (v < 0n ? 0n : v);
  return {
    paid: clamp(f.disbursed - f.returned),
    returned: clamp(f.returned),
    committedUnpaid: clamp(f.committed - f.disbursed),
    allocatedUncommitted: clamp(f.allocated - f.committed),
    unallocated: clamp(f.amount - f.allocated),
  };
}

/** Tyiyn as a plain decimal in som for CSV/XLSX cells: 150050n -> "1500.50". */
export function tyiynToDecimal(tyiyn: bigint) {
  const negative = tyiyn < 0n;
  const abs = negative ? -tyiyn : tyiyn;
  return `${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** Percent of a whole with one decimal, for chart labels. */
export function percentOf(part: bigint, whole: bigint) {
  if (whole <= 0n) return 0;
  return Number((part * 1000n) / whole) / 10;
}

/** Fiscal years a person may ask the dashboard for; anything else is a typing slip, not a year. */
export const FISCAL_YEAR_RANGE = { first: 2000, last: 2100 } as const;

export type FinanceChoice = {
  /** The fiscal year asked for, or null for the default (this fiscal year in Bishkek). */
  year: number | null;
  /** A programme's id, or null for all of the municipality's programmes. */
  programmeId: string | null;
  /** What was typed in `year` when it is not a fiscal year, so the page can say so. */
  badYear: string | null;
};

/**
 * The dashboard's and exports' choice of year and programme, read from the URL
 * (`?year=2026&programme=<id>`): a GET form keeps it there, so it survives a
 * reload, a shared link and a page without JavaScript.
 */
export function readFinanceChoice(params: URLSearchParams): FinanceChoice {
  const rawYear = (params.get("year") ?? "").trim();
  const rawProgramme = (params.get("programme") ?? "").trim();
  const programmeId = rawProgramme === "" || rawProgramme === "all" ? null : rawProgramme.slice(0, 100);
  if (rawYear === "") return { year: null, programmeId, badYear: null };
  const year = /^\d{4}$/.test(rawYear) ? Number(rawYear) : NaN;
  if (!(year >= FISCAL_YEAR_RANGE.first && year <= FISCAL_YEAR_RANGE.last))
    return { year: null, programmeId, badYear: rawYear.slice(0, 20) };
  return { year, programmeId, badYear: null };
}
