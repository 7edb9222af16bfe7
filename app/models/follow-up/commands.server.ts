import { db, type Tx } from "~/lib/db.server";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import { DomainError } from "~/lib/domain-error";
import { notFound } from "~/lib/http.server";
import type { AlsoInTransaction } from "~/lib/idempotency.server";
import { enqueue, usersWithRole } from "~/lib/notify.server";
import { formatDateTime } from "~/lib/time";
import type { SavedPhoto } from "~/lib/uploads.server";
import { answerNeedsInspectorRelease, can, ROLE, unitScope, type Actor, type Permission } from "~/models/policy.server";
import { stepComplaint, notifyResident, recordHeldAnswer, releaseAnswer } from "./complaint-steps.server";
import { computeDeadlines } from "./create.server";
import {
  acceptedMessage,
  answeredMessage,
  extensionDecidedMessage,
  extensionRequestedMessage,
  rejectedMessage,
  reporterAnsweredMessage,
  reporterClosedMessage,
  acceptedWithOutstandingNote,
  answerReturnedStep,
  COMPLAINT_CLOSED_STEP,
} from "./emails.server";
import type { AnswerFields, DecideExtensionInput, ExtensionInput, VerifyInput } from "./schema";

// What people do to a follow-up: the unit head answers or asks for more time, the inspector verifies
// the answer or decides on the request.
//
// States: OPEN → ANSWERED → DONE, or ANSWERED → (rejected) → OPEN. Every transition is a conditional
// update on the state it expects (`updateMany where state = …`), so two concurrent requests can never
// both win, and every change appends its audit event and outbox rows in the same transaction.
// The input arrives parsed by the form's schema (schema.ts); who may post which form is checked by the
// action from the permission table (app/lib/follow-up-actions.server.ts), and again here (defence in
// depth, docs/decisions/0024) for any other caller. The access rule sits in each query's `where`
// (unitScope), so a follow-up out of reach reads exactly like a missing one (404), and what depends on
// the follow-up itself is refused with a DomainError.

/** The same permission the action checked, for callers that are not the page's action. */
function requirePermission(user: Actor, permission: Permission) {
  if (!can(user, permission)) throw new DomainError("fu.error.notAllowed", 403);
}

/** Reads the follow-up inside the transaction with the access rule in the where; 404 otherwise. */
async function loadForChange(tx: Tx, user: Actor, id: number) {
  const row = await tx.followUp.findFirst({
    where: { id, ...unitScope(user) },
    select: {
      id: true,
      state: true,
      unitId: true,
      dueAt: true,
      originalDueAt: true,
      quantity: true,
      outstandingQuantity: true,
      instruction: true,
      category: true,
      severity: true,
      acknowledgedAt: true,
      complaintId: true,
      // No reporter field here: this row is read on the unit head's paths.
      complaint: { select: { id: true, status: true, privacy: true, category: true } },
    },
  });
  if (!row) notFound();
  return row;
}

/** Refuses (409) a change to a follow-up that is not in the state the change starts from. */
function expectState(f: { state: string }, from: "OPEN" | "ANSWERED") {
  if (f.state === "DONE") throw new DomainError("fu.error.alreadyDone", 409);
  if (f.state !== from) throw new DomainError(from === "OPEN" ? "fu.error.notOpen" : "fu.error.notAnswered", 409);
}

/** Conditional update on the expected state: a concurrent transition makes this one fail with 409. */
async function moveState(tx: Tx, id: number, from: "OPEN" | "ANSWERED", data: Record<string, unknown>) {
  const result = await tx.followUp.updateMany({ where: { id, state: from }, data });
  if (result.count !== 1) throw new DomainError(from === "OPEN" ? "fu.error.notOpen" : "fu.error.notAnswered", 409);
}

/** The outstanding quantity an answer reports: required, and within 0…quantity, for a follow-up with a quantity. */
function outstandingOf(f: { quantity: number | null }, reported: number | null | undefined): number | null {
  if (f.quantity === null) {
    if (reported !== null && reported !== undefined) throw new DomainError("fu.error.quantityNotApplicable", 400, "outstandingQuantity");
    return null;
  }
  if (reported === null || reported === undefined) throw new DomainError("fu.error.quantityRequired", 400, "outstandingQuantity");
  if (reported < 0) throw new DomainError("fu.error.quantityNegative", 400, "outstandingQuantity");
  if (reported > f.quantity) throw new DomainError("fu.error.quantityTooLarge", 400, "outstandingQuantity", { max: f.quantity });
  return reported;
}

type AnswerInput = AnswerFields & { photos?: SavedPhoto[] };

