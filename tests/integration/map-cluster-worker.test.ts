import Supercluster from "supercluster";
import { describe, expect, it } from "vitest";
import { PALEMBANG_BBOX } from "~/lib/codes";
import { pointOf } from "~/lib/map-cluster-index.mjs";
import { complaintPointsQuery, offThreadReadFile, packedPointsJson } from "~/lib/sql/queries/map.server";
import { buildLayer, CLUSTER_MAX_ZOOM, crashClusterWorkerForTests, INLINE_MAX_POINTS, type ClusterItem } from "~/models/map-cluster.server";
import { MAP_STATES, type MapState } from "~/models/map-codes";

// A large map layer is read and clustered in a worker thread (docs/decisions/0031): while it is parsed
// and its index built the main event loop keeps turning, the worker's clusters are exactly those of
// Supercluster run inline as map.server.ts did before, and the point table it sends back holds the rows
// it was given. 300,000 synthetic complaints: inline, Supercluster's `load` alone holds the loop for
// far longer than the 200 ms allowed here (or half of that inline build on a loaded machine), so the
// test fails if the build ever comes back to this thread.

const N = 300_000;
const MAX_GAP_MS = 200;
const B = PALEMBANG_BBOX;

type ClusterPoint = { lng: number; lat: number; state: MapState | null };

/** Deterministic points over the city, a fifth of them without a state (as units). */
function syntheticPoints(n: number): ClusterPoint[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, () => {
    const s = Math.floor(rnd() * 5);
    return { lng: B.minLng + rnd() * (B.maxLng - B.minLng), lat: B.minLat + rnd() * (B.maxLat - B.minLat), state: s === 4 ? null : MAP_STATES[s]! };
  });
}

/** The points as the complaints layer's packed rows (POINT_TUPLES.complaints), as the query sends them. */
function packedComplaints(points: ClusterPoint[]): string {
  return JSON.stringify(points.map((p, i) => [i + 1, p.lat, p.lng, p.state, i % 3 ? "WAITING_TIME" : "EXTORTION", `PLG-${i + 1}`, 1 + (i % 7), "NEW", 1_790_000_000_000 + i]));
}

type P = ClusterPoint & { i: number };
type Counts = { overdue: number; open: number; answered: number; done: number };
let reference: Supercluster<P, Counts> | undefined;

/** The clusters of Supercluster inline, with the options and map/reduce map.server.ts used, as ClusterItems. */
function inlineClusters(points: ClusterPoint[], bbox: [number, number, number, number], zoom: number): ClusterItem[] {
  reference ??= inlineIndex(points);
  const index = reference;
  return index.getClusters(bbox, zoom).map((f): ClusterItem => {
    const p = f.properties;
    const [lng, lat] = f.geometry.coordinates as [number, number];
    if (!("cluster" in p && p.cluster)) return { i: (p as P).i, lng, lat };
    const { cluster_id, point_count, point_count_abbreviated, overdue, open, answered, done } = p;
    return { id: cluster_id, lng, lat, count: point_count, abbreviated: point_count_abbreviated, overdue, open, answered, done, expansionZoom: index.getClusterExpansionZoom(cluster_id) };
  });
}

function inlineIndex(points: ClusterPoint[]) {
  const index = new Supercluster<P, Counts>({
    radius: 60,
    maxZoom: CLUSTER_MAX_ZOOM,
    map: (p) => ({ overdue: p.state === "overdue" ? 1 : 0, open: p.state === "open" ? 1 : 0, answered: p.state === "answered" ? 1 : 0, done: p.state === "done" ? 1 : 0 }),
    reduce: (acc, p) => {
      acc.overdue += p.overdue;
      acc.open += p.open;
      acc.answered += p.answered;
      acc.done += p.done;
    },
  });
  return index.load(points.map((p, i) => ({ type: "Feature" as const, properties: { ...p, i }, geometry: { type: "Point" as const, coordinates: [p.lng, p.lat] } })));
}

/** Runs `work` while a 10 ms interval ticks; returns its result and the longest gap between ticks. */
async function withLoopWatch<T>(work: () => Promise<T>): Promise<{ result: T; maxGap: number }> {
  let last = performance.now();
  let maxGap = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 10);
  try {
    const result = await work();
    maxGap = Math.max(maxGap, performance.now() - last);
    return { result, maxGap };
  } finally {
    clearInterval(tick);
  }
}

