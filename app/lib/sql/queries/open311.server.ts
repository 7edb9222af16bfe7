import { CLOSED_COMPLAINT_STATUSES } from "~/lib/codes";
import { publicComplaintSql } from "~/models/policy.server";
import { andSql, dateOf, dialect, sqlEngine, type SqlFragment } from "../index.server";
import type { Open311RequestRow, Open311UpdateRow, Stored } from "../rows";

// Open311's hot public reads (issue 8): one prepared statement per filter shape, with the unit, the
// latest follow-up deadline, the first visible photo and the latest public note as correlated
// subqueries (each an index lookup per row), instead of five Prisma queries. The public rule (the
// policy's publicComplaintSql) is in the WHERE: a confidential or EXTORTION complaint is never read.

const PUBLIC_RULE = publicComplaintSql("c");
const CLOSED = CLOSED_COMPLAINT_STATUSES.map((s) => `'${s}'`).join(", ");

/**
 * The complaints that `filter` (conditions after the public rule, then ORDER BY and LIMIT) selects.
 * The page is chosen first and only its rows are joined to their unit and get their subqueries: joining
 * before ORDER BY … LIMIT would do that for every complaint in the window. CROSS JOIN keeps the page as
 * the outer loop.
 */
function requestsQuery(filter: SqlFragment, tail: string): SqlFragment {
  const where = andSql(PUBLIC_RULE, filter);
  return {
    sql: `SELECT
  c.id, c.ref, c.category, c.status, c.description, c."publicDescription", c.lat, c.lng, c.address,
  (SELECT d.ref FROM "Complaint" d WHERE d.id = c."duplicateOfId" AND ${publicComplaintSql("d").sql}) AS "duplicateOfRef",
  c."createdAt", c."updatedAt", c."closedAt", u.name AS "unitName", u.address AS "unitAddress",
  (SELECT f."dueAt" FROM "FollowUp" f WHERE f."complaintId" = c.id ORDER BY f."createdAt" DESC, f.id DESC LIMIT 1) AS "dueAt",
  (SELECT a.id FROM "Attachment" a WHERE a."complaintId" = c.id AND a."hiddenAt" IS NULL ORDER BY a.id ASC LIMIT 1) AS "photoId",
  (SELECT e.body FROM "ComplaintEvent" e WHERE e."complaintId" = c.id AND e.visibility = 'PUBLIC' AND e.body IS NOT NULL
     ORDER BY e."createdAt" DESC, e.id DESC LIMIT 1) AS note
FROM (SELECT * FROM "Complaint" c WHERE ${where.sql} ${tail}) c
${dialect.outerLoopJoin} "Unit" u ON u.id = c."unitId"
ORDER BY c."createdAt" DESC, c.id DESC`,
    params: where.params,
  };
}

async function requests(filter: SqlFragment, tail: string): Promise<Open311RequestRow[]> {
  const rows = await sqlEngine.read.all<Stored<Open311RequestRow>>(requestsQuery(filter, tail));
  return rows.map((r) => ({
    ...r,
    createdAt: dateOf(r.createdAt)!,
    updatedAt: dateOf(r.updatedAt)!,
    closedAt: dateOf(r.closedAt),
    dueAt: dateOf(r.dueAt),
  }));
}

/** Public requests by reference (the list travels as one parameter: one statement whatever its length). */
export function open311RequestsByRef(refs: string[]): Promise<Open311RequestRow[]> {
  return requests({ sql: dialect.inList("c.ref", "refs"), params: { refs: dialect.listValue(refs) } }, "");
}

/** One public request, or undefined (also for a confidential or EXTORTION one). */
export async function open311RequestByRef(ref: string): Promise<Open311RequestRow | undefined> {
  return (await requests({ sql: "c.ref = @ref", params: { ref } }, "LIMIT 1"))[0];
}

export type Open311Window = { from: Date; to: Date; categories: string[]; open: boolean; closed: boolean; limit: number };

/**
 * Public requests created in the window, newest first. The SQL varies only with which filters are
 * present (at most 6 shapes, each prepared once); the values are parameters.
 */
