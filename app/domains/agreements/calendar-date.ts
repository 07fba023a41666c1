// Calendar dates typed in the grants and finance forms (YYYY-MM-DD, as a
// date input sends them). A date is a real day ("2026-02-30" is refused,
// never rolled over to 2 March), within years a grant can concern, and,
// where the form records something that has happened (a payment, a
// signature, a visit), not after today in Bishkek. Shared by the forms and
// the server; the server's check is the one that counts.
import { z } from "zod";
import { calendarDateOf, isCalendarDate } from "~/utils/time";

export const EARLIEST_DATE = "2000-01-01";
export const LATEST_DATE = "2100-12-31";

export type DateProblem = "date" | "dateRange" | "dateFuture";

/** What is wrong with a typed date, or null. `past`: the day must not be after today in Bishkek. */
export function dateProblem(value: string, { past = false, now = new Date() }: { past?: boolean; now?: Date } = {}): DateProblem | null {
  if (!isCalendarDate(value)) return "date";
  if (value < EARLIEST_DATE || value > LATEST_DATE) return "dateRange";
  if (past && value > calendarDateOf(now)) return "dateFuture";
  return null;
}

/** A zod field for a date input; messages are "<ns>:v.date", "<ns>:v.dateRange", "<ns>:v.dateFuture". */
export function calendarDate(namespace: "grants" | "finance", options: { past?: boolean } = {}) {
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = dateProblem(value, options);
      if (problem) ctx.addIssue({ code: "custom", message: `${namespace}:v.${problem}` });
    });
}

/** Whether a stored calendar day is a day after today in Bishkek: the domain's own check. */
export function isAfterToday(day: Date, now = new Date()): boolean {
  return calendarDateOf(day) > calendarDateOf(now);
}

/** Whether a stored calendar day lies outside EARLIEST_DATE..LATEST_DATE. */
export function isOutOfRange(day: Date): boolean {
  if (Number.isNaN(day.getTime())) return true;
  const value = calendarDateOf(day);
  return value < EARLIEST_DATE || value > LATEST_DATE;
}
