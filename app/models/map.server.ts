import Supercluster from "supercluster";
import { kecamatanOptions } from "~/lib/kecamatan";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { dataVersionForCache } from "~/lib/sql/index.server";
import { VersionCache } from "~/lib/version-cache.server";
import type { SessionUser } from "~/lib/session.server";
import { PALEMBANG_BBOX } from "~/lib/codes";
import { MAP_STATES, type MapLayer, type MapState } from "./map-codes";
import { loadComplaints, loadFindings, loadUnits, viewerOf, type MapPoint, type MapViewer } from "./map-points.server";
import type { Bbox, MapFilters, MapQuery } from "./map-query.server";
import type { ClusterProperties, ClusterProps, MapData, MapFeature, PointProperties } from "./map-types";

// The map capability: everything /map and /map/data.json read. Points come from one lean raw query per
// layer and filter set (app/lib/sql/queries/map.server.ts; Prisma objects cost too much at 100,000
// rows), are clustered with supercluster and the index is cached until the next write
// (dataVersionForCache) or the next 5-minute bucket (a follow-up becomes overdue with the clock, not
// with a write). The query parameters are read in map-query.server.ts; the answer's types are in
// map-types.ts, where the browser code reads them.

export { MAP_LAYERS, MAP_STATES, STATE_FILTERS, STATUS_FILTERS, MAP_CATEGORIES } from "./map-codes";
export type { MapLayer, MapState } from "./map-codes";
export { mapQuerySchema, parseMapQuery, type Bbox, type MapFilters, type MapQuery, type MapQueryError } from "./map-query.server";
export type { ClusterProperties, MapData, MapFeature, PointProperties } from "./map-types";
export { viewerOf, type MapPoint, type MapViewer } from "./map-points.server";

const MAX_FEATURES = 5000;
const CACHE_ENTRIES = 8;
const TIME_BUCKET_MS = 5 * 60_000;
export const CLUSTER_MAX_ZOOM = 16;

// ---------------------------------------------------------------------------------------------------
// Clustering and its cache

type LayerIndex = {
  points: MapPoint[];
  index: Supercluster<MapPoint, ClusterProps>;
  /** newest first (units by name), made when the list first needs it: sorting in SQL slowed every build */
  sorted?: MapPoint[];
};

function sortedPoints(entry: LayerIndex): MapPoint[] {
  entry.sorted ??= [...entry.points].sort((a, b) => (a.at === null || b.at === null ? a.label.localeCompare(b.label) : b.at - a.at || b.id - a.id));
  return entry.sorted;
}

/** A small LRU of built indexes: Map keeps insertion order, so the first key is the least recent. */
const cache = new Map<string, Promise<LayerIndex>>();
const unitNames = new VersionCache<Map<number, string>>(1);

export function clearMapCache() {
  cache.clear();
  unitNames.clear();
}

/** The moment an index stands for: the data version (moves on every write) and the 5-minute bucket. */
function stampOf(now: number) {
  return `${dataVersionForCache()}@${Math.floor(now / TIME_BUCKET_MS)}`;
}

function cacheKey(layer: MapLayer, filters: MapFilters, viewer: MapViewer, stamp: string) {
  const f = layer === "units" ? { unitId: filters.unitId, kecamatan: filters.kecamatan } : filters;
  return JSON.stringify([stamp, layer, viewer === "staff" && layer !== "units" ? "staff" : "public", f]);
}

