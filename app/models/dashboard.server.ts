import { db } from "~/lib/db.server";
import { kecamatanName } from "~/lib/kecamatan";
import { publicText } from "~/models/open-data.server";
import { isPublicComplaint, isStaff, prismaSql, publicComplaintSql, publicFollowUpSql, PUBLIC_COMPLAINT_WHERE, PUBLIC_FOLLOW_UP_WHERE } from "~/models/policy.server";
import { Prisma } from "~/generated/prisma/client";
import { dataVersionForCache } from "~/lib/read-db.server";
import { loadHolidaySet } from "~/lib/holidays.server";
import { isWorkingDay } from "~/lib/working-days";
import { wibDateKey, wibStartOfDay } from "~/lib/time";
import { addCalendarDays } from "~/lib/working-days";
import type { SessionUser } from "~/lib/session.server";

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

export type Audience = "public" | "staff";
export const MIN_RANKED = 5;
export const DEFAULT_PERIOD_DAYS = 90;
const MAX_PERIOD_DAYS = 3 * 366;
const DAY_MS = 86_400_000;
const WIB_MS = 7 * 3_600_000;
const TREND_MONTHS = 12;
const CACHE_TTL_MS = 60_000;

export function audienceOf(user: Pick<SessionUser, "role"> | null | undefined): Audience {
  return isStaff(user) ? "staff" : "public";
}

export type Period = { from: string; to: string; fromMs: number; toMs: number; days: number };

/** The period of `from`/`to` query values (YYYY-MM-DD, WIB, inclusive); invalid values give the default. */
export function parsePeriod(params: URLSearchParams, now = new Date()): { period: Period; invalid: boolean } {
  const today = wibDateKey(now);
  const fallback = makePeriod(addCalendarDays(today, -(DEFAULT_PERIOD_DAYS - 1)), today);
  const from = params.get("from") || null;
  const to = params.get("to") || null;
  if (!from && !to) return { period: fallback, invalid: false };
  const valid = (s: string | null) => s === null || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s));
  if (!valid(from) || !valid(to)) return { period: fallback, invalid: true };
  const end = to ?? today;
  const start = from ?? addCalendarDays(end, -(DEFAULT_PERIOD_DAYS - 1));
  if (start > end) return { period: fallback, invalid: true };
  const period = makePeriod(start, end);
  if (period.days > MAX_PERIOD_DAYS) return { period: fallback, invalid: true };
  return { period, invalid: false };
}

export function makePeriod(from: string, to: string): Period {
  const fromMs = wibStartOfDay(from).getTime();
  const toMs = wibStartOfDay(to).getTime() + DAY_MS;
  return { from, to, fromMs, toMs, days: Math.round((toMs - fromMs) / DAY_MS) };
}

// ---------------------------------------------------------------------------------------------------
// SQL fragments

// Constants written into the SQL text (never user input). The unary + in GROUP BY +x.unitId keeps
// SQLite from walking a unitId index to avoid a sort: the covering createdAt indexes are far cheaper.
const WIB_SQL = Prisma.raw(String(WIB_MS));
const DAY_SQL = Prisma.raw(String(DAY_MS));

const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : Number(v ?? 0));

/** Complaint rows the audience may count (alias c). */
function complaintAudience(audience: Audience): Prisma.Sql {
  return audience === "public" ? Prisma.sql` AND ${prismaSql(publicComplaintSql("c"))}` : Prisma.empty;
}

/** Follow-up rows the audience may count (alias f, with c LEFT JOINed on f.complaintId). */
function followUpAudience(audience: Audience): Prisma.Sql {
  return audience === "public"
    ? Prisma.sql` AND ${prismaSql(publicFollowUpSql("f", "c"))}`
    : Prisma.empty;
}

function unitFilter(alias: "c" | "f", unitId?: number): Prisma.Sql {
  if (unitId === undefined) return Prisma.empty;
  return alias === "c" ? Prisma.sql` AND c.unitId = ${unitId}` : Prisma.sql` AND f.unitId = ${unitId}`;
}

type Counts = {
  complaints: number;
  followUps: number;
  decided: number;
  onTime: number;
  answered: number;
  open: number;
  overdue: number;
  outstandingDocuments: number;
};

