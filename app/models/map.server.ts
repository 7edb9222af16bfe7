import { kecamatanOptions } from "~/lib/kecamatan";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { clockStamp } from "~/lib/clock-stamp.server";
import { VersionCache } from "~/lib/version-cache.server";
import type { SessionUser } from "~/lib/session.server";
import { PALEMBANG_BBOX } from "~/lib/codes";
import { MAP_STATES, type MapLayer, type MapState } from "./map-codes";
import { labelOf, pointOf } from "~/lib/map-cluster-index.mjs";
import { buildLayer, CLUSTER_MAX_ZOOM, type ClusterIndex, type ClusterItem, type PointTable } from "./map-cluster.server";
import { pointSource, viewerOf, type MapPoint, type MapViewer } from "./map-points.server";
import type { Bbox, MapFilters, MapQuery } from "./map-query.server";
import type { ClusterProperties, ClusterProps, MapData, MapFeature, PointProperties } from "./map-types";

// The map capability: everything /map and /map/data.json read. Points come from one lean raw query per
// layer and filter set (app/lib/sql/queries/map.server.ts; Prisma objects cost too much at 100,000
// rows), are kept as a point table and clustered with supercluster (read and built in a worker thread
// for large layers, map-cluster.server.ts) and the index is cached until the next write or the next
// deadline (clockStamp: a follow-up becomes overdue with the clock, not with a write). The query
// parameters are read in map-query.server.ts; the answer's types are in map-types.ts, where the browser
// code reads them.

export { MAP_LAYERS, MAP_STATES, STATE_FILTERS, STATUS_FILTERS, MAP_CATEGORIES } from "./map-codes";
export type { MapLayer, MapState } from "./map-codes";
export { mapQuerySchema, parseMapQuery, type Bbox, type MapFilters, type MapQuery, type MapQueryError } from "./map-query.server";
export type { ClusterProperties, MapData, MapFeature, PointProperties } from "./map-types";
export { viewerOf, type MapPoint, type MapViewer } from "./map-points.server";

const MAX_FEATURES = 5000;
const CACHE_ENTRIES = 8;
export { CLUSTER_MAX_ZOOM };

// ---------------------------------------------------------------------------------------------------
// Clustering and its cache

type LayerIndex = {
  /** the cache key it was built under */
  key: string;
  /** the layer's points as columns; point i is pointOf(table, i) */
  table: PointTable;
  /** leaves are rows of `table` */
  index: ClusterIndex;
  /** the table's rows newest first (units by name), made when the list first needs it: sorting in SQL slowed every build */
  sorted?: Uint32Array;
};

function sortedRows(entry: LayerIndex): Uint32Array {
  if (!entry.sorted) {
    const { at, ids } = entry.table;
    const rows = Uint32Array.from({ length: entry.table.length }, (_, i) => i);
    const label = (i: number) => labelOf(entry.table, i);
    entry.sorted = rows.sort((a, b) => (Number.isNaN(at[a]!) || Number.isNaN(at[b]!) ? label(a).localeCompare(label(b)) : at[b]! - at[a]! || ids[b]! - ids[a]!));
  }
  return entry.sorted;
}

/** A small LRU of built indexes: Map keeps insertion order, so the first key is the least recent. */
const cache = new Map<string, Promise<LayerIndex>>();
const unitNames = new VersionCache<Map<number, string>>(1);

/**
 * How many requests are between getting an entry and its clusters. A request may hold an entry that a
 * newer stamp takes out of the cache meanwhile (a write, a deadline passing during a build, the
 * background re-warm): its worker index is then freed when the last of them is done, not under it.
 */
const uses = new WeakMap<Promise<LayerIndex>, { users: number; forgotten: boolean }>();

function dropWhenBuilt(entry: Promise<LayerIndex>) {
  entry.then(
    (x) => x.index.drop(),
    () => {},
  );
}

/** Takes an entry out of the cache and frees its cluster index (in the worker it would stay otherwise). */
function forget(key: string) {
  const entry = cache.get(key);
  if (!entry) return;
  cache.delete(key);
  const use = uses.get(entry);
  if (use && use.users > 0) use.forgotten = true;
  else dropWhenBuilt(entry);
}

