import { wibDateKey } from "./time";

// Working-day arithmetic for deadlines (issue 5). Pure functions over WIB calendar dates: Palembang is
// on Asia/Jakarta, UTC+7 with no daylight saving, so a fixed offset is exact and no tz database is needed.
// A "date key" is the WIB calendar date as YYYY-MM-DD, the same format the Holiday table stores.

const DAY_MS = 86_400_000;
// Far more than any real deadline; stops a holiday set that covers every day from looping forever.
const MAX_SCAN_DAYS = 3 * 366;

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

function keyToUtcMs(dateKey: string): number {
  if (!DATE_KEY.test(dateKey)) throw new RangeError(`Not a YYYY-MM-DD date: ${dateKey}`);
  const ms = Date.parse(`${dateKey}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`Not a calendar date: ${dateKey}`);
  return ms;
}

/** The date key `days` calendar days after (or before, when negative) `dateKey`. */
export function addCalendarDays(dateKey: string, days: number): string {
  return new Date(keyToUtcMs(dateKey) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, for a WIB date key. */
export function weekdayOfKey(dateKey: string): number {
  return new Date(keyToUtcMs(dateKey)).getUTCDay();
}

/** Monday to Friday and neither a national holiday nor cuti bersama. */
export function isWorkingDay(dateKey: string, holidays: ReadonlySet<string>): boolean {
  const weekday = weekdayOfKey(dateKey);
  return weekday !== 0 && weekday !== 6 && !holidays.has(dateKey);
}

/** Whether `value` is a YYYY-MM-DD date that exists (Date.parse would roll 2026-02-30 over to March). */
export function isDateKey(value: string): boolean {
  if (!DATE_KEY.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** 23:59:59.999 WIB on the given date: deadlines fall at the end of their last working day. */
export function endOfWibDay(dateKey: string): Date {
  return new Date(`${dateKey}T23:59:59.999+07:00`);
}

/**
 * The deadline `n` working days after `from`: the end (23:59:59.999 WIB) of the n-th working day after
 * the WIB date of `from`. The day of `from` itself never counts, whatever the hour, so a follow-up made
 * at 23:30 on a Friday with n = 1 is due at the end of Monday (or the next working day after it).
 * n = 0 means "by the end of today".
 */
export function addWorkingDays(from: Date, n: number, holidays: ReadonlySet<string>): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number ≥ 0 (got ${n})`);
  let key = wibDateKey(from);
  let remaining = n;
  for (let scanned = 0; remaining > 0; scanned++) {
    if (scanned > MAX_SCAN_DAYS + n * 7) throw new RangeError("No working day found: is every day a holiday?");
    key = addCalendarDays(key, 1);
    if (isWorkingDay(key, holidays)) remaining--;
  }
  return endOfWibDay(key);
}

/**
 * Working days after a's WIB date up to and including b's WIB date; negative when b is before a, so
 * that workingDaysBetween(x, addWorkingDays(x, n)) === n. Same-day pairs give 0.
 */
export function workingDaysBetween(a: Date, b: Date, holidays: ReadonlySet<string>): number {
  const keyA = wibDateKey(a);
  const keyB = wibDateKey(b);
  if (keyA === keyB) return 0;
  const [from, to, sign] = keyA < keyB ? [keyA, keyB, 1] : [keyB, keyA, -1];
  let count = 0;
  for (let key = addCalendarDays(from, 1); key <= to; key = addCalendarDays(key, 1)) {
    if (isWorkingDay(key, holidays)) count++;
  }
  return sign * count;
}
