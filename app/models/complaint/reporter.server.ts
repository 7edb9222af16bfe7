import { db } from "~/lib/db.server";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import { getEnv } from "~/lib/env.server";
import { hashIp } from "~/lib/crypto.server";
import { DomainError } from "~/lib/domain-error";
import { discardPhotos, MAX_PHOTOS, type UploadedPhoto } from "~/lib/uploads.server";
import { PUBLIC_COMPLAINT_WHERE } from "~/models/policy.server";
import { storeComplaintPhotos } from "~/models/complaint/filing.server";
import { checkedInput, ReporterInfoSchema } from "~/models/complaint/forms.server";
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
    return await auditedTransaction(db, async (tx) => {
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

/** Done (a refusal is a DomainError: 404 for an unknown code, 409 for a complaint in the wrong status). */
export type ReporterDone = { ok: true };

const unknownCode = () => new DomainError("error.notFound", 404);

/** The reporter adds information and/or photos (same photo rules as a new complaint). */
export async function addReporterInfo(code: string, body: string, photos: UploadedPhoto[], now = new Date()): Promise<ReporterDone> {
  const hash = await resolveTrackingHash(code);
  const complaint = hash ? await db.complaint.findUnique({ where: { trackingHash: hash }, select: { id: true, status: true } }) : null;
  if (!complaint) throw unknownCode();
  if (!canAddInfo(complaint)) throw new DomainError("complaints.error.notOpen", 409);
  const text = checkedInput(ReporterInfoSchema, { info: body }).info ?? "";
  if (!text && photos.length === 0) throw new DomainError("complaints.error.infoEmpty", 400, "info");
  if (photos.length > MAX_PHOTOS) throw new DomainError("complaints.error.photoCount", 400, "photos");
  const saved = await storeComplaintPhotos(photos);
  try {
    await auditedTransaction(db, async (tx) => {
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

async function reporterTransition(code: string, kind: "CONFIRMED" | "REOPENED", now: Date, note?: string): Promise<ReporterDone> {
  const hash = await resolveTrackingHash(code);
  if (!hash) throw unknownCode();
  return auditedTransaction(db, async (tx): Promise<ReporterDone> => {
    const complaint = await tx.complaint.findUnique({ where: { trackingHash: hash }, select: { id: true, status: true, closedAt: true } });
    if (!complaint) throw unknownCode();
    const allowed = kind === "CONFIRMED" ? canConfirmFixed(complaint) : canReopen(complaint, now);
    if (!allowed) throw new DomainError(kind === "CONFIRMED" ? "complaints.error.cannotConfirm" : "complaints.error.cannotReopen", 409);
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