export function clearMapCache() {
  for (const key of [...cache.keys()]) forget(key);
  unitNames.clear();
}

function cacheKey(layer: MapLayer, filters: MapFilters, viewer: MapViewer, stamp: string) {
  const f = layer === "units" ? { unitId: filters.unitId, kecamatan: filters.kecamatan } : filters;
  return JSON.stringify([stamp, layer, viewer === "staff" && layer !== "units" ? "staff" : "public", f]);
}

async function buildIndex(key: string, layer: MapLayer, filters: MapFilters, viewer: MapViewer, now: number): Promise<LayerIndex> {
  const { table, index } = await buildLayer(layer, await pointSource(layer, filters, viewer, now));
  return { key, table, index };
}

// Re-warming. A write makes every index stale, and the next visitor would pay for the rebuild (about a
// second at 100,000 complaints). So the filter sets used in the last few minutes are rebuilt in the
// background once writes pause: never served stale, usually found warm.
const REWARM_WINDOW_MS = 3 * 60_000;
const REWARM_MAX = 4;
const recent = new Map<string, { layer: MapLayer; filters: MapFilters; viewer: MapViewer; usedAt: number }>();
let rewarmTimer: ReturnType<typeof setInterval> | undefined;
let lastSeenStamp = "";
let rewarming = false;

function noteUse(layer: MapLayer, filters: MapFilters, viewer: MapViewer, now: number) {
  const sig = JSON.stringify([layer, viewer, filters]);
  recent.delete(sig);
  recent.set(sig, { layer, filters, viewer, usedAt: now });
  while (recent.size > REWARM_MAX) recent.delete(recent.keys().next().value!);
  const every = getEnv().MAP_REWARM_MS;
  if (!rewarmTimer && every > 0) {
    rewarmTimer = setInterval(() => void rewarm(), every);
    rewarmTimer.unref?.();
  }
}

/** Stops the background re-warm (it starts again with the next map request). */
export function stopMapRewarm() {
  clearInterval(rewarmTimer);
  rewarmTimer = undefined;
}

/** How many indexes were built, and how many of those by the background re-warm (for logs and tests). */
export const mapIndexStats = { builds: 0, rewarmed: 0 };

async function rewarm() {
  const now = Date.now();
  const stamp = await clockStamp(now);
  // Wait until the stamp has held still for one tick: a burst of writes is rebuilt for once, at its end.
  if (stamp !== lastSeenStamp) {
    lastSeenStamp = stamp;
    return;
  }
  if (rewarming) return;
  rewarming = true;
  try {
    for (const [sig, r] of [...recent]) {
      if (now - r.usedAt > REWARM_WINDOW_MS) {
        recent.delete(sig);
        continue;
      }
      if ((await clockStamp(Date.now())) !== stamp) break;
      if (!cache.has(cacheKey(r.layer, r.filters, r.viewer, stamp))) {
        await getLayerIndex(r.layer, r.filters, r.viewer, now, stamp, false);
        mapIndexStats.rewarmed++;
      }
    }
  } catch (error) {
    console.warn(`[map] background re-warm failed: ${(error as Error).message}`);
  } finally {
    rewarming = false;
  }
}

/** `stamp` is clockStamp(now): the moment the index stands for. */
function getLayerIndex(layer: MapLayer, filters: MapFilters, viewer: MapViewer, now: number, stamp: string, used = true): Promise<LayerIndex> {
  if (used) noteUse(layer, filters, viewer, now);
  const key = cacheKey(layer, filters, viewer, stamp);
  let entry = cache.get(key);
  if (entry) {
    cache.delete(key);
    cache.set(key, entry);
    return entry;
  }
  // Indexes of an older data version can never be used again: drop them now rather than keep tens of
  // megabytes each (100,000 points) until the LRU pushes them out.
  const prefix = JSON.stringify([stamp]).slice(0, -1);
  for (const k of [...cache.keys()]) if (!k.startsWith(prefix)) forget(k);
  const built = buildIndex(key, layer, filters, viewer, now);
  mapIndexStats.builds++;
  cache.set(key, built);
  built.catch(() => {
    if (cache.get(key) === built) cache.delete(key);
  });
  while (cache.size > CACHE_ENTRIES) forget(cache.keys().next().value!);
  return built;
}

