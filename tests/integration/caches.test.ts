import { afterAll, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "~/lib/env.server";
import { createComplaint } from "~/models/complaint/filing.server";
import { clearDashboardCache, getDashboard, parsePeriod } from "~/models/dashboard.server";
import { clearMapCache, getMapData, mapIndexStats, parseMapQuery, stopMapRewarm, type PointProperties } from "~/models/map.server";
import { INLINE_MAX_POINTS } from "~/models/map-cluster.server";
import { GOOD_DESCRIPTION } from "../support/complaints";
import { db } from "~/lib/db.server";

// The read caches of the map and the dashboard are keyed on the data version, which every write moves:
// a write is never hidden by a cached figure, and the map's indexes are rebuilt in the background once
// writes pause, so the next visitor finds them warm.

afterAll(() => stopMapRewarm());

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
});

describe("map index", () => {
  it("answers requests on both sides of a 5-minute bucket while their layer is built in the worker thread", async () => {
    clearMapCache();
    // A complaint id past INLINE_MAX_POINTS sends the complaints layer to the worker thread even on the
    // small test database (the bound is the table's largest id).
    const unit = await db.unit.findFirstOrThrow({ where: { active: true, lat: { not: null } }, orderBy: { id: "asc" } });
    await db.complaint.create({
      data: { id: INLINE_MAX_POINTS + 10_000, ref: "ADU-TEST-BUCKET", trackingHash: "bucket-test", unitId: unit.id, category: "FACILITY", privacy: "public", description: GOOD_DESCRIPTION, status: "SENT", lat: -2.98, lng: 104.76 },
    });
    const parsed = parseMapQuery(new URLSearchParams("layer=complaints&bbox=104.6,-3.1,104.9,-2.8&zoom=18"));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    // The last millisecond of a bucket and the first of the next: the second request's stamp takes the
    // first one's index out of the cache while it is still being built; both must still be answered.
    const bucket = 5 * 60_000;
    const last = Math.floor(Date.now() / bucket) * bucket + bucket - 1;
    const answers = await Promise.all([last, last + 1, last, last + 1].map((now) => getMapData(parsed.query, null, now)));
    const ids = answers.map((a) => a.features.map((f) => (f.properties as PointProperties).id).sort((x, y) => x - y));
    expect(ids[0]).toContain(INLINE_MAX_POINTS + 10_000);
    for (const other of ids.slice(1)) expect(other).toEqual(ids[0]);
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