export function open311RequestsInWindow(w: Open311Window): Promise<Open311RequestRow[]> {
  const parts: SqlFragment[] = [{ sql: `c."createdAt" >= @from AND c."createdAt" <= @to`, params: { from: dialect.time(w.from), to: dialect.time(w.to) } }];
  if (w.categories.length) parts.push({ sql: dialect.inList("c.category", "categories"), params: { categories: dialect.listValue(w.categories) } });
  if (w.open !== w.closed) parts.push({ sql: `c.status ${w.closed ? "IN" : "NOT IN"} (${CLOSED})`, params: {} });
  return requests(andSql(...parts), `ORDER BY c."createdAt" DESC, c.id DESC LIMIT ${Math.trunc(w.limit)}`);
}

/** Status changes and public notes of public complaints in the window, oldest first. */
export async function open311Updates(from: Date, to: Date, limit: number): Promise<Open311UpdateRow[]> {
  const rows = await sqlEngine.read.all<Stored<Open311UpdateRow>>({
    sql: `SELECT e.id, c.ref, e."statusTo", c.status AS current, e.body, e.visibility, e."createdAt",
  (SELECT d.ref FROM "Complaint" d WHERE d.id = c."duplicateOfId" AND ${publicComplaintSql("d").sql}) AS "duplicateOfRef",
  (SELECT a.id FROM "Attachment" a WHERE a."complaintEventId" = e.id AND a."hiddenAt" IS NULL ORDER BY a.id ASC LIMIT 1) AS "photoId"
FROM "ComplaintEvent" e JOIN "Complaint" c ON c.id = e."complaintId"
WHERE ${PUBLIC_RULE.sql}
  AND e.kind <> 'CREATED' AND e."createdAt" >= @from AND e."createdAt" <= @to
  AND (e."statusTo" IS NOT NULL OR (e.visibility = 'PUBLIC' AND e.body IS NOT NULL))
ORDER BY e."createdAt" ASC, e.id ASC LIMIT ${Math.trunc(limit)}`,
    params: { ...PUBLIC_RULE.params, from: dialect.time(from), to: dialect.time(to) },
  });
  return rows.map((r) => ({ ...r, createdAt: dateOf(r.createdAt)! }));
}

/** The nearest active unit with a location. Equirectangular distance is exact enough inside one city; cos(3°S) ≈ 0.9986. */
export function nearestActiveUnit(lat: number, lng: number): Promise<{ id: number; name: string } | undefined> {
  return sqlEngine.read.get<{ id: number; name: string }>({
    sql: `SELECT id, name FROM "Unit"
    WHERE active = TRUE AND lat IS NOT NULL AND lng IS NOT NULL
    ORDER BY ((lat - @lat) * (lat - @lat) + (lng - @lng) * (lng - @lng) * 0.9973) ASC, id ASC
    LIMIT 1`,
    params: { lat, lng },
  });
}

export type ActiveApiKeyRow = { id: number; name: string; lastUsedAt: number | null; perMinuteLimit: number; perDayLimit: number };

/**
 * The active API key with this hash, on the read connection: every Open311 call checks its key (the
 * request guard first, then the call itself), and two Prisma findFirsts were most of the cost of a
 * filing through Open311 (issue 17).
 */
export async function activeApiKeyByHash(keyHash: string): Promise<ActiveApiKeyRow | null> {
  const row = await sqlEngine.read.get<{ id: number | string; name: string; lastUsedAt: number | string | null; perMinuteLimit: number | string; perDayLimit: number | string }>({
    sql: `SELECT id, name, ${dialect.epochMs("lastUsedAt")} AS "lastUsedAt", "perMinuteLimit", "perDayLimit"
          FROM "ApiKey" WHERE "keyHash" = @keyHash AND "revokedAt" IS NULL LIMIT 1`,
    params: { keyHash },
  });
  if (!row) return null;
  return {
    id: Number(row.id),
    name: row.name,
    lastUsedAt: row.lastUsedAt === null ? null : Number(row.lastUsedAt),
    perMinuteLimit: Number(row.perMinuteLimit),
    perDayLimit: Number(row.perDayLimit),
  };
}