async function buildIndex(layer: MapLayer, filters: MapFilters, viewer: MapViewer, now: number): Promise<LayerIndex> {
  const points =
    layer === "complaints"
      ? await loadComplaints(filters, viewer, now)
      : layer === "findings"
        ? await loadFindings(filters, viewer, now)
        : await loadUnits(filters);
  const index = new Supercluster<MapPoint, ClusterProps>({
    radius: 60,
    maxZoom: CLUSTER_MAX_ZOOM,
    map: (p) => ({
      overdue: p.state === "overdue" ? 1 : 0,
      open: p.state === "open" ? 1 : 0,
      answered: p.state === "answered" ? 1 : 0,
      done: p.state === "done" ? 1 : 0,
    }),
    reduce: (acc, p) => {
      acc.overdue += p.overdue;
      acc.open += p.open;
      acc.answered += p.answered;
      acc.done += p.done;
    },
  });
  index.load(
    points.map((p) => ({ type: "Feature" as const, properties: p, geometry: { type: "Point" as const, coordinates: [p.lng, p.lat] } })),
  );
  return { points, index };
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
  const stamp = stampOf(now);
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
      if (stampOf(Date.now()) !== stamp) break;
      if (!cache.has(cacheKey(r.layer, r.filters, r.viewer, stamp))) {
        await getLayerIndex(r.layer, r.filters, r.viewer, now, false);
        mapIndexStats.rewarmed++;
      }
    }
  } catch (error) {
    console.warn(`[map] background re-warm failed: ${(error as Error).message}`);
  } finally {
    rewarming = false;
  }
}

async function getLayerIndex(layer: MapLayer, filters: MapFilters, viewer: MapViewer, now: number, used = true): Promise<LayerIndex> {
  if (used) noteUse(layer, filters, viewer, now);
  const stamp = stampOf(now);
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
  for (const k of cache.keys()) if (!k.startsWith(prefix)) cache.delete(k);
  entry = buildIndex(layer, filters, viewer, now);
  mapIndexStats.builds++;
  cache.set(key, entry);
  entry.catch(() => cache.delete(key));
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return entry;
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

/** The GeoJSON answer of /map/data.json: clusters and points of every requested layer in the bbox. */
export async function getMapData(query: MapQuery, user: Pick<SessionUser, "role"> | null, now = Date.now()): Promise<MapData> {
  const viewer = viewerOf(user);
  const bbox = query.bbox ?? WHOLE_CITY;
  const zoom = query.zoom ?? 12;
  const [names, ...indexes] = await Promise.all([
    getUnitNames(),
    ...query.layers.map((layer) => getLayerIndex(layer, query.filters, viewer, now)),
  ]);
  const features: MapFeature[] = [];
  const totals: MapData["totals"] = {};
  let truncated = false;
  query.layers.forEach((layer, i) => {
    const { index, points } = indexes[i]!;
    totals[layer] = points.length;
    const found = index.getClusters([bbox.minLng, bbox.minLat, bbox.maxLng, bbox.maxLat], zoom);
    for (const f of found) {
      if (features.length >= MAX_FEATURES) {
        truncated = true;
        break;
      }
      const props = f.properties as MapPoint | ({ cluster: true; cluster_id: number; point_count: number; point_count_abbreviated: string | number } & ClusterProps);
      if ("cluster" in props && props.cluster) {
        features.push({
          type: "Feature",
          id: `${layer}:c${props.cluster_id}`,
          geometry: f.geometry,
          properties: {
            cluster: true,
            layer,
            cluster_id: props.cluster_id,
            point_count: props.point_count,
            point_count_abbreviated: props.point_count_abbreviated,
            expansion_zoom: Math.min(index.getClusterExpansionZoom(props.cluster_id), 22),
            overdue: props.overdue,
            open: props.open,
            answered: props.answered,
            done: props.done,
            state: worstState(props),
          },
        });
      } else {
        const p = props as MapPoint;
        features.push({ type: "Feature", id: `${layer}:${p.id}`, geometry: f.geometry, properties: pointProperties(p, viewer, names) });
      }
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
  const [names, ...indexes] = await Promise.all([getUnitNames(), ...layers.map((l) => getLayerIndex(l, query.filters, viewer, now))]);
  const b = query.bbox;
  const inBox = (p: MapPoint) => !b || (p.lat >= b.minLat && p.lat <= b.maxLat && p.lng >= b.minLng && p.lng <= b.maxLng);
  const lists = indexes.map((x) => (b ? sortedPoints(x).filter(inBox) : sortedPoints(x)));
  const total = lists.reduce((n, l) => n + l.length, 0);
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  let skip = (current - 1) * LIST_PAGE_SIZE;
  const items: PointProperties[] = [];
  for (const list of lists) {
    if (skip >= list.length) {
      skip -= list.length;
      continue;
    }
    for (const p of list.slice(skip, skip + LIST_PAGE_SIZE - items.length)) items.push(pointProperties(p, viewer, names));
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
