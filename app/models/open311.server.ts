import { db } from "~/lib/db.server";
import { maskedText } from "~/lib/mask-personal-data";
import { CLOSED_COMPLAINT_STATUSES } from "~/lib/codes";
import { isoWib, wibStartOfDay } from "~/lib/time";
import { isDateKey } from "~/lib/working-days";
import { fail } from "~/lib/open311.server";
import { publicText } from "~/models/open-data.server";
import { resolveTrackingHash } from "~/models/complaint/tracking.server";
import { isServiceCode, SERVICES } from "~/models/open311-services.server";
import { nearestActiveUnit as nearestUnitRow, open311RequestByRef, open311RequestsByRef, open311RequestsInWindow, open311Updates } from "~/lib/sql/queries/open311.server";
import type { Open311RequestRow } from "~/lib/sql/rows";
import { palembangRegions } from "~/lib/regions.server";
import { findActiveApiKey } from "~/models/api-key.server";

// Open311 GeoReport v2 over Tindak's records (docs/open311.md). Each complaint category is a service;
// a public complaint is a service request whose service_request_id is its public ref (ADU-…).
// Confidential and EXTORTION complaints are never served, not even by id: they answer 404.

export const OPEN311_WINDOW_DAYS = 90;
export const OPEN311_MAX_RESULTS = 1000;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// GET requests
//
// A hot public read: the rows come from the raw-SQL module (app/lib/sql/queries/open311.server.ts,
// ADR 0026), one statement per filter shape with the public rule in its WHERE.

const STATUS_NOTES: Record<string, string> = {
  NEW: "Pengaduan diterima, menunggu verifikasi.",
  VERIFIED: "Pengaduan terverifikasi.",
  REJECTED: "Ditolak: pengaduan ini tidak ditindaklanjuti (REJECTED).",
  DUPLICATE: "Duplikat: pengaduan ini sama dengan laporan lain dan ditangani di sana (DUPLICATE).",
  SENT: "Pengaduan diteruskan ke unit untuk ditindaklanjuti.",
  ANSWERED: "Unit sudah menjawab; menunggu pemeriksaan.",
  CLOSED: "Pengaduan selesai.",
};

/**
 * The spec's status is only open or closed, and FixMyStreet reads "closed" as fixed: a rejected or
 * duplicate request's notes always say so first, whatever public note follows.
 */
function statusNotes(status: string, note: string | null, duplicateOfRef: string | null): string | null {
  if (status === "DUPLICATE") {
    const base = duplicateOfRef ? `Duplikat dari ${duplicateOfRef}: ditangani di sana (DUPLICATE).` : STATUS_NOTES.DUPLICATE!;
    return note ? `${base} ${note}` : base;
  }
  if (status === "REJECTED") return note ? `${STATUS_NOTES.REJECTED} ${note}` : STATUS_NOTES.REJECTED!;
  return note ?? STATUS_NOTES[status] ?? null;
}

export function toServiceRequest(c: Open311RequestRow, origin: string) {
  const closed = (CLOSED_COMPLAINT_STATUSES as readonly string[]).includes(c.status);
  return {
    service_request_id: c.ref,
    status: closed ? "closed" : "open",
    status_notes: statusNotes(c.status, c.note ? maskedText(c.note) : null, c.duplicateOfRef),
    service_name: isServiceCode(c.category) ? SERVICES[c.category].name : c.category,
    service_code: c.category,
    description: publicText(c),
    agency_responsible: c.unitName,
    service_notice: null,
    requested_datetime: isoWib(c.createdAt),
    updated_datetime: isoWib(closed && c.closedAt ? c.closedAt : c.updatedAt),
    expected_datetime: c.dueAt ? isoWib(c.dueAt) : null,
    address: c.address ?? (c.unitAddress ? `${c.unitName}, ${c.unitAddress}` : c.unitName),
    address_id: null,
    zipcode: null,
    lat: c.lat,
    long: c.lng,
    media_url: c.photoId !== null ? `${origin}/attachments/${c.photoId}` : null,
  };
}

export type ServiceRequest = ReturnType<typeof toServiceRequest>;

