import { describe, expect, it } from "vitest";
import { DEFAULT_DEADLINE_RULES, defaultHolidays, resolveDeadlineRule } from "../../app/lib/holidays.server";
import { addWorkingDays, workingDaysBetween } from "../../app/lib/working-days";

// Deadlines as the app computes them for a new follow-up: the shipped calendar (date-holidays corrected,
// plus the SKB cuti bersama) and the LAPOR! default rules. working-days.test.ts covers the arithmetic on
// hand-made calendars; these cases check the real 2026/2027 calendar end to end.

const wib = (s: string) => new Date(`${s}+07:00`);
const CALENDAR: ReadonlySet<string> = new Set(defaultHolidays([2026, 2027]).map((h) => h.date));

function deadlines(createdAt: Date, category: string, severity: string) {
  const rule = resolveDeadlineRule(DEFAULT_DEADLINE_RULES, category, severity);
  return { ackDueAt: addWorkingDays(createdAt, rule.ackDays, CALENDAR), dueAt: addWorkingDays(createdAt, rule.answerDays, CALENDAR) };
}

describe("deadlines on the shipped calendar", () => {
  it("a critical pungli finding at 23:30 WIB on the Friday before Idul Fitri 2026", () => {
    // Friday 13 March, 23:30 WIB (16:30 UTC). Working days after it: Mon 16, Tue 17; 18–24 March are
    // cuti bersama, Nyepi, Idul Fitri and a weekend; then Wed 25.
    const d = deadlines(wib("2026-03-13T23:30:00"), "EXTORTION", "CRITICAL");
    expect(d.ackDueAt).toEqual(wib("2026-03-17T23:59:59.999")); // 2 working days
    expect(d.dueAt).toEqual(wib("2026-03-25T23:59:59.999")); // 3 working days
  });

  it("undistributed documents before Christmas: cuti bersama 24 and Natal 25 December are skipped", () => {
    // Friday 18 Dec 2026 at 23:30 WIB, 5 working days: 21, 22, 23, 28, 29.
    const d = deadlines(wib("2026-12-18T23:30:00"), "UNDISTRIBUTED_DOCUMENT", "MEDIUM");
    expect(d.ackDueAt).toEqual(wib("2026-12-22T23:59:59.999"));
    expect(d.dueAt).toEqual(wib("2026-12-29T23:59:59.999"));
  });

  it("across the year boundary: 1 January and Isra Mi'raj on 5 January 2027", () => {
    // Wednesday 30 Dec 2026 + 5: 31 Dec, (1 Jan holiday, weekend), 4, (5 Isra Mi'raj), 6, 7, 8 Jan.
    const d = deadlines(wib("2026-12-30T10:00:00"), "SERVICE_QUALITY", "LOW");
    expect(d.ackDueAt).toEqual(wib("2027-01-06T23:59:59.999")); // 3 working days: 31, 4, 6
    expect(d.dueAt).toEqual(wib("2027-01-08T23:59:59.999"));
    expect(workingDaysBetween(wib("2026-12-30T10:00:00"), d.dueAt, CALENDAR)).toBe(5);
  });

  it("counts a holiday Friday plus the weekend as no time at all", () => {
    // Thursday 2 April 2026, 16:00: Good Friday 3 April is a national holiday; 1 working day = Mon 6.
    expect(CALENDAR.has("2026-04-03")).toBe(true);
    expect(addWorkingDays(wib("2026-04-02T16:00:00"), 1, CALENDAR)).toEqual(wib("2026-04-06T23:59:59.999"));
  });
});
