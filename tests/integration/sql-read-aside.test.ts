import { describe, expect, it, vi } from "vitest";
import { sqlEngine, type SqlFragment } from "~/lib/sql/index.server";
import { crashReadWorkerForTests } from "~/lib/sql/sqlite/engine.server";
import { getDashboard, makePeriod } from "~/models/dashboard.server";
import { listPublicComplaints } from "~/models/complaint/public-list.server";

// SQLite's long reads (the dashboard's aggregates) run in a worker thread on a connection of its own
// (ADR 0034): while one runs, the process goes on answering other requests. better-sqlite3 runs a
// statement on the thread that calls it, so a long read on the main thread lets nothing else happen
// until it ends: no timer, no other request.

/** Two million rows made by SQLite itself: long enough for the event loop to turn many times meanwhile. */
const LONG: SqlFragment = {
  sql: `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < @n) SELECT COUNT(*) AS n, SUM(x) AS total FROM c`,
  params: { n: 2_000_000 },
};
const LONG_ROW = { n: 2_000_000, total: (2_000_000 * 2_000_001) / 2 };

/** Runs `read` and counts the turns of the event loop until it answers. */
async function turnsDuring<T>(read: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const value = await read();
  done = true;
  return { value, turns };
}

describe("long reads on SQLite", () => {
  it("leave the event loop free while they run, and answer what the main connection answers", async () => {
    const { value, turns } = await turnsDuring(() => sqlEngine.aside.all(LONG));
    expect(value).toEqual([LONG_ROW]);
    expect(turns).toBeGreaterThan(10);

    const perUnit: SqlFragment = {
      sql: `SELECT c."unitId" AS "unitId", COUNT(*) AS n, MIN(c."createdAt") AS first FROM "Complaint" c GROUP BY c."unitId" ORDER BY c."unitId"`,
      params: {},
    };
    const aside = await sqlEngine.aside.all(perUnit);
    expect(aside.length).toBeGreaterThan(1);
    expect(aside).toEqual(await sqlEngine.read.all(perUnit));
    expect(await sqlEngine.aside.get(perUnit)).toEqual(aside[0]);
  });

  it("fail with SQLite's own error for SQL that is wrong", async () => {
    await expect(sqlEngine.aside.all({ sql: `SELECT * FROM "NoSuchTable"`, params: {} })).rejects.toThrow(/no such table: NoSuchTable/);
  });

  it("still answer when the worker dies under them, and the next read has a fresh worker", async () => {
    await sqlEngine.aside.get({ sql: "SELECT 1 AS one", params: {} }); // the worker is running
    crashReadWorkerForTests();
    expect(await sqlEngine.aside.all(LONG)).toEqual([LONG_ROW]);
    const { value, turns } = await turnsDuring(() => sqlEngine.aside.all(LONG));
    expect(value).toEqual([LONG_ROW]);
    expect(turns).toBeGreaterThan(10);
  });
});

describe("background reads on SQLite", () => {
  it("run one at a time: a read aside sent meanwhile waits behind the one running, not behind all of them", async () => {
    const finished: string[] = [];
    const background = [1, 2, 3].map((n) => sqlEngine.background.all(LONG).then(() => finished.push(`background ${n}`)));
    // Sent while the first background read runs and the other two wait their turn.
    await new Promise((r) => setTimeout(r, 20));
    const aside = sqlEngine.aside.get({ sql: "SELECT 1 AS one", params: {} }).then(() => finished.push("aside"));
    await Promise.all([...background, aside]);
    expect(finished).toEqual(["background 1", "aside", "background 2", "background 3"]);
  });
});

describe("the dashboard and the public list", () => {
  it("read their aggregates aside (the dashboard's in the background), not on the main connection", async () => {
    const aside = vi.spyOn(sqlEngine.aside, "all");
    const main = vi.spyOn(sqlEngine.read, "all");
    const asideGets = vi.spyOn(sqlEngine.aside, "get");
    try {
      const dashboard = await getDashboard(makePeriod("2026-01-01", "2026-12-31"), "public", { now: new Date("2026-12-01T05:00:00Z") });
      expect(dashboard.units.length).toBeGreaterThan(0);
      const grouped = (calls: [SqlFragment][]) => calls.filter(([q]) => /GROUP BY|UNION ALL/.test(q.sql)).length;
      // Per unit: complaints, follow-ups, answer days, open; per month: complaints, follow-ups.
      expect(grouped(aside.mock.calls)).toBe(6);
      expect(grouped(main.mock.calls)).toBe(0);

      // The list's total counts every public complaint that matches; its page of 20 stays on the main connection.
      const list = await listPublicComplaints({ category: "OTHER" });
      expect(list.total).toBeGreaterThan(0);
      expect(asideGets.mock.calls.filter(([q]) => /COUNT\(\*\)/.test(q.sql))).toHaveLength(1);
    } finally {
      aside.mockRestore();
      main.mockRestore();
      asideGets.mockRestore();
    }
  });
});
