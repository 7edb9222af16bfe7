import { afterAll, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "~/lib/env.server";
import { createComplaint } from "~/models/complaint/filing.server";
import { clearDashboardCache, getDashboard, parsePeriod } from "~/models/dashboard.server";
import { clearMapCache, getMapData, mapIndexStats, parseMapQuery, stopMapRewarm, type PointProperties } from "~/models/map.server";
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
