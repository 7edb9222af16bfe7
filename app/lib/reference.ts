// Complaint references (issue 12 item 5, ADR "reference series"): `ADU-2026-000123` for public and
// anonymous complaints, `RHS-2026-000001` for confidential and EXTORTION ones. Two series, so the
// public ADU series has no gaps that count the confidential reports. Which series a complaint belongs
// to is the policy module's decision (referenceSeriesFor); this file only spells and reads references.

export const REFERENCE_SERIES = ["ADU", "RHS"] as const;
export type ReferenceSeries = (typeof REFERENCE_SERIES)[number];

/** `ADU-2026-000123` */
export function formatReference(series: ReferenceSeries, year: number | string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > 999_999) throw new Error(`reference number out of range: ${n}`);
  return `${series}-${year}-${String(n).padStart(6, "0")}`;
}

/** A reference as people type it (any case, spaces around): the canonical form, or null. */
export function parseReference(typed: string): string | null {
  const ref = typed.trim().toUpperCase();
  return /^(ADU|RHS)-\d{4}-\d{6}$/.test(ref) ? ref : null;
}
