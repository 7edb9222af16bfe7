import type { Actor } from "~/models/policy.server";
import { db, type Tx } from "~/lib/db.server";
import { DomainError } from "~/lib/domain-error";
import type { AlsoInTransaction } from "~/lib/idempotency.server";
import type { SavedPhoto } from "~/lib/uploads.server";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import { notFound } from "~/lib/http.server";
import { createFollowUp } from "~/models/follow-up/create.server";
import { requireOwnInspection } from "./access.server";
import { recordFindingAmendment } from "./amendments.server";
import type { FindingInput } from "./schema";

// The Finding part of a sidak: what was found, how many, since when, and the directive that becomes
// the unit's follow-up. On a draft, findings are added, edited and deleted freely (each change audited);
// once the inspection is submitted, a new finding is an amendment and its directive becomes a
// follow-up at once, and existing findings are no longer edited in place.

async function checkItem(tx: Tx, templateId: number | null, itemId: number | null) {
  if (itemId === null) return;
  const item = await tx.checklistItem.findFirst({ where: { id: itemId, templateId: templateId ?? -1 }, select: { id: true } });
  if (!item) throw new DomainError("inspections.error.itemNotInTemplate", 400, "itemId");
}

/** The stored columns of a finding as the form gave them: a unit only with a count, a deadline only with a directive. */
function findingColumns(input: FindingInput) {
  return {
    itemId: input.itemId,
    category: input.category,
    severity: input.severity,
    description: input.description,
    quantity: input.quantity,
    quantityUnit: input.quantity === null ? null : input.quantityUnit,
    oldestDate: input.oldestDate,
    directive: input.directive,
    directiveDueAt: input.directive ? input.directiveDueAt : null,
  };
}

function auditView(f: FindingInput | { [k: string]: unknown }) {
  const v = f as Record<string, unknown>;
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d ?? null);
  return {
    itemId: v.itemId ?? null,
    category: v.category,
    severity: v.severity,
    description: v.description,
    quantity: v.quantity ?? null,
    quantityUnit: v.quantityUnit ?? null,
    oldestDate: iso(v.oldestDate),
    directive: v.directive ?? null,
    directiveDueAt: iso(v.directiveDueAt),
  };
}

/**
 * Adds a finding. On a draft it waits for the submit; on a submitted inspection (only its own
 * inspector's) it is an amendment: the amendment is recorded and the directive's follow-up created now
 * (unless `onlyIfDraft`: then a submitted inspection refuses it with 409).
 */
export async function createFinding(
  inspector: Actor,
  inspectionId: number,
  input: FindingInput,
  photos: SavedPhoto[] = [],
  now = new Date(),
  alsoInTransaction?: AlsoInTransaction,
  // The finding was written for the draft: once it is submitted, refuse (409) rather than amend.
  { onlyIfDraft = false }: { onlyIfDraft?: boolean } = {},
) {
  return auditedTransaction(db, async (tx) => {
    const inspection = await requireOwnInspection(tx, inspector, inspectionId, { draftOnly: onlyIfDraft });
    await checkItem(tx, inspection.templateId, input.itemId);
    const finding = await tx.finding.create({ data: { inspectionId, unitId: inspection.unitId, ...findingColumns(input), createdAt: now } });
    for (const p of photos) await tx.attachment.create({ data: { ...p, findingId: finding.id } });
    await appendAudit(tx, {
      actorId: inspector.id,
      actorKind: "USER",
      action: "finding.create",
      entityType: "Finding",
      entityId: finding.id,
      after: { inspectionId, ...auditView(input), photos: photos.length },
      at: now,
    });
    let followUpId: number | null = null;
    if (inspection.status === "SUBMITTED") {
      if (input.directive) {
        const followUp = await createFollowUp(tx, {
          sourceType: "FINDING",
          findingId: finding.id,
          unitId: inspection.unitId,
          instruction: input.directive,
          category: input.category,
          severity: input.severity,
          quantity: input.quantity,
          createdById: inspector.id,
          dueAt: input.directiveDueAt,
          now,
        });
        followUpId = followUp.id;
      }
      await recordFindingAmendment(tx, inspector, inspectionId, { id: finding.id, category: input.category, description: input.description }, followUpId, now);
    }
    await alsoInTransaction?.(tx);
    return { finding, followUpId };
  });
}

async function requireDraftFinding(tx: Tx, inspector: Actor, inspectionId: number, findingId: number) {
  const inspection = await requireOwnInspection(tx, inspector, inspectionId, { draftOnly: true });
  const finding = await tx.finding.findFirst({ where: { id: findingId, inspectionId, deletedAt: null } });
  if (!finding) notFound();
  return { inspection, finding };
}

/** Edits a finding of a draft (a submitted inspection is amended instead). */
export async function updateFinding(inspector: Actor, inspectionId: number, findingId: number, input: FindingInput, photos: SavedPhoto[] = []) {
  return auditedTransaction(db, async (tx) => {
    const { inspection, finding } = await requireDraftFinding(tx, inspector, inspectionId, findingId);
    await checkItem(tx, inspection.templateId, input.itemId);
    const updated = await tx.finding.update({ where: { id: findingId }, data: findingColumns(input) });
    for (const p of photos) await tx.attachment.create({ data: { ...p, findingId } });
    await appendAudit(tx, {
      actorId: inspector.id,
      actorKind: "USER",
      action: "finding.update",
      entityType: "Finding",
      entityId: findingId,
      before: auditView(finding),
      after: { ...auditView(input), photosAdded: photos.length },
    });
    return updated;
  });
}

/** Deletes a finding of a draft. Soft: the row stays (deletedAt) so the audit trail points at something. */
export async function deleteFinding(inspector: Actor, inspectionId: number, findingId: number) {
  return auditedTransaction(db, async (tx) => {
    const { finding } = await requireDraftFinding(tx, inspector, inspectionId, findingId);
    const now = new Date();
    await tx.finding.update({ where: { id: findingId }, data: { deletedAt: now } });
    await appendAudit(tx, {
      actorId: inspector.id,
      actorKind: "USER",
      action: "finding.delete",
      entityType: "Finding",
      entityId: findingId,
      before: auditView(finding),
      at: now,
    });
  });
}