const zero = (): Counts => ({ complaints: 0, followUps: 0, decided: 0, onTime: 0, answered: 0, open: 0, overdue: 0, outstandingDocuments: 0 });

type DayPair = { d0: number; d1: number; n: number };

async function periodAggregates(period: Period, audience: Audience, now: number, unitId?: number) {
  const [complaints, followUps, pairs, snapshot] = await Promise.all([
    db.$queryRaw<Array<{ unitId: number; n: bigint }>>`
      SELECT c.unitId AS unitId, COUNT(*) AS n FROM Complaint c
      WHERE c.createdAt >= ${period.fromMs} AND c.createdAt < ${period.toMs}${complaintAudience(audience)}${unitFilter("c", unitId)}
      GROUP BY +c.unitId`,
    db.$queryRaw<Array<{ unitId: number; total: bigint; decided: bigint; onTime: bigint; answered: bigint }>>`
      SELECT f.unitId AS unitId, COUNT(*) AS total,
        SUM(CASE WHEN f.answeredAt IS NOT NULL OR f.dueAt < ${now} THEN 1 ELSE 0 END) AS decided,
        SUM(CASE WHEN f.answeredAt IS NOT NULL AND f.answeredAt <= f.dueAt THEN 1 ELSE 0 END) AS onTime,
        SUM(CASE WHEN f.answeredAt IS NOT NULL THEN 1 ELSE 0 END) AS answered
      FROM FollowUp f LEFT JOIN Complaint c ON c.id = f.complaintId
      WHERE f.createdAt >= ${period.fromMs} AND f.createdAt < ${period.toMs}${followUpAudience(audience)}${unitFilter("f", unitId)}
      GROUP BY +f.unitId`,
    // WIB day numbers: (ms + 7 h) / 1 day, integer division (constants inlined: a bound parameter may
    // arrive as a REAL and turn the division into a fractional one).
    db.$queryRaw<Array<{ unitId: number; d0: bigint; d1: bigint; n: bigint }>>`
      SELECT f.unitId AS unitId, CAST((f.createdAt + ${WIB_SQL}) / ${DAY_SQL} AS INTEGER) AS d0,
        CAST((f.answeredAt + ${WIB_SQL}) / ${DAY_SQL} AS INTEGER) AS d1, COUNT(*) AS n
      FROM FollowUp f LEFT JOIN Complaint c ON c.id = f.complaintId
      WHERE f.answeredAt IS NOT NULL AND f.createdAt >= ${period.fromMs} AND f.createdAt < ${period.toMs}${followUpAudience(audience)}${unitFilter("f", unitId)}
      GROUP BY +f.unitId, d0, d1`,
    db.$queryRaw<Array<{ unitId: number; open: bigint; overdue: bigint; outstanding: bigint | null }>>`
      SELECT f.unitId AS unitId, COUNT(*) AS open,
        SUM(CASE WHEN f.state = 'OPEN' AND f.dueAt < ${now} THEN 1 ELSE 0 END) AS overdue,
        SUM(CASE WHEN f.category = 'UNDISTRIBUTED_DOCUMENT' THEN COALESCE(f.outstandingQuantity, 0) ELSE 0 END) AS outstanding
      FROM FollowUp f LEFT JOIN Complaint c ON c.id = f.complaintId
      WHERE f.state IN ('OPEN', 'ANSWERED')${followUpAudience(audience)}${unitFilter("f", unitId)}
      GROUP BY f.unitId`,
  ]);
  const byUnit = new Map<number, Counts>();
  const get = (id: number) => {
    let row = byUnit.get(id);
    if (!row) byUnit.set(id, (row = zero()));
    return row;
  };
  for (const r of complaints) get(num(r.unitId)).complaints = num(r.n);
  for (const r of followUps) {
    const row = get(num(r.unitId));
    row.followUps = num(r.total);
    row.decided = num(r.decided);
    row.onTime = num(r.onTime);
    row.answered = num(r.answered);
  }
  for (const r of snapshot) {
    const row = get(num(r.unitId));
    row.open = num(r.open);
    row.overdue = num(r.overdue);
    row.outstandingDocuments = num(r.outstanding);
  }
  const pairsByUnit = new Map<number, DayPair[]>();
  for (const r of pairs) {
    const id = num(r.unitId);
    const list = pairsByUnit.get(id) ?? [];
    list.push({ d0: num(r.d0), d1: num(r.d1), n: num(r.n) });
    pairsByUnit.set(id, list);
  }
  return { byUnit, pairsByUnit };
}

