import { db, type Tx } from "~/lib/db.server";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import type { ComplaintStatus } from "~/lib/codes";
import { DomainError } from "~/lib/domain-error";
import { parseReference } from "~/lib/reference";
import { createFollowUp } from "~/models/follow-up/create.server";
import type { Actor } from "~/models/policy.server";
import { checkedInput, DuplicateSchema, HidePhotoSchema, RedactSchema, RejectSchema, SendToUnitSchema } from "~/models/complaint/forms.server";
import { findComplaintIdByReference, staffOnly } from "~/models/complaint/queries.server";

// Staff commands on a complaint (inspectors triage; admins moderate): verify, reject, mark as a
// duplicate, send to the unit as a follow-up, redact the public text, hide a photo. Each is one
// transaction with its event and audit row. A refusal is a DomainError: 404 for a complaint this user
// may not see (exactly like a missing one), 409 for one in the wrong status, 400 for bad input.

/** Done; `followUpId` is the follow-up a send created. */
export type TriageDone = { ok: true; followUpId?: number };

const notFound = () => new DomainError("error.notFound", 404);

async function transition(
  user: Actor,
  id: number,
  from: ComplaintStatus[],
  to: ComplaintStatus,
  action: string,
  extra: { statusReason?: string | null; duplicateOfId?: number | null; eventBody?: string | null; eventVisibility?: string } = {},
  then?: (tx: Tx, complaint: { id: number; unitId: number; category: string }) => Promise<unknown>,
): Promise<TriageDone> {
  const now = new Date();
  return auditedTransaction(db, async (tx): Promise<TriageDone> => {
    const complaint = await tx.complaint.findFirst({ where: { id, ...staffOnly(user) }, select: { id: true, status: true, unitId: true, category: true } });
    if (!complaint) throw notFound();
    if (!from.includes(complaint.status as ComplaintStatus)) throw new DomainError("complaints.error.wrongStatus", 409);
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

export async function rejectComplaint(user: Actor, id: number, reason: string) {
  const text = checkedInput(RejectSchema, { reason }).reason;
  // The reason goes to the reporter; the public page shows only that it was rejected.
  return transition(user, id, ["NEW", "VERIFIED"], "REJECTED", "complaint.reject", { statusReason: text, eventBody: text, eventVisibility: "REPORTER" });
}


export async function markDuplicate(user: Actor, id: number, ofRef: string): Promise<TriageDone> {
  checkedInput(DuplicateSchema, { duplicateOf: ofRef });
  const targetId = await findComplaintIdByReference(user, ofRef);
  if (!targetId || targetId === id) throw new DomainError("complaints.error.duplicateOf", 400, "duplicateOf");
  return transition(user, id, ["NEW", "VERIFIED"], "DUPLICATE", "complaint.duplicate", { duplicateOfId: targetId, statusReason: parseReference(ofRef)! });
}

/**
 * Sends a complaint to its unit as a follow-up. The instruction is what the inspector writes and is
 * all the unit head reads: for EXTORTION it is the only trace of the report they ever see. `quantity`
 * (optional, e.g. 180 e-KTP cards not handed over) makes the unit head report how many are still
 * outstanding with each answer.
 */
export async function sendToUnit(user: Actor, id: number, input: { instruction: string; severity: string; quantity?: string }): Promise<TriageDone> {
  const { instruction, severity, quantity } = checkedInput(SendToUnitSchema, input);
  return transition(user, id, ["NEW", "VERIFIED"], "SENT", "complaint.send", {}, (tx, complaint) =>
    createFollowUp(tx, {
      sourceType: "COMPLAINT",
      complaintId: complaint.id,
      unitId: complaint.unitId,
      instruction,
      category: complaint.category,
      severity,
      quantity: quantity ?? null,
      createdById: user.id,
    }),
  );
}

/** Redacts the public text (the original stays in `description` for staff). Empty text removes the redaction. */
export async function redactComplaint(user: Actor, id: number, input: { publicDescription?: string; reason: string }): Promise<TriageDone> {
  const checked = checkedInput(RedactSchema, { publicDescription: input.publicDescription, moderationReason: input.reason });
  const text = checked.publicDescription ?? "";
  const reason = checked.moderationReason;
  const now = new Date();
  return auditedTransaction(db, async (tx): Promise<TriageDone> => {
    const complaint = await tx.complaint.findFirst({ where: { id, ...staffOnly(user) }, select: { id: true, publicDescription: true } });
    if (!complaint) throw notFound();
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
export async function setPhotoHidden(user: Actor, complaintId: number, attachmentId: number, hidden: boolean, reason: string): Promise<TriageDone> {
  const text = hidden ? checkedInput(HidePhotoSchema, { hideReason: reason }).hideReason : reason.trim();
  const now = new Date();
  return auditedTransaction(db, async (tx): Promise<TriageDone> => {
    const attachment = await tx.attachment.findFirst({
      where: {
        id: attachmentId,
        OR: [{ complaintId, complaint: staffOnly(user) }, { complaintEvent: { complaintId, complaint: staffOnly(user) } }],
      },
      select: { id: true, hiddenAt: true },
    });
    if (!attachment) throw notFound();
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
