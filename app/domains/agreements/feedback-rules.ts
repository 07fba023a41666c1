// Beneficiary feedback (decision 0079): pure rules, no database.

/** An average below this, over at least LOW_MIN_RATINGS ratings, raises a card for the officer. */
export const LOW_AVERAGE = 3;
export const LOW_MIN_RATINGS = 3;
/** A sudden drop: the last DROP_WINDOW ratings average at least DROP_POINTS below the DROP_WINDOW before them. */
export const DROP_WINDOW = 10;
export const DROP_POINTS = 1;

export const SCORES = [1, 2, 3, 4, 5] as const;

export type FeedbackSummary = { count: number; average: number | null; distribution: number[] };

/** Count, average (one decimal) and how many ratings gave 1…5 (index 0 is score 1). */
export function summarize(scores: readonly number[]): FeedbackSummary {
  const distribution = [0, 0, 0, 0, 0];
  for (const s of scores) distribution[s - 1]! += 1;
  const count = scores.length;
  const average = count === 0 ? null : Math.round((scores.reduce((a, b) => a + b, 0) / count) * 10) / 10;
  return { count, average, distribution };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Why a service needs the officer's look, if it does: "low" when the average of every rating is
 * below 3 (with at least three ratings, so one angry rating is not an alarm), "drop" when the last
 * ten ratings average at least one point below the ten before them. Scores newest last.
 */
export function feedbackAlarm(scoresOldestFirst: readonly number[]): "low" | "drop" | null {
  if (scoresOldestFirst.length >= LOW_MIN_RATINGS && mean(scoresOldestFirst) < LOW_AVERAGE) return "low";
  if (scoresOldestFirst.length >= 2 * DROP_WINDOW) {
    const last = scoresOldestFirst.slice(-DROP_WINDOW);
    const before = scoresOldestFirst.slice(-2 * DROP_WINDOW, -DROP_WINDOW);
    if (mean(before) - mean(last) >= DROP_POINTS) return "drop";
  }
  return null;
}

const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A typed code as stored: capitals, without spaces or dashes (the card prints ABCD-EFGH). */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

export function isCodeShape(code: string): boolean {
  return code.length === 8 && [...code].every((c) => CODE_ALPHABET.includes(c));
}

export function printedCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Random characters of the code alphabet (no 0/O, 1/I/L look-alikes), from the given random integers. */
export function codeFrom(randomInt: (max: number) => number, length = 8): string {
  return Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

export const MAX_CODES_PER_BATCH = 200;
