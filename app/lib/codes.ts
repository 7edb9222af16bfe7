// The codes of the public contract (../shared/CONTRACT.md). Shared by server and browser code.

export const COMPLAINT_CATEGORIES = [
  "UNDISTRIBUTED_DOCUMENT",
  "EXTORTION",
  "SERVICE_QUALITY",
  "WAITING_TIME",
  "FACILITY",
  "OTHER",
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const PRIVACY_CODES = ["public", "anonymous", "confidential"] as const;
export type Privacy = (typeof PRIVACY_CODES)[number];

/** The privacy choice as a resident replies on WhatsApp/SMS: its number in the menu or its word (id, en). */
const PRIVACY_BY_REPLY: Record<string, Privacy> = {
  "1": "public", "2": "anonymous", "3": "confidential",
  PUBLIK: "public", PUBLIC: "public", ANONIM: "anonymous", ANONYMOUS: "anonymous", RAHASIA: "confidential", CONFIDENTIAL: "confidential",
};
export const privacyFromReply = (reply: string): Privacy | undefined => (Object.hasOwn(PRIVACY_BY_REPLY, reply) ? PRIVACY_BY_REPLY[reply] : undefined);

/** Open311's description of each privacy code (service definition attribute `privacy`). */
export const OPEN311_PRIVACY_NAMES: Record<Privacy, string> = {
  public: "Publik: isi dan nama ditampilkan",
  anonymous: "Anonim: isi ditampilkan, identitas disembunyikan",
  confidential: "Rahasia: isi dan identitas tidak ditampilkan",
};

export const COMPLAINT_STATUSES = [
  "NEW",
  "VERIFIED",
  "REJECTED",
  "DUPLICATE",
  "SENT",
  "ANSWERED",
  "CLOSED",
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
/** Statuses Open311 reports as "closed". */
export const CLOSED_COMPLAINT_STATUSES: readonly ComplaintStatus[] = ["REJECTED", "DUPLICATE", "CLOSED"];

export const FINDING_CATEGORIES = [
  "UNDISTRIBUTED_DOCUMENT",
  "EXTORTION",
  "SERVICE_QUALITY",
  "WAITING_TIME",
  "STAFF_ABSENCE",
  "FACILITY",
  "OTHER",
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FOLLOW_UP_STATES = ["OPEN", "ANSWERED", "DONE"] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];

export const ROLES = ["ADMIN", "INSPECTOR", "UNIT_HEAD"] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_TYPES = ["DUKCAPIL", "PUSKESMAS", "KECAMATAN", "KELURAHAN", "OTHER"] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/** Kota Palembang with a small margin: complaint pins must fall inside. */
export const PALEMBANG_BBOX = { minLat: -3.1, maxLat: -2.8, minLng: 104.6, maxLng: 104.9 } as const;
export const PALEMBANG_CENTER = { lat: -2.9761, lng: 104.7754 } as const;
export const PALEMBANG_REGION_CODE = "16.71";

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (list as readonly string[]).includes(value);
}
