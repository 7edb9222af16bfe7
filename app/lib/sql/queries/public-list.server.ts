import { publicComplaintSql } from "~/models/policy.server";
import { andSql, dateOf, dialect, sqlEngine, type SqlFragment } from "../index.server";
import type { FilterUnitRow, PublicListRow, Stored } from "../rows";

// The public complaint list (/complaints): a hot public read (issue 8) on the read connection. The
// policy's public rule is in every WHERE: a confidential or EXTORTION complaint is never read.

export type PublicListFilter = { unitId?: number; kecamatan?: string; category?: string; status?: string };

/** The list's condition on Complaint `c`, and whether it is the public rule alone (no filter chosen). */
export type PublicListWhere = SqlFragment & { unfiltered: boolean };

/** The public rule and the filters, as one condition on Complaint `c`. */
export function publicListWhere(filters: PublicListFilter): PublicListWhere {
  const parts: SqlFragment[] = [publicComplaintSql("c")];
  if (filters.unitId) parts.push({ sql: `c."unitId" = @unitId`, params: { unitId: filters.unitId } });
  if (filters.kecamatan) parts.push({ sql: `c."unitId" IN (SELECT id FROM "Unit" WHERE "kecamatanCode" = @kecamatan)`, params: { kecamatan: filters.kecamatan } });
  if (filters.category) parts.push({ sql: "c.category = @category", params: { category: filters.category } });
  if (filters.status) parts.push({ sql: "c.status = @status", params: { status: filters.status } });
  return { ...andSql(...parts), unfiltered: parts.length === 1 };
}

/**
 * How many public complaints match: aside (ADR 0034). It counts every match: at a million complaints,
 * right after a write (SQLite's page cache starts afresh), about 250 ms, and after each filing the
 * next visitor of the list needs it again.
 */
export async function countPublicComplaints(where: SqlFragment): Promise<number> {
  const row = await sqlEngine.aside.get<{ n: number }>({ sql: `SELECT COUNT(*) AS n FROM "Complaint" c WHERE ${where.sql}`, params: where.params });
  return Number(row?.n ?? 0);
}

/**
 * A page of the list, newest first. The page's ids are chosen first, then joined to their rows and
 * units: a join before the ORDER BY … LIMIT makes SQLite look up the unit of every matching complaint
 * (100 ms at 100k). Unfiltered (the common case), the ids come from the index on (createdAt, unitId,
 * privacy, category), which holds the privacy rule: OFFSET skips index entries without reading rows,
 * so page 200 costs 1–2 ms at 100k and at 1M (25–32 ms reading rows). Left to itself SQLite sorts by
 * the privacy index or reads every skipped row. Filtered lists keep the planner's choice. CROSS JOIN
 * keeps the page as the outer loop (SQLite otherwise scans Complaint and probes it).
 */
export async function publicListPage(where: PublicListWhere, limit: number, offset: number): Promise<PublicListRow[]> {
  const rows = await sqlEngine.read.all<Stored<PublicListRow>>({
    sql: `SELECT c.ref, c.category, c.status, c.privacy, c.description, c."publicDescription", c."reporterName", c."meTooCount",
            c."createdAt", u.id AS "unitId", u.name AS "unitName", u."kecamatanCode"
     FROM (SELECT c.id FROM "Complaint" c ${where.unfiltered ? dialect.indexedBy("Complaint_createdAt_unitId_privacy_category_idx") : ""}
           WHERE ${where.sql} ORDER BY c."createdAt" DESC, c.id DESC LIMIT @limit OFFSET @offset) p
     ${dialect.outerLoopJoin} "Complaint" c ON c.id = p.id
     JOIN "Unit" u ON u.id = c."unitId"
     ORDER BY c."createdAt" DESC, c.id DESC`,
    params: { ...where.params, limit: Math.trunc(limit), offset: Math.trunc(offset) },
  });
  return rows.map((r) => ({ ...r, createdAt: dateOf(r.createdAt)! }));
}

/** Active units, by kecamatan then name: the choices of the list filters (read on every request of /complaints). */
export function activeFilterUnits(): Promise<FilterUnitRow[]> {
  return sqlEngine.read.all<FilterUnitRow>({ sql: `SELECT id, name, type, "kecamatanCode" FROM "Unit" WHERE active = TRUE ORDER BY "kecamatanCode" ASC, name ASC`, params: {} });
}
