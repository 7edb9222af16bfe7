import { findingDetailSql, overdueFollowUpSql, publicComplaintSql } from "~/models/policy.server";
import { andSql, dialect, sqlEngine, type SqlFragment } from "../index.server";
import type { ComplaintPointRow, FindingPointRow, PointFilter, UnitPointRow } from "../rows";
import { POINT_TUPLES } from "~/lib/map-cluster-index.mjs";

// The points of the map's layers (ADR 0009): one lean query per layer and filter set, Prisma objects
// cost too much at 100,000 rows. The access rule sits in the query itself: what the public may not
// see is never read. A point's colour state is computed in SQL so the `status` filter can use it.

// The packed rows' columns, in the order the map's point table reads them (app/lib/map-cluster-index.mjs).
const COMPLAINT_COLUMNS = POINT_TUPLES.complaints;
const FINDING_COLUMNS = POINT_TUPLES.findings;

/** done > overdue > answered > open. Overdue: a follow-up of the complaint that the policy calls overdue. */
function complaintState(now: number): SqlFragment {
  const overdue = overdueFollowUpSql(new Date(now), "f");
  return {
    sql: `CASE
    WHEN c.status IN ('CLOSED','REJECTED','DUPLICATE') THEN 'done'
    WHEN c.id IN (SELECT f."complaintId" FROM "FollowUp" f WHERE ${overdue.sql} AND f."complaintId" IS NOT NULL) THEN 'overdue'
    WHEN c.status = 'ANSWERED' THEN 'answered'
    ELSE 'open' END`,
    params: overdue.params,
  };
}

/**
 * IN (subquery) builds each set once; a correlated EXISTS let SQLite pick the (state, dueAt) index and
 * scan every open follow-up once per row (minutes at 100,000 rows).
 */
function findingState(now: number): SqlFragment {
  const overdue = overdueFollowUpSql(new Date(now), "f");
  return {
    sql: `CASE
    WHEN fi.id IN (SELECT f."findingId" FROM "FollowUp" f WHERE ${overdue.sql} AND f."findingId" IS NOT NULL) THEN 'overdue'
    WHEN fi.id IN (SELECT f."findingId" FROM "FollowUp" f WHERE f.state = 'OPEN' AND f."findingId" IS NOT NULL) THEN 'open'
    WHEN fi.id IN (SELECT f."findingId" FROM "FollowUp" f WHERE f.state = 'ANSWERED' AND f."findingId" IS NOT NULL) THEN 'answered'
    WHEN fi.id IN (SELECT f."findingId" FROM "FollowUp" f WHERE f."findingId" IS NOT NULL) THEN 'done'
    ELSE 'open' END`,
    params: overdue.params,
  };
}

/** The `status` filter on the outer query's `state` (and `status` for complaints). */
function stateCondition(filter: PointFilter, withStatus: boolean): SqlFragment {
  const parts: SqlFragment[] = [];
  if (filter.states || filter.statuses) {
    const ors: string[] = [];
    const params: Record<string, string> = {};
    if (filter.states?.length) {
      ors.push(dialect.inList("state", "states"));
      params.states = dialect.listValue(filter.states) as string;
    }
    if (withStatus && filter.statuses?.length) {
      ors.push(dialect.inList("status", "statuses"));
      params.statuses = dialect.listValue(filter.statuses) as string;
    }
    parts.push({ sql: ors.length ? ors.join(" OR ") : "FALSE", params });
  }
  if (filter.overdueOnly) parts.push({ sql: "state = 'overdue'", params: {} });
  return parts.length ? andSql(...parts) : { sql: "TRUE", params: {} };
}

/** `select`'s rows (with the state filter applied) packed as one JSON array of arrays, in `columns` order. */
function packedQuery(columns: readonly string[], select: SqlFragment, filter: PointFilter, withStatus: boolean): SqlFragment {
  const outer = stateCondition(filter, withStatus);
  return {
    sql: dialect.packedRows(columns, `SELECT * FROM (${select.sql}) points WHERE ${outer.sql}`),
    params: andSql(select, outer).params,
  };
}

/** The packed rows of a points query, as JSON text (parsing is the caller's: the map parses large layers off the event loop). */
export async function packedPointsJson(query: SqlFragment): Promise<string> {
  const row = await sqlEngine.read.get<{ data: string | null }>(query);
  return row?.data ?? "[]";
}

/**
 * The database file a worker thread may open for a long read of its own (ADR 0031), or null when the
 * engine has none (PostgreSQL: its reads never block the event loop).
 */
export function offThreadReadFile(): string | null {
  return sqlEngine.databaseFile();
}

/** At least as many as the layer's points: its table's largest id (one seek, whatever the size). */
export async function pointsUpperBound(layer: "complaints" | "findings"): Promise<number> {
  const row = await sqlEngine.read.get<{ n: number | string | null }>({ sql: `SELECT max(id) AS n FROM ${layer === "complaints" ? `"Complaint"` : `"Finding"`}`, params: {} });
  return Number(row?.n ?? 0);
}

