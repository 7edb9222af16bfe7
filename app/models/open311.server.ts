import { db } from "~/lib/db.server";
import { maskedText } from "~/lib/mask-personal-data";
import { CLOSED_COMPLAINT_STATUSES, COMPLAINT_CATEGORIES, isOneOf, OPEN311_PRIVACY_NAMES, PRIVACY_CODES, type ComplaintCategory } from "~/lib/codes";
import { isoWib, wibStartOfDay } from "~/lib/time";
import { fail } from "~/lib/open311.server";
import { publicText } from "~/models/open-data.server";
import { resolveTrackingHash } from "~/models/complaint/tracking.server";
import { isProtectedCategory, isPublicComplaint, publicComplaintSql } from "~/models/policy.server";
import { msToDate, readStatement } from "~/lib/read-db.server";
import { palembangRegions } from "~/lib/regions.server";
import { findActiveApiKey } from "~/models/api-key.server";

// Open311 GeoReport v2 over Tindak's records (docs/open311.md). Each complaint category is a service;
// a public complaint is a service request whose service_request_id is its public ref (ADU-…).
// Confidential and EXTORTION complaints are never served, not even by id: they answer 404.

export const OPEN311_WINDOW_DAYS = 90;
export const OPEN311_MAX_RESULTS = 1000;
const DAY_MS = 86_400_000;

type ServiceInfo = { name: string; description: string; keywords: string; group: string };

/** The service list, in Bahasa Indonesia (the language of the people who file complaints). */
export const SERVICES: Record<ComplaintCategory, ServiceInfo> = {
  UNDISTRIBUTED_DOCUMENT: {
    name: "Dokumen jadi belum diserahkan",
    description:
      "e-KTP, Kartu Keluarga, akta kelahiran atau dokumen kependudukan lain yang sudah jadi tetapi belum diserahkan kepada warga.",
    keywords: "e-KTP, KTP-el, KK, kartu keluarga, akta, dukcapil, dokumen",
    group: "Administrasi kependudukan",
  },
  EXTORTION: {
    name: "Pungutan liar (pungli)",
    description:
      "Permintaan uang atau imbalan yang tidak resmi oleh petugas. Laporan ini selalu dirahasiakan: isi dan identitas pelapor tidak dipublikasikan.",
    keywords: "pungli, pungutan liar, suap, uang pelicin, calo",
    group: "Integritas",
  },
  SERVICE_QUALITY: {
    name: "Sikap pelayanan (senyum, sapa, salam)",
    description: "Petugas tidak ramah, tidak sopan, atau tidak menjalankan senyum, sapa, salam.",
    keywords: "senyum, sapa, salam, sikap, ramah, sopan, petugas",
    group: "Pelayanan",
  },
  WAITING_TIME: {
    name: "Waktu tunggu",
    description: "Antrean atau waktu tunggu layanan yang terlalu lama.",
    keywords: "antre, antrean, lama, menunggu, waktu tunggu",
    group: "Pelayanan",
  },
  FACILITY: {
    name: "Sarana dan prasarana",
    description: "Fasilitas kantor layanan rusak atau tidak tersedia: ruang tunggu, toilet, kursi, akses disabilitas.",
    keywords: "fasilitas, sarana, prasarana, toilet, ruang tunggu, rusak",
    group: "Sarana",
  },
  OTHER: {
    name: "Lainnya",
    description: "Masalah layanan publik lain yang tidak termasuk kategori di atas.",
    keywords: "lainnya, umum",
    group: "Lainnya",
  },
};

/** Attribute codes accepted as attribute[code] on POST requests. */
export const ATTR_UNIT = "unitId";
export const ATTR_PRIVACY = "privacy";
export const ATTR_DOCUMENT_COUNT = "document_count";

/** Every service has a definition (unit and privacy), so `metadata` is true for all of them. */
export function serviceList() {
  return COMPLAINT_CATEGORIES.map((code) => ({
    service_code: code,
    service_name: SERVICES[code].name,
    description: SERVICES[code].description,
    metadata: true,
    // EXTORTION requests are confidential: they get a token (the private tracking code), not an id.
    type: isProtectedCategory(code) ? "batch" : "realtime",
    keywords: SERVICES[code].keywords,
    group: SERVICES[code].group,
  }));
}

