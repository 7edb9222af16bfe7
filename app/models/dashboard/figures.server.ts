import { db } from "~/lib/db.server";
import { prismaSql, publicComplaintSql, publicFollowUpSql } from "~/models/policy.server";
import { Prisma } from "~/generated/prisma/client";
import { isWorkingDay } from "~/lib/working-days";
import { wibStartOfDay } from "~/lib/time";
import { DAY_MS, type Audience, type Period } from "./period.server";

// The figures of the transparency dashboard as SQL aggregates over a period (definitions in
// app/models/dashboard.server.ts): counts per unit, the working days to answer, the monthly trend.

const WIB_MS = 7 * 3_600_000;
const TREND_MONTHS = 12;

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

export type Counts = {
  complaints: number;
  followUps: number;
  decided: number;
  onTime: number;
  answered: number;
  open: number;
  overdue: number;
  outstandingDocuments: number;
};

export const zero = (): Counts => ({ complaints: 0, followUps: 0, decided: 0, onTime: 0, answered: 0, open: 0, overdue: 0, outstandingDocuments: 0 });

export type DayPair = { d0: number; d1: number; n: number };

export async function periodAggregates(period: Period, audience: Audience, now: number, unitId?: number) {
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

export function finish(c: Counts, pairs: DayPair[], holidays: ReadonlySet<string>): Figures {
  return { ...c, onTimeShare: c.decided ? c.onTime / c.decided : null, medianWorkingDays: medianWorkingDays(pairs, holidays) };
}

export function add(a: Counts, b: Counts): Counts {
  const out = zero();
  for (const k of Object.keys(out) as Array<keyof Counts>) out[k] = a[k] + b[k];
  return out;
}

export type MonthPoint = { month: string; complaints: number; decided: number; onTime: number; onTimeShare: number | null };

/** The 12 WIB months ending with the period's last month: complaints received and on-time share. */
export async function monthlyTrend(period: Period, audience: Audience, now: number, unitId?: number): Promise<MonthPoint[]> {
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