/** The complaints layer's packed query: what the viewer may see, with its colour state. */
export function complaintPointsQuery(filter: PointFilter, now: number): SqlFragment {
  const where: SqlFragment[] = [{ sql: "c.lat IS NOT NULL AND c.lng IS NOT NULL", params: {} }];
  if (filter.publicOnly) where.push(publicComplaintSql("c"));
  if (filter.category) where.push({ sql: "c.category = @category", params: { category: filter.category } });
  if (filter.unitId) where.push({ sql: `c."unitId" = @unitId`, params: { unitId: filter.unitId } });
  if (filter.kecamatan) where.push({ sql: `c."unitId" IN (SELECT id FROM "Unit" WHERE "kecamatanCode" = @kecamatan)`, params: { kecamatan: filter.kecamatan } });
  if (filter.fromMs !== undefined) where.push({ sql: `c."createdAt" >= @fromMs`, params: { fromMs: dialect.time(filter.fromMs) } });
  if (filter.toMs !== undefined) where.push({ sql: `c."createdAt" < @toMs`, params: { toMs: dialect.time(filter.toMs) } });
  const state = complaintState(now);
  const conditions = andSql(...where);
  const select = andSql(state, conditions);
  return packedQuery(
    COMPLAINT_COLUMNS,
    {
      sql: `SELECT c.id, c.lat, c.lng, c.category, c.ref, c."unitId", c.status, ${dialect.epochMs("c.createdAt")} AS "createdAt", ${state.sql} AS state
        FROM "Complaint" c WHERE ${conditions.sql}`,
      params: select.params,
    },
    filter,
    true,
  );
}

/** Packed rows as objects keyed by their columns (the map itself reads them as a point table). */
async function packedRows<Row>(columns: readonly string[], query: SqlFragment): Promise<Row[]> {
  const list = JSON.parse(await packedPointsJson(query)) as unknown[][];
  return list.map((tuple) => Object.fromEntries(columns.map((column, i) => [column, tuple[i]])) as Row);
}

export function complaintPoints(filter: PointFilter, now: number): Promise<ComplaintPointRow[]> {
  return packedRows(COMPLAINT_COLUMNS, complaintPointsQuery(filter, now));
}

/** The findings layer's packed query: submitted inspections only, and for the public no pungli finding. */
export function findingPointsQuery(filter: PointFilter, now: number): SqlFragment {
  const where: SqlFragment[] = [
    { sql: `fi."deletedAt" IS NULL AND i.status = 'SUBMITTED' AND COALESCE(fi.lat, u.lat) IS NOT NULL AND COALESCE(fi.lng, u.lng) IS NOT NULL`, params: {} },
  ];
  // The public map shows no pungli finding at all (not even its place): the policy's finding-detail rule.
  if (filter.publicOnly) where.push(findingDetailSql(null, "fi"));
  if (filter.category) where.push({ sql: "fi.category = @category", params: { category: filter.category } });
  if (filter.unitId) where.push({ sql: `fi."unitId" = @unitId`, params: { unitId: filter.unitId } });
  if (filter.kecamatan) where.push({ sql: `u."kecamatanCode" = @kecamatan`, params: { kecamatan: filter.kecamatan } });
  if (filter.fromMs !== undefined) where.push({ sql: `fi."createdAt" >= @fromMs`, params: { fromMs: dialect.time(filter.fromMs) } });
  if (filter.toMs !== undefined) where.push({ sql: `fi."createdAt" < @toMs`, params: { toMs: dialect.time(filter.toMs) } });
  const state = findingState(now);
  const conditions = andSql(...where);
  return packedQuery(
    FINDING_COLUMNS,
    {
      sql: `SELECT fi.id, COALESCE(fi.lat, u.lat) AS lat, COALESCE(fi.lng, u.lng) AS lng, fi.category, fi."unitId", fi.severity,
               ${dialect.epochMs("fi.createdAt")} AS "createdAt", fi."inspectionId", ${state.sql} AS state
        FROM "Finding" fi JOIN "Inspection" i ON i.id = fi."inspectionId" JOIN "Unit" u ON u.id = fi."unitId"
        WHERE ${conditions.sql}`,
      params: andSql(state, conditions).params,
    },
    filter,
    false,
  );
}

export function findingPoints(filter: PointFilter, now: number): Promise<FindingPointRow[]> {
  return packedRows(FINDING_COLUMNS, findingPointsQuery(filter, now));
}

export function unitPoints(filter: Pick<PointFilter, "unitId" | "kecamatan">): Promise<UnitPointRow[]> {
  const where: SqlFragment[] = [{ sql: "active = TRUE AND lat IS NOT NULL AND lng IS NOT NULL", params: {} }];
  if (filter.unitId) where.push({ sql: "id = @unitId", params: { unitId: filter.unitId } });
  if (filter.kecamatan) where.push({ sql: `"kecamatanCode" = @kecamatan`, params: { kecamatan: filter.kecamatan } });
  const conditions = andSql(...where);
  return sqlEngine.read.all<UnitPointRow>({ sql: `SELECT id, lat, lng, name, type FROM "Unit" WHERE ${conditions.sql} ORDER BY name`, params: conditions.params });
}
