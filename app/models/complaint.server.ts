import { instructionPreview } from "~/lib/text";
import { db, type Tx } from "~/lib/db.server";
import { kecamatanOptions } from "~/lib/kecamatan";
import { pageParam } from "~/lib/http.server";
import { publicText } from "~/models/open-data.server";
import { maskedText, maskPersonalData } from "~/lib/mask-personal-data";
import { dataVersionForCache } from "~/lib/read-db.server";
import { msToDate, readStatement } from "~/lib/read-db.server";
import { appendAudit } from "~/lib/audit.server";
import { getEnv, publicUrl } from "~/lib/env.server";
import { hashIp, sha256 } from "~/lib/crypto.server";
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, SEVERITIES, isOneOf, type ComplaintStatus } from "~/lib/codes";
import { ImageError } from "~/lib/images.server";
import { discardPhotos, MAX_PHOTOS, storePhotos, type SavedPhoto, type UploadedPhoto } from "~/lib/uploads.server";
import { ANSWER_FOR_REPORTER_WHERE, isStaff, isPublicComplaint, privacyForFiling, publicComplaintSql, publicReporterName, PUBLIC_COMPLAINT_WHERE, reporterAnswerText } from "~/models/policy.server";
import type { SessionUser } from "~/lib/session.server";
import { wibDateKey, formatDateTime } from "~/lib/time";
import { createFollowUp } from "~/models/follow-up.server";
import { groupWriteTransaction } from "~/lib/write-db.server";
import { parseReference } from "~/lib/reference";
import { insertComplaintRows, type CreatedComplaint } from "~/models/complaint-write.server";
import type Database from "better-sqlite3";
import { ComplaintInputSchema, type ComplaintInput } from "~/models/complaint-input";
import { canonicalTrackingCode, groupTrackingCode, legacyTrackingCandidates, trackingCodeFromBytes } from "~/lib/tracking-code";
import crypto from "node:crypto";

export { ComplaintInputSchema, type ComplaintInput } from "~/models/complaint-input";

// The Complaint aggregate. Every read puts its access rule in the query's `where` and `select`:
// reporter identity (name, phone, e-mail, IP hash, user agent) is selected only for inspectors and
// admins; confidential complaints never match a public query; a unit head is never given a complaint
// row here at all (they see the follow-up an inspector writes, in the follow-ups capability).

const DAY = 24 * 60 * 60 * 1000;
export const REOPEN_WINDOW_DAYS = 30;
export const SIMILAR_WINDOW_DAYS = 30;
export const OPEN_STATUSES: ComplaintStatus[] = ["NEW", "VERIFIED", "SENT", "ANSWERED"];

export type FieldErrors = Record<string, string[]>;
export type CreateComplaintContext = {
  source?: "WEB" | "OPEN311" | "WHATSAPP" | "SMS" | "EMAIL";
  apiKeyId?: number | null;
  ip?: string | null;
  userAgent?: string | null;
  photos?: UploadedPhoto[];
  /** Photos already checked, re-encoded and stored (the web form's held photos): attached as they are. */
  savedPhotos?: SavedPhoto[];
  now?: Date;
  /** The address as an Open311 client posted it (address_string); shown instead of the unit's. */
  address?: string | null;
  /**
   * A phone number that is not an Indonesian mobile number, stored as given (Open311 clients send
   * landlines and foreign numbers; the web form asks for a mobile number only).
   */
  reporterPhoneAsGiven?: string | null;
  /**
   * Runs inside the write transaction before the complaint's rows: a non-null answer stops the insert
   * and is returned as `stopped` (Open311 uses it for idempotent repeats and per-key quotas, so two
   * identical posts at the same moment cannot both create a complaint).
   */
  beforeInsert?: (sqlite: Database.Database) => unknown;
  /**
   * Runs inside the same transaction after the complaint's rows are written, with the new tracking code
   * (the web form keeps its idempotency answer here, app/lib/idempotency.server.ts).
   */
  afterInsert?: (sqlite: Database.Database, complaint: CreatedComplaint, trackingCode: string) => void;
};
export type CreateComplaintResult =
  | { ok: true; complaint: { id: number; ref: string; privacy: string; category: string; status: string; createdAt: Date }; trackingCode: string }
  | { ok: false; status: number; errors: FieldErrors; stopped?: unknown };

/** A new private tracking code, grouped for people (`7KQ2M-…`), and the hash that is stored. */
export function newTrackingCode(): { code: string; hash: string } {
  const canonical = trackingCodeFromBytes(crypto.randomBytes(26));
  return { code: groupTrackingCode(canonical), hash: sha256(canonical) };
}

/** The form of a code to show and to put in links: new codes grouped in capitals, older codes as typed. */
export function displayTrackingCode(typed: string): string {
  const canonical = canonicalTrackingCode(typed);
  return canonical ? groupTrackingCode(canonical) : typed.trim().replace(/\s+/g, "");
}

/**
 * The stored hash that a typed code stands for, or null when no complaint has it. A new-style code is
 * normalised first (case, spaces, hyphens, look-alikes); older codes were hashed exactly as issued, so
 * the typed string (and its capitals, for the demo codes) are tried as well.
 */
export async function resolveTrackingHash(typed: string): Promise<string | null> {
  if (!typed || typed.length > 200) return null;
  const hashes = new Set<string>();
  const canonical = canonicalTrackingCode(typed);
  if (canonical) hashes.add(sha256(canonical));
  for (const legacy of legacyTrackingCandidates(typed)) hashes.add(sha256(legacy));
  if (hashes.size === 0) return null;
  const row = await db.complaint.findFirst({ where: { trackingHash: { in: [...hashes] } }, select: { trackingHash: true } });
  return row?.trackingHash ?? null;
}

