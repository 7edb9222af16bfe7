import { db } from "~/lib/db.server";
import { kecamatanName } from "~/lib/kecamatan";
import { publicText } from "~/models/open-data.server";
import { PUBLIC_COMPLAINT_WHERE } from "~/models/policy.server";
import { clockStamp } from "~/lib/clock-stamp.server";
import { VersionCache } from "~/lib/version-cache.server";
import { loadHolidaySet } from "~/lib/holidays.server";
import { add, finish, monthlyTrend, periodAggregates, zero, type Counts, type DayPair, type Figures, type MonthPoint } from "./dashboard/figures.server";
import { overdueList, redList, type OverdueItem, type RedListItem } from "./dashboard/lists.server";
import type { Audience, Period } from "./dashboard/period.server";

export { audienceOf, DEFAULT_PERIOD_DAYS, makePeriod, parsePeriod, type Audience, type Period } from "./dashboard/period.server";
export type { Figures, MonthPoint } from "./dashboard/figures.server";
export type { OverdueItem, RedListItem } from "./dashboard/lists.server";

// Transparency figures (issue 7): who answers on time, per unit and per kecamatan. Every figure is an
// SQL aggregate (GROUP BY over indexed columns); no complaint or follow-up row is loaded into JS. The
// only JS arithmetic is on aggregates: medians are taken over (unit, created day, answered day, count)
// groups, at most one row per unit and pair of days, so the work stays bounded however many rows exist.
//
// DEFINITIONS (shown on the page as well, see transparency.ts "dash.def.*"):
// - Period: WIB calendar dates `from`..`to`, both inclusive; default the last 90 days up to today.
// - Complaints received: complaints created in the period.
// - Follow-ups of the period: follow-ups created in the period.
// - Decided: a follow-up of the period that was answered, or whose deadline has passed unanswered.
// - Answered on time: answeredAt ≤ dueAt (dueAt includes approved extensions).
// - On-time share: answered on time ÷ decided. Units with fewer than 5 decided follow-ups are listed
//   apart from the ranking, because with so few a single case swings the share.
// - Working days to answer: working days (Mon–Fri, not a holiday or cuti bersama, WIB) after the day the
//   follow-up was created up to the day it was answered; median over the answered follow-ups of the period.
// - Open: follow-ups not DONE, now. Overdue: state OPEN (not answered) and past the deadline, now.
// - Documents not handed out: the sum of the latest outstanding quantity (FollowUp.outstandingQuantity)
//   of each UNDISTRIBUTED_DOCUMENT follow-up that is not DONE, now.
// - Red list: follow-ups escalated to level 3 or more and not DONE, now.
// - Public audience: confidential complaints, EXTORTION complaints and EXTORTION follow-ups, and
//   follow-ups of confidential complaints are not counted. Inspectors and admins see them counted.
//
// The pieces: dashboard/period.server.ts (audience, period), dashboard/figures.server.ts (the SQL
// aggregates), dashboard/lists.server.ts (red list, overdue list); this file assembles and caches them.

export const MIN_RANKED = 5;

export type UnitFigures = Figures & { id: number; name: string; type: string; kecamatanCode: string; active: boolean };
export type KecamatanFigures = Figures & { code: string; name: string; units: number };

export type Dashboard = {
  period: Pick<Period, "from" | "to" | "days">;
  audience: Audience;
  generatedAt: string;
  totals: Figures;
  units: UnitFigures[];
  ranked: UnitFigures[];
  unranked: UnitFigures[];
  kecamatan: KecamatanFigures[];
  trend: MonthPoint[];
  redList: RedListItem[];
  overdue: OverdueItem[] | null;
};


/** Kept from the moment a computation starts (VersionCache): visitors who miss together share it. */
const dashboards = new VersionCache<Dashboard>(50);
const unitPages = new VersionCache<UnitPage | null>(64);

/** Drops every cached dashboard (tests that change the clock or data outside the app's connection). */
export function clearDashboardCache() {
  dashboards.clear();
  unitPages.clear();
}

/**
 * The dashboard for a period and audience, cached until the next write or the next deadline (clockStamp:
 * overdue and decided counts move with the clock). At a million complaints it is about a second of SQL,
 * so it is never recomputed on a timer. Passing `now` bypasses the cache (tests).
 */
export async function getDashboard(period: Period, audience: Audience, options: { now?: Date } = {}): Promise<Dashboard> {
  if (options.now) return computeDashboard(period, audience, options.now.getTime());
  const now = Date.now();
  const stamp = await clockStamp(now);
  return dashboards.get(`${stamp}|${period.from}|${period.to}|${audience}`, async () => ({ value: await computeDashboard(period, audience, now) }), undefined);
}

