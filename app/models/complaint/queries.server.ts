import { instructionPreview } from "~/lib/text";
import { db } from "~/lib/db.server";
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, isOneOf } from "~/lib/codes";
import { maskedText, maskPersonalData } from "~/lib/mask-personal-data";
import { parseReference } from "~/lib/reference";
import { publicText } from "~/models/open-data.server";
import { ANSWER_FOR_REPORTER_WHERE, isPublicComplaint, isStaff, publicReporterName, PUBLIC_COMPLAINT_WHERE, reporterAnswerText, type Actor } from "~/models/policy.server";
import { DAY_MS, OPEN_STATUSES, SIMILAR_WINDOW_DAYS } from "~/models/complaint/status";
import { resolveTrackingHash } from "~/models/complaint/tracking.server";
import type { UnitChoice } from "~/models/complaint/types";

// Reads of complaints. Every read puts its access rule in the query's `where` and `select`: reporter
// identity (name, phone, e-mail, IP hash, user agent) is selected only for inspectors and admins;
// confidential complaints never match a public query; a unit head is never given a complaint row
// here at all (they see the follow-up an inspector writes, in the follow-ups capability).

/** One non-confidential complaint by its public ref; null (→ 404) for a confidential or unknown one. */
export async function getPublicComplaint(ref: string) {
  if (!/^ADU-\d{4}-\d{6}$/.test(ref)) return null;
  const row = await db.complaint.findFirst({
    where: { ref, ...PUBLIC_COMPLAINT_WHERE },
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
      AND: [PUBLIC_COMPLAINT_WHERE, { unitId, category, status: { in: OPEN_STATUSES }, createdAt: { gte: new Date(now.getTime() - SIMILAR_WINDOW_DAYS * DAY_MS) } }],
    },
    orderBy: [{ meTooCount: "desc" }, { createdAt: "desc" }],
    take: 5,
    select: { ref: true, description: true, publicDescription: true, meTooCount: true, createdAt: true, status: true },
  });
  return rows.map(({ description, publicDescription, ...r }) => ({ ...r, summary: publicText({ description, publicDescription }).slice(0, 200) }));
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

// -------------------------------------------------------------------------------------------------
// Staff reads (inspectors; admins moderate)

/** The where fragment for staff reads and writes: nothing for anyone else, so a leaked call still reads nothing. */
export function staffOnly(user: Pick<Actor, "role">) {
  return isStaff(user) ? {} : { id: -1 };
}

/** Rows a page of the triage queue shows (signed-in lists: 25 a page, issue 17). */
export const TRIAGE_PAGE_SIZE = 25;

/** A row of the queue as the page shows it: the description's preview for the description. Each field by
 * name: object rest (`{ description, ...r }`) took V8's slow path, about 4 µs a row (issue 17). */
function triageRow(r: { id: number; ref: string; category: string; privacy: string; status: string; description: string; meTooCount: number; createdAt: Date; unit: { name: string }; _count: { attachments: number } }) {
  return { id: r.id, ref: r.ref, category: r.category, privacy: r.privacy, status: r.status, meTooCount: r.meTooCount, createdAt: r.createdAt, unit: r.unit, _count: r._count, summary: instructionPreview(r.description) };
}

export async function listTriageQueue(user: Actor, options: { status?: string; page?: number } = {}) {
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
  return { status, total, page, pages: Math.max(1, Math.ceil(total / TRIAGE_PAGE_SIZE)), complaints: rows.map(triageRow) };
}

/** Everything about one complaint, identity included: inspectors and admins only (null otherwise). */
export async function getComplaintForStaff(user: Actor, id: number) {
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

/**
 * The id of the complaint a reference names, for staff: its reference (ADU or RHS) or the old ADU
 * reference of a confidential complaint moved to the RHS series. Null for anyone else.
 */
export async function findComplaintIdByReference(user: Pick<Actor, "role">, typed: string): Promise<number | null> {
  const ref = parseReference(typed);
  if (!ref || !isStaff(user)) return null;
  const row = await db.complaint.findFirst({ where: { OR: [{ ref }, { legacyRef: ref }], ...staffOnly(user) }, select: { id: true } });
  return row?.id ?? null;
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
export async function unitChoices(options: { q?: string | null; lat?: number | null; lng?: number | null } = {}): Promise<UnitChoice[]> {
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