function issuesToErrors(issues: { path: (string | number)[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "");
    (errors[key] ??= []).includes(issue.message) || errors[key]!.push(issue.message);
  }
  return errors;
}

const imageMessage: Record<ImageError["code"], string> = {
  type: "complaints.error.photoType",
  heic: "complaints.error.photoHeic",
  tooManyPixels: "complaints.error.photoPixels",
  corrupt: "complaints.error.photoCorrupt",
  empty: "complaints.error.photoCorrupt",
};

/** The field errors of a complaint's values, without storing anything (the form's photo-error path). */
export function complaintInputErrors(input: unknown): FieldErrors {
  const parsed = ComplaintInputSchema.safeParse(input);
  return parsed.success ? {} : issuesToErrors(parsed.error.issues);
}

/** Checks, re-encodes and stores a form's photos up front, so a form that comes back can hold them. */
export async function storeComplaintPhotos(photos: UploadedPhoto[]): Promise<{ ok: true; saved: SavedPhoto[] } | { ok: false; status: number; error: string }> {
  try {
    return { ok: true, saved: await storePhotos(photos) };
  } catch (error) {
    if (error instanceof ImageError) return { ok: false, status: error.status, error: imageMessage[error.code] };
    throw error;
  }
}

/**
 * Creates a complaint: the one function for the web form and the Open311 API. Validates with
 * ComplaintInputSchema, checks the unit, forces EXTORTION to confidential, re-encodes and saves the
 * photos first, then writes the complaint, its CREATED event, attachments, audit event and the
 * reporter's e-mail notification in one transaction on the raw write connection (hot path, ADR 0010),
 * deleting the saved photos if it fails.
 */
export async function createComplaint(input: unknown, context: CreateComplaintContext = {}): Promise<CreateComplaintResult> {
  const now = context.now ?? new Date();
  const photos = context.photos ?? [];
  const alreadySaved = context.savedPhotos ?? [];
  const parsed = ComplaintInputSchema.safeParse(input);
  const errors: FieldErrors = parsed.success ? {} : issuesToErrors(parsed.error.issues);
  if (photos.length + alreadySaved.length > MAX_PHOTOS) errors.photos = ["complaints.error.photoCount"];
  if (!parsed.success || Object.keys(errors).length) return { ok: false, status: 400, errors };
  const data: ComplaintInput = parsed.data;

  const unit = await db.unit.findFirst({ where: { id: data.unitId, active: true }, select: { id: true, name: true } });
  if (!unit) return { ok: false, status: 400, errors: { unitId: ["complaints.error.unit"] } };

  // Pungli reports are always confidential, whatever was posted: the accused unit must not read them.
  const privacy = privacyForFiling(data.category, data.privacy);

  let fresh: SavedPhoto[] = [];
  try {
    fresh = await storePhotos(photos);
  } catch (error) {
    if (error instanceof ImageError) return { ok: false, status: error.status, errors: { photos: [imageMessage[error.code]] } };
    throw error;
  }
  const saved = [...alreadySaved, ...fresh];

  const { code: trackingCode, hash: trackingHash } = newTrackingCode();
  const year = wibDateKey(now).slice(0, 4);
  const env = getEnv();
  try {
    const reporterEmail = data.reporterEmail ?? null;
    // Shared with the filings of the same moment: one COMMIT, one fsync for all (ADR 0023).
    const outcome = await groupWriteTransaction((sqlite): { complaint: CreatedComplaint } | { stopped: unknown } => {
      const stopped = context.beforeInsert?.(sqlite);
      if (stopped !== undefined && stopped !== null) return { stopped };
      const complaint = insertComplaintRows(sqlite, {
        year,
        trackingHash,
        unitId: unit.id,
        category: data.category,
        privacy,
        description: data.description,
        reporterName: data.reporterName ?? null,
        reporterPhone: data.reporterPhone ?? context.reporterPhoneAsGiven ?? null,
        reporterEmail,
        reporterIpHash: context.ip ? hashIp(context.ip, env.SESSION_SECRET) : null,
        reporterUserAgent: context.userAgent ? context.userAgent.slice(0, 300) : null,
        lat: data.lat ?? null,
        lng: data.lng ?? null,
        address: context.address ?? null,
        source: context.source ?? "WEB",
        apiKeyId: context.apiKeyId ?? null,
        photos: saved,
        now,
        email: reporterEmail
          ? (ref) => {
              const link = `${publicUrl()}/track/${trackingCode}`;
              return {
                toEmail: reporterEmail,
                subject: `Pengaduan ${ref} sudah kami terima`,
                body:
                  `Terima kasih. Pengaduan Anda tentang ${unit.name} sudah kami terima pada ${formatDateTime(now)}.\n\n` +
                  `Nomor pengaduan: ${ref}\n` +
                  `Ikuti perkembangannya, tambahkan keterangan, atau konfirmasi jika sudah selesai di:\n${link}\n\n` +
                  `Simpan tautan ini dan jangan bagikan: siapa pun yang memegangnya dapat melihat dan menanggapi pengaduan Anda.\n\n— Tindak, Pemerintah Kota Palembang`,
                link,
              };
            }
          : null,
      });
      context.afterInsert?.(sqlite, complaint, trackingCode);
      return { complaint };
    });
    if (!("complaint" in outcome)) {
      await discardPhotos(saved);
      return { ok: false, status: 409, errors: {}, stopped: outcome.stopped };
    }
    return { ok: true, complaint: outcome.complaint, trackingCode };
  } catch (error) {
    // Held photos stay for the form's next try (the orphan sweep removes them if it never comes).
    await discardPhotos(fresh);
    throw error;
  }
}

