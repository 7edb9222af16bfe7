import { describe, expect, it } from "vitest";
import {
  addCalendarDays,
  addWorkingDays,
  isWorkingDay,
  workingDaysBetween,
} from "../../app/lib/working-days";

// Instants written with an explicit +07:00 so the tests read like a Palembang wall clock and pass in
// any time zone the test runner happens to use.
const wib = (s: string) => new Date(`${s}+07:00`);
const NONE: ReadonlySet<string> = new Set();
// Idul Fitri 2026 with the cuti bersama around it, plus a plain national holiday (Hari Buruh) and
// the new year.
const HOLIDAYS: ReadonlySet<string> = new Set([
  "2026-01-01",
  "2026-03-18",
  "2026-03-19",
  "2026-03-20",
  "2026-03-21",
  "2026-03-23",
  "2026-03-24",
  "2026-05-01",
  "2026-12-24",
  "2026-12-25",
  "2027-01-01",
]);

describe("isWorkingDay", () => {
  it("is Monday to Friday", () => {
    expect(isWorkingDay("2026-11-23", NONE)).toBe(true); // Monday
    expect(isWorkingDay("2026-11-27", NONE)).toBe(true); // Friday
    expect(isWorkingDay("2026-11-28", NONE)).toBe(false); // Saturday
    expect(isWorkingDay("2026-11-29", NONE)).toBe(false); // Sunday
  });
  it("excludes national holidays and cuti bersama", () => {
    expect(isWorkingDay("2026-05-01", HOLIDAYS)).toBe(false); // Friday, Hari Buruh
    expect(isWorkingDay("2026-03-23", HOLIDAYS)).toBe(false); // Monday, cuti bersama
    expect(isWorkingDay("2026-03-25", HOLIDAYS)).toBe(true); // Wednesday after Lebaran
  });
  it("rejects malformed keys", () => {
    expect(() => isWorkingDay("2026-3-1", NONE)).toThrow(RangeError);
    expect(() => isWorkingDay("2026-13-01", NONE)).toThrow(RangeError);
  });
});

