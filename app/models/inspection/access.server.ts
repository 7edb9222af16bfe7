import type { Prisma } from "~/generated/prisma/client";
import { can, checklistItemDetailWhere, findingDetailWhere, isStaff, isUnitHead, mayEditInspection, unitScope, unitScopeSql, type Actor } from "~/models/policy.server";
import { andSql, type SqlFragment } from "~/lib/sql/index.server";
import { db, type Tx } from "~/lib/db.server";
import { DomainError } from "~/lib/domain-error";
import { notFound } from "~/lib/http.server";

// Who reaches which sidak. Access rules live in the `where` of every query:
// - INSPECTOR and ADMIN read every inspection; only the INSPECTOR who started one may change it
//   (`inspection:edit`, mayEditInspection in the policy);
// - a UNIT_HEAD reads only SUBMITTED inspections of their own unit (never drafts, never other units)
//   and nothing that could tell who reported an extortion (EXTORTION findings show the directive only).
// A submitted inspection is never edited in place: it is amended (InspectionAmendment), visibly.

/** What `actor` may read. Put it into every read query's `where`. */
export function inspectionScope(actor: Actor): Prisma.InspectionWhereInput {
  if (isStaff(actor)) return {};
  if (isUnitHead(actor)) return { ...unitScope(actor), status: "SUBMITTED" };
  return { id: -1 };
}

/** The same rule as inspectionScope, as SQL on Inspection `i` (the raw list query). */
export function inspectionScopeSql(actor: Actor): SqlFragment {
  if (isStaff(actor)) return { sql: "TRUE", params: {} };
  if (isUnitHead(actor)) return andSql(unitScopeSql(actor, "i.unitId"), { sql: "i.status = 'SUBMITTED'", params: {} });
  return { sql: "FALSE", params: {} };
}

/**
 * The inspection `actor` may change, or an error: 404 when it is out of reach, 403 when it is
 * another inspector's, 409 when it is submitted and `draftOnly` (a submitted one is only amended).
 */
export async function requireOwnInspection(tx: Tx | typeof db, actor: Actor, id: number, options: { draftOnly: boolean }) {
  if (!can(actor, "inspection:edit")) throw new DomainError("inspections.error.notInspector", 403);
  const inspection = await tx.inspection.findFirst({
    where: { id, ...inspectionScope(actor) },
    select: { id: true, unitId: true, inspectorId: true, status: true, templateId: true, startedAt: true },
  });
  if (!inspection) notFound();
  if (!mayEditInspection(actor, inspection)) throw new DomainError("inspections.error.notOwner", 403);
  if (options.draftOnly && inspection.status !== "DRAFT") throw new DomainError("inspections.error.submitted", 409);
  return inspection;
}

/**
 * Which attachments of sidak work `actor` may open, for the attachments route: those of inspections
 * in reach, never of deleted findings, and for a unit head never those of an extortion finding or of
 * an answer to an extortion item (they could show who reported it).
 */
export function inspectionAttachmentScope(actor: Actor): Prisma.AttachmentWhereInput {
  const scope = inspectionScope(actor);
  return {
    OR: [
      { inspection: scope, findingId: null, checklistAnswerId: null },
      { finding: { deletedAt: null, inspection: scope, ...findingDetailWhere(actor) } },
      { checklistAnswer: { inspection: scope, item: checklistItemDetailWhere(actor) } },
    ],
  };
}