// -------------------------------------------------------------------------------------------------
// Public reads

const publicWhere = PUBLIC_COMPLAINT_WHERE;

export type PublicListFilters = { unitId?: number; kecamatan?: string; category?: string; status?: string; page?: number };
export const PAGE_SIZE = 20;

export function parseListFilters(params: URLSearchParams): PublicListFilters {
  const unitId = Number(params.get("unitId"));
  const page = pageParam(params);
  const kecamatan = params.get("kecamatan") ?? "";
  const category = params.get("category") ?? "";
  const status = params.get("status") ?? "";
  return {
    unitId: Number.isSafeInteger(unitId) && unitId > 0 ? unitId : undefined,
    kecamatan: /^\d{2}\.\d{2}\.\d{2}$/.test(kecamatan) ? kecamatan : undefined,
    category: isOneOf(COMPLAINT_CATEGORIES, category) ? category : undefined,
    status: isOneOf(COMPLAINT_STATUSES, status) ? status : undefined,
    page,
  };
}

type PublicListRow = {
  ref: string;
  category: string;
  status: string;
  privacy: string;
  description: string;
  publicDescription: string | null;
  reporterName: string | null;
  meTooCount: number;
  createdAt: number;
  unitId: number;
  unitName: string;
  kecamatanCode: string;
};

// The pager's total is cached per filter set while the data version (sqlite-adapter.server.ts, moved
// by every write of this process) stays the same: counting every public complaint cost 30 ms per
// request at 1M complaints (issue 8). The map is emptied when the version moves and capped so that
// arbitrary unitId values cannot grow it without bound.
const COUNT_CACHE_MAX = 1000;
const countCache: { version: number; database: string; totals: Map<string, number> } = { version: -1, database: "", totals: new Map() };

/** The SQL WHERE of the public list (the policy's public rule and the filters) and its named parameters. */
function publicListWhere(filters: PublicListFilters): { sql: string; args: Record<string, unknown> } {
  const rule = publicComplaintSql("c");
  let sql = rule.sql;
  const args: Record<string, unknown> = { ...rule.params };
  if (filters.unitId) {
    sql += ` AND c.unitId = @unitId`;
    args.unitId = filters.unitId;
  }
  if (filters.kecamatan) {
    sql += ` AND c.unitId IN (SELECT id FROM Unit WHERE kecamatanCode = @kecamatan)`;
    args.kecamatan = filters.kecamatan;
  }
  if (filters.category) {
    sql += ` AND c.category = @category`;
    args.category = filters.category;
  }
  if (filters.status) {
    sql += ` AND c.status = @status`;
    args.status = filters.status;
  }
  return { sql, args };
}

function publicListTotal(where: { sql: string; args: Record<string, unknown> }): number {
  const version = dataVersionForCache();
  // The database too: tests switch DATABASE_URL between copies without a write in between.
  const database = getEnv().DATABASE_URL;
  if (countCache.version !== version || countCache.database !== database || countCache.totals.size >= COUNT_CACHE_MAX) {
    countCache.version = version;
    countCache.database = database;
    countCache.totals.clear();
  }
  const key = `${where.sql}|${JSON.stringify(where.args)}`;
  let total = countCache.totals.get(key);
  if (total === undefined) {
    total = Number(readStatement<{ n: number }>(`SELECT COUNT(*) AS n FROM Complaint c WHERE ${where.sql}`).get(where.args)!.n);
    countCache.totals.set(key, total);
  }
  return total;
}

/**
 * Non-confidential complaints, newest first. Reporter names only where the reporter chose `public`.
 * A hot public read (ADR 0010): prepared statements on the read-only connection, the total cached.
 */
