import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import * as holidays from "~/routes/admin.holidays";
import * as rules from "~/routes/admin.deadline-rules";
import { computeDeadlines } from "~/models/follow-up/create.server";
import { loadHolidaySet } from "~/lib/holidays.server";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";

// Admins keep the holiday calendar and the deadline rules; a change applies to the next deadline at once.

let admin: string;
beforeAll(async () => {
  admin = await cookieFor(DEMO.admin);
});

const wib = (s: string) => new Date(`${s}+07:00`);

describe("holiday calendar", () => {
  it("lists by year, adds, renames and deletes a day, and the next deadline counts it", async () => {
    const created = wib("2027-06-07T09:00:00"); // Monday
    const before = await db.$transaction((tx) => computeDeadlines(tx, "OTHER", "MEDIUM", created));
    expect(before.dueAt).toEqual(wib("2027-06-14T23:59:59.999")); // 5 working days: 8, 9, 10, 11, 14

    await loadHolidaySet(db); // warm the cache, so the test shows the route invalidates it
    let res = await run(holidays.action, makeRequest("/admin/holidays", { cookie: admin, form: { intent: "add", date: "2027-06-09", name: "Libur uji", kind: "CUTI_BERSAMA" } }));
    expect(res.status).toBe(303);
    expect((await loadHolidaySet(db)).has("2027-06-09")).toBe(true);
    const after = await db.$transaction((tx) => computeDeadlines(tx, "OTHER", "MEDIUM", created));
    expect(after.dueAt).toEqual(wib("2027-06-15T23:59:59.999"));

    const list = await (await run(holidays.loader, makeRequest("/admin/holidays?year=2027", { cookie: admin }))).json();
    const row = list.holidays.find((h: { date: string }) => h.date === "2027-06-09");
    expect(row).toMatchObject({ name: "Libur uji", kind: "CUTI_BERSAMA", source: "admin" });
    expect(list.holidays.every((h: { date: string }) => h.date.startsWith("2027-"))).toBe(true);

    // The same date twice is refused.
    res = await run(holidays.action, makeRequest("/admin/holidays", { cookie: admin, form: { intent: "add", date: "2027-06-09", name: "Lagi", kind: "NATIONAL" } }));
    expect(res.status).toBe(409);
    // A date that does not exist is refused.
    res = await run(holidays.action, makeRequest("/admin/holidays", { cookie: admin, form: { intent: "add", date: "2027-02-30", name: "X", kind: "NATIONAL" } }));
    expect(res.status).toBe(400);

    res = await run(holidays.action, makeRequest("/admin/holidays?year=2027", { cookie: admin, form: { intent: "rename", id: String(row.id), name: "Cuti bersama uji", kind: "CUTI_BERSAMA" } }));
    expect(res.status).toBe(303);
    expect((await db.holiday.findUniqueOrThrow({ where: { id: row.id } })).name).toBe("Cuti bersama uji");

    res = await run(holidays.action, makeRequest("/admin/holidays?year=2027", { cookie: admin, form: { intent: "delete", id: String(row.id) } }));
    expect(res.status).toBe(303);
    expect((await loadHolidaySet(db)).has("2027-06-09")).toBe(false);
    const actions = (await db.auditEvent.findMany({ where: { entityType: "Holiday", entityId: String(row.id) }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["holiday.create", "holiday.update", "holiday.delete"]);
  });

  it("is for admins only", async () => {
    for (const who of [DEMO.inspector, DEMO.headSu2]) {
      const res = await run(holidays.action, makeRequest("/admin/holidays", { cookie: await cookieFor(who), form: { intent: "add", date: "2027-06-10", name: "X", kind: "NATIONAL" } }));
      expect(res.status).toBe(403);
    }
    expect(await db.holiday.count({ where: { date: "2027-06-10" } })).toBe(0);
  });
});

describe("deadline rules", () => {
  it("edits a rule and the next follow-up uses it; refuses bad numbers and removing the general rule", async () => {
    const created = wib("2027-06-07T09:00:00");
    let res = await run(rules.action, makeRequest("/admin/deadline-rules", { cookie: admin, form: { intent: "save", category: "FACILITY", severity: "*", ackDays: "1", answerDays: "10" } }));
    expect(res.status).toBe(303);
    const d = await db.$transaction((tx) => computeDeadlines(tx, "FACILITY", "LOW", created));
    expect(d.ackDueAt).toEqual(wib("2027-06-08T23:59:59.999"));
    expect(d.dueAt).toEqual(wib("2027-06-21T23:59:59.999"));

    for (const [form, status] of [
      [{ ackDays: "-1", answerDays: "5" }, 400],
      [{ ackDays: "2", answerDays: "0" }, 400],
      [{ ackDays: "6", answerDays: "5" }, 400],
      [{ ackDays: "x", answerDays: "5" }, 400],
    ] as const) {
      res = await run(rules.action, makeRequest("/admin/deadline-rules", { cookie: admin, form: { intent: "save", category: "WAITING_TIME", severity: "LOW", ...form } }));
      expect(res.status, JSON.stringify(form)).toBe(status);
    }
    expect(await db.deadlineRule.count({ where: { category: "WAITING_TIME", severity: "LOW" } })).toBe(0);

    // A second rule for the same pair is refused.
    res = await run(rules.action, makeRequest("/admin/deadline-rules", { cookie: admin, form: { intent: "save", category: "FACILITY", severity: "*", ackDays: "1", answerDays: "4" } }));
    expect(res.status).toBe(409);

    const general = await db.deadlineRule.findFirstOrThrow({ where: { category: "*", severity: "*" } });
    res = await run(rules.action, makeRequest("/admin/deadline-rules", { cookie: admin, form: { intent: "delete", id: String(general.id) } }));
    expect(res.status).toBe(409);
  });
});

describe("calendar on a database without demo data", () => {
  it("adds the default rules and this year's and next year's holidays once, respecting what exists", async () => {
    const { ensureCalendar } = await import("~/models/deadline-settings.server");
    // Far in the future, where nothing is seeded: 2040 and 2041 get their national holidays.
    const now = new Date("2040-03-01T10:00:00+07:00");
    expect(await db.holiday.count({ where: { date: { startsWith: "2040-" } } })).toBe(0);
    const added = await ensureCalendar(now);
    expect(added).toBeGreaterThan(10);
    expect(await db.holiday.count({ where: { date: "2040-01-01" } })).toBe(1);
    expect(await db.holiday.count({ where: { date: { startsWith: "2041-" } } })).toBeGreaterThan(5);
    // Once: a second run adds nothing, even after an admin removed a day.
    await db.holiday.delete({ where: { date: "2040-01-01" } });
    expect(await ensureCalendar(now)).toBe(0);
    expect(await db.holiday.count({ where: { date: "2040-01-01" } })).toBe(0);
  });
});