/** The unit head answers an OPEN follow-up of their own unit. */
export async function answerFollowUp(user: Actor, id: number, input: AnswerInput, now = new Date(), alsoInTransaction?: AlsoInTransaction) {
  requirePermission(user, "followup:answer");
  const body = input.body;
  return auditedTransaction(db, async (tx) => {
    const f = await loadForChange(tx, user, id);
    expectState(f, "OPEN");
    const outstanding = outstandingOf(f, input.outstandingQuantity);
    await moveState(tx, f.id, "OPEN", {
      state: "ANSWERED",
      answeredAt: now,
      acknowledgedAt: f.acknowledgedAt ?? now,
      outstandingQuantity: outstanding ?? f.outstandingQuantity,
      updatedAt: now,
    });
    const response = await tx.response.create({
      data: { followUpId: f.id, authorId: user.id, body, outstandingQuantity: outstanding, createdAt: now },
    });
    for (const photo of input.photos ?? []) {
      await tx.attachment.create({ data: { ...photo, responseId: response.id, createdAt: now } });
    }
    await appendAudit(tx, {
      actorId: user.id,
      actorKind: "USER",
      action: "followup.answer",
      entityType: "FollowUp",
      entityId: f.id,
      before: { state: "OPEN", outstandingQuantity: f.outstandingQuantity },
      after: { state: "ANSWERED", responseId: response.id, outstandingQuantity: outstanding, photos: input.photos?.length ?? 0 },
      at: now,
    });
    // A confidential or pungli complaint's answer waits for the inspector: staff read it as an internal
    // step, the reporter (page and e-mail) nothing until it is released on acceptance.
    const held = f.complaint !== null && answerNeedsInspectorRelease(f.complaint);
    if (held) await recordHeldAnswer(tx, f.complaint!.id, body, user.id, now);
    else await stepComplaint(tx, f.complaint, "ANSWERED", body, user.id, now);
    await enqueue(tx, await usersWithRole(tx, ROLE.INSPECTOR), answeredMessage(f, body), now);
    if (!held) await notifyResident(tx, f.complaintId, reporterAnsweredMessage(body), now);
    await alsoInTransaction?.(tx);
    return response;
  });
}

/** The unit head asks for more time: a reason, and a date after the current deadline. */
export async function requestExtension(user: Actor, id: number, input: ExtensionInput, now = new Date(), alsoInTransaction?: AlsoInTransaction) {
  requirePermission(user, "followup:answer");
  const { reason, proposedDueAt: proposed } = input;
  return auditedTransaction(db, async (tx) => {
    const f = await loadForChange(tx, user, id);
    expectState(f, "OPEN");
    if (proposed.getTime() <= f.dueAt.getTime()) throw new DomainError("fu.error.extensionNotLater", 400, "proposedDate", { due: formatDateTime(f.dueAt) });
    if (proposed.getTime() <= now.getTime()) throw new DomainError("fu.error.deadlineInPast", 400, "proposedDate");
    const pending = await tx.extensionRequest.count({ where: { followUpId: f.id, state: "PENDING" } });
    if (pending > 0) throw new DomainError("fu.error.extensionPending", 409);
    const ext = await tx.extensionRequest.create({
      data: { followUpId: f.id, requestedById: user.id, reason, proposedDueAt: proposed, previousDueAt: f.dueAt, createdAt: now },
    });
    await tx.followUp.update({ where: { id: f.id }, data: { acknowledgedAt: f.acknowledgedAt ?? now, updatedAt: now } });
    await appendAudit(tx, {
      actorId: user.id,
      actorKind: "USER",
      action: "followup.extension.request",
      entityType: "FollowUp",
      entityId: f.id,
      after: { extensionId: ext.id, reason, proposedDueAt: proposed.toISOString(), dueAt: f.dueAt.toISOString() },
      at: now,
    });
    await enqueue(tx, await usersWithRole(tx, ROLE.INSPECTOR), extensionRequestedMessage(f, proposed, reason), now);
    await alsoInTransaction?.(tx);
    return ext;
  });
}

/**
 * The inspector's verdict on the latest answer. Accept closes the follow-up; reject reopens it with a new
 * deadline: the one the inspector gives, or the rule's working days counted from now.
 */