export async function listPublicComplaints(filters: PublicListFilters) {
  const where = publicListWhere(filters);
  const page = filters.page ?? 1;
  const total = publicListTotal(where);
  const rows = readStatement<PublicListRow>(
    // The page's ids are chosen first, then joined to their rows and units: a join before the
    // ORDER BY … LIMIT makes SQLite look up the unit of every matching complaint (100 ms at 100k).
    // Unfiltered (the common case), the ids come from the index on (createdAt, unitId, privacy,
    // category), which holds the privacy rule: OFFSET skips index entries without reading rows, so
    // page 200 costs 1–2 ms at 100k and at 1M (25–32 ms reading rows). Left to itself SQLite sorts
    // by the privacy index or reads every skipped row. Filtered lists keep the planner's choice.
    // CROSS JOIN keeps the page as the outer loop (SQLite otherwise scans Complaint and probes it).
    `SELECT c.ref, c.category, c.status, c.privacy, c.description, c.publicDescription, c.reporterName, c.meTooCount,
            c.createdAt, u.id AS unitId, u.name AS unitName, u.kecamatanCode
     FROM (SELECT c.id FROM Complaint c ${!filters.unitId && !filters.kecamatan && !filters.category && !filters.status ? "INDEXED BY Complaint_createdAt_unitId_privacy_category_idx" : ""}
           WHERE ${where.sql} ORDER BY c.createdAt DESC, c.id DESC LIMIT @limit OFFSET @offset) p
     CROSS JOIN Complaint c ON c.id = p.id
     JOIN Unit u ON u.id = c.unitId
     ORDER BY c.createdAt DESC, c.id DESC`,
  ).all({ ...where.args, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    complaints: rows.map((r) => ({
      ref: r.ref,
      category: r.category,
      status: r.status,
      privacy: r.privacy,
      meTooCount: r.meTooCount,
      createdAt: msToDate(r.createdAt)!,
      unit: { id: r.unitId, name: r.unitName, kecamatanCode: r.kecamatanCode },
      summary: publicText(r).slice(0, 240),
      reporterName: publicReporterName(r),
    })),
  };
}

type FilterUnitRow = { id: number; name: string; type: string; kecamatanCode: string };

/** Filter choices for the public list: active units and the kecamatan they are in. */
export async function listFilterOptions() {
  // Same read connection as the list: this runs on every request of /complaints.
  const units = readStatement<FilterUnitRow>(
    `SELECT id, name, type, kecamatanCode FROM Unit WHERE active = 1 ORDER BY kecamatanCode ASC, name ASC`,
  ).all();
  return {
    units: units.map(({ id, name }) => ({ id, name })),
    kecamatan: kecamatanOptions(units.map((u) => u.kecamatanCode)),
  };
}

/** One non-confidential complaint by its public ref; null (→ 404) for a confidential or unknown one. */
export async function getPublicComplaint(ref: string) {
  if (!/^ADU-\d{4}-\d{6}$/.test(ref)) return null;
  const row = await db.complaint.findFirst({
    where: { ref, ...publicWhere },
    select: {
      id: true,
      ref: true,
      category: true,
      status: true,
      privacy: true,
      description: true,
      publicDescription: true,
      reporterName: true,
      meTooCount: true,
      lat: true,
      lng: true,
      createdAt: true,
      closedAt: true,
      unit: { select: { id: true, name: true, address: true } },
      duplicateOf: { select: { ref: true, privacy: true, category: true } },
      events: { where: { visibility: "PUBLIC" }, orderBy: { createdAt: "asc" }, select: { id: true, kind: true, statusTo: true, createdAt: true } },
      attachments: { where: { hiddenAt: null }, orderBy: { id: "asc" }, select: { id: true, width: true, height: true } },
      followUps: {
        orderBy: { createdAt: "asc" },
        select: {
          state: true,
          dueAt: true,
          responses: {
            orderBy: { createdAt: "asc" },
            select: { id: true, body: true, createdAt: true, attachments: { where: { hiddenAt: null }, select: { id: true } } },
          },
        },
      },
    },
  });
  if (!row) return null;
  const { description, publicDescription, reporterName, duplicateOf, ...rest } = row;
  return {
    ...rest,
    // The unit's answers are public text too: masked like the complaint's.
    followUps: rest.followUps.map((f) => ({ ...f, responses: f.responses.map((r) => ({ ...r, body: maskedText(r.body) })) })),
    text: publicText({ description, publicDescription }),
    reporterName: publicReporterName({ ...row, reporterName }),
    duplicateOfRef: duplicateOf && isPublicComplaint(duplicateOf) ? duplicateOf.ref : null,
  };
}

/** Open, non-confidential complaints of the same unit and category from the last 30 days. */
export async function findSimilarOpenComplaints(unitId: number, category: string, now = new Date()) {
  if (!isOneOf(COMPLAINT_CATEGORIES, category) || !Number.isSafeInteger(unitId)) return [];
  const rows = await db.complaint.findMany({
    // AND, not a spread: the public rule has its own condition on `category`.
    where: {
      AND: [publicWhere, { unitId, category, status: { in: OPEN_STATUSES }, createdAt: { gte: new Date(now.getTime() - SIMILAR_WINDOW_DAYS * DAY) } }],
    },
    orderBy: [{ meTooCount: "desc" }, { createdAt: "desc" }],
    take: 5,
    select: { ref: true, description: true, publicDescription: true, meTooCount: true, createdAt: true, status: true },
  });
  return rows.map(({ description, publicDescription, ...r }) => ({ ...r, summary: publicText({ description, publicDescription }).slice(0, 200) }));
}

/** Prisma's "unique constraint failed". */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export type MeTooResult = { ref: string; meTooCount: number; counted: boolean };

/**
 * "Saya juga mengalami": one more resident has the same problem. Only open, public complaints.
 * It counts at most once per address and once per signed-in account (issue 13): a supporter is known
 * by its hashed address and, signed in, by its account (MeTooSupport); if either has supported this
 * complaint already, nothing changes and `counted` is false. The unique index settles parallel repeats.
 */
export async function addMeToo(ref: string, context: { ip?: string | null; userId?: number | null; now?: Date } = {}): Promise<MeTooResult | null> {
  const now = context.now ?? new Date();
  const ipHash = context.ip ? hashIp(context.ip, getEnv().SESSION_SECRET) : null;
  const keys = [ipHash ? `ip:${ipHash}` : null, context.userId ? `user:${context.userId}` : null].filter((k): k is string => k !== null);
  const open = { ref, ...publicWhere, status: { in: OPEN_STATUSES } };
  try {
    return await db.$transaction(async (tx) => {
      const complaint = await tx.complaint.findFirst({ where: open, select: { id: true, ref: true, meTooCount: true } });
      if (!complaint) return null;
      const known = await tx.meTooSupport.findFirst({ where: { complaintId: complaint.id, supporterKey: { in: keys } }, select: { id: true } });
      if (known) return { ref: complaint.ref, meTooCount: complaint.meTooCount, counted: false };
      await tx.meTooSupport.createMany({ data: keys.map((supporterKey) => ({ complaintId: complaint.id, supporterKey, createdAt: now })) });
      const updated = await tx.complaint.update({
        where: { id: complaint.id },
        data: { meTooCount: { increment: 1 } },
        select: { ref: true, meTooCount: true },
      });
      await tx.complaintEvent.create({ data: { complaintId: complaint.id, kind: "ME_TOO", fromReporter: true, visibility: "PUBLIC", createdAt: now } });
      await appendAudit(tx, {
        actorKind: "REPORTER",
        action: "complaint.me_too",
        entityType: "Complaint",
        entityId: complaint.id,
        before: { meTooCount: complaint.meTooCount },
        after: { meTooCount: updated.meTooCount, ipHash },
        at: now,
      });
      return { ...updated, counted: true };
    });
  } catch (error) {
    // A parallel repeat that got past the look-up meets the unique index: it is a repeat all the same.
    if (!isUniqueViolation(error)) throw error;
    const complaint = await db.complaint.findFirst({ where: open, select: { ref: true, meTooCount: true } });
    return complaint ? { ...complaint, counted: false } : null;
  }
}

// -------------------------------------------------------------------------------------------------
// The reporter's own view, by tracking code

const reporterSelect = {
  id: true,
  ref: true,
  legacyRef: true,
  category: true,
  status: true,
  statusReason: true,
  privacy: true,
  description: true,
  meTooCount: true,
  createdAt: true,
  closedAt: true,
  lat: true,
  lng: true,
  unit: { select: { id: true, name: true } },
  // The reporter sees everything meant for them, never the staff's internal notes.
  events: {
    where: { visibility: { in: ["PUBLIC", "REPORTER"] } },
    orderBy: { createdAt: "asc" as const },
    select: { id: true, kind: true, body: true, statusFrom: true, statusTo: true, fromReporter: true, createdAt: true, attachments: { select: { id: true } } },
  },
  attachments: { orderBy: { id: "asc" as const }, select: { id: true } },
  followUps: {
    orderBy: { createdAt: "asc" as const },
    select: {
      id: true,
      state: true,
      dueAt: true,
      // Only answers the policy lets the reporter read: a confidential or pungli complaint's answer once
      // an inspector released it (ANSWER_FOR_REPORTER_WHERE).
      responses: {
        where: ANSWER_FOR_REPORTER_WHERE,
        orderBy: { createdAt: "asc" as const },
        select: { id: true, body: true, reporterBody: true, releasedAt: true, createdAt: true, attachments: { where: { hiddenAt: null }, select: { id: true } } },
      },
    },
  },
};

export async function getComplaintByTrackingCode(code: string) {
  const hash = await resolveTrackingHash(code);
  if (!hash) return null;
  const complaint = await db.complaint.findUnique({ where: { trackingHash: hash }, select: reporterSelect });
  if (!complaint) return null;
  // The reporter's payload carries the text they may read, never the unit's original of an edited answer.
  const followUps = complaint.followUps.map((f) => ({
    ...f,
    responses: f.responses.map((r) => ({ id: r.id, body: reporterAnswerText(r), createdAt: r.createdAt, attachments: r.attachments })),
  }));
  return { ...complaint, followUps, isPublic: isPublicComplaint(complaint) };
}

export function canReopen(complaint: { status: string; closedAt: Date | null }, now = new Date()): boolean {
  return complaint.status === "CLOSED" && !!complaint.closedAt && now.getTime() - complaint.closedAt.getTime() <= REOPEN_WINDOW_DAYS * DAY;
}
export function canConfirmFixed(complaint: { status: string }): boolean {
  return ["VERIFIED", "SENT", "ANSWERED"].includes(complaint.status);
}
export function canAddInfo(complaint: { status: string }): boolean {
  return !["CLOSED", "REJECTED", "DUPLICATE"].includes(complaint.status);
}

type ReporterActionResult = { ok: true } | { ok: false; status: number; errors: FieldErrors };

/** The reporter adds information and/or photos (same photo rules as a new complaint). */
export async function addReporterInfo(code: string, body: string, photos: UploadedPhoto[], now = new Date()): Promise<ReporterActionResult> {
  const hash = await resolveTrackingHash(code);
  const complaint = hash ? await db.complaint.findUnique({ where: { trackingHash: hash }, select: { id: true, status: true } }) : null;
  if (!complaint) return { ok: false, status: 404, errors: {} };
  if (!canAddInfo(complaint)) return { ok: false, status: 409, errors: { form: ["complaints.error.notOpen"] } };
  const text = body.trim();
  if (text.length > 4000) return { ok: false, status: 400, errors: { info: ["complaints.error.descriptionLong"] } };
  if (!text && photos.length === 0) return { ok: false, status: 400, errors: { info: ["complaints.error.infoEmpty"] } };
  if (photos.length > MAX_PHOTOS) return { ok: false, status: 400, errors: { photos: ["complaints.error.photoCount"] } };
  let saved: SavedPhoto[] = [];
  try {
    saved = await storePhotos(photos);
  } catch (error) {
    if (error instanceof ImageError) return { ok: false, status: error.status, errors: { photos: [imageMessage[error.code]] } };
    throw error;
  }
  try {
    await db.$transaction(async (tx) => {
      const event = await tx.complaintEvent.create({
        data: { complaintId: complaint.id, kind: "INFO", body: text || null, fromReporter: true, visibility: "REPORTER", createdAt: now },
      });
      for (const photo of saved) await tx.attachment.create({ data: { ...photo, complaintEventId: event.id, createdAt: now } });
      await appendAudit(tx, { actorKind: "REPORTER", action: "complaint.add_info", entityType: "Complaint", entityId: complaint.id, after: { eventId: event.id, photos: saved.length }, at: now });
    });
  } catch (error) {
    await discardPhotos(saved);
    throw error;
  }
  return { ok: true };
}

async function reporterTransition(code: string, kind: "CONFIRMED" | "REOPENED", now: Date, note?: string): Promise<ReporterActionResult> {
  const hash = await resolveTrackingHash(code);
  if (!hash) return { ok: false, status: 404, errors: {} };
  return db.$transaction(async (tx): Promise<ReporterActionResult> => {
    const complaint = await tx.complaint.findUnique({ where: { trackingHash: hash }, select: { id: true, status: true, closedAt: true } });
    if (!complaint) return { ok: false as const, status: 404, errors: {} };
    const allowed = kind === "CONFIRMED" ? canConfirmFixed(complaint) : canReopen(complaint, now);
    if (!allowed) return { ok: false as const, status: 409, errors: { form: [kind === "CONFIRMED" ? "complaints.error.cannotConfirm" : "complaints.error.cannotReopen"] } };
    // A reopened complaint goes back to the inspectors' queue.
    const statusTo = kind === "CONFIRMED" ? "CLOSED" : "NEW";
    await tx.complaint.update({
      where: { id: complaint.id },
      data: { status: statusTo, closedAt: kind === "CONFIRMED" ? now : null, statusReason: null },
    });
    await tx.complaintEvent.create({
      data: { complaintId: complaint.id, kind, body: note?.trim().slice(0, 4000) || null, statusFrom: complaint.status, statusTo, fromReporter: true, visibility: "REPORTER", createdAt: now },
    });
    await appendAudit(tx, {
      actorKind: "REPORTER",
      action: kind === "CONFIRMED" ? "complaint.confirm_fixed" : "complaint.reopen",
      entityType: "Complaint",
      entityId: complaint.id,
      before: { status: complaint.status },
      after: { status: statusTo },
      at: now,
    });
    return { ok: true as const };
  });
}

/** "Sudah selesai": the reporter confirms the problem is fixed → CLOSED. */
export function confirmFixed(code: string, now = new Date()) {
  return reporterTransition(code, "CONFIRMED", now);
}

/** Reopens a complaint closed less than 30 days ago. */
export function reopenComplaint(code: string, reason: string, now = new Date()) {
  return reporterTransition(code, "REOPENED", now, reason);
}

// -------------------------------------------------------------------------------------------------
// Staff: triage and moderation (inspectors; admins moderate)

type Staff = Pick<SessionUser, "id" | "role">;

/** The where fragment for staff reads: nothing for anyone else, so a leaked call still reads nothing. */
function staffOnly(user: Pick<SessionUser, "role">) {
  return isStaff(user) ? {} : { id: -1 };
}

/** Rows a page of the triage queue shows (signed-in lists: 25 a page, issue 17). */
export const TRIAGE_PAGE_SIZE = 25;

export async function listTriageQueue(user: Staff, options: { status?: string; page?: number } = {}) {
  const status = isOneOf(COMPLAINT_STATUSES, options.status) ? options.status : "NEW";
  const page = options.page && options.page > 1 ? options.page : 1;
  const where = { ...staffOnly(user), status };
  const [total, rows] = await Promise.all([
    db.complaint.count({ where }),
    db.complaint.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * TRIAGE_PAGE_SIZE,
      take: TRIAGE_PAGE_SIZE,
      select: {
        id: true,
        ref: true,
        category: true,
        privacy: true,
        status: true,
        description: true,
        meTooCount: true,
        createdAt: true,
        // Only what a row of the queue shows (issue 17: lean loader data).
        unit: { select: { name: true } },
        _count: { select: { attachments: true } },
      },
    }),
  ]);
  return { status, total, page, pages: Math.max(1, Math.ceil(total / TRIAGE_PAGE_SIZE)), complaints: rows.map(({ description, ...r }) => ({ ...r, summary: instructionPreview(description) })) };
}

