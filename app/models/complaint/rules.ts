import { COMPLAINT_CATEGORIES, PALEMBANG_BBOX, PRIVACY_CODES } from "~/lib/codes";

// The rules of a new complaint without Zod, for the browser. The Zod schema in schema.server.ts
// (the server's, also used by Open311) stays the authority; this file holds the constants both
// share and a light check the form runs as the resident types, so /complaints/new does not ship
// Zod (~14 KB gzipped) to cheap phones (docs/benchmarks.md). The check must never refuse what the
// schema accepts (tests/unit/complaint-rules.test.ts compares them); whatever it misses the server
// answers after the POST, with the same message keys.

/** The text fields of the web form, in the contract's names. Anything else posted is ignored. */
export const COMPLAINT_FIELDS = ["unitId", "category", "description", "privacy", "lat", "lng", "reporterName", "reporterPhone", "reporterEmail"] as const;

export const DESCRIPTION_MIN = 20;
export const DESCRIPTION_MAX = 4000;
export const NAME_MAX = 120;
export const EMAIL_MAX = 254;

/** 08…, +62 8…, 62 8… with spaces, dots or dashes; normalised to digits with a leading 0 or +62. */
export function normalizePhone(value: string): string {
  return value.replace(/[\s.\-()]/g, "");
}
export const PHONE_PATTERN = /^(?:\+62|62|0)8[1-9]\d{6,11}$/;

/** Generated codes are randomToken(16): 22 base64url characters (128 bits). 16 is the floor so the
 *  README's demo codes (DEMO_TRACKING_CODES in prisma/seed.ts) open their pages; a guess still has to hit a hash. */
export const TRACKING_CODE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

const NUMBER = /^[-+]?\d+(\.\d+)?$/;
// Looser than Zod's e-mail rule on purpose: the browser only catches the obvious slips.
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function text(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

function coordinateError(typed: string, min: number, max: number): boolean {
  const v = /^[-+]?\d+,\d+$/.test(typed) ? typed.replace(",", ".") : typed; // a decimal comma is a point
  if (!NUMBER.test(v)) return true;
  const n = Number(v);
  return !(n >= min && n <= max);
}

/** The browser's check of the form's values: field name → message keys (empty when nothing is wrong). */
export function checkComplaintForm(values: Record<string, unknown>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (name: string, key: string) => (errors[name] ??= []).push(key);

  const unitId = text(values.unitId);
  if (!unitId) add("unitId", "complaints.error.unitRequired");
  else if (!NUMBER.test(unitId) || !Number.isInteger(Number(unitId)) || Number(unitId) < 1 || Number(unitId) > 2_147_483_647) add("unitId", "complaints.error.unit");

  if (!(COMPLAINT_CATEGORIES as readonly string[]).includes(text(values.category))) add("category", "complaints.error.category");

  const description = text(values.description);
  if (description.length < DESCRIPTION_MIN) add("description", "complaints.error.descriptionShort");
  else if (description.length > DESCRIPTION_MAX) add("description", "complaints.error.descriptionLong");

  if (!(PRIVACY_CODES as readonly string[]).includes(text(values.privacy))) add("privacy", "complaints.error.privacy");

  const lat = text(values.lat);
  const lng = text(values.lng);
  if (lat && coordinateError(lat, PALEMBANG_BBOX.minLat, PALEMBANG_BBOX.maxLat)) add("lat", "complaints.error.lat");
  if (lng && coordinateError(lng, PALEMBANG_BBOX.minLng, PALEMBANG_BBOX.maxLng)) add("lng", "complaints.error.lng");
  if (!lat !== !lng) add(lat ? "lng" : "lat", "complaints.error.latLngPair");

  if (text(values.reporterName).length > NAME_MAX) add("reporterName", "complaints.error.name");
  const phone = text(values.reporterPhone);
  if (phone && !PHONE_PATTERN.test(normalizePhone(phone))) add("reporterPhone", "complaints.error.phone");
  const email = text(values.reporterEmail);
  if (email && (email.length > EMAIL_MAX || !EMAIL_LIKE.test(email))) add("reporterEmail", "complaints.error.email");

  return errors;
}
