import type { Tx } from "~/lib/db.server";
import { appendAudit } from "~/lib/audit.server";
import { enqueue, type OutboxMessage } from "~/lib/notify.server";

// A follow-up sent from a complaint keeps that complaint and its reporter in step: the complaint's
// status and the history the reporter reads on /track, the reporter's e-mail, and for a confidential or
// pungli complaint the answer held back until an inspector releases it (docs/decisions/0015).

/** Keeps a complaint source in step: its status, and a history step the reporter sees on /track. */
export async function stepComplaint(
  tx: Tx,
  complaint: { id: number; status: string } | null,
  to: "ANSWERED" | "CLOSED" | "SENT",
  body: string,
  authorId: number,
  now: Date,
) {
  if (!complaint) return;
  // The reporter may have confirmed the fix already (CLOSED): closing again would add an empty step.
  if (complaint.status === to && to !== "ANSWERED") return;
  await tx.complaint.update({
    where: { id: complaint.id },
    data: { status: to, closedAt: to === "CLOSED" ? now : null, updatedAt: now },
  });
  await tx.complaintEvent.create({
    data: {
      complaintId: complaint.id,
      kind: to === "ANSWERED" ? "ANSWER" : "STATUS",
      body,
      statusFrom: complaint.status,
      statusTo: to,
      visibility: "REPORTER",
      authorId,
      createdAt: now,
    },
  });
}

/**
 * Residents get e-mail only when they left an address; the tracking code is hashed, so no link to it.
 * The address is read here, by complaint id, straight into the outbox row: it is never part of what a
 * model function returns, so nothing on a unit head's path can show it.
 */
export async function notifyResident(tx: Tx, complaintId: number | null, message: OutboxMessage, now: Date) {
  if (!complaintId) return;
  const complaint = await tx.complaint.findUnique({ where: { id: complaintId }, select: { reporterEmail: true } });
  if (!complaint?.reporterEmail) return;
  await enqueue(tx, { toEmail: complaint.reporterEmail }, message, now);
}

/** A held answer: an internal step of the complaint (staff read it on triage); the reporter sees nothing yet. */
export async function recordHeldAnswer(tx: Tx, complaintId: number, body: string, authorId: number, now: Date) {
  await tx.complaintEvent.create({
    data: { complaintId, kind: "ANSWER", body, visibility: "INTERNAL", authorId, createdAt: now },
  });
}

/**
 * Releases a held answer to its reporter with the text the inspector accepted (possibly edited), and
 * writes who released what to the audit trail: the original stays in `body`, the reporter reads
 * `reporterBody` only.
 */
export async function releaseAnswer(
  tx: Tx,
  inspectorId: number,
  followUpId: number,
  complaintId: number,
  response: { id: number; body: string },
  text: string,
  now: Date,
): Promise<string> {
  await tx.response.update({ where: { id: response.id }, data: { reporterBody: text, releasedAt: now } });
  // The reporter's history gets the released text; the status moves with the closing step that follows.
  await tx.complaintEvent.create({ data: { complaintId, kind: "ANSWER", body: text, visibility: "REPORTER", authorId: inspectorId, createdAt: now } });
  const edited = text !== response.body;
  await appendAudit(tx, {
    actorId: inspectorId,
    actorKind: "USER",
    action: "followup.answer.release",
    entityType: "FollowUp",
    entityId: followUpId,
    before: edited ? { body: response.body } : undefined,
    after: { responseId: response.id, edited, reporterBody: text },
    at: now,
  });
  return text;
}

