import { isPublicComplaint, isStaff, mayReadChecklistItemDetail, mayReadFindingDetail, ROLE, type Actor } from "~/models/policy.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/http.server";
import { inspectionScope, inspectionScopeSql } from "./access.server";
import { inspectionListCount, inspectionListPage } from "~/lib/sql/queries/inspections.server";
import { quantityHistory } from "./history";
import { sidakProgress } from "./progress";
import { computeScores } from "./scores";
import { VersionCache } from "~/lib/version-cache.server";

// Reading sidak: the list, a unit's record, one inspection with everything its page, print view and
// PDF show, and what the start form offers. Every query takes inspectionScope(actor) into its `where`
// (the list, raw SQL, takes inspectionScopeSql, the same rule).

export type InspectionFilters = {
  unitId?: number;
  kecamatan?: string;
  status?: "DRAFT" | "SUBMITTED";
  from?: Date;
  to?: Date;
  page?: number;
};

const listCounts = new VersionCache<number>(64);

/** Rows a page of the sidak list shows (signed-in lists: 25 a page, issue 17). */
export const PAGE_SIZE = 25;

export async function listInspections(viewer: Actor, filters: InspectionFilters = {}) {
  const { page: asked, ...filter } = filters;
  const scope = inspectionScopeSql(viewer);
  const page = Math.max(1, asked ?? 1);
  const [total, rows] = await Promise.all([
    // Counting all 50,000 inspections of a big city on every request cost more than the page: the count
    // holds until the next write (it depends on the viewer's scope and the filters alone).
    listCounts.get(JSON.stringify([scope, filter]), async () => ({ value: await inspectionListCount(scope, filter) }), undefined),
    // One statement for the page, its names and its counts of findings, in (startedAt, id) order (issue 17).
    inspectionListPage(scope, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE),
  ]);
  return {
    // Each field by name: object rest (`{ unitName, ...r }`) took V8's slow path, about 4 µs a row (issue 17).
    rows: rows.map((r) => ({
      id: r.id,
      startedAt: r.startedAt,
      status: r.status,
      score: r.score,
      inspectorId: r.inspectorId,
      unit: { name: r.unitName },
      inspector: { name: r.inspectorName },
      _count: { findings: r.findings },
    })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

/** Every inspection of a unit that `viewer` may see, newest first, with its score (for the unit page). */
export function inspectionsOfUnit(unitId: number, viewer: Actor = { id: 0, role: ROLE.UNIT_HEAD, unitId }) {
  // Without a viewer, only what the public record of the unit may show: submitted inspections.
  return db.inspection.findMany({
    where: { AND: [inspectionScope(viewer), { unitId }] },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      startedAt: true,
      submittedAt: true,
      status: true,
      score: true,
      trigger: true,
      _count: { select: { findings: { where: { deletedAt: null } } } },
    },
  });
}

const attachmentSelect = { id: true, mime: true, width: true, height: true, hiddenAt: true } as const;

/** One inspection as `viewer` may see it, with everything its page, print view and PDF show. */
export async function getInspection(viewer: Actor, id: number) {
  const inspection = await db.inspection.findFirst({
    where: { id, ...inspectionScope(viewer) },
    select: {
      id: true,
      status: true,
      startedAt: true,
      submittedAt: true,
      team: true,
      trigger: true,
      summary: true,
      score: true,
      inspectorId: true,
      templateId: true,
      unit: { select: { id: true, name: true, type: true, address: true, kecamatanCode: true, kelurahanCode: true, lat: true, lng: true } },
      inspector: { select: { id: true, name: true } },
      template: {
        select: {
          id: true,
          name: true,
          items: { orderBy: [{ position: "asc" }, { id: "asc" }] },
        },
      },
      answers: { select: { id: true, itemId: true, result: true, number: true, note: true, updatedAt: true, attachments: { where: { hiddenAt: null }, select: attachmentSelect } } },
      findings: {
        where: { deletedAt: null },
        orderBy: { id: "asc" },
        select: {
          id: true,
          itemId: true,
          category: true,
          severity: true,
          description: true,
          quantity: true,
          quantityUnit: true,
          oldestDate: true,
          directive: true,
          directiveDueAt: true,
          createdAt: true,
          attachments: { where: { hiddenAt: null }, select: attachmentSelect },
          followUps: {
            orderBy: { id: "asc" },
            select: {
              id: true,
              state: true,
              dueAt: true,
              quantity: true,
              outstandingQuantity: true,
              overdueAt: true,
              responses: {
                orderBy: { createdAt: "asc" },
                select: { createdAt: true, outstandingQuantity: true, verdict: true },
              },
            },
          },
        },
      },
      complaints: { select: { complaint: { select: { id: true, ref: true, category: true, privacy: true, status: true } } } },
      amendments: { orderBy: { id: "asc" }, select: { id: true, body: true, createdAt: true, author: { select: { name: true } } } },
      attachments: { where: { hiddenAt: null, findingId: null, checklistAnswerId: null }, select: attachmentSelect },
    },
  });
  if (!inspection) notFound();

  // Inactive items stay listed when this inspection answered them (a record must not change later).
  const answeredIds = new Set(inspection.answers.map((a) => a.itemId));
  const items = (inspection.template?.items ?? []).filter((i) => i.active || answeredIds.has(i.id));
  const scores = computeScores(items, inspection.answers);
  const hiddenItems = new Set(items.filter((i) => !mayReadChecklistItemDetail(viewer, i)).map((i) => i.id));

  return {
    ...inspection,
    // The template's own item list (inactive ones included) stays on the server; `items` is what shows.
    template: inspection.template ? { id: inspection.template.id, name: inspection.template.name } : null,
    items,
    scores,
    progress: sidakProgress(items, answeredIds, inspection.findings),
    // Extortion: a unit head reads the directive and nothing that could point at who reported it.
    answers: inspection.answers.map((a) => (hiddenItems.has(a.itemId) ? { ...a, note: null, attachments: [] as typeof a.attachments } : a)),
    findings: inspection.findings.map((f) => {
      const history = quantityHistory(inspection.submittedAt ?? inspection.startedAt, f);
      if (!mayReadFindingDetail(viewer, f)) return { ...f, description: null as string | null, attachments: [] as typeof f.attachments, history };
      return { ...f, history };
    }),
    complaints: inspection.complaints
      .map((c) => c.complaint)
      .filter((c) => isStaff(viewer) || isPublicComplaint(c)),
  };
}

export type InspectionView = Awaited<ReturnType<typeof getInspection>>;

/**
 * Units an inspector can start a sidak at (also the inspections list's unit filter): read once per data
 * version, not on every list page: with it the list served a third more pages a second (200 units, issue 17).
 */
export function unitsForInspection() {
  return activeUnits.get("", async () => ({
    value: await db.unit.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, type: true, kecamatanCode: true } }),
  }), undefined);
}
const activeUnits = new VersionCache<Array<{ id: number; name: string; type: string; kecamatanCode: string }>>(1);

/** Open-ish complaints of a unit an inspector may link to a sidak (newest first). */
export function linkableComplaints(unitId: number) {
  return db.complaint.findMany({
    where: { unitId, status: { notIn: ["REJECTED", "DUPLICATE"] } },
    orderBy: { createdAt: "desc" },
    take: 30,
    select: { id: true, ref: true, category: true, status: true, createdAt: true },
  });
}
