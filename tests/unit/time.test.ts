import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, isoWib, wibDateKey } from "~/lib/time";

// Every date a person reads is in WIB, whatever the server's own time zone.
describe("WIB formatting", () => {
  const instant = new Date("2026-11-28T07:05:00Z"); // 14.05 WIB
  it("shows date and time in WIB in both languages", () => {
    expect(formatDateTime(instant, "id")).toBe("28 Nov 2026, 14.05 WIB");
    expect(formatDateTime(instant, "en")).toBe("28 Nov 2026, 14:05 WIB");
    expect(formatDate(instant, "id")).toBe("28 Nov 2026");
  });
  it("puts an instant after 17:00 UTC on the next WIB day", () => {
    const late = new Date("2026-12-31T17:30:00Z"); // 00.30 WIB on 1 January
    expect(wibDateKey(late)).toBe("2027-01-01");
    expect(formatDate(late, "en")).toBe("1 Jan 2027");
    expect(isoWib(late)).toBe("2027-01-01T00:30:00+07:00");
  });
  it("formats many dates with the same result as one (formatters are reused)", () => {
    const a = formatDateTime(instant, "id");
    for (let i = 0; i < 100; i++) formatDateTime(new Date(instant.getTime() + i * 60_000), i % 2 ? "en" : "id");
    expect(formatDateTime(instant, "id")).toBe(a);
  });
  it("keeps each language and format apart for the same instant, also after thousands of other dates", () => {
    const texts = () => [formatDateTime(instant, "id"), formatDateTime(instant, "en"), formatDate(instant, "id"), formatDate(instant.getTime(), "en"), formatDate(instant.toISOString(), "id")];
    const expected = ["28 Nov 2026, 14.05 WIB", "28 Nov 2026, 14:05 WIB", "28 Nov 2026", "28 Nov 2026", "28 Nov 2026"];
    expect(texts()).toEqual(expected);
    for (let i = 0; i < 10_000; i++) formatDate(instant.getTime() + i * 86_400_000, "en");
    expect(texts()).toEqual(expected);
    expect(formatDateTime(new Date("2026-11-28T07:06:00Z"), "id")).toBe("28 Nov 2026, 14.06 WIB");
  });
});