/** Everything about one complaint, identity included: inspectors and admins only (null otherwise). */
export async function getComplaintForStaff(user: Staff, id: number) {
  if (!isStaff(user)) return null;
  const complaint = await db.complaint.findFirst({
    where: { id, ...staffOnly(user) },
    select: {
      id: true,
      ref: true,
      legacyRef: true,
      category: true,
      privacy: true,
      status: true,
      statusReason: true,
      description: true,
      publicDescription: true,
      moderatedAt: true,
      reporterName: true,
      reporterPhone: true,
      reporterEmail: true,
      reporterIpHash: true,
      reporterUserAgent: true,
      lat: true,
      lng: true,
      source: true,
      meTooCount: true,
      createdAt: true,
      closedAt: true,
      unit: { select: { id: true, name: true } },
      duplicateOf: { select: { id: true, ref: true } },
      events: {
        orderBy: { createdAt: "asc" },
        select: { id: true, kind: true, body: true, statusFrom: true, statusTo: true, fromReporter: true, visibility: true, createdAt: true, author: { select: { name: true } }, attachments: { select: { id: true, hiddenAt: true, hiddenReason: true } } },
      },
      attachments: { orderBy: { id: "asc" }, select: { id: true, hiddenAt: true, hiddenReason: true, width: true, height: true } },
      followUps: { orderBy: { createdAt: "asc" }, select: { id: true, state: true, dueAt: true, instruction: true } },
    },
  });
  if (!complaint) return null;
  // What the public reads of this text had personal data masked: the page tells the inspector what.
  const masking = maskPersonalData(complaint.publicDescription ?? complaint.description);
  return { ...complaint, publicMasking: masking.counts, publicMaskedText: masking.masked ? masking.text : null };
}