export async function verifyFollowUp(user: Actor, id: number, input: VerifyInput, now = new Date()) {
  requirePermission(user, "followup:verify");
  const reason = input.reason ?? "";
  const reporterText = input.reporterText ?? "";
  const explicitDue = input.verdict === "reject" ? (input.newDueAt ?? null) : null;
  if (explicitDue && explicitDue.getTime() <= now.getTime()) throw new DomainError("fu.error.deadlineInPast", 400, "newDueDate");
  return auditedTransaction(db, async (tx) => {
    const f = await loadForChange(tx, user, id);
    expectState(f, "ANSWERED");
    const response = await tx.response.findFirst({ where: { followUpId: f.id, verdict: "PENDING" }, orderBy: { id: "desc" } });
    if (!response) throw new DomainError("fu.error.notAnswered", 409);
    const unitHeads = await usersWithRole(tx, ROLE.UNIT_HEAD, f.unitId);
    const held = f.complaint !== null && answerNeedsInspectorRelease(f.complaint);
    if (!held && reporterText) throw new DomainError("fu.error.reporterTextNotApplicable", 400, "reporterText");
    if (input.verdict === "accept") {
      // Closing while the unit itself reports some still outstanding (75 of 180 cards) is a decision the
      // inspector confirms, and it is recorded as such on the response and in the audit log.
      const outstanding = response.outstandingQuantity ?? 0;
      const total = f.quantity ?? outstanding;
      if (outstanding > 0 && !input.acceptOutstanding) throw new DomainError("fu.error.outstandingConfirm", 409, "acceptOutstanding", { left: outstanding, total });
      // Stored on the response (the record's language, like the audit trail), not shown as a page message.
      const outstandingNote = outstanding > 0 ? acceptedWithOutstandingNote(outstanding, total) : "";
      const verdictReason = [outstandingNote, reason].filter(Boolean).join(" ") || null;
      await moveState(tx, f.id, "ANSWERED", { state: "DONE", closedAt: now, updatedAt: now });
      await tx.response.update({ where: { id: response.id }, data: { verdict: "ACCEPTED", verdictById: user.id, verdictAt: now, verdictReason } });
      await appendAudit(tx, {
        actorId: user.id,
        actorKind: "USER",
        action: "followup.accept",
        entityType: "FollowUp",
        entityId: f.id,
        before: { state: "ANSWERED" },
        after: { state: "DONE", responseId: response.id, ...(outstanding > 0 ? { acceptedOutstanding: outstanding, quantity: f.quantity } : {}) },
        at: now,
      });
      const released = held ? await releaseAnswer(tx, user.id, f.id, f.complaint!.id, response, reporterText || response.body, now) : null;
      await stepComplaint(tx, f.complaint, "CLOSED", reason || COMPLAINT_CLOSED_STEP, user.id, now);
      await enqueue(tx, unitHeads, acceptedMessage(f), now);
      await notifyResident(tx, f.complaintId, reporterClosedMessage(released), now);
      return { state: "DONE" as const };
    }
    const dueAt = explicitDue ?? (await computeDeadlines(tx, f.category, f.severity, now)).dueAt;
    await moveState(tx, f.id, "ANSWERED", { state: "OPEN", dueAt, answeredAt: null, updatedAt: now });
    await tx.response.update({ where: { id: response.id }, data: { verdict: "REJECTED", verdictById: user.id, verdictAt: now, verdictReason: reason } });
    await appendAudit(tx, {
      actorId: user.id,
      actorKind: "USER",
      action: "followup.reject",
      entityType: "FollowUp",
      entityId: f.id,
      before: { state: "ANSWERED", dueAt: f.dueAt.toISOString() },
      after: { state: "OPEN", dueAt: dueAt.toISOString(), reason, responseId: response.id },
      at: now,
    });
    await stepComplaint(tx, f.complaint, "SENT", answerReturnedStep(reason), user.id, now);
    await enqueue(tx, unitHeads, rejectedMessage(f, reason, dueAt), now);
    return { state: "OPEN" as const, dueAt };
  });
}

/** The inspector approves (the deadline moves; the original stays on record) or refuses an extension. */
export async function decideExtension(user: Actor, id: number, extensionId: number, input: DecideExtensionInput, now = new Date()) {
  requirePermission(user, "followup:verify");
  const note = input.note ?? "";
  return auditedTransaction(db, async (tx) => {
    const f = await loadForChange(tx, user, id);
    const ext = await tx.extensionRequest.findFirst({ where: { id: extensionId, followUpId: f.id } });
    if (!ext) notFound();
    if (f.state === "DONE") throw new DomainError("fu.error.alreadyDone", 409);
    const approve = input.decision === "approve";
    const decided = await tx.extensionRequest.updateMany({
      where: { id: ext.id, state: "PENDING" },
      data: { state: approve ? "APPROVED" : "REFUSED", decidedById: user.id, decidedAt: now, decisionNote: note || null },
    });
    if (decided.count !== 1) throw new DomainError("fu.error.extensionNotPending", 409);
    if (approve) {
      if (ext.proposedDueAt.getTime() <= now.getTime()) throw new DomainError("fu.error.deadlineInPast", 400);
      // originalDueAt is never touched: the first deadline stays on the record.
      await tx.followUp.update({ where: { id: f.id }, data: { dueAt: ext.proposedDueAt, updatedAt: now } });
    }
    await appendAudit(tx, {
      actorId: user.id,
      actorKind: "USER",
      action: approve ? "followup.extension.approve" : "followup.extension.refuse",
      entityType: "FollowUp",
      entityId: f.id,
      before: { dueAt: f.dueAt.toISOString() },
      after: { extensionId: ext.id, dueAt: (approve ? ext.proposedDueAt : f.dueAt).toISOString(), note: note || null },
      at: now,
    });
    await enqueue(tx, await usersWithRole(tx, ROLE.UNIT_HEAD, f.unitId), extensionDecidedMessage(f, approve, approve ? ext.proposedDueAt : f.dueAt, note), now);
    return { approved: approve };
  });
}
