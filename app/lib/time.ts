// Dates as people in Palembang read them: always in WIB (Asia/Jakarta, UTC+7, no daylight saving).
export const APP_TIMEZONE = "Asia/Jakarta";

const LOCALE_TAG = { id: "id-ID", en: "en-GB" } as const;
type L = keyof typeof LOCALE_TAG;

function fmt(locale: L, options: Intl.DateTimeFormatOptions) {
  return new Intl.DateTimeFormat(LOCALE_TAG[locale] ?? "id-ID", { timeZone: APP_TIMEZONE, ...options });
}

/** "28 Nov 2026, 14.05 WIB" */
export function formatDateTime(value: Date | string | number, locale: L = "id"): string {
  const d = new Date(value);
  return `${fmt(locale, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d)} WIB`;
}

/** "28 Nov 2026" */
export function formatDate(value: Date | string | number, locale: L = "id"): string {
  return fmt(locale, { day: "numeric", month: "short", year: "numeric" }).format(new Date(value));
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
