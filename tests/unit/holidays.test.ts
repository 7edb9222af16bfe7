import { describe, expect, it } from "vitest";
import {
  DEFAULT_DEADLINE_RULES,
  defaultHolidays,
  resolveDeadlineRule,
} from "../../app/lib/holidays.server";

describe("defaultHolidays", () => {
  const list = defaultHolidays([2026, 2027]);
  const byDate = new Map(list.map((h) => [h.date, h]));

  it("has one row per date, sorted, as WIB date keys", () => {
    expect(new Set(list.map((h) => h.date)).size).toBe(list.length);
    expect([...list.map((h) => h.date)].sort()).toEqual(list.map((h) => h.date));
    for (const h of list) expect(h.date).toMatch(/^(2026|2027)-\d{2}-\d{2}$/);
  });

  it("keeps date-holidays' national holidays on their local dates", () => {
    expect(byDate.get("2026-01-01")).toMatchObject({ kind: "NATIONAL", source: "date-holidays" });
    expect(byDate.get("2026-08-17")?.kind).toBe("NATIONAL");
    expect(byDate.get("2026-12-25")?.name).toBe("Hari Raya Natal");
    // Islamic holidays start at the previous sunset; their date must not slide to the eve.
    expect(byDate.get("2026-03-20")?.name).toMatch(/Idul Fitri/);
    expect(byDate.get("2026-03-21")?.name).toMatch(/Idul Fitri/);
    expect(byDate.get("2026-05-27")?.name).toMatch(/Idul Adha/);
    expect(byDate.has("2026-05-26")).toBe(false);
  });

  it("corrects the Isra Mi'raj that date-holidays calls Maulid", () => {
    expect(byDate.get("2026-01-16")?.name).toBe("Isra Mi'raj Nabi Muhammad SAW");
    expect(byDate.get("2027-01-05")?.name).toBe("Isra Mi'raj Nabi Muhammad SAW");
    expect(byDate.get("2026-08-25")?.name).toBe("Maulid Nabi Muhammad SAW");
    // 2027-12-25: Natal and Isra Mi'raj on one date share the row.
    expect(byDate.get("2027-12-25")?.name).toBe("Isra Mi'raj Nabi Muhammad SAW / Hari Raya Natal");
    const maulid = list.filter((h) => h.name.includes("Maulid"));
    expect(maulid.map((h) => h.date)).toEqual(["2026-08-25", "2027-08-14"]);
  });

  it("adds the 2026 cuti bersama from the SKB", () => {
    for (const date of ["2026-02-16", "2026-03-18", "2026-03-23", "2026-03-24", "2026-05-27", "2026-12-24"]) {
      expect(byDate.has(date), date).toBe(true);
    }
    expect(byDate.get("2026-02-16")).toMatchObject({ kind: "CUTI_BERSAMA", source: "skb" });
    expect(byDate.get("2026-12-24")).toMatchObject({ kind: "CUTI_BERSAMA", source: "skb" });
    // 19 March is both Nyepi and cuti bersama: the national holiday wins the row.
    expect(byDate.get("2026-03-19")).toMatchObject({ kind: "NATIONAL" });
    // 18–24 March 2026 are all off.
    for (const d of [18, 19, 20, 21, 23, 24]) expect(byDate.has(`2026-03-${d}`), `2026-03-${d}`).toBe(true);
  });

  it("only returns the years asked for", () => {
    expect(defaultHolidays([2026]).every((h) => h.date.startsWith("2026-"))).toBe(true);
    expect(defaultHolidays([])).toEqual([]);
  });
});

describe("resolveDeadlineRule", () => {
  it("uses the LAPOR! defaults", () => {
    expect(resolveDeadlineRule(DEFAULT_DEADLINE_RULES, "FACILITY", "MEDIUM")).toMatchObject({ ackDays: 3, answerDays: 5 });
    expect(resolveDeadlineRule(DEFAULT_DEADLINE_RULES, "EXTORTION", "HIGH")).toMatchObject({ ackDays: 2, answerDays: 5 });
    expect(resolveDeadlineRule(DEFAULT_DEADLINE_RULES, "UNDISTRIBUTED_DOCUMENT", "LOW")).toMatchObject({ ackDays: 2 });
    expect(resolveDeadlineRule(DEFAULT_DEADLINE_RULES, "FACILITY", "CRITICAL")).toMatchObject({ ackDays: 2, answerDays: 3 });
    expect(resolveDeadlineRule(DEFAULT_DEADLINE_RULES, "EXTORTION", "CRITICAL")).toMatchObject({ ackDays: 2, answerDays: 3 });
  });

  it("prefers the most specific match", () => {
    const rules = [
      { category: "*", severity: "*", ackDays: 1, answerDays: 1 },
      { category: "*", severity: "HIGH", ackDays: 2, answerDays: 2 },
      { category: "FACILITY", severity: "*", ackDays: 3, answerDays: 3 },
      { category: "FACILITY", severity: "HIGH", ackDays: 4, answerDays: 4 },
    ];
    expect(resolveDeadlineRule(rules, "FACILITY", "HIGH").ackDays).toBe(4);
    expect(resolveDeadlineRule(rules, "FACILITY", "LOW").ackDays).toBe(3);
    expect(resolveDeadlineRule(rules, "OTHER", "HIGH").ackDays).toBe(2);
    expect(resolveDeadlineRule(rules, "OTHER", "LOW").ackDays).toBe(1);
  });

  it("falls back to 3 and 5 with no rules at all", () => {
    expect(resolveDeadlineRule([], "OTHER", "LOW")).toMatchObject({ ackDays: 3, answerDays: 5 });
  });
});

describe("loadHolidaySet", () => {
  it("reads the Holiday table once a minute per client, until invalidated", async () => {
    const { loadHolidaySet, invalidateHolidayCache } = await import("../../app/lib/holidays.server");
    let reads = 0;
    let rows = [{ date: "2026-12-25" }];
    const client = { holiday: { findMany: async () => (reads++, rows) } } as never;
    invalidateHolidayCache();
    expect([...(await loadHolidaySet(client))]).toEqual(["2026-12-25"]);
    rows = [{ date: "2026-12-25" }, { date: "2026-12-24" }];
    expect((await loadHolidaySet(client)).size).toBe(1); // cached
    expect(reads).toBe(1);
    invalidateHolidayCache();
    expect((await loadHolidaySet(client)).has("2026-12-24")).toBe(true);
    expect(reads).toBe(2);
  });

  it("does not cache a failed read", async () => {
    const { loadHolidaySet, invalidateHolidayCache } = await import("../../app/lib/holidays.server");
    invalidateHolidayCache();
    let fail = true;
    const client = {
      holiday: { findMany: async () => { if (fail) throw new Error("db down"); return [{ date: "2027-01-01" }]; } },
    } as never;
    await expect(loadHolidaySet(client)).rejects.toThrow("db down");
    fail = false;
    expect((await loadHolidaySet(client)).has("2027-01-01")).toBe(true);
  });
});
