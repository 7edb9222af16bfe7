import type { Actor } from "~/models/policy.server";
import { db, type Tx } from "~/lib/db.server";
import { DomainError } from "~/lib/domain-error";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import { codeKey, translate } from "~/i18n";
import { requireOwnInspection } from "./access.server";

// A submitted sidak is never edited in place: its inspector adds visible, dated amendments, either
// written out (amendInspection) or recorded for a finding added after the submit (findings.server.ts).

/** A visible, dated amendment to a submitted inspection (its author is the inspector who made it). */
export async function amendInspection(inspector: Actor, id: number, body: string) {
  return auditedTransaction(db, async (tx) => {
    const inspection = await requireOwnInspection(tx, inspector, id, { draftOnly: false });
    if (inspection.status !== "SUBMITTED") throw new DomainError("inspections.error.notSubmitted", 409);
    const amendment = await tx.inspectionAmendment.create({ data: { inspectionId: id, authorId: inspector.id, body } });
    await appendAudit(tx, {
      actorId: inspector.id,
      actorKind: "USER",
      action: "inspection.amend",
      entityType: "Inspection",
      entityId: id,
      after: { amendmentId: amendment.id, body },
    });
    return amendment;
  });
}

/**
 * The amendment that a finding added to a submitted sidak leaves on its record. Its text is part of
 * the official record (the Berita Acara), which is written in Bahasa Indonesia whatever the reader's language.
 */
export async function recordFindingAmendment(
  tx: Tx,
  inspector: Actor,
  inspectionId: number,
  finding: { id: number; category: string; description: string },
  followUpId: number | null,
  now: Date,
) {
  const body = translate("id", "inspections.amendment.findingAdded", {
    id: finding.id,
    category: translate("id", codeKey("category", finding.category)),
    description: finding.description.slice(0, 300),
  });
  const amendment = await tx.inspectionAmendment.create({ data: { inspectionId, authorId: inspector.id, body, createdAt: now } });
  await appendAudit(tx, {
    actorId: inspector.id,
    actorKind: "USER",
    action: "inspection.amend",
    entityType: "Inspection",
    entityId: inspectionId,
    after: { amendmentId: amendment.id, findingId: finding.id, followUpId },
    at: now,
  });
  return amendment;
}
