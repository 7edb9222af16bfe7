import { afterAll, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "~/lib/env.server";
import { createComplaint } from "~/models/complaint/filing.server";
import { clearDashboardCache, getDashboard, parsePeriod } from "~/models/dashboard.server";
import { clearMapCache, getMapData, mapIndexStats, parseMapQuery, stopMapRewarm, type PointProperties } from "~/models/map.server";
import { INLINE_MAX_POINTS } from "~/models/map-cluster.server";
import { GOOD_DESCRIPTION } from "../support/complaints";
import { db } from "~/lib/db.server";
import { nextDeadlineAt } from "~/lib/sql/queries/deadlines.server";
import { LAST_VALUE_FOR_MS, VersionCache } from "~/lib/version-cache.server";
import { answeredLastFigures, watchDatabaseFaults } from "~/lib/database-unavailable.server";

// The read caches of the map and the dashboard are keyed on the data version, which every write moves:
// a write is never hidden by a cached figure, and the map's indexes are rebuilt in the background once
// writes pause, so the next visitor finds them warm.

afterAll(() => stopMapRewarm());

/** A follow-up of the complaint, OPEN, due at `dueAt`. */
async function followUpDue(complaintId: number, dueAt: number) {
  const complaint = await db.complaint.findUniqueOrThrow({ where: { id: complaintId } });
  const inspector = await db.user.findFirstOrThrow({ where: { role: "INSPECTOR" } });
  const due = new Date(dueAt);
  await db.followUp.create({
    data: { sourceType: "COMPLAINT", complaintId, unitId: complaint.unitId, instruction: "Perbaiki fasilitas", category: "FACILITY", state: "OPEN", ackDueAt: due, dueAt: due, originalDueAt: due, createdById: inspector.id },
  });
}

/**
 * A moment with neither a deadline of the test data (the seeded ones fall at the end of WIB days) nor a
 * WIB midnight (the dashboard's default period would turn) in the 20 minutes before it, so that a
 * follow-up due then is the only thing the test's clock crosses.
 */
async function quietDeadline(): Promise<number> {
  const DAY = 86_400_000;
  const WIB = 7 * 3_600_000;
  let from = Date.now();
  for (;;) {
    const midnight = Math.ceil((from + WIB + 1) / DAY) * DAY - WIB;
    const next = Math.min((await nextDeadlineAt(from)) ?? Number.POSITIVE_INFINITY, midnight);
    if (next - from >= 30 * 60_000) return from + 25 * 60_000;
    from = next + 1;
  }
}

async function fileComplaint(n: number) {
  const unit = await db.unit.findFirstOrThrow({ where: { active: true, lat: { not: null } }, orderBy: { id: "asc" } });
  const result = await createComplaint({
    unitId: unit.id,
    category: "FACILITY",
    privacy: "public",
    description: `${GOOD_DESCRIPTION} (cache ${n})`,
    lat: -2.99 + n * 0.0001,
    lng: 104.75,
  });
  expect(result.ok).toBe(true);
  if (!result.ok) throw new Error("complaint refused");
  return result.complaint;
}

describe("dashboard figures", () => {
  it("are served from the cache until a write, which clears them", async () => {
    clearDashboardCache();
    const { period } = parsePeriod(new URLSearchParams()); // the last 90 days, today included
    const first = await getDashboard(period, "public");
    // Cached: the same figures object again.
    expect(await getDashboard(period, "public")).toBe(first);
    await fileComplaint(1);
    const after = await getDashboard(period, "public");
    expect(after).not.toBe(first);
    expect(after.totals.complaints).toBe(first.totals.complaints + 1);
  });
  it("are computed once for visitors who miss together (a second of SQL at a million complaints)", async () => {
    clearDashboardCache();
    const { period } = parsePeriod(new URLSearchParams());
    const together = await Promise.all(Array.from({ length: 5 }, () => getDashboard(period, "public")));
    for (const d of together) expect(d).toBe(together[0]);
  });

  it("hold while time passes, and count a follow-up overdue as soon as its deadline passes, with nothing written", async () => {
    clearDashboardCache();
    const due = await quietDeadline();
    const complaint = await fileComplaint(4);
    await followUpDue(complaint.id, due);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(due - 15 * 60_000);
      const { period } = parsePeriod(new URLSearchParams());
      const first = await getDashboard(period, "public");
      // Up to the deadline itself: the same figures (a fixed lifetime recomputed them every minute).
      vi.setSystemTime(due);
      expect(await getDashboard(period, "public")).toBe(first);
      vi.setSystemTime(due + 1);
      const after = await getDashboard(period, "public");
      expect(after).not.toBe(first);
      expect(after.totals.overdue).toBe(first.totals.overdue + 1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("map index", () => {
  it("answers requests on both sides of a deadline while their layer is built in the worker thread", async () => {
    clearMapCache();
    // A complaint id past INLINE_MAX_POINTS sends the complaints layer to the worker thread even on the
    // small test database (the bound is the table's largest id).
    const unit = await db.unit.findFirstOrThrow({ where: { active: true, lat: { not: null } }, orderBy: { id: "asc" } });
    await db.complaint.create({
      data: { id: INLINE_MAX_POINTS + 10_000, ref: "ADU-TEST-BUCKET", trackingHash: "bucket-test", unitId: unit.id, category: "FACILITY", privacy: "public", description: GOOD_DESCRIPTION, status: "SENT", lat: -2.98, lng: 104.76 },
    });
    const parsed = parseMapQuery(new URLSearchParams("layer=complaints&bbox=104.6,-3.1,104.9,-2.8&zoom=18"));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    // The moment of a deadline and the millisecond after: the second request's stamp takes the first
    // one's index out of the cache while it is still being built; both must still be answered.
    const due = await quietDeadline();
    const answers = await Promise.all([due, due + 1, due, due + 1].map((now) => getMapData(parsed.query, null, now)));
    const ids = answers.map((a) => a.features.map((f) => (f.properties as PointProperties).id).sort((x, y) => x - y));
    expect(ids[0]).toContain(INLINE_MAX_POINTS + 10_000);
    for (const other of ids.slice(1)) expect(other).toEqual(ids[0]);
  });

  it("keeps its index while time passes, and turns a point overdue as soon as its deadline passes, with nothing written", async () => {
    clearMapCache();
    const due = await quietDeadline();
    const complaint = await fileComplaint(3);
    await followUpDue(complaint.id, due);
    const parsed = parseMapQuery(new URLSearchParams("layer=complaints&bbox=104.6,-3.1,104.9,-2.8&zoom=18"));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const stateAt = async (now: number) => {
      const feature = (await getMapData(parsed.query, null, now)).features.find((f) => (f.properties as PointProperties).id === complaint.id);
      return (feature?.properties as PointProperties | undefined)?.state;
    };
    expect(await stateAt(due - 15 * 60_000)).toBe("open");
    const builds = mapIndexStats.builds;
    // Fifteen minutes later, up to the deadline itself: the same index (a fixed time bucket rebuilt it).
    expect(await stateAt(due)).toBe("open");
    expect(mapIndexStats.builds).toBe(builds);
    // One millisecond past it: rebuilt, and the complaint is overdue.
    expect(await stateAt(due + 1)).toBe("overdue");
    expect(mapIndexStats.builds).toBe(builds + 1);
  });

  it("is rebuilt in the background after writes pause, and the next request finds the new complaint already indexed", async () => {
    // The re-warm runs in the server every second; here every 20 ms (the setup file turns it off).
    process.env.MAP_REWARM_MS = "20";
    resetEnvCache();
    clearMapCache();
    const parsed = parseMapQuery(new URLSearchParams("layer=complaints&bbox=104.6,-3.1,104.9,-2.8&zoom=18"));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const ids = async () => (await getMapData(parsed.query, null)).features.map((f) => (f.properties as PointProperties).id);
    const before = await ids();
    const builds = mapIndexStats.builds;
    const rewarmed = mapIndexStats.rewarmed;
    const complaint = await fileComplaint(2);
    // Wait for the background rebuild of the filter set used above (no request in between).
    await vi.waitFor(() => expect(mapIndexStats.rewarmed).toBeGreaterThan(rewarmed), { timeout: 20_000, interval: 20 });
    const buildsAfterRewarm = mapIndexStats.builds;
    expect(buildsAfterRewarm).toBe(builds + 1);
    const after = await ids();
    // Served from the re-warmed index (no build on the request) and not stale: the new complaint is there.
    expect(mapIndexStats.builds).toBe(buildsAfterRewarm);
    expect(before).not.toContain(complaint.id);
    expect(after).toContain(complaint.id);
  });
});

describe("values kept until the next write (VersionCache)", () => {
  it("are computed once for requests that miss together, and again after a failure", async () => {
    const cache = new VersionCache<number>(4);
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { value: runs };
    };
    const together = await Promise.all(Array.from({ length: 5 }, () => cache.get("k", compute, undefined)));
    expect(together).toEqual([1, 1, 1, 1, 1]);
    expect(runs).toBe(1);
    await expect(cache.get("broken", () => Promise.reject(new Error("database busy")), undefined)).rejects.toThrow("database busy");
    expect(await cache.get("broken", compute, undefined)).toBe(2);
    await fileComplaint(5);
    expect(await cache.get("k", compute, undefined)).toBe(3);
  });

  it("answer a list's total from the last count while it is counted again, one count at a time (lastWhileComputing)", async () => {
    // The public list's total during a rush (ADR 0035): every filing is a new version, and a count of a
    // million complaints outlasts the next filing. A visitor waits a moment (waitMs) for the running
    // count, then gets the last total, and the request is noted so its page is not kept as this
    // version's; no second count starts beside the running one. A count done within the moment is waited for.
    const cache = new VersionCache<number>(4, { lastWhileComputing: { waitMs: 30 } });
    let counts = 0;
    let release: (n: number) => void = () => {};
    let answerAtOnce: number | null = 10;
    const count = () => {
      counts++;
      if (answerAtOnce !== null) return Promise.resolve({ value: answerAtOnce });
      return new Promise<{ value: number }>((resolve) => (release = (n) => resolve({ value: n })));
    };
    /** The cache's answer, and whether the request was noted as answered with a figure from before the last write. */
    const ask = () => watchDatabaseFaults(async () => ({ value: await cache.get("all", count, undefined), last: answeredLastFigures() }));
    const pending = async <T,>(p: Promise<T>) => (await Promise.race([p.then(() => false), new Promise((r) => setTimeout(r, 100)).then(() => true)])) as boolean;

    expect(await ask()).toEqual({ value: 10, last: false });
    expect(counts).toBe(1);

    answerAtOnce = null; // from now on a count takes until it is released
    await fileComplaint(6);
    expect(await ask()).toEqual({ value: 10, last: true }); // started the count, waited 30 ms, got the last total
    expect(await ask()).toEqual({ value: 10, last: true });
    await fileComplaint(7);
    expect(await ask()).toEqual({ value: 10, last: true }); // a newer version: still no second count
    expect(counts).toBe(2);
    release(11);
    await new Promise((resolve) => setImmediate(resolve)); // the count of the older version ends

    // After the last write: a count that answers within the moment is waited for, and is not "last".
    answerAtOnce = 12;
    expect(await ask()).toEqual({ value: 12, last: false });
    expect(counts).toBe(3);
    expect(await ask()).toEqual({ value: 12, last: false }); // kept until the next write
    expect(counts).toBe(3);

    // A last total older than LAST_VALUE_FOR_MS is not answered: that visitor waits for the count.
    answerAtOnce = null;
    await fileComplaint(8);
    const clock = vi.spyOn(Date, "now").mockReturnValue(Date.now() + LAST_VALUE_FOR_MS + 1_000);
    try {
      const late = ask();
      expect(await pending(late)).toBe(true);
      release(13);
      expect(await late).toEqual({ value: 13, last: false });
      expect(counts).toBe(4);
    } finally {
      clock.mockRestore();
    }
  });
});

describe("the units an inspector can choose", () => {
  it("are read once until a write, and a unit added or closed shows at once", async () => {
    const { unitsForInspection } = await import("~/models/inspection/queries.server");
    const first = await unitsForInspection();
    expect(await unitsForInspection()).toBe(first);
    const unit = await db.unit.create({ data: { slug: "upt-cache-baru", name: "UPT Dukcapil Cache Baru", type: "DUKCAPIL", kecamatanCode: "16.71.04" } });
    const added = await unitsForInspection();
    expect(added.map((u) => u.id)).toContain(unit.id);
    expect(added).toHaveLength(first.length + 1);
    await db.unit.update({ where: { id: unit.id }, data: { active: false } });
    expect((await unitsForInspection()).map((u) => u.id)).not.toContain(unit.id);
  });
});
