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