async function computeDashboard(period: Period, audience: Audience, now: number): Promise<Dashboard> {
  const [holidays, units, agg, trend, red, overdue] = await Promise.all([
    loadHolidaySet(db),
    db.unit.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, type: true, kecamatanCode: true, active: true } }),
    periodAggregates(period, audience, now),
    monthlyTrend(period, audience, now),
    redList(audience),
    audience === "staff" ? overdueList(now) : Promise.resolve(null),
  ]);

  const unitRows: UnitFigures[] = [];
  const kec = new Map<string, { counts: Counts; pairs: DayPair[]; units: number }>();
  let totalCounts = zero();
  const allPairs: DayPair[] = [];
  for (const u of units) {
    const counts = agg.byUnit.get(u.id) ?? zero();
    const pairs = agg.pairsByUnit.get(u.id) ?? [];
    // Inactive units appear only when they still have figures in the period.
    if (!u.active && counts.complaints + counts.followUps + counts.open === 0) continue;
    unitRows.push({ ...u, ...finish(counts, pairs, holidays) });
    const k = kec.get(u.kecamatanCode) ?? { counts: zero(), pairs: [], units: 0 };
    k.counts = add(k.counts, counts);
    k.pairs.push(...pairs);
    k.units++;
    kec.set(u.kecamatanCode, k);
    totalCounts = add(totalCounts, counts);
    allPairs.push(...pairs);
  }
  const byShare = (a: UnitFigures, b: UnitFigures) =>
    (b.onTimeShare ?? -1) - (a.onTimeShare ?? -1) || b.decided - a.decided || a.name.localeCompare(b.name);
  return {
    period: { from: period.from, to: period.to, days: period.days },
    audience,
    generatedAt: new Date(now).toISOString(),
    totals: finish(totalCounts, allPairs, holidays),
    units: unitRows,
    ranked: unitRows.filter((u) => u.decided >= MIN_RANKED).sort(byShare),
    unranked: unitRows.filter((u) => u.decided < MIN_RANKED).sort((a, b) => b.decided - a.decided || a.name.localeCompare(b.name)),
    kecamatan: [...kec.entries()]
      .map(([code, k]) => ({ code, name: kecamatanName(code), units: k.units, ...finish(k.counts, k.pairs, holidays) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    trend,
    redList: red,
    overdue,
  };
}

export type UnitPage = {
  unit: { id: number; name: string; type: string; address: string | null; phone: string | null; kecamatanCode: string; kecamatanName: string; active: boolean; lat: number | null; lng: number | null };
  figures: Figures;
  rank: { position: number; of: number } | null;
  trend: MonthPoint[];
  redList: RedListItem[];
  recentComplaints: Array<{ ref: string; category: string; status: string; createdAt: string; summary: string }>;
};

/**
 * A unit's page: the same figures as its dashboard row, its trend, red list and recent public complaints.
 * Cached like the dashboard, until the next write or deadline: its trend alone reads a year of the
 * unit's complaints.
 */
export async function getUnitPage(unitId: number, period: Period, audience: Audience): Promise<UnitPage | null> {
  const stamp = await clockStamp(Date.now());
  return unitPages.get(`${stamp}|${unitId}|${period.from}|${period.to}|${audience}`, async () => ({ value: await unitPage(unitId, period, audience) }), undefined);
}

async function unitPage(unitId: number, period: Period, audience: Audience): Promise<UnitPage | null> {
  const unit = await db.unit.findUnique({
    where: { id: unitId },
    select: { id: true, name: true, type: true, address: true, phone: true, kecamatanCode: true, active: true, lat: true, lng: true },
  });
  if (!unit) return null;
  const now = Date.now();
  const [dashboard, trend, red, recent] = await Promise.all([
    getDashboard(period, audience),
    monthlyTrend(period, audience, now, unitId),
    redList(audience, unitId),
    db.complaint.findMany({
      where: { unitId, ...PUBLIC_COMPLAINT_WHERE },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 10,
      select: { ref: true, category: true, status: true, createdAt: true, description: true, publicDescription: true },
    }),
  ]);
  const row = dashboard.units.find((u) => u.id === unitId);
  const position = dashboard.ranked.findIndex((u) => u.id === unitId);
  const figures: Figures = row
    ? (({ id: _i, name: _n, type: _t, kecamatanCode: _k, active: _a, ...f }) => f)(row)
    : { ...zero(), onTimeShare: null, medianWorkingDays: null };
  return {
    unit: { ...unit, kecamatanName: kecamatanName(unit.kecamatanCode) },
    figures,
    rank: position >= 0 ? { position: position + 1, of: dashboard.ranked.length } : null,
    trend,
    redList: red,
    recentComplaints: recent.map((c) => ({
      ref: c.ref,
      category: c.category,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      summary: publicText(c).slice(0, 200),
    })),
  };
}
