import { kecamatanOptions } from "~/lib/kecamatan";
import { pageParam } from "~/lib/http.server";
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, isOneOf } from "~/lib/codes";
import type { SqlFragment } from "~/lib/sql/index.server";
import { VersionCache } from "~/lib/version-cache.server";
import { unitFilterChoices } from "~/lib/unit-filter";
import { activeFilterUnits, countPublicComplaints, publicListPage, publicListWhere } from "~/lib/sql/queries/public-list.server";
import { publicText } from "~/models/open-data.server";
import { publicReporterName } from "~/models/policy.server";

// The public list of complaints (/complaints): its filters, its page and its cached total. A hot
// public read: its SQL is in app/lib/sql/queries/public-list.server.ts (ADR 0026).

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

// The pager's total is kept per filter set until the next write (ADR 0030): counting every public
// complaint cost 30 ms per request at 1M complaints (issue 8). Capped, so that arbitrary unitId values
// cannot grow it without bound. While a list's total is being counted again, a visitor waits for it at
// most 10 ms, then gets the last total (ADR 0035): the rows themselves are always read afresh, so whoever
// has just filed finds their complaint, and during a rush the total lags the filings by about one count
// (250 ms at 1M).
const totals = new VersionCache<number>(1000, { lastWhileComputing: { waitMs: 10 } });

function publicListTotal(where: SqlFragment): Promise<number> {
  return totals.get(`${where.sql}|${JSON.stringify(where.params)}`, async () => ({ value: await countPublicComplaints(where) }), undefined);
}

/** Non-confidential complaints, newest first, a page at a time. Reporter names only where the reporter chose `public`. */
export async function listPublicComplaints(filters: PublicListFilters) {
  const where = publicListWhere(filters);
  const page = filters.page ?? 1;
  const total = await publicListTotal(where);
  const rows = await publicListPage(where, PAGE_SIZE, (page - 1) * PAGE_SIZE);
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
      createdAt: r.createdAt,
      unit: { id: r.unitId, name: r.unitName, kecamatanCode: r.kecamatanCode },
      summary: publicText(r).slice(0, 240),
      reporterName: publicReporterName(r),
    })),
  };
}

/** Filter choices for the public list: the kecamatan with active units, and the units the unit filter offers (app/lib/unit-filter.ts). */
export async function listFilterOptions(filters: PublicListFilters) {
  const units = await activeFilterUnits();
  return { kecamatan: kecamatanOptions(units.map((u) => u.kecamatanCode)), ...unitFilterChoices(units, filters) };
}
