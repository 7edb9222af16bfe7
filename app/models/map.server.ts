import Supercluster from "supercluster";
import { kecamatanOptions } from "~/lib/kecamatan";
import { z } from "zod";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { dataVersionForCache } from "~/lib/read-db.server";
import { findingDetailSql, isStaff, prismaSql, publicComplaintSql } from "~/models/policy.server";
import type { SessionUser } from "~/lib/session.server";
import { COMPLAINT_STATUSES, PALEMBANG_BBOX } from "~/lib/codes";
import { MAP_CATEGORIES, MAP_LAYERS, MAP_STATES, STATE_FILTERS, STATUS_FILTERS, type MapLayer, type MapState } from "./map-codes";
import type { ClusterProps, MapData, MapFeature, PointProperties } from "./map-types";
import { Prisma } from "~/generated/prisma/client";

const { sql, join, empty } = Prisma;
type Sql = Prisma.Sql;

// The map capability: everything /map and /map/data.json read. Points come from one lean raw query per
// layer and filter set (Prisma objects cost too much at 100,000 rows), are clustered with supercluster
// and the index is cached until the next write (dataVersionForCache) or the next 5-minute bucket (a
// follow-up becomes overdue with the clock, not with a write).

export { MAP_LAYERS, MAP_STATES, STATE_FILTERS, STATUS_FILTERS, MAP_CATEGORIES } from "./map-codes";
export type { MapLayer, MapState } from "./map-codes";
export type { ClusterProperties, MapData, MapFeature, PointProperties } from "./map-types";

const MAX_FEATURES = 5000;
const CACHE_ENTRIES = 8;
const TIME_BUCKET_MS = 5 * 60_000;
export const CLUSTER_MAX_ZOOM = 16;

// ---------------------------------------------------------------------------------------------------
// Query parsing

/** An absent or empty parameter (a GET form sends `category=` for "all") counts as not given. */
function blankToUndefined(v: unknown) {
  return typeof v === "string" && v.trim() === "" ? undefined : v;
}