/**
 * A layer's index and its features in the bbox at the zoom (at most `limit`). A worker that died took
 * its indexes with it (or the build with it): the entry is then dropped and built once more, so one
 * crash fails no request.
 */
async function layerClusters(layer: MapLayer, filters: MapFilters, viewer: MapViewer, now: number, bbox: Bbox, zoom: number, limit: number) {
  const stamp = await clockStamp(now);
  for (let attempt = 0; ; attempt++) {
    const pending = getLayerIndex(layer, filters, viewer, now, stamp);
    const use = uses.get(pending) ?? { users: 0, forgotten: false };
    uses.set(pending, use);
    use.users++;
    let entry: LayerIndex | undefined;
    try {
      entry = await pending;
      return { entry, found: await entry.index.clusters([bbox.minLng, bbox.minLat, bbox.maxLng, bbox.maxLat], zoom, limit) };
    } catch (error) {
      if (attempt > 0) throw error;
      // A build that failed has left the cache already; an index the worker lost (a crash) leaves it now.
      if (entry && cache.get(entry.key) === pending) forget(entry.key);
    } finally {
      use.users--;
      if (use.users === 0 && use.forgotten) {
        use.forgotten = false;
        dropWhenBuilt(pending);
      }
    }
  }
}

function getUnitNames(): Promise<Map<number, string>> {
  return unitNames.get(
    "all",
    async () => ({ value: new Map((await db.unit.findMany({ select: { id: true, name: true } })).map((u) => [u.id, u.name])) }),
    undefined,
  );
}

// ---------------------------------------------------------------------------------------------------
// Output

/** Where a point's popup and list entry link: only to pages the viewer may open. */
function hrefOf(p: MapPoint, viewer: MapViewer): string {
  if (p.layer === "units") return `/units/${p.id}`;
  // Staff open complaints in the triage view (the public page 404s for confidential ones).
  if (p.layer === "complaints") return viewer === "staff" ? `/triage/${p.id}` : `/complaints/${encodeURIComponent(p.label)}`;
  return viewer === "staff" && p.inspectionId ? `/inspections/${p.inspectionId}` : `/units/${p.unitId}`;
}

export function pointProperties(p: MapPoint, viewer: MapViewer, names: Map<number, string>): PointProperties {
  return {
    cluster: false,
    layer: p.layer,
    id: p.id,
    state: p.state,
    category: p.category,
    label: p.label,
    detail: p.detail,
    unitId: p.unitId,
    unitName: names.get(p.unitId) ?? "",
    date: p.at === null ? null : new Date(p.at).toISOString(),
    href: hrefOf(p, viewer),
  };
}

function worstState(c: ClusterProps): MapState | null {
  for (const s of MAP_STATES) if (c[s] > 0) return s;
  return null;
}

const WHOLE_CITY: Bbox = PALEMBANG_BBOX;

/** A feature of the answer from one item of the cluster index: a cluster, or a leaf's point. */
function featureOf(layer: MapLayer, item: ClusterItem, table: PointTable, viewer: MapViewer, names: Map<number, string>): MapFeature {
  if ("i" in item) {
    const p = pointOf(table, item.i) as MapPoint;
    return { type: "Feature", id: `${layer}:${p.id}`, geometry: { type: "Point", coordinates: [item.lng, item.lat] }, properties: pointProperties(p, viewer, names) };
  }
  const counts: ClusterProps = { overdue: item.overdue, open: item.open, answered: item.answered, done: item.done };
  return {
    type: "Feature",
    id: `${layer}:c${item.id}`,
    geometry: { type: "Point", coordinates: [item.lng, item.lat] },
    properties: {
      cluster: true,
      layer,
      cluster_id: item.id,
      point_count: item.count,
      point_count_abbreviated: item.abbreviated,
      expansion_zoom: Math.min(item.expansionZoom, 22),
      ...counts,
      state: worstState(counts),
    },
  };
}

