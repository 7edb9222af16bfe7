import { isStaff } from "~/models/policy.server";
import { wibDateKey, wibStartOfDay } from "~/lib/time";
import { addCalendarDays, isDateKey } from "~/lib/working-days";
import type { SessionUser } from "~/lib/session.server";

// Who the transparency figures are for (the public, or staff who also count confidential and
// extortion cases) and the period they cover: WIB calendar dates, both inclusive (definitions in
// app/models/dashboard.server.ts).

export type Audience = "public" | "staff";
export const DEFAULT_PERIOD_DAYS = 90;
const MAX_PERIOD_DAYS = 3 * 366;
export const DAY_MS = 86_400_000;

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
  const valid = (s: string | null) => s === null || isDateKey(s);
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
