import { can, type Actor } from "~/models/policy.server";
import { db, type Tx } from "~/lib/db.server";
import { DomainError } from "~/lib/domain-error";
import type { AlsoInTransaction } from "~/lib/idempotency.server";
import type { SavedPhoto } from "~/lib/uploads.server";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import { createFollowUp } from "~/models/follow-up/create.server";
import { templateForUnitType } from "./checklists.server";
import { requireOwnInspection } from "./access.server";
import { ANSWER_RESULTS, computeScores } from "./scores";
import type { AnswerInput, HeaderInput, StartInput } from "./schema";

// The draft workflow of a sidak: start → header → checklist answers → (findings, findings.server.ts) →
// submit, or discard. Every step is its own audited write in one transaction; nothing is half-stored.

async function complaintIdsOfUnit(tx: Tx, unitId: number, refs: string[]) {
  if (refs.length === 0) return [];
  // A confidential complaint's old ADU reference (before the RHS series) names it too.
  const rows = await tx.complaint.findMany({
    where: { unitId, OR: [{ ref: { in: refs } }, { legacyRef: { in: refs } }] },
    select: { id: true, ref: true, legacyRef: true },
  });
  const found = new Set(rows.flatMap((r) => [r.ref, r.legacyRef]));
  const missing = refs.filter((r) => !found.has(r));
  if (missing.length) throw new DomainError("inspections.error.complaintNotOfUnit", 400, "complaints", { refs: missing.join(", ") });
  return rows.map((r) => r.id);
}

export async function startInspection(inspector: Actor, input: StartInput) {
  if (!can(inspector, "inspection:start")) throw new DomainError("inspections.error.notInspector", 403);
  if (input.trigger === "COMPLAINTS" && input.complaintRefs.length === 0) {
    throw new DomainError("inspections.error.complaintsRequired", 400, "complaints");
  }
  return auditedTransaction(db, async (tx) => {
    const unit = await tx.unit.findFirst({ where: { id: input.unitId, active: true }, select: { id: true, type: true } });
    if (!unit) throw new DomainError("inspections.error.unit", 400, "unitId");
    const complaintIds = await complaintIdsOfUnit(tx, unit.id, input.complaintRefs);
    const template = await templateForUnitType(unit.type, tx);
    const inspection = await tx.inspection.create({
      data: {
        unitId: unit.id,
        inspectorId: inspector.id,
        templateId: template?.id ?? null,
        startedAt: input.startedAt,
        team: input.team,
        trigger: input.trigger,
        status: "DRAFT",
        complaints: { create: complaintIds.map((complaintId) => ({ complaintId })) },
      },
    });
    await appendAudit(tx, {
      actorId: inspector.id,
      actorKind: "USER",
      action: "inspection.start",
      entityType: "Inspection",
      entityId: inspection.id,
      after: { unitId: unit.id, startedAt: input.startedAt.toISOString(), trigger: input.trigger, complaints: input.complaintRefs },
    });
    return inspection;
  });
}

/** Changes a draft's time, team, trigger, linked complaints and summary. */
export async function updateDraftHeader(inspector: Actor, id: number, input: HeaderInput) {
  return auditedTransaction(db, async (tx) => {
    const inspection = await requireOwnInspection(tx, inspector, id, { draftOnly: true });
    if (input.trigger === "COMPLAINTS" && input.complaintRefs.length === 0) {
      throw new DomainError("inspections.error.complaintsRequired", 400, "complaints");
    }
    const complaintIds = await complaintIdsOfUnit(tx, inspection.unitId, input.complaintRefs);
    const before = await tx.inspection.findUniqueOrThrow({ where: { id }, select: { startedAt: true, team: true, trigger: true, summary: true } });
    await appendAudit(tx, {
      actorId: inspector.id,
      actorKind: "USER",
      action: "inspection.update",
      entityType: "Inspection",
      entityId: id,
      before: { ...before, startedAt: before.startedAt.toISOString() },
      after: { startedAt: input.startedAt.toISOString(), team: input.team, trigger: input.trigger, summary: input.summary, complaints: input.complaintRefs },
    });
    await tx.inspectionComplaint.deleteMany({ where: { inspectionId: id } });
    await tx.inspection.update({
      where: { id },
      data: {
        startedAt: input.startedAt,
        team: input.team,
        trigger: input.trigger,
        summary: input.summary,
        complaints: { create: complaintIds.map((complaintId) => ({ complaintId })) },
      },
    });
  });
}

/**
 * Saves one checklist answer of a draft (an upsert, so saving twice is harmless). The item must belong
 * to the inspection's template; anything else is refused with 400 and nothing stored.
 */