describe("map cluster index of a large layer", () => {
  const points = syntheticPoints(N);
  const CITY: [number, number, number, number] = [B.minLng, B.minLat, B.maxLng, B.maxLat];
  const lngMid = (B.minLng + B.maxLng) / 2;
  const latMid = (B.minLat + B.maxLat) / 2;
  const SMALL: [number, number, number, number] = [lngMid, latMid, lngMid + 0.01, latMid + 0.01];

  const json = packedComplaints(points);

  it("is built off the main event loop and answers the clusters of an inline Supercluster", async () => {
    expect(N).toBeGreaterThanOrEqual(INLINE_MAX_POINTS);
    const { result: layer, maxGap } = await withLoopWatch(() => buildLayer("complaints", { kind: "json", json }));
    // The same index built on this thread, in the same minutes: how long the loop stops when the build is
    // here. A fixed bound alone failed on a loaded CI run (621 ms, the machine's load at 10 on two cores);
    // a build back on this thread would stop the loop about as long as this one does, whatever the load.
    // Always built here (not `??=`), so the bound never rests on an index another test built earlier; it is
    // then the reference the clusters below are compared with.
    const { maxGap: inlineGap } = await withLoopWatch(async () => void (reference = inlineIndex(points)));
    expect(maxGap, `the main event loop stalled ${Math.round(maxGap)} ms during the build (${Math.round(inlineGap)} ms inline)`).toBeLessThan(
      Math.max(MAX_GAP_MS, inlineGap / 2),
    );
    const { index, table } = layer;
    expect(index.where).toBe("worker");
    // The table the worker sent back holds every row as it came.
    expect(table.length).toBe(N);
    for (const i of [0, 1, 2, 12_345, N - 1]) {
      const p = points[i]!;
      expect(pointOf(table, i)).toEqual({
        layer: "complaints",
        id: i + 1,
        lat: p.lat,
        lng: p.lng,
        state: p.state,
        category: i % 3 ? "WAITING_TIME" : "EXTORTION",
        label: `PLG-${i + 1}`,
        unitId: 1 + (i % 7),
        detail: "NEW",
        at: 1_790_000_000_000 + i,
      });
    }
    for (const [bbox, zoom] of [
      [CITY, 3],
      [CITY, 11],
      [CITY, 14],
      [SMALL, 16],
      [SMALL, 18],
    ] as const) {
      const got = await index.clusters([...bbox], zoom, Number.MAX_SAFE_INTEGER);
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(inlineClusters(points, [...bbox], zoom));
    }
    // The limit keeps the first features in Supercluster's order.
    expect(await index.clusters(CITY, 14, 10)).toEqual((await index.clusters(CITY, 14, Number.MAX_SAFE_INTEGER)).slice(0, 10));
    index.drop();
    await expect(index.clusters(CITY, 11, 10)).rejects.toThrow(/no cluster index/);
  });

  it("survives a crash of the worker: its indexes fail, the next build starts a fresh worker", async () => {
    const before = (await buildLayer("complaints", { kind: "json", json })).index;
    crashClusterWorkerForTests();
    await expect(before.clusters(CITY, 11, 10)).rejects.toThrow(/map cluster worker/);
    const after = (await buildLayer("complaints", { kind: "json", json })).index;
    expect(after.where).toBe("worker");
    expect(await after.clusters(CITY, 11, Number.MAX_SAFE_INTEGER)).toEqual(inlineClusters(points, CITY, 11));
    after.drop();
  });

  it("reads a SQLite layer on the worker's own connection: the same table and clusters as read here", async () => {
    const file = offThreadReadFile();
    expect(file).not.toBeNull();
    for (const publicOnly of [true, false]) {
      const query = complaintPointsQuery({ publicOnly, overdueOnly: false }, Date.now());
      const here = await buildLayer("complaints", { kind: "json", json: await packedPointsJson(query) });
      const there = await buildLayer("complaints", { kind: "sqlite", file: file!, query });
      expect(here.index.where).toBe("inline");
      expect(there.index.where).toBe("worker");
      expect(there.table.length).toBeGreaterThan(0);
      expect(there.table).toEqual(here.table);
      expect(await there.index.clusters(CITY, 12, Number.MAX_SAFE_INTEGER)).toEqual(await here.index.clusters(CITY, 12, Number.MAX_SAFE_INTEGER));
      there.index.drop();
    }
  });
});
