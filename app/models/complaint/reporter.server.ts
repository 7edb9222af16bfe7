import { db } from "~/lib/db.server";
import { appendAudit } from "~/lib/audit.server";
import { getEnv } from "~/lib/env.server";
import { hashIp } from "~/lib/crypto.server";
import { ImageError } from "~/lib/images.server";
import { discardPhotos, MAX_PHOTOS, storePhotos, type SavedPhoto, type UploadedPhoto } from "~/lib/uploads.server";
import { PUBLIC_COMPLAINT_WHERE } from "~/models/policy.server";
import { imageMessage, type FieldErrors } from "~/models/complaint/filing.server";
import { canAddInfo, canConfirmFixed, canReopen, OPEN_STATUSES } from "~/models/complaint/status";
import { resolveTrackingHash } from "~/models/complaint/tracking.server";

// What residents do to a complaint that exists: "saya juga mengalami" on a public one, and, holding
// its tracking code, add information, confirm the fix or reopen it.

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
  const open = { ref, ...PUBLIC_COMPLAINT_WHERE, status: { in: OPEN_STATUSES } };
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