export function isServiceCode(code: string): code is ComplaintCategory {
  return isOneOf(COMPLAINT_CATEGORIES, code);
}

type Attribute = {
  variable: boolean;
  code: string;
  datatype: "string" | "number" | "datetime" | "text" | "singlevaluelist" | "multivaluelist";
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
};

/** The definition of a service: the unit (active units), privacy and, for documents, how many. */
export async function serviceDefinition(code: ComplaintCategory) {
  const units = await db.unit.findMany({
    where: { active: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  const attributes: Attribute[] = [
    {
      variable: true,
      code: ATTR_UNIT,
      datatype: "singlevaluelist",
      required: false,
      datatype_description:
        "Unit layanan yang diadukan. Jika kosong, dipilih unit aktif terdekat dari lat/long.",
      order: 1,
      description: "Unit layanan (kantor) yang diadukan",
      values: units.map((u) => ({ key: String(u.id), name: u.name })),
    },
  ];
  if (code === "UNDISTRIBUTED_DOCUMENT") {
    attributes.push({
      variable: true,
      code: ATTR_DOCUMENT_COUNT,
      datatype: "number",
      required: false,
      datatype_description: "Bilangan bulat 1–10.000",
      order: attributes.length + 1,
      description: "Jumlah dokumen jadi yang belum diserahkan",
    });
  }
  if (isProtectedCategory(code)) {
    attributes.push({
      variable: false,
      code: "confidential_notice",
      datatype: "string",
      required: false,
      datatype_description: null,
      order: attributes.length + 1,
      description: "Laporan pungli selalu rahasia: isi dan identitas pelapor tidak dipublikasikan.",
    });
  } else {
    attributes.push({
      variable: true,
      code: ATTR_PRIVACY,
      datatype: "singlevaluelist",
      required: false,
      datatype_description: "Jika kosong: anonymous (isi publik, identitas disembunyikan).",
      order: attributes.length + 1,
      description: "Kerahasiaan laporan",
      values: PRIVACY_CODES.map((key) => ({ key, name: OPEN311_PRIVACY_NAMES[key] })),
    });
  }
  return { service_code: code, attributes };
}

/** Service Discovery (http://wiki.open311.org/Service_Discovery): where and in which formats. */
export const OPEN311_CHANGESET = "2026-11-28T00:00:00+07:00";
export function discovery(origin: string) {
  return {
    changeset: OPEN311_CHANGESET,
    contact: `Tindak, Pemerintah Kota Palembang: ${origin}/`,
    key_service: "Kunci API (api_key) diberikan oleh admin Tindak di /admin/api-keys. / API keys are issued by Tindak admins.",
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: `${origin}/open311/v2`,
        changeset: OPEN311_CHANGESET,
        type: "production",
        formats: ["text/xml", "application/json"],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// GET requests
//
// A hot public read (issue 8, ADR 0010): one prepared statement on the read-only connection per
// filter shape, with the unit, the latest follow-up deadline, the first visible photo and the latest
// public note as correlated subqueries (each an index lookup per row), instead of five Prisma queries.
// The public rule (the policy's publicComplaintSql, with named parameters) is in the WHERE.

type RequestRow = {
  id: number;
  ref: string;
  category: string;
  status: string;
  description: string;
  publicDescription: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  duplicateOfRef: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  unit: { name: string; address: string | null };
  followUps: Array<{ dueAt: Date }>;
  attachments: Array<{ id: number }>;
  events: Array<{ body: string | null }>;
};

type RawRequestRow = {
  id: number;
  ref: string;
  category: string;
  status: string;
  description: string;
  publicDescription: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  duplicateOfRef: string | null;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  unitName: string;
  unitAddress: string | null;
  dueAt: number | null;
  photoId: number | null;
  note: string | null;
};

/**
 * The statement for the complaints that `filter` (SQL after the public rule, with its ORDER BY and
 * LIMIT) selects. The page is chosen first and only its rows are joined to their unit and get their
 * subqueries: joining before ORDER BY … LIMIT would do that for every complaint in the window.
 * CROSS JOIN keeps the page as the outer loop.
 */
function requestSql(filter: string) {
  return `SELECT
  c.id, c.ref, c.category, c.status, c.description, c.publicDescription, c.lat, c.lng, c.address,
  (SELECT d.ref FROM Complaint d WHERE d.id = c.duplicateOfId AND ${publicComplaintSql("d").sql}) AS duplicateOfRef,
  c.createdAt, c.updatedAt, c.closedAt, u.name AS unitName, u.address AS unitAddress,
  (SELECT f.dueAt FROM FollowUp f WHERE f.complaintId = c.id ORDER BY f.createdAt DESC, f.id DESC LIMIT 1) AS dueAt,
  (SELECT a.id FROM Attachment a WHERE a.complaintId = c.id AND a.hiddenAt IS NULL ORDER BY a.id ASC LIMIT 1) AS photoId,
  (SELECT e.body FROM ComplaintEvent e WHERE e.complaintId = c.id AND e.visibility = 'PUBLIC' AND e.body IS NOT NULL
     ORDER BY e.createdAt DESC, e.id DESC LIMIT 1) AS note
FROM (SELECT * FROM Complaint c WHERE ${PUBLIC_RULE.sql} ${filter}) c
CROSS JOIN Unit u ON u.id = c.unitId
ORDER BY c.createdAt DESC, c.id DESC`;
}

const PUBLIC_RULE = publicComplaintSql("c");

const CLOSED_SQL_LIST = CLOSED_COMPLAINT_STATUSES.map((s) => `'${s}'`).join(", ");

function fromRaw(r: RawRequestRow): RequestRow {
  return {
    id: r.id,
    ref: r.ref,
    category: r.category,
    status: r.status,
    description: r.description,
    publicDescription: r.publicDescription,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    duplicateOfRef: r.duplicateOfRef,
    createdAt: msToDate(r.createdAt)!,
    updatedAt: msToDate(r.updatedAt)!,
    closedAt: msToDate(r.closedAt),
    unit: { name: r.unitName, address: r.unitAddress },
    followUps: r.dueAt === null ? [] : [{ dueAt: msToDate(r.dueAt)! }],
    attachments: r.photoId === null ? [] : [{ id: Number(r.photoId) }],
    events: r.note === null ? [] : [{ body: r.note }],
  };
}

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

export function toServiceRequest(c: RequestRow, origin: string) {
  const closed = (CLOSED_COMPLAINT_STATUSES as readonly string[]).includes(c.status);
  const followUp = c.followUps[0];
  const photo = c.attachments[0];
  return {
    service_request_id: c.ref,
    status: closed ? "closed" : "open",
    status_notes: statusNotes(c.status, c.events[0]?.body ? maskedText(c.events[0].body) : null, c.duplicateOfRef),
    service_name: isServiceCode(c.category) ? SERVICES[c.category].name : c.category,
    service_code: c.category,
    description: publicText(c),
    agency_responsible: c.unit.name,
    service_notice: null,
    requested_datetime: isoWib(c.createdAt),
    updated_datetime: isoWib(closed && c.closedAt ? c.closedAt : c.updatedAt),
    expected_datetime: followUp ? isoWib(followUp.dueAt) : null,
    address: c.address ?? (c.unit.address ? `${c.unit.name}, ${c.unit.address}` : c.unit.name),
    address_id: null,
    zipcode: null,
    lat: c.lat,
    long: c.lng,
    media_url: photo ? `${origin}/attachments/${photo.id}` : null,
  };
}

export type ServiceRequest = ReturnType<typeof toServiceRequest>;

const W3C = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

function parseW3cDate(name: string, value: string | null): Date | null {
  if (value === null || value === "") return null; // spec: an empty optional argument = absent
  if (!W3C.test(value)) fail(400, `${name} harus berformat W3C/ISO 8601, mis. 2026-01-01T00:00:00+07:00 / ${name} must be a W3C datetime`);
  const date = value.length === 10 ? wibStartOfDay(value) : new Date(value);
  if (Number.isNaN(date.getTime())) fail(400, `${name} tidak valid / invalid ${name}`);
  return date;
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
    // The list travels as one JSON parameter: one statement whatever the number of ids.
    const rows = readStatement<RawRequestRow>(
      requestSql(`AND c.ref IN (SELECT value FROM json_each(?))`),
    ).all(JSON.stringify(ids), PUBLIC_RULE.params);
    return rows.map((r) => toServiceRequest(fromRaw(r), origin));
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

  // The SQL varies only with which filters are present (at most 6 shapes, each prepared once);
  // the values are parameters.
  let sql = `AND c.createdAt >= ? AND c.createdAt <= ?`;
  const args: unknown[] = [start!.getTime(), end!.getTime()];
  if (codes.length) {
    sql += ` AND c.category IN (SELECT value FROM json_each(?))`;
    args.push(JSON.stringify(codes));
  }
  const wantOpen = statuses.includes("open");
  const wantClosed = statuses.includes("closed");
  if (wantOpen !== wantClosed) sql += ` AND c.status ${wantClosed ? "IN" : "NOT IN"} (${CLOSED_SQL_LIST})`;
  sql += ` ORDER BY c.createdAt DESC, c.id DESC LIMIT ${OPEN311_MAX_RESULTS}`;
  const rows = readStatement<RawRequestRow>(requestSql(sql)).all(...args, PUBLIC_RULE.params);
  return rows.map((r) => toServiceRequest(fromRaw(r), origin));
}

/** GET requests/<id>: one public request, else 404 (also for confidential and EXTORTION ones). */
export async function findServiceRequest(ref: string, origin: string): Promise<ServiceRequest> {
  const row = readStatement<RawRequestRow>(requestSql(`AND c.ref = ? LIMIT 1`)).get(ref, PUBLIC_RULE.params);
  if (!row) fail(404, `Permintaan tidak ditemukan: ${ref} / Service request not found`);
  return toServiceRequest(fromRaw(row), origin);
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
  // Equirectangular distance is exact enough inside one city; cos(3°S) ≈ 0.9986.
  const rows = await db.$queryRaw<Array<{ id: number | bigint; name: string }>>`
    SELECT id, name FROM Unit
    WHERE active = 1 AND lat IS NOT NULL AND lng IS NOT NULL
    ORDER BY ((lat - ${lat}) * (lat - ${lat}) + (lng - ${lng}) * (lng - ${lng}) * 0.9973) ASC, id ASC
    LIMIT 1`;
  const row = rows[0];
  return row ? { id: Number(row.id), name: row.name } : null;
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

type RawUpdateRow = {
  id: number;
  ref: string;
  statusTo: string | null;
  current: string;
  body: string | null;
  visibility: string;
  createdAt: number;
  duplicateOfRef: string | null;
  photoId: number | null;
};

const UPDATES_SQL = `SELECT e.id, c.ref, e.statusTo, c.status AS current, e.body, e.visibility, e.createdAt,
  (SELECT d.ref FROM Complaint d WHERE d.id = c.duplicateOfId AND ${publicComplaintSql("d").sql}) AS duplicateOfRef,
  (SELECT a.id FROM Attachment a WHERE a.complaintEventId = e.id AND a.hiddenAt IS NULL ORDER BY a.id ASC LIMIT 1) AS photoId
FROM ComplaintEvent e JOIN Complaint c ON c.id = e.complaintId
WHERE ${PUBLIC_RULE.sql}
  AND e.kind <> 'CREATED' AND e.createdAt >= ? AND e.createdAt <= ?
  AND (e.statusTo IS NOT NULL OR (e.visibility = 'PUBLIC' AND e.body IS NOT NULL))
ORDER BY e.createdAt ASC, e.id ASC LIMIT ${OPEN311_MAX_RESULTS}`;

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
  const rows = readStatement<RawUpdateRow>(UPDATES_SQL).all(start.getTime(), end!.getTime(), PUBLIC_RULE.params);
  return rows.map((r) => {
    const status = r.statusTo ?? r.current;
    const publicBody = r.visibility === "PUBLIC" ? r.body : null;
    return {
      update_id: String(r.id),
      service_request_id: r.ref,
      status: UPDATE_STATUS[status] ?? "OPEN",
      description: status === "REJECTED" || status === "DUPLICATE" ? statusNotes(status, publicBody, r.duplicateOfRef) : (publicBody ?? STATUS_NOTES[status] ?? ""),
      updated_datetime: isoWib(msToDate(r.createdAt)!),
      media_url: r.photoId === null ? "" : `${origin}/attachments/${r.photoId}`,
    };
  });
}
