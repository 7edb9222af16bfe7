import { addWorkingDays, isWorkingDay, addCalendarDays } from "../../app/lib/working-days";
import { wibDateKey, wibStartOfDay } from "../../app/lib/time";

// Date helpers for placing demo history on Palembang's calendar: events fall on working days, in
// office hours, WIB.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** hh:mm WIB on a date key. */
export function atKey(dateKey: string, hour: number, minute = 0): Date {
  return new Date(wibStartOfDay(dateKey).getTime() + hour * HOUR + minute * MINUTE);
}

/** The k-th working day after the WIB date of `from` (k = 0: that date itself). */
export function wdForward(from: Date | string, k: number, holidays: ReadonlySet<string>): string {
  const date = typeof from === "string" ? wibStartOfDay(from) : from;
  return wibDateKey(addWorkingDays(date, k, holidays));
}

/**
 * The working day D before `dateKey` such that exactly k working days lie after D up to and including
 * dateKey, i.e. workingDaysBetween(end of D, dateKey) === k.
 */
export function wdBack(dateKey: string, k: number, holidays: ReadonlySet<string>): string {
  let key = dateKey;
  let count = 0;
  while (count < k) {
    if (isWorkingDay(key, holidays)) count++;
    key = addCalendarDays(key, -1);
  }
  while (!isWorkingDay(key, holidays)) key = addCalendarDays(key, -1);
  return key;
}

/** The nearest working day on or before the date key. */
export function workingDayOnOrBefore(dateKey: string, holidays: ReadonlySet<string>): string {
  let key = dateKey;
  while (!isWorkingDay(key, holidays)) key = addCalendarDays(key, -1);
  return key;
}
