import { kecamatanOptions } from "~/lib/kecamatan";
import { pageParam } from "~/lib/http.server";
import { getEnv } from "~/lib/env.server";
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, isOneOf } from "~/lib/codes";
import { dataVersionForCache, msToDate, readStatement } from "~/lib/read-db.server";
import { publicText } from "~/models/open-data.server";
import { publicComplaintSql, publicReporterName } from "~/models/policy.server";

// The public list of complaints (/complaints): its filters, its page and its cached total. A hot
// public read (ADR 0010): prepared statements on the read-only connection.

export type PublicListFilters = { unitId?: number; kecamatan?: string; category?: string; status?: string; page?: number };
export const PAGE_SIZE = 20;

export function parseListFilters(params: URLSearchParams): PublicListFilters {
  const unitId = Number(params.get("unitId"));
  const page = pageParam(params);
  const kecamatan = params.get("kecamatan") ?? "";
  const category = params.get("category") ?? "";
  const status = params.get("status") ?? "";
  return {
    unitId: Number.isSafeInteger(unitId) && unitId > 0 ? unitId : undefined,
    kecamatan: /^\d{2}\.\d{2}\.\d{2}$/.test(kecamatan) ? kecamatan : undefined,
    category: isOneOf(COMPLAINT_CATEGORIES, category) ? category : undefined,
    status: isOneOf(COMPLAINT_STATUSES, status) ? status : undefined,
    page,
  };
}

type PublicListRow = {
  ref: string;
  category: string;
  status: string;
  privacy: string;
  description: string;
  publicDescription: string | null;
  reporterName: string | null;
  meTooCount: number;
  createdAt: number;
  unitId: number;
  unitName: string;
  kecamatanCode: string;
};

// The pager's total is cached per filter set while the data version (sqlite-adapter.server.ts, moved
// by every write of this process) stays the same: counting every public complaint cost 30 ms per
// request at 1M complaints (issue 8). The map is emptied when the version moves and capped so that
// arbitrary unitId values cannot grow it without bound.
const COUNT_CACHE_MAX = 1000;
const countCache: { version: number; database: string; totals: Map<string, number> } = { version: -1, database: "", totals: new Map() };

/** The SQL WHERE of the public list (the policy's public rule and the filters) and its named parameters. */
function publicListWhere(filters: PublicListFilters): { sql: string; args: Record<string, unknown> } {
  const rule = publicComplaintSql("c");
  let sql = rule.sql;
  const args: Record<string, unknown> = { ...rule.params };
  if (filters.unitId) {
    sql += ` AND c.unitId = @unitId`;
    args.unitId = filters.unitId;
  }
  if (filters.kecamatan) {
    sql += ` AND c.unitId IN (SELECT id FROM Unit WHERE kecamatanCode = @kecamatan)`;
    args.kecamatan = filters.kecamatan;
  }
  if (filters.category) {
    sql += ` AND c.category = @category`;
    args.category = filters.category;
  }
  if (filters.status) {
    sql += ` AND c.status = @status`;
    args.status = filters.status;
  }
  return { sql, args };
}

function publicListTotal(where: { sql: string; args: Record<string, unknown> }): number {
  const version = dataVersionForCache();
  // The database too: tests switch DATABASE_URL between copies without a write in between.
  const database = getEnv().DATABASE_URL;
  if (countCache.version !== version || countCache.database !== database || countCache.totals.size >= COUNT_CACHE_MAX) {
    countCache.version = version;
    countCache.database = database;
    countCache.totals.clear();
  }
  const key = `${where.sql}|${JSON.stringify(where.args)}`;
  let total = countCache.totals.get(key);
  if (total === undefined) {
    total = Number(readStatement<{ n: number }>(`SELECT COUNT(*) AS n FROM Complaint c WHERE ${where.sql}`).get(where.args)!.n);
    countCache.totals.set(key, total);
  }
  return total;
}

/**
 * Non-confidential complaints, newest first. Reporter names only where the reporter chose `public`.
 * A hot public read (ADR 0010): prepared statements on the read-only connection, the total cached.
 */
export async function listPublicComplaints(filters: PublicListFilters) {
  const where = publicListWhere(filters);
  const page = filters.page ?? 1;
  const total = publicListTotal(where);
  const rows = readStatement<PublicListRow>(
    // The page's ids are chosen first, then joined to their rows and units: a join before the
    // ORDER BY … LIMIT makes SQLite look up the unit of every matching complaint (100 ms at 100k).
    // Unfiltered (the common case), the ids come from the index on (createdAt, unitId, privacy,
    // category), which holds the privacy rule: OFFSET skips index entries without reading rows, so
    // page 200 costs 1–2 ms at 100k and at 1M (25–32 ms reading rows). Left to itself SQLite sorts
    // by the privacy index or reads every skipped row. Filtered lists keep the planner's choice.
    // CROSS JOIN keeps the page as the outer loop (SQLite otherwise scans Complaint and probes it).
    `SELECT c.ref, c.category, c.status, c.privacy, c.description, c.publicDescription, c.reporterName, c.meTooCount,
            c.createdAt, u.id AS unitId, u.name AS unitName, u.kecamatanCode
     FROM (SELECT c.id FROM Complaint c ${!filters.unitId && !filters.kecamatan && !filters.category && !filters.status ? "INDEXED BY Complaint_createdAt_unitId_privacy_category_idx" : ""}
           WHERE ${where.sql} ORDER BY c.createdAt DESC, c.id DESC LIMIT @limit OFFSET @offset) p
     CROSS JOIN Complaint c ON c.id = p.id
     JOIN Unit u ON u.id = c.unitId
     ORDER BY c.createdAt DESC, c.id DESC`,
  ).all({ ...where.args, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    complaints: rows.map((r) => ({
      ref: r.ref,
      category: r.category,
      status: r.status,
      privacy: r.privacy,
      meTooCount: r.meTooCount,
      createdAt: msToDate(r.createdAt)!,
      unit: { id: r.unitId, name: r.unitName, kecamatanCode: r.kecamatanCode },
      summary: publicText(r).slice(0, 240),
      reporterName: publicReporterName(r),
    })),
  };
}

type FilterUnitRow = { id: number; name: string; type: string; kecamatanCode: string };

/** Filter choices for the public list: active units and the kecamatan they are in. */
export async function listFilterOptions() {
  // Same read connection as the list: this runs on every request of /complaints.
  const units = readStatement<FilterUnitRow>(
    `SELECT id, name, type, kecamatanCode FROM Unit WHERE active = 1 ORDER BY kecamatanCode ASC, name ASC`,
  ).all();
  return {
    units: units.map(({ id, name }) => ({ id, name })),
    kecamatan: kecamatanOptions(units.map((u) => u.kecamatanCode)),
  };
}

