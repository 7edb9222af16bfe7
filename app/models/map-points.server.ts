import {
  complaintPointsQuery,
  findingPointsQuery,
  offThreadReadFile,
  packedPointsJson,
  pointsUpperBound,
  unitPoints,
} from "~/lib/sql/queries/map.server";
import { INLINE_MAX_POINTS, type PointSource } from "./map-cluster.server";
import type { PointFilter } from "~/lib/sql/rows";
import { COMPLAINT_STATUSES } from "~/lib/codes";
import { isStaff } from "~/models/policy.server";
import type { SessionUser } from "~/lib/session.server";
import { STATE_FILTERS, type MapLayer, type MapState } from "./map-codes";
import type { MapFilters } from "./map-query.server";

// The points of each map layer, from the raw-SQL module's lean queries (app/lib/sql/queries/map.server.ts),
// as the clustering in map-cluster.server.ts takes them. The access rule is in those queries: what the
// public may not see is never read.

/** One point as the map and the list show it (made from the layer's point table when shown: pointOf). */
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

/** The filters as the point queries read them: the WIB days as millisecond bounds, the status split. */
function pointFilter(filters: MapFilters, viewer: MapViewer): PointFilter {
  return {
    publicOnly: viewer !== "staff",
    category: filters.category,
    unitId: filters.unitId,
    kecamatan: filters.kecamatan,
    fromMs: filters.from ? wibDayStart(filters.from) : undefined,
    toMs: filters.to ? wibDayStart(filters.to) + DAY_MS : undefined,
    states: filters.status?.filter((s) => (STATE_FILTERS as readonly string[]).includes(s)).map((s) => s.toLowerCase()),
    statuses: filters.status?.filter((s) => (COMPLAINT_STATUSES as readonly string[]).includes(s)),
    overdueOnly: filters.overdue,
  };
}

/**
 * Where a layer's points come from (see PointSource). A SQLite layer that may hold INLINE_MAX_POINTS or
 * more is read by the map's worker thread on its own connection: the packed query of a million points
 * runs for a second or more, and better-sqlite3 would run it on the event loop.
 */
export async function pointSource(layer: MapLayer, filters: MapFilters, viewer: MapViewer, now: number): Promise<PointSource> {
  if (layer === "units") {
    const rows = await unitPoints(filters);
    return { kind: "tuples", tuples: rows.map((r) => [r.id, r.lat, r.lng, r.name, r.type]) };
  }
  const filter = pointFilter(filters, viewer);
  const query = layer === "complaints" ? complaintPointsQuery(filter, now) : findingPointsQuery(filter, now);
  const file = offThreadReadFile();
  if (file && (await pointsUpperBound(layer)) >= INLINE_MAX_POINTS) return { kind: "sqlite", file, query };
  return { kind: "json", json: await packedPointsJson(query) };
}