type TriageResult = { ok: true; followUpId?: number } | { ok: false; status: number; errors: FieldErrors };

async function transition(
  user: Staff,
  id: number,
  from: ComplaintStatus[],
  to: ComplaintStatus,
  action: string,
  extra: { statusReason?: string | null; duplicateOfId?: number | null; eventBody?: string | null; eventVisibility?: string } = {},
  then?: (tx: Tx, complaint: { id: number; unitId: number; category: string }) => Promise<unknown>,
): Promise<TriageResult> {
  const now = new Date();
  return db.$transaction(async (tx): Promise<TriageResult> => {
    const complaint = await tx.complaint.findFirst({ where: { id, ...staffOnly(user) }, select: { id: true, status: true, unitId: true, category: true } });
    if (!complaint) return { ok: false as const, status: 404, errors: {} };
    if (!from.includes(complaint.status as ComplaintStatus)) return { ok: false as const, status: 409, errors: { form: ["complaints.error.wrongStatus"] } };
    await tx.complaint.update({
      where: { id },
      data: { status: to, statusReason: extra.statusReason ?? null, ...(extra.duplicateOfId !== undefined ? { duplicateOfId: extra.duplicateOfId } : {}) },
    });
    await tx.complaintEvent.create({
      data: { complaintId: id, kind: "STATUS", body: extra.eventBody ?? null, statusFrom: complaint.status, statusTo: to, visibility: extra.eventVisibility ?? "PUBLIC", authorId: user.id, createdAt: now },
    });
    const result = then ? await then(tx, complaint) : undefined;
    await appendAudit(tx, {
      actorId: user.id,
      actorKind: "USER",
      action,
      entityType: "Complaint",
      entityId: id,
      before: { status: complaint.status },
      after: { status: to, reason: extra.statusReason ?? undefined, duplicateOfId: extra.duplicateOfId ?? undefined },
      at: now,
    });
    return { ok: true as const, followUpId: (result as { id?: number } | undefined)?.id };
  });
}

