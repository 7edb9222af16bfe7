import { numberOf } from "~/lib/sql/index.server";
import {
  answerDaysPerUnit,
  complaintsPerMonth,
  complaintsPerUnit,
  followUpsPerMonth,
  followUpsPerUnit,
  openPerUnit,
  type FigureScope,
} from "~/lib/sql/queries/dashboard.server";
import { isWorkingDay } from "~/lib/working-days";
import { wibStartOfDay } from "~/lib/time";
import { DAY_MS, type Audience, type Period } from "./period.server";

// The figures of the transparency dashboard as SQL aggregates over a period (definitions in
// app/models/dashboard.server.ts; the SQL in app/lib/sql/queries/dashboard.server.ts): counts per
// unit, the working days to answer, the monthly trend.

const TREND_MONTHS = 12;

const scopeOf = (audience: Audience, now: number, unitId?: number): FigureScope => ({ publicOnly: audience === "public", now, unitId });

const num = numberOf;

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
  const scope = scopeOf(audience, now, unitId);
  const [complaints, followUps, pairs, snapshot] = await Promise.all([
    complaintsPerUnit(scope, period.fromMs, period.toMs),
    followUpsPerUnit(scope, period.fromMs, period.toMs),
    answerDaysPerUnit(scope, period.fromMs, period.toMs),
    openPerUnit(scope),
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

/** Working days up to and including each WIB day number from `from` on (counts[d - from]). */
type WorkingDayCounts = { from: number; counts: Int32Array };
const countsByHolidays = new WeakMap<ReadonlySet<string>, WorkingDayCounts>();

/**
 * The running count of working days over [min, max], kept per holiday set (a set is never changed;
 * new holidays make a new one). A dashboard takes a median for each unit, kecamatan and the city, and
 * counting every day of each one's range again was tens of milliseconds at a million complaints. A
 * difference of two counts does not depend on where the counting started, so a wider range serves.
 */
function workingDayCounts(holidays: ReadonlySet<string>, min: number, max: number): WorkingDayCounts {
  const known = countsByHolidays.get(holidays);
  const knownTo = known ? known.from + known.counts.length - 1 : max;
  if (known && known.from <= min && max <= knownTo) return known;
  const from = Math.min(min, known?.from ?? min);
  const to = Math.max(max, knownTo);
  const counts = new Int32Array(to - from + 1);
  let running = 0;
  for (let d = from; d <= to; d++) {
    if (isWorkingDay(new Date(d * DAY_MS).toISOString().slice(0, 10), holidays)) running++;
    counts[d - from] = running;
  }
  const made = { from, counts };
  countsByHolidays.set(holidays, made);
  return made;
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
  const { from, counts } = workingDayCounts(holidays, min, max);
  const cum = (d: number) => counts[d - from]!;
  const values = pairs
    .map((p) => ({ wd: Math.max(0, cum(p.d1) - cum(p.d0)), n: p.n }))
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
  // Each month from its first WIB midnight to the next month's; the last one ends with the period.
  const starts = months.map((month) => wibStartOfDay(`${month}-01`).getTime());
  const spans = months.map((month, i) => ({ month, fromMs: starts[i]!, toMs: i + 1 < months.length ? starts[i + 1]! : period.toMs }));
  const scope = scopeOf(audience, now, unitId);
  const [complaints, followUps] = await Promise.all([complaintsPerMonth(scope, spans), followUpsPerMonth(scope, spans)]);
  const c = new Map(complaints.map((r) => [r.month, num(r.n)]));
  const f = new Map(followUps.map((r) => [r.month, { decided: num(r.decided), onTime: num(r.onTime) }]));
  return months.map((month) => {
    const fu = f.get(month) ?? { decided: 0, onTime: 0 };
    return { month, complaints: c.get(month) ?? 0, ...fu, onTimeShare: fu.decided ? fu.onTime / fu.decided : null };
  });
}
