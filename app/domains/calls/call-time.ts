// Dates are typed and shown in Bishkek time and stored as UTC instants.
// Kyrgyzstan has kept UTC+6 all year since 2005 (no daylight saving), so a
// fixed offset is exact and needs no time-zone database in the browser.

const BISHKEK_OFFSET_MS = 6 * 60 * 60 * 1000;
const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2026-05-01T18:00" read on a Bishkek clock, as the UTC instant; null when it is no real date and time. */
export function bishkekLocalToInstant(value: string): Date | null {
  const match = LOCAL_PATTERN.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const asUtc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const check = new Date(asUtc);
  // Date.UTC rolls 30 February over into March; a real date reads back unchanged.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day || hour! > 23 || minute! > 59) {
    return null;
  }
  return new Date(asUtc - BISHKEK_OFFSET_MS);
}

/** The instant as the value of a datetime-local field on a Bishkek clock: "2026-05-01T18:00". */
export function instantToBishkekLocal(instant: Date | string | null | undefined): string {
  if (!instant) return "";
  const local = new Date(new Date(instant).getTime() + BISHKEK_OFFSET_MS);
  return local.toISOString().slice(0, 16);
}

export type TimeLeft = { days: number; hours: number; minutes: number };

/** Whole days, hours and minutes until the deadline (rounded down); null once it has passed. */
export function timeLeft(deadline: Date | string, now: Date | number): TimeLeft | null {
  const ms = new Date(deadline).getTime() - new Date(now).getTime();
  if (ms <= 0) return null;
  const totalMinutes = Math.floor(ms / 60_000);
  return { days: Math.floor(totalMinutes / 1440), hours: Math.floor((totalMinutes % 1440) / 60), minutes: totalMinutes % 60 };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