export async function saveAnswer(inspector: Actor, id: number, input: AnswerInput, photos: SavedPhoto[] = [], alsoInTransaction?: AlsoInTransaction) {
  if (!ANSWER_RESULTS.includes(input.result)) throw new DomainError("inspections.error.result", 400, "result");
  return auditedTransaction(db, async (tx) => {
    const inspection = await requireOwnInspection(tx, inspector, id, { draftOnly: true });
    const item = await tx.checklistItem.findFirst({
      where: { id: input.itemId, templateId: inspection.templateId ?? -1 },
      select: { id: true, numberLabel: true },
    });
    if (!item) throw new DomainError("inspections.error.itemNotInTemplate", 400, "itemId");
    const data = { result: input.result, number: item.numberLabel ? input.number : null, note: input.note };
    const before = await tx.checklistAnswer.findUnique({
      where: { inspectionId_itemId: { inspectionId: id, itemId: item.id } },
      select: { result: true, number: true, note: true },
    });
    const answer = await tx.checklistAnswer.upsert({
      where: { inspectionId_itemId: { inspectionId: id, itemId: item.id } },
      create: { inspectionId: id, itemId: item.id, ...data },
      update: data,
    });
    for (const p of photos) await tx.attachment.create({ data: { ...p, checklistAnswerId: answer.id } });
    // An autosave that changes nothing (a blur without an edit) is not a change worth recording.
    const changed = !before || before.result !== data.result || before.number !== data.number || before.note !== data.note || photos.length > 0;
    if (changed) {
      await appendAudit(tx, {
        actorId: inspector.id,
        actorKind: "USER",
        action: "inspection.answer",
        entityType: "Inspection",
        entityId: id,
        before: before ? { itemId: item.id, ...before } : null,
        after: { itemId: item.id, ...data, photosAdded: photos.length },
      });
    }
    await alsoInTransaction?.(tx);
    return answer;
  });
}

/** A deadline that has passed, or falls within the minute, cannot be given to a unit (the whole submit is refused). */
function assertFutureDeadline(due: Date | null, now: Date) {
  if (due && due.getTime() <= now.getTime()) throw new DomainError("inspections.error.deadlinePassed", 400);
}

/**
 * Submits a draft in one transaction: score, status, one follow-up per directive (deadline as the
 * inspector set it, else the working-day rule) and the audit events. Nothing is half-submitted.
 */
export async function submitInspection(inspector: Actor, id: number, now = new Date(), alsoInTransaction?: AlsoInTransaction) {
  return auditedTransaction(db, async (tx) => {
    const inspection = await requireOwnInspection(tx, inspector, id, { draftOnly: true });
    const [items, answers, findings] = await Promise.all([
      tx.checklistItem.findMany({ where: { templateId: inspection.templateId ?? -1 }, select: { id: true, section: true, active: true } }),
      tx.checklistAnswer.findMany({ where: { inspectionId: id }, select: { itemId: true, result: true } }),
      tx.finding.findMany({ where: { inspectionId: id, deletedAt: null }, orderBy: { id: "asc" } }),
    ]);
    const answered = new Set(answers.map((a) => a.itemId));
    const scores = computeScores(items.filter((i) => i.active || answered.has(i.id)), answers);
    const updated = await tx.inspection.update({
      where: { id },
      data: { status: "SUBMITTED", submittedAt: now, score: scores.total },
    });
    const followUpIds: number[] = [];
    for (const f of findings) {
      if (!f.directive) continue;
      assertFutureDeadline(f.directiveDueAt, now);
      const followUp = await createFollowUp(tx, {
        sourceType: "FINDING",
        findingId: f.id,
        unitId: f.unitId,
        instruction: f.directive,
        category: f.category,
        severity: f.severity,
        quantity: f.quantity,
        createdById: inspector.id,
        dueAt: f.directiveDueAt,
        now,
      });
      followUpIds.push(followUp.id);
    }
    await appendAudit(tx, {
      actorId: inspector.id,
      actorKind: "USER",
      action: "inspection.submit",
      entityType: "Inspection",
      entityId: id,
      before: { status: "DRAFT" },
      after: { status: "SUBMITTED", score: scores.total, findings: findings.length, followUps: followUpIds },
      at: now,
    });
    await alsoInTransaction?.(tx);
    return { inspection: updated, followUpIds };
  });
}

/** Deletes a draft that was started by mistake (a submitted inspection is never deleted). */
export async function discardDraft(inspector: Actor, id: number) {
  return auditedTransaction(db, async (tx) => {
    await requireOwnInspection(tx, inspector, id, { draftOnly: true });
    const findings = await tx.finding.findMany({ where: { inspectionId: id }, select: { id: true } });
    await tx.attachment.deleteMany({ where: { findingId: { in: findings.map((f) => f.id) } } });
    await tx.finding.deleteMany({ where: { inspectionId: id } });
    await tx.inspection.delete({ where: { id } });
    await appendAudit(tx, { actorId: inspector.id, actorKind: "USER", action: "inspection.discard", entityType: "Inspection", entityId: id });
  });
}