export function verifyComplaint(user: Staff, id: number) {
  return transition(user, id, ["NEW"], "VERIFIED", "complaint.verify");
}

export function rejectComplaint(user: Staff, id: number, reason: string) {
  const text = reason.trim();
  if (text.length < 5 || text.length > 1000) return Promise.resolve({ ok: false as const, status: 400, errors: { reason: ["complaints.error.reason"] } });
  // The reason goes to the reporter; the public page shows only that it was rejected.
  return transition(user, id, ["NEW", "VERIFIED"], "REJECTED", "complaint.reject", { statusReason: text, eventBody: text, eventVisibility: "REPORTER" });
}

/**
 * The id of the complaint a reference names, for staff: its reference (ADU or RHS) or the old ADU
 * reference of a confidential complaint moved to the RHS series. Null for anyone else.
 */
export async function findComplaintIdByReference(user: Pick<SessionUser, "role">, typed: string): Promise<number | null> {
  const ref = parseReference(typed);
  if (!ref || !isStaff(user)) return null;
  const row = await db.complaint.findFirst({ where: { OR: [{ ref }, { legacyRef: ref }], ...staffOnly(user) }, select: { id: true } });
  return row?.id ?? null;
}

export async function markDuplicate(user: Staff, id: number, ofRef: string): Promise<TriageResult> {
  const targetId = await findComplaintIdByReference(user, ofRef);
  if (!targetId || targetId === id) return { ok: false, status: 400, errors: { duplicateOf: ["complaints.error.duplicateOf"] } };
  return transition(user, id, ["NEW", "VERIFIED"], "DUPLICATE", "complaint.duplicate", { duplicateOfId: targetId, statusReason: parseReference(ofRef)! });
}

/**
 * Sends the complaint to its unit as a follow-up. The instruction is what the inspector writes and is
 * all the unit head reads: for EXTORTION it is the only trace of the report they ever see.
 */
/** The largest count an inspector may ask a unit to report on (cards, files, queue numbers). */
export const MAX_FOLLOW_UP_QUANTITY = 1_000_000;

/**
 * Sends a complaint to its unit as a follow-up. `quantity` (optional, e.g. 180 e-KTP cards not handed
 * over) makes the unit head report how many are still outstanding with each answer.
 */
export async function sendToUnit(user: Staff, id: number, input: { instruction: string; severity: string; quantity?: string }): Promise<TriageResult> {
  const instruction = input.instruction.trim();
  const errors: FieldErrors = {};
  if (instruction.length < 10 || instruction.length > 4000) errors.instruction = ["complaints.error.instruction"];
  if (!isOneOf(SEVERITIES, input.severity)) errors.severity = ["complaints.error.severity"];
  const rawQuantity = (input.quantity ?? "").trim();
  const quantity = rawQuantity === "" ? null : /^\d{1,7}$/.test(rawQuantity) ? Number(rawQuantity) : NaN;
  if (quantity !== null && !(quantity >= 1 && quantity <= MAX_FOLLOW_UP_QUANTITY)) errors.quantity = ["complaints.error.quantity"];
  if (Object.keys(errors).length) return { ok: false, status: 400, errors };
  return transition(user, id, ["NEW", "VERIFIED"], "SENT", "complaint.send", {}, (tx, complaint) =>
    createFollowUp(tx, {
      sourceType: "COMPLAINT",
      complaintId: complaint.id,
      unitId: complaint.unitId,
      instruction,
      category: complaint.category,
      severity: input.severity,
      quantity,
      createdById: user.id,
    }),
  );
}

