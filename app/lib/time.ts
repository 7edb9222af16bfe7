// Dates as people in Palembang read them: always in WIB (Asia/Jakarta, UTC+7, no daylight saving).
export const APP_TIMEZONE = "Asia/Jakarta";

const LOCALE_TAG = { id: "id-ID", en: "en-GB" } as const;
type L = keyof typeof LOCALE_TAG;

const DATE_TIME: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
const DATE: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" };

// Building an Intl.DateTimeFormat costs ~100x formatting with one; a list page formats hundreds of
// dates, so each (locale, format) pair is built once.
const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: L, kind: "dateTime" | "date") {
  const key = `${locale}:${kind}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE_TAG[locale] ?? "id-ID", { timeZone: APP_TIMEZONE, ...(kind === "date" ? DATE : DATE_TIME) });
    formatters.set(key, f);
  }
  return f;
}

// Formatting one date in a time zone costs a few microseconds; a list prints the same deadlines on
// every view of every user (25 rows, 4% of a signed-in list's render, issue 17). So the last few
// thousand texts are kept, by locale, format and instant.
const TEXTS_KEPT = 4096;
const texts = new Map<string, string>();
function formatted(locale: L, kind: "dateTime" | "date", value: Date | string | number): string {
  const at = new Date(value);
  const key = `${locale}${kind}${at.getTime()}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = fmt(locale, kind).format(at);
    if (texts.size >= TEXTS_KEPT) texts.clear();
    texts.set(key, text);
  }
  return text;
}

/** "28 Nov 2026, 14.05 WIB" */
export function formatDateTime(value: Date | string | number, locale: L = "id"): string {
  return `${formatted(locale, "dateTime", value)} WIB`;
}

/** "28 Nov 2026" */
export function formatDate(value: Date | string | number, locale: L = "id"): string {
  return formatted(locale, "date", value);
}

/** The WIB calendar date of an instant, as YYYY-MM-DD. */
export function wibDateKey(value: Date | number): string {
  const d = new Date(new Date(value).getTime() + 7 * 3600_000);
  return d.toISOString().slice(0, 10);
}

/** The instant of 00:00 WIB on the calendar date YYYY-MM-DD. */
export function wibStartOfDay(dateKey: string): Date {
  return new Date(`${dateKey}T00:00:00+07:00`);
}

/** ISO 8601 with the +07:00 offset, as Open311 wants: 2026-11-28T14:05:00+07:00 */
export function isoWib(value: Date | number): string {
  const d = new Date(new Date(value).getTime() + 7 * 3600_000);
  return d.toISOString().replace(/\.\d{3}Z$/, "+07:00");
}