/**
 * Median working days over grouped (created day, answered day, count) pairs. `cum(d)` is the number of
 * working days up to and including WIB day number d, so working days after d0 up to d1 = cum(d1) − cum(d0).
 */
export function medianWorkingDays(pairs: DayPair[], holidays: ReadonlySet<string>): number | null {
  const total = pairs.reduce((s, p) => s + p.n, 0);
  if (total === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const p of pairs) {
    min = Math.min(min, p.d0, p.d1);
    max = Math.max(max, p.d0, p.d1);
  }
  const cum = new Map<number, number>();
  let running = 0;
  for (let d = min; d <= max; d++) {
    if (isWorkingDay(new Date(d * DAY_MS).toISOString().slice(0, 10), holidays)) running++;
    cum.set(d, running);
  }
  const values = pairs
    .map((p) => ({ wd: Math.max(0, cum.get(p.d1)! - cum.get(p.d0)!), n: p.n }))
    .sort((a, b) => a.wd - b.wd);
  const at = (k: number) => {
    let seen = 0;
    for (const v of values) {
      seen += v.n;
      if (k < seen) return v.wd;
    }
    return values[values.length - 1]!.wd;
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

export type Figures = Counts & { onTimeShare: number | null; medianWorkingDays: number | null };

function finish(c: Counts, pairs: DayPair[], holidays: ReadonlySet<string>): Figures {
  return { ...c, onTimeShare: c.decided ? c.onTime / c.decided : null, medianWorkingDays: medianWorkingDays(pairs, holidays) };
}

function add(a: Counts, b: Counts): Counts {
  const out = zero();
  for (const k of Object.keys(out) as Array<keyof Counts>) out[k] = a[k] + b[k];
  return out;
}

export type MonthPoint = { month: string; complaints: number; decided: number; onTime: number; onTimeShare: number | null };

/** The 12 WIB months ending with the period's last month: complaints received and on-time share. */
async function monthlyTrend(period: Period, audience: Audience, now: number, unitId?: number): Promise<MonthPoint[]> {
  const lastMonth = period.to.slice(0, 7);
  const months: string[] = [];
  let [y, m] = lastMonth.split("-").map(Number) as [number, number];
  for (let i = 0; i < TREND_MONTHS; i++) {
    months.unshift(`${y}-${String(m).padStart(2, "0")}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  const startMs = wibStartOfDay(`${months[0]}-01`).getTime();
  const endMs = period.toMs;
  const monthExpr = (col: Prisma.Sql) => Prisma.sql`strftime('%Y-%m', (${col} + ${WIB_SQL}) / 1000, 'unixepoch')`;
  const [complaints, followUps] = await Promise.all([
    db.$queryRaw<Array<{ month: string; n: bigint }>>`
      SELECT ${monthExpr(Prisma.sql`c.createdAt`)} AS month, COUNT(*) AS n FROM Complaint c
      WHERE c.createdAt >= ${startMs} AND c.createdAt < ${endMs}${complaintAudience(audience)}${unitFilter("c", unitId)}
      GROUP BY month`,
    db.$queryRaw<Array<{ month: string; decided: bigint; onTime: bigint }>>`
      SELECT ${monthExpr(Prisma.sql`f.createdAt`)} AS month,
        SUM(CASE WHEN f.answeredAt IS NOT NULL OR f.dueAt < ${now} THEN 1 ELSE 0 END) AS decided,
        SUM(CASE WHEN f.answeredAt IS NOT NULL AND f.answeredAt <= f.dueAt THEN 1 ELSE 0 END) AS onTime
      FROM FollowUp f LEFT JOIN Complaint c ON c.id = f.complaintId
      WHERE f.createdAt >= ${startMs} AND f.createdAt < ${endMs}${followUpAudience(audience)}${unitFilter("f", unitId)}
      GROUP BY month`,
  ]);
  const c = new Map(complaints.map((r) => [r.month, num(r.n)]));
  const f = new Map(followUps.map((r) => [r.month, { decided: num(r.decided), onTime: num(r.onTime) }]));
  return months.map((month) => {
    const fu = f.get(month) ?? { decided: 0, onTime: 0 };
    return { month, complaints: c.get(month) ?? 0, ...fu, onTimeShare: fu.decided ? fu.onTime / fu.decided : null };
  });
}

export type RedListItem = {
  id: number;
  unitId: number;
  unitName: string;
  category: string;
  dueAt: string;
  escalationLevel: number;
  complaintRef: string | null;
  /** Staff only: what the unit was told to do. Null for the public (an internal text). */
  instruction: string | null;
};

async function redList(audience: Audience, unitId?: number): Promise<RedListItem[]> {
  const where: Prisma.FollowUpWhereInput = {
    escalationLevel: { gte: 3 },
    state: { in: ["OPEN", "ANSWERED"] },
    ...(unitId !== undefined ? { unitId } : {}),
    ...(audience === "public" ? PUBLIC_FOLLOW_UP_WHERE : {}),
  };
  const rows = await db.followUp.findMany({
    where,
    orderBy: [{ escalationLevel: "desc" }, { dueAt: "asc" }],
    take: 100,
    select: {
      id: true,
      unitId: true,
      category: true,
      dueAt: true,
      escalationLevel: true,
      instruction: true,
      unit: { select: { name: true } },
      complaint: { select: { ref: true, privacy: true, category: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unitId,
    unitName: r.unit.name,
    category: r.category,
    dueAt: r.dueAt.toISOString(),
    escalationLevel: r.escalationLevel,
    complaintRef:
      r.complaint && (audience === "staff" || isPublicComplaint(r.complaint))
        ? r.complaint.ref
        : null,
    instruction: audience === "staff" ? r.instruction.slice(0, 200) : null,
  }));
}

export type OverdueItem = { id: number; unitId: number; unitName: string; category: string; dueAt: string; escalationLevel: number; instruction: string };

/** Staff only: every overdue follow-up (OPEN and past its deadline), oldest deadline first. */
async function overdueList(now: number): Promise<OverdueItem[]> {
  const rows = await db.followUp.findMany({
    where: { state: "OPEN", dueAt: { lt: new Date(now) } },
    orderBy: { dueAt: "asc" },
    take: 200,
    select: { id: true, unitId: true, category: true, dueAt: true, escalationLevel: true, instruction: true, unit: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unitId,
    unitName: r.unit.name,
    category: r.category,
    dueAt: r.dueAt.toISOString(),
    escalationLevel: r.escalationLevel,
    instruction: r.instruction.slice(0, 200),
  }));
}

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


const cache = new Map<string, { version: number; at: number; value: Dashboard }>();

/** Drops every cached dashboard (tests that change the clock or data outside the app's connection). */
export function clearDashboardCache() {
  cache.clear();
}

/**
 * The dashboard for a period and audience, cached until the next write (dataVersionForCache) or for a
 * minute at most (overdue counts move with the clock). Passing `now` bypasses the cache (tests).
 */
export async function getDashboard(period: Period, audience: Audience, options: { now?: Date } = {}): Promise<Dashboard> {
  const key = `${period.from}|${period.to}|${audience}`;
  const version = dataVersionForCache();
  const wall = Date.now();
  if (!options.now) {
    const hit = cache.get(key);
    if (hit && hit.version === version && wall - hit.at < CACHE_TTL_MS) return hit.value;
  }
  const now = (options.now ?? new Date(wall)).getTime();
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
  const value: Dashboard = {
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
  if (!options.now) {
    if (cache.size > 50) cache.clear();
    cache.set(key, { version, at: wall, value });
  }
  return value;
}

export type UnitPage = {
  unit: { id: number; name: string; type: string; address: string | null; phone: string | null; kecamatanCode: string; kecamatanName: string; active: boolean; lat: number | null; lng: number | null };
  figures: Figures;
  rank: { position: number; of: number } | null;
  trend: MonthPoint[];
  redList: RedListItem[];
  recentComplaints: Array<{ ref: string; category: string; status: string; createdAt: string; summary: string }>;
};

/** A unit's page: the same figures as its dashboard row, its trend, red list and recent public complaints. */
export async function getUnitPage(unitId: number, period: Period, audience: Audience): Promise<UnitPage | null> {
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