// Hours, minutes and seconds are bounded here because Date would roll 24:00 or 23:60 over to the next
// hour or day; the day itself is checked against the calendar by isDateKey (2026-02-30 is no date).
const W3C = /^(\d{4}-\d{2}-\d{2})(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?$/;

function parseW3cDate(name: string, value: string | null): Date | null {
  if (value === null || value === "") return null; // spec: an empty optional argument = absent
  const match = W3C.exec(value);
  if (!match) fail(400, `${name} harus berformat W3C/ISO 8601, mis. 2026-01-01T00:00:00+07:00 / ${name} must be a W3C datetime`);
  if (!isDateKey(match[1]!)) fail(400, `${name} bukan tanggal yang ada / ${name} is not a date that exists`);
  return value.length === 10 ? wibStartOfDay(value) : new Date(value);
}

function commaList(value: string | null): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/**
 * GET requests: service_request_id (comma list, overrides the rest), service_code (comma list),
 * start_date, end_date (at most 90 days apart; default the last 90 days), status (open, closed).
 * Newest first, at most 1,000.
 */
export async function findServiceRequests(params: URLSearchParams, origin: string, now = new Date()): Promise<ServiceRequest[]> {
  const ids = commaList(params.get("service_request_id"));
  if (ids.length > 0) {
    if (ids.length > OPEN311_MAX_RESULTS) fail(400, `Paling banyak ${OPEN311_MAX_RESULTS} service_request_id / At most ${OPEN311_MAX_RESULTS} ids`);
    return (await open311RequestsByRef(ids)).map((r) => toServiceRequest(r, origin));
  }

  const codes = commaList(params.get("service_code"));
  for (const code of codes) if (!isServiceCode(code)) fail(400, `service_code tidak dikenal: ${code} / Unknown service_code: ${code}`);
  const statuses = commaList(params.get("status"));
  for (const s of statuses) if (s !== "open" && s !== "closed") fail(400, `status harus open atau closed / status must be open or closed`);

  let start = parseW3cDate("start_date", params.get("start_date"));
  let end = parseW3cDate("end_date", params.get("end_date"));
  const window = OPEN311_WINDOW_DAYS * DAY_MS;
  if (start && end) {
    if (end.getTime() < start.getTime()) fail(400, "end_date sebelum start_date / end_date is before start_date");
    if (end.getTime() - start.getTime() > window) fail(400, `Rentang tanggal lebih dari ${OPEN311_WINDOW_DAYS} hari / Date range over ${OPEN311_WINDOW_DAYS} days`);
  } else if (start) end = new Date(start.getTime() + window);
  else if (end) start = new Date(end.getTime() - window);
  else {
    end = now;
    start = new Date(now.getTime() - window);
  }

  const rows = await open311RequestsInWindow({
    from: start!,
    to: end!,
    categories: codes,
    open: statuses.includes("open"),
    closed: statuses.includes("closed"),
    limit: OPEN311_MAX_RESULTS,
  });
  return rows.map((r) => toServiceRequest(r, origin));
}

/** GET requests/<id>: one public request, else 404 (also for confidential and EXTORTION ones). */
export async function findServiceRequest(ref: string, origin: string): Promise<ServiceRequest> {
  const row = await open311RequestByRef(ref);
  if (!row) fail(404, `Permintaan tidak ditemukan: ${ref} / Service request not found`);
  return toServiceRequest(row, origin);
}

/**
 * GET tokens/<token>: the service_request_id behind a token. POST answers a confidential request (every
 * EXTORTION) with a token; it resolves to the request's own confidential reference, whose GET answers
 * 404 like every confidential record, so the client stops polling and nothing is published. A tracking
 * code (the token of older answers) resolves the same way. An unknown token is a 404.
 */
export async function findByToken(token: string): Promise<{ service_request_id: string; token: string }> {
  if (!token || token.length > 200) fail(404, "Token tidak ditemukan", "Token not found");
  const submission = await db.open311Submission.findUnique({ where: { token }, select: { complaint: { select: { ref: true } } } });
  if (submission) return { service_request_id: submission.complaint.ref, token };
  const hash = await resolveTrackingHash(token);
  const row = hash ? await db.complaint.findUnique({ where: { trackingHash: hash }, select: { ref: true } }) : null;
  if (!row) fail(404, "Token tidak ditemukan", "Token not found");
  return { service_request_id: row.ref, token };
}

/** The nearest active unit with a location: an Open311 request without attribute[unitId] goes there. */
export async function nearestActiveUnit(lat: number, lng: number): Promise<{ id: number; name: string } | null> {
  return (await nearestUnitRow(lat, lng)) ?? null;
}

/** address_id names a unit: its id or its slug (the values of attribute[unitId]). Active units only. */
export async function unitForAddressId(addressId: string): Promise<{ id: number } | null> {
  const id = /^\d{1,9}$/.test(addressId) ? Number(addressId) : null;
  return db.unit.findFirst({ where: { active: true, OR: [{ slug: addressId }, ...(id ? [{ id }] : [])] }, select: { id: true } });
}

function folded(value: string): string {
  return value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

/**
 * address_string alone: the active unit whose name or address contains it (or whose name it contains),
 * else an active unit in the kelurahan (then kecamatan) whose name it contains. Null when nothing
 * matches: the client gets a 400 rather than a complaint filed at a guessed office.
 */
export async function unitForAddress(addressString: string): Promise<{ id: number; name: string } | null> {
  const wanted = folded(addressString);
  if (wanted.length < 3) return null;
  const units = await db.unit.findMany({
    where: { active: true },
    orderBy: { id: "asc" },
    select: { id: true, name: true, address: true, kecamatanCode: true, kelurahanCode: true },
  });
  const byText = units.find((u) => {
    const name = folded(u.name);
    return name.includes(wanted) || wanted.includes(name) || (u.address ? folded(u.address).includes(wanted) : false);
  });
  if (byText) return { id: byText.id, name: byText.name };
  const regions = await palembangRegions();
  const padded = ` ${wanted} `;
  // Longest name first: "Sungai Buah" before "Buah"-like shorter names inside it.
  const kelurahan = regions
    .flatMap((kec) => kec.kelurahan.map((kel) => ({ ...kel, kecamatanCode: kec.code })))
    .sort((a, b) => b.name.length - a.name.length)
    .find((kel) => padded.includes(` ${folded(kel.name)} `));
  if (kelurahan) {
    const unit = units.find((u) => u.kelurahanCode === kelurahan.code) ?? units.find((u) => u.kecamatanCode === kelurahan.kecamatanCode);
    if (unit) return { id: unit.id, name: unit.name };
  }
  const kecamatan = [...regions].sort((a, b) => b.name.length - a.name.length).find((kec) => padded.includes(` ${folded(kec.name)} `));
  if (kecamatan) {
    const unit = units.find((u) => u.kecamatanCode === kecamatan.code);
    if (unit) return { id: unit.id, name: unit.name };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// GET servicerequestupdates (mySociety's extension, as FixMyStreet's Open311::GetServiceRequestUpdates
// reads it): one request_update per status change or public note of a public complaint, with
// FixMyStreet's extended status names so it can tell fixed from rejected and duplicate.

export const UPDATE_STATUS: Record<string, string> = {
  NEW: "OPEN",
  VERIFIED: "INVESTIGATING",
  SENT: "ACTION_SCHEDULED",
  ANSWERED: "IN_PROGRESS",
  CLOSED: "FIXED",
  REJECTED: "NO_FURTHER_ACTION",
  DUPLICATE: "DUPLICATE",
};
const UPDATES_DEFAULT_MS = DAY_MS;

export async function findServiceRequestUpdates(request: Request, origin: string, now = new Date()) {
  const params = new URL(request.url).searchParams;
  const key = params.get("api_key");
  if (key && !(await findActiveApiKey(key))) fail(403, "api_key tidak dikenal atau sudah dicabut", "Invalid or revoked api_key");
  let start = parseW3cDate("start_date", params.get("start_date"));
  let end = parseW3cDate("end_date", params.get("end_date"));
  const window = OPEN311_WINDOW_DAYS * DAY_MS;
  if (start && end) {
    if (end.getTime() < start.getTime()) fail(400, "end_date sebelum start_date", "end_date is before start_date");
    if (end.getTime() - start.getTime() > window) fail(400, `Rentang tanggal lebih dari ${OPEN311_WINDOW_DAYS} hari`, `Date range over ${OPEN311_WINDOW_DAYS} days`);
  } else if (start) end = new Date(Math.min(start.getTime() + window, now.getTime()));
  else {
    end = end ?? now;
    start = new Date(end.getTime() - UPDATES_DEFAULT_MS);
  }
  const rows = await open311Updates(start, end!, OPEN311_MAX_RESULTS);
  return rows.map((r) => {
    const status = r.statusTo ?? r.current;
    const publicBody = r.visibility === "PUBLIC" ? r.body : null;
    return {
      update_id: String(r.id),
      service_request_id: r.ref,
      status: UPDATE_STATUS[status] ?? "OPEN",
      description: status === "REJECTED" || status === "DUPLICATE" ? statusNotes(status, publicBody, r.duplicateOfRef) : (publicBody ?? STATUS_NOTES[status] ?? ""),
      updated_datetime: isoWib(r.createdAt),
      media_url: r.photoId === null ? "" : `${origin}/attachments/${r.photoId}`,
    };
  });
}
