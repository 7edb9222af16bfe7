import { andSql, dateOf, dialect, sqlEngine, type SqlFragment } from "../index.server";
import type { InspectionListRow, Stored } from "../rows";

// The sidak list (/inspections): its size, and one page in one statement, read in the order of the
// (startedAt, id) index, with each row's unit, inspector and count of findings. Prisma's findMany and a
// groupBy for the counts cost a few milliseconds a page (issue 17). The viewer's scope
// (inspectionScopeSql in app/models/inspection/access.server.ts) is in the WHERE, next to the filters.

/** The list's filters, as the model reads them. */
export type InspectionListFilter = { unitId?: number; kecamatan?: string; status?: string; from?: Date; to?: Date };

/** The filters as one condition on Inspection `i` and Unit `u`. */
function filterWhere(filter: InspectionListFilter): SqlFragment {
  const parts: SqlFragment[] = [];
  if (filter.unitId) parts.push({ sql: `i."unitId" = @filterUnitId`, params: { filterUnitId: filter.unitId } });
  if (filter.kecamatan) parts.push({ sql: `u."kecamatanCode" = @kecamatan`, params: { kecamatan: filter.kecamatan } });
  if (filter.status) parts.push({ sql: "i.status = @status", params: { status: filter.status } });
  if (filter.from) parts.push({ sql: `i."startedAt" >= @from`, params: { from: dialect.time(filter.from) } });
  if (filter.to) parts.push({ sql: `i."startedAt" < @to`, params: { to: dialect.time(filter.to) } });
  return andSql(...parts);
}

/** How many inspections the list has within `scope` (Unit joined only for the kecamatan filter). */
export async function inspectionListCount(scope: SqlFragment, filter: InspectionListFilter): Promise<number> {
  const where = andSql(scope, filterWhere(filter));
  const row = await sqlEngine.read.get<{ n: number | bigint | string }>({
    sql: `SELECT count(*) AS n FROM "Inspection" i ${filter.kecamatan ? `JOIN "Unit" u ON u.id = i."unitId"` : ""} WHERE ${where.sql}`,
    params: where.params,
  });
  return Number(row?.n ?? 0);
}

/** `limit` inspections from `offset`, newest first, within `scope`. */
export async function inspectionListPage(scope: SqlFragment, filter: InspectionListFilter, limit: number, offset: number): Promise<InspectionListRow[]> {
  const where = andSql(scope, filterWhere(filter));
  const rows = await sqlEngine.read.all<Stored<InspectionListRow>>({
    sql: `
    SELECT i.id, i."startedAt", i.status, i.score, i."inspectorId", u.name AS "unitName", p.name AS "inspectorName",
      (SELECT count(*) FROM "Finding" fi WHERE fi."inspectionId" = i.id AND fi."deletedAt" IS NULL) AS findings
    FROM "Inspection" i JOIN "Unit" u ON u.id = i."unitId" JOIN "User" p ON p.id = i."inspectorId"
    WHERE ${where.sql}
    ORDER BY i."startedAt" DESC, i.id DESC
    LIMIT @limit OFFSET @offset`,
    params: { ...where.params, limit: Math.trunc(limit), offset: Math.trunc(offset) },
  });
  return rows.map((r) => ({ ...r, startedAt: dateOf(r.startedAt)!, findings: Number(r.findings) }));
}