describe("addCalendarDays", () => {
  it("crosses month, year and leap days", () => {
    expect(addCalendarDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addCalendarDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addCalendarDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("addWorkingDays", () => {
  it("ends at 23:59:59.999 WIB of the n-th working day after today", () => {
    const due = addWorkingDays(wib("2026-11-24T09:00:00"), 1, NONE); // Tuesday
    expect(due.toISOString()).toBe("2026-11-25T16:59:59.999Z"); // Wednesday 23:59:59.999 WIB
    expect(addWorkingDays(wib("2026-11-24T09:00:00"), 5, NONE)).toEqual(wib("2026-12-01T23:59:59.999"));
  });

  it("n = 0 is the end of the same WIB day", () => {
    expect(addWorkingDays(wib("2026-11-24T09:00:00"), 0, NONE)).toEqual(wib("2026-11-24T23:59:59.999"));
  });

  it("skips the weekend", () => {
    // Thursday + 3 = Tuesday
    expect(addWorkingDays(wib("2026-11-26T10:00:00"), 3, NONE)).toEqual(wib("2026-12-01T23:59:59.999"));
  });

  it("Friday 23:30 WIB with n = 1 is due Monday, whatever the UTC date is", () => {
    // 23:30 WIB on Friday is 16:30 UTC the same day: the WIB date decides, not the UTC one.
    const friday = wib("2026-11-27T23:30:00");
    expect(addWorkingDays(friday, 1, NONE)).toEqual(wib("2026-11-30T23:59:59.999"));
    // 00:30 WIB on Saturday is still Friday in UTC, but in Palembang it is the weekend: also Monday.
    expect(addWorkingDays(wib("2026-11-28T00:30:00"), 1, NONE)).toEqual(wib("2026-11-30T23:59:59.999"));
  });

  it("Friday 23:30 WIB before a holiday Monday is due Tuesday", () => {
    // Friday 2026-03-13 … Monday 2026-03-16 made a holiday for this case.
    const holidays = new Set(["2026-03-16"]);
    expect(addWorkingDays(wib("2026-03-13T23:30:00"), 1, holidays)).toEqual(wib("2026-03-17T23:59:59.999"));
  });

  it("skips a national holiday on a weekday", () => {
    // Thursday 30 April + 1: Friday 1 May is Hari Buruh, so Monday 4 May.
    expect(addWorkingDays(wib("2026-04-30T08:00:00"), 1, HOLIDAYS)).toEqual(wib("2026-05-04T23:59:59.999"));
  });

  it("skips Idul Fitri 2026 and its cuti bersama", () => {
    // Tuesday 17 March + 1: 18–24 March are all off (cuti bersama, Nyepi, Idul Fitri, weekend).
    expect(addWorkingDays(wib("2026-03-17T14:00:00"), 1, HOLIDAYS)).toEqual(wib("2026-03-25T23:59:59.999"));
    // Monday 16 March + 5 working days: 17, 25, 26, 27, 30 March.
    expect(addWorkingDays(wib("2026-03-16T09:00:00"), 5, HOLIDAYS)).toEqual(wib("2026-03-30T23:59:59.999"));
    // Made during the leave itself, the count starts after it.
    expect(addWorkingDays(wib("2026-03-20T10:00:00"), 2, HOLIDAYS)).toEqual(wib("2026-03-26T23:59:59.999"));
  });

  it("crosses the year boundary", () => {
    // Thursday 31 Dec 2026 + 1: 1 Jan 2027 is a holiday (Friday), then the weekend, so Monday 4 Jan.
    expect(addWorkingDays(wib("2026-12-31T16:00:00"), 1, HOLIDAYS)).toEqual(wib("2027-01-04T23:59:59.999"));
    // Wednesday 23 Dec + 3: 24 and 25 are off, weekend, so 28, 29, 30 Dec.
    expect(addWorkingDays(wib("2026-12-23T09:00:00"), 3, HOLIDAYS)).toEqual(wib("2026-12-30T23:59:59.999"));
    // Without holidays 31 Dec + 2 = Monday 4 Jan (1 Jan Friday, then weekend).
    expect(addWorkingDays(wib("2026-12-31T09:00:00"), 2, NONE)).toEqual(wib("2027-01-04T23:59:59.999"));
  });

  it("refuses negative or fractional days, and a calendar with no working day", () => {
    expect(() => addWorkingDays(new Date(), -1, NONE)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(), 1.5, NONE)).toThrow(RangeError);
    const everyMonday = new Set<string>();
    for (let i = 0; i < 4000; i++) everyMonday.add(addCalendarDays("2026-01-01", i));
    expect(() => addWorkingDays(wib("2026-01-01T00:00:00"), 1, everyMonday)).toThrow(RangeError);
  });
});

describe("workingDaysBetween", () => {
  it("counts working days after a up to and including b", () => {
    expect(workingDaysBetween(wib("2026-11-23T09:00:00"), wib("2026-11-23T17:00:00"), NONE)).toBe(0);
    expect(workingDaysBetween(wib("2026-11-23T09:00:00"), wib("2026-11-24T01:00:00"), NONE)).toBe(1);
    // Friday → Monday is one working day, Friday → Sunday none.
    expect(workingDaysBetween(wib("2026-11-27T23:30:00"), wib("2026-11-30T08:00:00"), NONE)).toBe(1);
    expect(workingDaysBetween(wib("2026-11-27T23:30:00"), wib("2026-11-29T08:00:00"), NONE)).toBe(0);
  });

  it("is negative when b is before a", () => {
    expect(workingDaysBetween(wib("2026-11-30T08:00:00"), wib("2026-11-27T08:00:00"), NONE)).toBe(-1);
    expect(workingDaysBetween(wib("2026-12-04T08:00:00"), wib("2026-11-27T08:00:00"), NONE)).toBe(-5);
  });

  it("skips holidays, cuti bersama and the year boundary", () => {
    expect(workingDaysBetween(wib("2026-03-17T08:00:00"), wib("2026-03-25T08:00:00"), HOLIDAYS)).toBe(1);
    expect(workingDaysBetween(wib("2026-12-23T08:00:00"), wib("2027-01-04T08:00:00"), HOLIDAYS)).toBe(5); // 28–31 Dec, 4 Jan
  });

  it("is the inverse of addWorkingDays", () => {
    let from = wib("2026-01-01T07:15:00");
    for (let i = 0; i < 400; i++) {
      for (const n of [0, 1, 2, 3, 5, 10]) {
        const due = addWorkingDays(from, n, HOLIDAYS);
        expect(workingDaysBetween(from, due, HOLIDAYS)).toBe(n);
        expect(workingDaysBetween(due, from, HOLIDAYS)).toBe(n === 0 ? 0 : -n);
      }
      from = new Date(from.getTime() + 23 * 3600_000); // walks through every hour of the day
    }
  });
});
