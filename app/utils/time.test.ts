import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  bishkekLocalToInstant,
  calendarDateOf,
  DAY_MS,
  dateInputValue,
  daysBetween,
  endOfDay,
  instantToBishkekLocal,
  isCalendarDate,
  parseCalendarDate,
  startOfDay,
} from "./time";

const HOUR = 3_600_000;
// Every day a calendar-date field accepts (registration dates from 1900, grants up to 2100).
const FIRST = Date.parse("1900-01-01T00:00:00Z");
const LAST = Date.parse("2100-12-31T00:00:00Z");
const days = fc
  .integer({ min: 0, max: Math.round((LAST - FIRST) / DAY_MS) })
  .map((n) => new Date(FIRST + n * DAY_MS).toISOString().slice(0, 10));
const instants = fc.integer({ min: FIRST, max: LAST + DAY_MS - 1 }).map((ms) => new Date(ms));
const RUNS = { numRuns: 2000 };

describe("calendar dates stored as the instant their day starts in Bishkek", () => {
  it("stores a day as 00:00 in Bishkek, which is 18:00 UTC the day before", () => {
    expect(startOfDay("2026-06-01").toISOString()).toBe("2026-05-31T18:00:00.000Z");
    expect(startOfDay("2027-01-01").toISOString()).toBe("2026-12-31T18:00:00.000Z");
    expect(startOfDay("2024-03-01").toISOString()).toBe("2024-02-29T18:00:00.000Z");
    expect(endOfDay("2026-06-01").toISOString()).toBe("2026-06-01T17:59:59.999Z");
  });

  it("reads the Bishkek date of instants at the day's edges", () => {
    expect(calendarDateOf("2026-06-01T17:59:59.999Z")).toBe("2026-06-01"); // 23:59:59.999 in Bishkek
    expect(calendarDateOf("2026-06-01T18:00:00.000Z")).toBe("2026-06-02"); // 00:00 in Bishkek
    expect(calendarDateOf("2026-06-02T00:00:00.000Z")).toBe("2026-06-02"); // UTC midnight is 06:00 in Bishkek
    expect(calendarDateOf("2026-12-31T18:00:00Z")).toBe("2027-01-01");
  });

  it("refuses what is no real day", () => {
    for (const value of ["2023-02-29", "2026-13-01", "2026-04-31", "12.03.2020", "2026-1-01", "", "2026-06-01T00:00"]) {
      expect(isCalendarDate(value)).toBe(false);
    }
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(parseCalendarDate(" 2026-06-01 ")).toBe("2026-06-01");
    expect(parseCalendarDate("2026-02-30")).toBeNull();
    expect(() => startOfDay("2026-02-30")).toThrow(RangeError);
  });

  it("round-trips every day: date → stored instant → date, and the date input shows it", () => {
    fc.assert(
      fc.property(days, (day) => {
        expect(isCalendarDate(day)).toBe(true);
        expect(calendarDateOf(startOfDay(day))).toBe(day);
        expect(calendarDateOf(endOfDay(day))).toBe(day);
        expect(dateInputValue(startOfDay(day))).toBe(day);
        expect(dateInputValue(startOfDay(day).toISOString())).toBe(day);
      }),
      RUNS,
    );
  });

  it("ends a day at the last millisecond before the next day starts", () => {
    fc.assert(
      fc.property(days, (day) => {
        const next = addDays(day, 1);
        expect(endOfDay(day).getTime()).toBe(startOfDay(next).getTime() - 1);
        expect(calendarDateOf(startOfDay(day).getTime() - 1)).toBe(addDays(day, -1));
        expect(calendarDateOf(endOfDay(day).getTime() + 1)).toBe(next);
        expect(daysBetween(day, next)).toBe(1);
        expect(daysBetween(next, day)).toBe(-1);
      }),
      RUNS,
    );
  });

  it("puts every instant inside the day it is dated: start ≤ instant ≤ end", () => {
    fc.assert(
      fc.property(instants, (instant) => {
        const day = calendarDateOf(instant);
        expect(startOfDay(day).getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(endOfDay(day).getTime()).toBeGreaterThanOrEqual(instant.getTime());
      }),
      RUNS,
    );
  });

  it("dates UTC midnight (06:00 in Bishkek) the same day, so rows of the old convention read the same", () => {
    fc.assert(
      fc.property(days, (day) => {
        const utcMidnight = new Date(Date.parse(day));
        expect(calendarDateOf(utcMidnight)).toBe(day);
        // What the migration does to such a row.
        expect(new Date(utcMidnight.getTime() - 6 * HOUR)).toEqual(startOfDay(day));
      }),
      RUNS,
    );
  });

  it("counts days between dates across months, leap years and centuries", () => {
    expect(daysBetween("2026-03-01", "2026-03-03")).toBe(2);
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2100-02-28", "2100-03-01")).toBe(1);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    fc.assert(
      fc.property(days, fc.integer({ min: -4000, max: 4000 }), (day, n) => {
        expect(daysBetween(day, addDays(day, n))).toBe(n);
      }),
      RUNS,
    );
  });
});

describe("a Bishkek clock in a datetime-local field", () => {
  it("reads and writes wall-clock times at UTC+6", () => {
    expect(bishkekLocalToInstant("2026-05-01T18:00")?.toISOString()).toBe("2026-05-01T12:00:00.000Z");
    expect(bishkekLocalToInstant("2026-05-01T00:00")).toEqual(startOfDay("2026-05-01"));
    expect(bishkekLocalToInstant("2026-05-01T23:59:59")?.toISOString()).toBe("2026-05-01T17:59:59.000Z");
    expect(bishkekLocalToInstant("2026-02-30T10:00")).toBeNull();
    expect(bishkekLocalToInstant("2026-05-01T24:00")).toBeNull();
    expect(instantToBishkekLocal("2026-05-01T18:00:00Z")).toBe("2026-05-02T00:00");
    expect(instantToBishkekLocal(null)).toBe("");
  });

  it("round-trips every minute", () => {
    fc.assert(
      fc.property(instants, (instant) => {
        const minute = new Date(Math.floor(instant.getTime() / 60_000) * 60_000);
        expect(bishkekLocalToInstant(instantToBishkekLocal(minute))).toEqual(minute);
        expect(instantToBishkekLocal(minute).slice(0, 10)).toBe(calendarDateOf(minute));
      }),
      RUNS,
    );
  });
});