function commaList(v: unknown) {
  if (typeof v !== "string") return v;
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

const dateKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Tanggal harus berformat YYYY-MM-DD / date must be YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00+07:00`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: "Tanggal tidak valid / invalid date",
  });

const bboxSchema = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(",");
    if (parts.length !== 4) {
      ctx.addIssue({ code: "custom", message: "bbox harus berisi 4 angka: minLng,minLat,maxLng,maxLat / bbox needs 4 numbers" });
      return z.NEVER;
    }
    const nums = parts.map((p) => (p.trim() === "" ? NaN : Number(p)));
    if (nums.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: "custom", message: "bbox harus berupa angka / bbox must be numbers" });
      return z.NEVER;
    }
    const [minLng, minLat, maxLng, maxLat] = nums as [number, number, number, number];
    if (Math.abs(minLat) > 90 || Math.abs(maxLat) > 90) {
      ctx.addIssue({ code: "custom", message: "Lintang harus di antara -90 dan 90 / latitude must be within ±90" });
      return z.NEVER;
    }
    if (Math.abs(minLng) > 180 || Math.abs(maxLng) > 180) {
      ctx.addIssue({ code: "custom", message: "Bujur harus di antara -180 dan 180 / longitude must be within ±180" });
      return z.NEVER;
    }
    if (minLng > maxLng || minLat > maxLat) {
      ctx.addIssue({ code: "custom", message: "Nilai minimum bbox melebihi maksimum / bbox min is above max" });
      return z.NEVER;
    }
    return { minLng, minLat, maxLng, maxLat };
  });

export const mapQuerySchema = z
  .object({
    bbox: z.preprocess(blankToUndefined, bboxSchema.optional()),
    zoom: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ invalid_type_error: "zoom harus berupa bilangan bulat / zoom must be an integer" })
        .int("zoom harus berupa bilangan bulat / zoom must be an integer")
        .min(0, "zoom 0 sampai 22 / zoom must be 0..22")
        .max(22, "zoom 0 sampai 22 / zoom must be 0..22")
        .optional(),
    ),
    layer: z.preprocess(
      (v) => commaList(blankToUndefined(v)),
      z
        .array(z.enum(MAP_LAYERS, { errorMap: () => ({ message: "layer tidak dikenal / unknown layer" }) }))
        .optional(),
    ),
    category: z.preprocess(
      blankToUndefined,
      z
        .string()
        .refine((c) => MAP_CATEGORIES.includes(c), { message: "Kategori tidak dikenal / unknown category" })
        .optional(),
    ),
    status: z.preprocess(
      (v) => {
        const list = commaList(blankToUndefined(v));
        return Array.isArray(list) ? list.map((s) => s.toUpperCase()) : list;
      },
      z
        .array(z.string().refine((s) => STATUS_FILTERS.includes(s), { message: "Status tidak dikenal / unknown status" }))
        .optional(),
    ),
    unitId: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ invalid_type_error: "unitId harus berupa angka / unitId must be a number" })
        .int("unitId harus berupa bilangan bulat / unitId must be an integer")
        .positive("unitId harus positif / unitId must be positive")
        .max(2_147_483_647)
        .optional(),
    ),
    kecamatan: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{2}\.\d{2}\.\d{2}$/, "Kode kecamatan tidak valid (contoh 16.71.01) / invalid kecamatan code")
        .optional(),
    ),
    overdue: z.preprocess(
      blankToUndefined,
      z.enum(["1", "0", "true", "false", "on"], { errorMap: () => ({ message: "overdue harus 1 / overdue must be 1" }) }).optional(),
    ),
    from: z.preprocess(blankToUndefined, dateKey.optional()),
    to: z.preprocess(blankToUndefined, dateKey.optional()),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "Tanggal awal melewati tanggal akhir / from is after to",
    path: ["from"],
  });

export type Bbox = { minLng: number; minLat: number; maxLng: number; maxLat: number };

export type MapFilters = {
  category?: string;
  status?: string[];
  unitId?: number;
  kecamatan?: string;
  overdue: boolean;
  from?: string;
  to?: string;
};

export type MapQuery = {
  bbox?: Bbox;
  zoom?: number;
  layers: MapLayer[];
  filters: MapFilters;
};

export type MapQueryError = { error: string; issues: { param: string; message: string }[] };

/** Reads the query of /map or /map/data.json; repeated parameters (`layer=a&layer=b`) join with commas. */
export function parseMapQuery(params: URLSearchParams): { ok: true; query: MapQuery } | { ok: false; error: MapQueryError } {
  const raw: Record<string, string> = {};
  for (const key of ["bbox", "zoom", "layer", "category", "status", "unitId", "kecamatan", "overdue", "from", "to"]) {
    const values = params.getAll(key);
    if (values.length === 0) continue;
    raw[key] = key === "layer" || key === "status" ? values.join(",") : values[values.length - 1]!;
  }
  const parsed = mapQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ param: String(i.path[0] ?? "query"), message: i.message }));
    return { ok: false, error: { error: "Parameter tidak valid / invalid parameters", issues } };
  }
  const q = parsed.data;
  return {
    ok: true,
    query: {
      bbox: q.bbox,
      zoom: q.zoom,
      layers: q.layer && q.layer.length ? [...new Set(q.layer)] : [...MAP_LAYERS],
      filters: {
        category: q.category,
        status: q.status && q.status.length ? [...new Set(q.status)].sort() : undefined,
        unitId: q.unitId,
        kecamatan: q.kecamatan,
        overdue: q.overdue === "1" || q.overdue === "true" || q.overdue === "on",
        from: q.from,
        to: q.to,
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Points

/** One point as the map and the list show it. Short keys: 100,000 of these sit in the cache. */
export type MapPoint = {
  layer: MapLayer;
  id: number;
  lat: number;
  lng: number;
  /** colour state; for units, their type */
  state: MapState | null;
  category: string | null;
  /** complaint ref, or the unit's name for units */
  label: string;
  unitId: number;
  /** unit type (units), complaint status (complaints), severity (findings) */
  detail: string;
  /** creation time in ms (complaints, findings) */
  at: number | null;
  /** the inspection of a finding */
  inspectionId?: number;
};

/** Who is asking: inspectors and admins see confidential complaints and extortion findings. */
export type MapViewer = "staff" | "public";

export function viewerOf(user: Pick<SessionUser, "role"> | null | undefined): MapViewer {
  return isStaff(user) ? "staff" : "public";
}

function wibDayStart(key: string): number {
  return new Date(`${key}T00:00:00+07:00`).getTime();
}
const DAY_MS = 24 * 3600_000;

type Row = Record<string, unknown>;
const num = (v: unknown) => (typeof v === "bigint" ? Number(v) : (v as number));

function complaintStateSql(now: number): Sql {
  // done > overdue > answered > open. Overdue: a follow-up of the complaint still OPEN past its deadline.
  return sql`CASE
    WHEN c.status IN ('CLOSED','REJECTED','DUPLICATE') THEN 'done'
    WHEN c.id IN (SELECT f.complaintId FROM "FollowUp" f WHERE f.state = 'OPEN' AND f.dueAt < ${now} AND f.complaintId IS NOT NULL) THEN 'overdue'
    WHEN c.status = 'ANSWERED' THEN 'answered'
    ELSE 'open' END`;
}

function findingStateSql(now: number): Sql {
  // IN (subquery) builds each set once; a correlated EXISTS let SQLite pick the (state, dueAt) index
  // and scan every open follow-up once per row (minutes at 100,000 rows).
  return sql`CASE
    WHEN fi.id IN (SELECT f.findingId FROM "FollowUp" f WHERE f.state = 'OPEN' AND f.dueAt < ${now} AND f.findingId IS NOT NULL) THEN 'overdue'
    WHEN fi.id IN (SELECT f.findingId FROM "FollowUp" f WHERE f.state = 'OPEN' AND f.findingId IS NOT NULL) THEN 'open'
    WHEN fi.id IN (SELECT f.findingId FROM "FollowUp" f WHERE f.state = 'ANSWERED' AND f.findingId IS NOT NULL) THEN 'answered'
    WHEN fi.id IN (SELECT f.findingId FROM "FollowUp" f WHERE f.findingId IS NOT NULL) THEN 'done'
    ELSE 'open' END`;
}

/** The `status` filter as a condition on the outer query's `state` (and `status` for complaints). */
function statusCondition(layer: "complaints" | "findings", filters: MapFilters): Sql {
  const parts: Sql[] = [];
  if (filters.status) {
    const states = filters.status.filter((s) => (STATE_FILTERS as readonly string[]).includes(s)).map((s) => s.toLowerCase());
    const statuses = filters.status.filter((s) => (COMPLAINT_STATUSES as readonly string[]).includes(s));
    const ors: Sql[] = [];
    if (states.length) ors.push(sql`state IN (${join(states)})`);
    if (layer === "complaints" && statuses.length) ors.push(sql`status IN (${join(statuses)})`);
    parts.push(ors.length ? sql`(${join(ors, " OR ")})` : sql`0`);
  }
  if (filters.overdue) parts.push(sql`state = 'overdue'`);
  return parts.length ? sql`WHERE ${join(parts, " AND ")}` : empty;
}

async function loadComplaints(filters: MapFilters, viewer: MapViewer, now: number): Promise<MapPoint[]> {
  const where: Sql[] = [sql`c.lat IS NOT NULL`, sql`c.lng IS NOT NULL`];
  // The access rule sits in the query itself: what the public may not see is never read.
  if (viewer !== "staff") where.push(prismaSql(publicComplaintSql("c")));
  if (filters.category) where.push(sql`c.category = ${filters.category}`);
  if (filters.unitId) where.push(sql`c.unitId = ${filters.unitId}`);
  if (filters.kecamatan) where.push(sql`c.unitId IN (SELECT id FROM "Unit" WHERE kecamatanCode = ${filters.kecamatan})`);
  if (filters.from) where.push(sql`c.createdAt >= ${wibDayStart(filters.from)}`);
  if (filters.to) where.push(sql`c.createdAt < ${wibDayStart(filters.to) + DAY_MS}`);
  // One JSON string for all rows: SQLite builds it, JSON.parse reads it, and Prisma converts one value
  // instead of 100,000 rows (measured: several times faster than a row per point).
  const rows = await db.$queryRaw<{ data: string | null }[]>(sql`
    SELECT json_group_array(json_array(id, lat, lng, state, category, ref, unitId, status, createdAt)) AS data FROM (
      SELECT * FROM (
        SELECT c.id, c.lat, c.lng, c.category, c.ref, c.unitId, c.status, c.createdAt, ${complaintStateSql(now)} AS state
        FROM "Complaint" c WHERE ${join(where, " AND ")}
      ) ${statusCondition("complaints", filters)}
    )`);
  const list = JSON.parse(rows[0]?.data ?? "[]") as [number, number, number, MapState, string, string, number, string, number][];
  return list.map(([id, lat, lng, state, category, ref, unitId, status, at]) => ({
    layer: "complaints",
    id,
    lat,
    lng,
    state,
    category,
    label: ref,
    unitId,
    detail: status,
    at: num(at),
  }));
}

async function loadFindings(filters: MapFilters, viewer: MapViewer, now: number): Promise<MapPoint[]> {
  const where: Sql[] = [sql`fi.deletedAt IS NULL`, sql`i.status = 'SUBMITTED'`, sql`COALESCE(fi.lat, u.lat) IS NOT NULL`, sql`COALESCE(fi.lng, u.lng) IS NOT NULL`];
  // The public map shows no pungli finding at all (not even its place): the policy's finding-detail rule.
  if (viewer !== "staff") where.push(prismaSql(findingDetailSql(null, "fi")));
  if (filters.category) where.push(sql`fi.category = ${filters.category}`);
  if (filters.unitId) where.push(sql`fi.unitId = ${filters.unitId}`);
  if (filters.kecamatan) where.push(sql`u.kecamatanCode = ${filters.kecamatan}`);
  if (filters.from) where.push(sql`fi.createdAt >= ${wibDayStart(filters.from)}`);
  if (filters.to) where.push(sql`fi.createdAt < ${wibDayStart(filters.to) + DAY_MS}`);
  const rows = await db.$queryRaw<{ data: string | null }[]>(sql`
    SELECT json_group_array(json_array(id, lat, lng, state, category, unitId, severity, createdAt, inspectionId)) AS data FROM (
      SELECT * FROM (
        SELECT fi.id, COALESCE(fi.lat, u.lat) AS lat, COALESCE(fi.lng, u.lng) AS lng, fi.category, fi.unitId, fi.severity,
               fi.createdAt, fi.inspectionId, ${findingStateSql(now)} AS state
        FROM "Finding" fi JOIN "Inspection" i ON i.id = fi.inspectionId JOIN "Unit" u ON u.id = fi.unitId
        WHERE ${join(where, " AND ")}
      ) ${statusCondition("findings", filters)}
    )`);
  const list = JSON.parse(rows[0]?.data ?? "[]") as [number, number, number, MapState, string, number, string, number, number][];
  return list.map(([id, lat, lng, state, category, unitId, severity, at, inspectionId]) => ({
    layer: "findings",
    id,
    lat,
    lng,
    state,
    category,
    label: "",
    unitId,
    detail: severity,
    at: num(at),
    inspectionId,
  }));
}

async function loadUnits(filters: MapFilters): Promise<MapPoint[]> {
  const where: Sql[] = [sql`active = 1`, sql`lat IS NOT NULL`, sql`lng IS NOT NULL`];
  if (filters.unitId) where.push(sql`id = ${filters.unitId}`);
  if (filters.kecamatan) where.push(sql`kecamatanCode = ${filters.kecamatan}`);
  const rows = await db.$queryRaw<Row[]>(sql`
    SELECT id, lat, lng, name, type FROM "Unit" WHERE ${join(where, " AND ")} ORDER BY name`);
  return rows.map((r) => ({
    layer: "units",
    id: num(r.id),
    lat: Number(r.lat),
    lng: Number(r.lng),
    state: null,
    category: null,
    label: String(r.name),
    unitId: num(r.id),
    detail: String(r.type),
    at: null,
  }));
}

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
let unitNames: { version: number; names: Map<number, string> } | null = null;

export function clearMapCache() {
  cache.clear();
  unitNames = null;
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

async function getUnitNames(): Promise<Map<number, string>> {
  const version = dataVersionForCache();
  if (unitNames && unitNames.version === version) return unitNames.names;
  const rows = await db.unit.findMany({ select: { id: true, name: true } });
  const names = new Map(rows.map((u) => [u.id, u.name]));
  unitNames = { version: dataVersionForCache(), names };
  return names;
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
