import { describe, expect, it } from "vitest";
import { medianWorkingDays } from "~/models/dashboard/figures.server";

// Medians over grouped (created day, answered day, count) pairs, in working days.
const day = (key: string) => Date.parse(`${key}T00:00:00Z`) / 86_400_000;
const pair = (from: string, to: string, n = 1) => ({ d0: day(from), d1: day(to), n });

describe("medianWorkingDays", () => {
  it("is null without answers", () => {
    expect(medianWorkingDays([], new Set())).toBeNull();
  });

  it("counts working days after the created day up to the answered day, skipping weekends and holidays", () => {
    // Friday 2026-09-04 → Monday 2026-09-07: one working day (Monday).
    expect(medianWorkingDays([pair("2026-09-04", "2026-09-07")], new Set())).toBe(1);
    // Monday → Friday with Wednesday a holiday: 3.
    expect(medianWorkingDays([pair("2026-09-07", "2026-09-11")], new Set(["2026-09-09"]))).toBe(3);
    // Answered the same day: 0.
    expect(medianWorkingDays([pair("2026-09-07", "2026-09-07")], new Set())).toBe(0);
  });

  it("weights each pair by its count and averages the two middle values of an even count", () => {
    // values: 1, 1, 1, 4 → (1 + 1) / 2 = 1
    expect(medianWorkingDays([pair("2026-09-07", "2026-09-08", 3), pair("2026-09-07", "2026-09-11")], new Set())).toBe(1);
    // values: 1, 4 → 2.5
    expect(medianWorkingDays([pair("2026-09-07", "2026-09-11"), pair("2026-09-07", "2026-09-08")], new Set())).toBe(2.5);
    // values: 1, 4, 4 → 4
    expect(medianWorkingDays([pair("2026-09-07", "2026-09-11", 2), pair("2026-09-07", "2026-09-08")], new Set())).toBe(4);
  });

  it("counts the same with one holiday set over ranges before, inside and after the ones it counted", () => {
    // The running count of working days is kept per holiday set and widened as medians ask for more days.
    const holidays = new Set(["2026-09-09", "2026-12-25", "2025-01-01"]);
    const cases: Array<[string, string, number]> = [
      ["2026-09-07", "2026-09-11", 3], // Mon → Fri, Wednesday a holiday
      ["2026-12-21", "2026-12-28", 4], // after: Christmas Friday and a weekend skipped
      ["2024-12-30", "2025-01-03", 3], // before: New Year's Day skipped
      ["2026-09-04", "2026-09-07", 1], // inside again
    ];
    for (const [from, to, expected] of cases) {
      expect(medianWorkingDays([pair(from, to)], holidays)).toBe(expected);
      expect(medianWorkingDays([pair(from, to)], new Set(holidays))).toBe(expected);
    }
  });
});