/** The GeoJSON answer of /map/data.json: clusters and points of every requested layer in the bbox. */
export async function getMapData(query: MapQuery, user: Pick<SessionUser, "role"> | null, now = Date.now()): Promise<MapData> {
  const viewer = viewerOf(user);
  const bbox = query.bbox ?? WHOLE_CITY;
  const zoom = query.zoom ?? 12;
  // Each layer can bring at most MAX_FEATURES + 1 features: one more than fit tells the answer is truncated.
  const [names, ...layers] = await Promise.all([
    getUnitNames(),
    ...query.layers.map((layer) => layerClusters(layer, query.filters, viewer, now, bbox, zoom, MAX_FEATURES + 1)),
  ]);
  const features: MapFeature[] = [];
  const totals: MapData["totals"] = {};
  let truncated = false;
  query.layers.forEach((layer, i) => {
    const { entry, found } = layers[i]!;
    totals[layer] = entry.table.length;
    for (const item of found) {
      if (features.length >= MAX_FEATURES) {
        truncated = true;
        break;
      }
      features.push(featureOf(layer, item, entry.table, viewer, names));
    }
  });
  return { type: "FeatureCollection", features, totals, zoom, bbox: [bbox.minLng, bbox.minLat, bbox.maxLng, bbox.maxLat], truncated };
}

export type MapListPage = {
  items: PointProperties[];
  total: number;
  page: number;
  pages: number;
};

export const LIST_PAGE_SIZE = 50;

/**
 * The same filtered points as a list (the page without JavaScript, and the accessible path): units,
 * then findings, then complaints, newest first, limited to the bbox when one is given.
 */
export async function getMapList(query: MapQuery, user: Pick<SessionUser, "role"> | null, page: number, now = Date.now()): Promise<MapListPage> {
  const viewer = viewerOf(user);
  const order: MapLayer[] = ["units", "findings", "complaints"];
  const layers = order.filter((l) => query.layers.includes(l));
  const stamp = await clockStamp(now);
  const [names, ...indexes] = await Promise.all([getUnitNames(), ...layers.map((l) => getLayerIndex(l, query.filters, viewer, now, stamp))]);
  const b = query.bbox;
  const lists = indexes.map((x) => {
    const { coords } = x.table;
    const inBox = (i: number) => !b || (coords[2 * i + 1]! >= b.minLat && coords[2 * i + 1]! <= b.maxLat && coords[2 * i]! >= b.minLng && coords[2 * i]! <= b.maxLng);
    return { table: x.table, rows: b ? sortedRows(x).filter(inBox) : sortedRows(x) };
  });
  const total = lists.reduce((n, l) => n + l.rows.length, 0);
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  let skip = (current - 1) * LIST_PAGE_SIZE;
  const items: PointProperties[] = [];
  for (const list of lists) {
    if (skip >= list.rows.length) {
      skip -= list.rows.length;
      continue;
    }
    for (const i of list.rows.slice(skip, skip + LIST_PAGE_SIZE - items.length)) items.push(pointProperties(pointOf(list.table, i) as MapPoint, viewer, names));
    skip = 0;
    if (items.length >= LIST_PAGE_SIZE) break;
  }
  return { items, total, page: current, pages };
}

/** Units and kecamatan for the filter form (active units only). */
export async function getMapFilterOptions() {
  const units = await db.unit.findMany({
    where: { active: true },
    select: { id: true, name: true, type: true, kecamatanCode: true },
    orderBy: { name: "asc" },
  });
  return { units, kecamatan: kecamatanOptions(units.map((u) => u.kecamatanCode)) };
}

/** A unit's coordinates for the mini map of its page (or of an inspection there); null when unplaced. */
export async function unitLocation(unitId: number): Promise<{ lat: number; lng: number } | null> {
  const unit = await db.unit.findUnique({ where: { id: unitId }, select: { lat: true, lng: true } });
  return unit && unit.lat !== null && unit.lng !== null ? { lat: unit.lat, lng: unit.lng } : null;
}
