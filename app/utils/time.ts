// Time in the portal (decision 0072): one module, pure, used by the server and the browser.
//
// - An instant is a `Date` (UTC), shown on a Bishkek clock.
// - A calendar date (a deadline day, a due date, a registration date) is typed and read as
//   "YYYY-MM-DD" in Asia/Bishkek, and stored as the instant its day starts there: 00:00 at
//   UTC+6, which is 18:00 UTC of the day before. Every calendar-date column holds that.
//
// Kyrgyzstan has kept UTC+6 all year since 2005 (no daylight saving), and every instant the
// portal records is later than that, so a fixed offset is exact for instants and needs no
// time-zone database in the browser. Calendar dates before 2005 (registration dates) are
// labels, not moments: the same fixed offset turns them into instants and back unchanged.

export const TIME_ZONE = "Asia/Bishkek";
export const DAY_MS = 24 * 60 * 60 * 1000;
const BISHKEK_OFFSET_MS = 6 * 60 * 60 * 1000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The UTC milliseconds of these wall-clock fields read as UTC; null when they name no real day and time. */
function wallClock(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | null {
  if (hour > 23 || minute > 59 || second > 59) return null;
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(year, month - 1, day);
  asUtc.setUTCHours(hour, minute, second, 0);
  // Date rolls 30 February over into March; a real date reads back unchanged.
  if (asUtc.getUTCFullYear() !== year || asUtc.getUTCMonth() !== month - 1 || asUtc.getUTCDate() !== day) return null;
  return asUtc.getTime();
}

/** A real calendar date written "YYYY-MM-DD" (no "2026-02-30"). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  return match !== null && wallClock(Number(match[1]), Number(match[2]), Number(match[3])) !== null;
}

/** A typed "YYYY-MM-DD" (spaces trimmed) when it is a real calendar date, else null. */
export function parseCalendarDate(value: string): string | null {
  const trimmed = value.trim();
  return isCalendarDate(trimmed) ? trimmed : null;
}

function calendarDateParts(date: string): [number, number, number] {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`not a calendar date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** How a calendar day is stored: the instant it starts in Bishkek (00:00 UTC+6). */
export function startOfDay(date: string): Date {
  const ms = wallClock(...calendarDateParts(date));
  if (ms === null) throw new RangeError(`not a calendar date: ${date}`);
  return new Date(ms - BISHKEK_OFFSET_MS);
}

/** The last millisecond of a calendar day in Bishkek: one before the next day starts. */
export function endOfDay(date: string): Date {
  return new Date(startOfDay(date).getTime() + DAY_MS - 1);
}

/** The wall-clock fields of an instant on a Bishkek clock. */
export function bishkekClock(instant: Date | string | number) {
  const local = new Date(new Date(instant).getTime() + BISHKEK_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The Bishkek calendar date of an instant ("YYYY-MM-DD"); for a stored calendar date, that date. */
export function calendarDateOf(instant: Date | string | number): string {
  const { year, month, day } = bishkekClock(instant);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The value of a date input showing a stored calendar date; "" when there is none. */
export function dateInputValue(stored: Date | string | null | undefined): string {
  return stored ? calendarDateOf(stored) : "";
}

/** The calendar date `days` days after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  return calendarDateOf(startOfDay(date).getTime() + days * DAY_MS);
}

/** Whole calendar days from `from` to `to` ("2026-03-01" to "2026-03-03" is 2; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((startOfDay(to).getTime() - startOfDay(from).getTime()) / DAY_MS);
}

/** "2026-05-01T18:00" read on a Bishkek clock, as the instant; null when it is no real date and time. */
export function bishkekLocalToInstant(value: string): Date | null {
  const match = LOCAL_PATTERN.exec(value.trim());
  if (!match) return null;
  const field = (index: number) => Number(match[index] ?? 0);
  const ms = wallClock(field(1), field(2), field(3), field(4), field(5), field(6));
  return ms === null ? null : new Date(ms - BISHKEK_OFFSET_MS);
}

/** The instant as the value of a datetime-local field on a Bishkek clock: "2026-05-01T18:00". */
export function instantToBishkekLocal(instant: Date | string | null | undefined): string {
  if (!instant) return "";
  const { hour, minute } = bishkekClock(instant);
  return `${calendarDateOf(instant)}T${pad(hour)}:${pad(minute)}`;
}

export type TimeLeft = { days: number; hours: number; minutes: number };

/** Whole days, hours and minutes until the deadline (rounded down); null once it has passed. */
export function timeLeft(deadline: Date | string, now: Date | number): TimeLeft | null {
  const ms = new Date(deadline).getTime() - new Date(now).getTime();
  if (ms <= 0) return null;
  const totalMinutes = Math.floor(ms / 60_000);
  return { days: Math.floor(totalMinutes / 1440), hours: Math.floor((totalMinutes % 1440) / 60), minutes: totalMinutes % 60 };
}