/** Redacts the public text (the original stays in `description` for staff). Empty text removes the redaction. */
export async function redactComplaint(user: Staff, id: number, input: { publicDescription: string; reason: string }): Promise<TriageResult> {
  const text = input.publicDescription.trim();
  const reason = input.reason.trim();
  const errors: FieldErrors = {};
  if (text.length > 4000) errors.publicDescription = ["complaints.error.descriptionLong"];
  if (reason.length < 5 || reason.length > 1000) errors.moderationReason = ["complaints.error.reason"];
  if (Object.keys(errors).length) return { ok: false, status: 400, errors };
  const now = new Date();
  return db.$transaction(async (tx): Promise<TriageResult> => {
    const complaint = await tx.complaint.findFirst({ where: { id, ...staffOnly(user) }, select: { id: true, publicDescription: true } });
    if (!complaint) return { ok: false as const, status: 404, errors: {} };
    await tx.complaint.update({ where: { id }, data: { publicDescription: text || null, moderatedAt: text ? now : null } });
    await appendAudit(tx, {
      actorId: user.id,
      actorKind: "USER",
      action: "complaint.redact",
      entityType: "Complaint",
      entityId: id,
      before: { publicDescription: complaint.publicDescription },
      after: { publicDescription: text || null, reason },
      at: now,
    });
    return { ok: true as const };
  });
}

/** Hides (or shows again) a photo of a complaint, with a reason; the file is kept for staff. */
export async function setPhotoHidden(user: Staff, complaintId: number, attachmentId: number, hidden: boolean, reason: string): Promise<TriageResult> {
  const text = reason.trim();
  if (hidden && (text.length < 5 || text.length > 1000)) return { ok: false, status: 400, errors: { hideReason: ["complaints.error.reason"] } };
  const now = new Date();
  return db.$transaction(async (tx): Promise<TriageResult> => {
    const attachment = await tx.attachment.findFirst({
      where: {
        id: attachmentId,
        OR: [{ complaintId, complaint: staffOnly(user) }, { complaintEvent: { complaintId, complaint: staffOnly(user) } }],
      },
      select: { id: true, hiddenAt: true },
    });
    if (!attachment) return { ok: false as const, status: 404, errors: {} };
    await tx.attachment.update({ where: { id: attachmentId }, data: hidden ? { hiddenAt: now, hiddenReason: text } : { hiddenAt: null, hiddenReason: null } });
    await appendAudit(tx, {
      actorId: user.id,
      actorKind: "USER",
      action: hidden ? "attachment.hide" : "attachment.show",
      entityType: "Attachment",
      entityId: attachmentId,
      before: { hidden: !!attachment.hiddenAt },
      after: { hidden, reason: text || undefined, complaintId },
      at: now,
    });
    return { ok: true as const };
  });
}

/** Count of complaints (tests and figures). */
export function countComplaints() {
  return db.complaint.count();
}

// -------------------------------------------------------------------------------------------------
// Choosing a unit on the form

function distanceKm(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLng = (bLng - aLng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** Active units for the form: filtered by `q` (name or address), nearest first when a location is given. */
export async function unitChoices(options: { q?: string | null; lat?: number | null; lng?: number | null } = {}) {
  const q = options.q?.trim().slice(0, 100) ?? "";
  const units = await db.unit.findMany({
    where: { active: true, ...(q ? { OR: [{ name: { contains: q } }, { address: { contains: q } }] } : {}) },
    orderBy: [{ type: "asc" }, { name: "asc" }],
    select: { id: true, name: true, type: true, kecamatanCode: true, lat: true, lng: true },
  });
  const { lat, lng } = options;
  const located = typeof lat === "number" && typeof lng === "number" && Number.isFinite(lat) && Number.isFinite(lng);
  const rows = units.map((u) => ({
    id: u.id,
    name: u.name,
    type: u.type,
    kecamatanCode: u.kecamatanCode,
    km: located && u.lat !== null && u.lng !== null ? Math.round(distanceKm(lat!, lng!, u.lat, u.lng) * 10) / 10 : null,
  }));
  if (located) rows.sort((a, b) => (a.km ?? Infinity) - (b.km ?? Infinity));
  return rows;
}

/** Complaints one address may file through the web form in 24 hours (COMPLAINT_LIMIT_PER_DAY, default 30). */
export function complaintsPerDay(): number {
  const n = Number(process.env.COMPLAINT_LIMIT_PER_DAY ?? 30);
  return Number.isSafeInteger(n) && n > 0 ? n : 30;
}

/** Complaints filed from this address in the last 24 hours (created ones, never refused attempts). */
export async function complaintsFiledToday(ip: string): Promise<number> {
  return db.complaint.count({
    where: { reporterIpHash: hashIp(ip, getEnv().SESSION_SECRET), createdAt: { gt: new Date(Date.now() - 24 * 60 * 60_000) } },
  });
}
