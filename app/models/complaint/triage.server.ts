import { db, type Tx } from "~/lib/db.server";
import { appendAudit } from "~/lib/audit.server";
import { isOneOf, SEVERITIES, type ComplaintStatus } from "~/lib/codes";
import { parseReference } from "~/lib/reference";
import { createFollowUp } from "~/models/follow-up/create.server";
import type { Actor } from "~/models/policy.server";
import type { FieldErrors } from "~/models/complaint/filing.server";
import { findComplaintIdByReference, staffOnly } from "~/models/complaint/queries.server";

// Staff commands on a complaint (inspectors triage; admins moderate): verify, reject, mark as a
// duplicate, send to the unit as a follow-up, redact the public text, hide a photo. Each is one
// transaction with its event and audit row.

type TriageResult = { ok: true; followUpId?: number } | { ok: false; status: number; errors: FieldErrors };

async function transition(
  user: Actor,
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

export function verifyComplaint(user: Actor, id: number) {
  return transition(user, id, ["NEW"], "VERIFIED", "complaint.verify");
}

export function rejectComplaint(user: Actor, id: number, reason: string) {
  const text = reason.trim();
  if (text.length < 5 || text.length > 1000) return Promise.resolve({ ok: false as const, status: 400, errors: { reason: ["complaints.error.reason"] } });
  // The reason goes to the reporter; the public page shows only that it was rejected.
  return transition(user, id, ["NEW", "VERIFIED"], "REJECTED", "complaint.reject", { statusReason: text, eventBody: text, eventVisibility: "REPORTER" });
}



export async function markDuplicate(user: Actor, id: number, ofRef: string): Promise<TriageResult> {
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
export async function sendToUnit(user: Actor, id: number, input: { instruction: string; severity: string; quantity?: string }): Promise<TriageResult> {
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
export async function redactComplaint(user: Actor, id: number, input: { publicDescription: string; reason: string }): Promise<TriageResult> {
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
export async function setPhotoHidden(user: Actor, complaintId: number, attachmentId: number, hidden: boolean, reason: string): Promise<TriageResult> {
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
