import type { Prisma } from "~/generated/prisma/client";
import { can, checklistItemDetailWhere, findingDetailWhere, isPublicComplaint, isStaff, isUnitHead, mayReadChecklistItemDetail, mayReadFindingDetail, ROLE, unitScope } from "~/models/policy.server";
import { db, type Tx } from "~/lib/db.server";
import type { AlsoInTransaction } from "~/lib/idempotency.server";
import { appendAudit } from "~/lib/audit.server";
import { notFound } from "~/lib/http.server";
import type { SessionUser } from "~/lib/session.server";
import type { MessageKey } from "~/i18n";
import { createFollowUp } from "~/models/follow-up.server";
import { ANSWER_RESULTS, computeScores, templateForUnitType, type AnswerResult } from "~/models/checklist.server";
import { sidakProgress } from "~/models/sidak-progress.server";

// The Inspection aggregate (sidak). Access rules live in the `where` of every query:
// - INSPECTOR and ADMIN read every inspection; only the INSPECTOR who started a draft may change it;
// - a UNIT_HEAD reads only SUBMITTED inspections of their own unit (never drafts, never other units)
//   and nothing that could tell who reported an extortion (EXTORTION findings show the directive only).
// A submitted inspection is never edited in place: it is amended (InspectionAmendment), visibly.

export type Viewer = Pick<SessionUser, "id" | "role" | "unitId">;

/** A refused change: the route shows `t(key)` with `status`; `field` marks the input at fault. */
export class InspectionError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly status: number,
    readonly field?: string,
    readonly vars?: Record<string, string | number>,
  ) {
    super(key);
  }
}

/** What `viewer` may read. Put it into every read query's `where`. */
export function inspectionScope(viewer: Viewer): Prisma.InspectionWhereInput {
  if (isStaff(viewer)) return {};
  if (isUnitHead(viewer)) return { ...unitScope(viewer), status: "SUBMITTED" };
  return { id: -1 };
}

/**
 * The inspection `inspector` may change, or an error: 404 when it is out of reach, 403 when it is
 * another inspector's, 409 when it is submitted and `draftOnly` (a submitted one is only amended).
 */
export async function requireOwnInspection(tx: Tx | typeof db, inspector: Viewer, id: number, options: { draftOnly: boolean }) {
  if (!can(inspector, "inspection:write")) throw new InspectionError("inspections.error.notInspector", 403);
  const inspection = await tx.inspection.findFirst({
    where: { id, ...inspectionScope(inspector) },
    select: { id: true, unitId: true, inspectorId: true, status: true, templateId: true, startedAt: true },
  });
  if (!inspection) notFound();
  if (inspection.inspectorId !== inspector.id) throw new InspectionError("inspections.error.notOwner", 403);
  if (options.draftOnly && inspection.status !== "DRAFT") throw new InspectionError("inspections.error.submitted", 409);
  return inspection;
}

// ---------------------------------------------------------------------------------------------------
// Reading

export type InspectionFilters = {
  unitId?: number;
  kecamatan?: string;
  status?: "DRAFT" | "SUBMITTED";
  from?: Date;
  to?: Date;
  page?: number;
};

/** Rows a page of the sidak list shows (signed-in lists: 25 a page, issue 17). */
export const PAGE_SIZE = 25;

export async function listInspections(viewer: Viewer, filters: InspectionFilters = {}) {
  const where: Prisma.InspectionWhereInput = {
    AND: [
      inspectionScope(viewer),
      filters.unitId ? { unitId: filters.unitId } : {},
      filters.kecamatan ? { unit: { kecamatanCode: filters.kecamatan } } : {},
      filters.status ? { status: filters.status } : {},
      filters.from || filters.to ? { startedAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } } : {},
    ],
  };
  const page = Math.max(1, filters.page ?? 1);
  const [total, rows] = await Promise.all([
    db.inspection.count({ where }),
    db.inspection.findMany({
      where,
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        startedAt: true,
        status: true,
        score: true,
        // Only what a row of the list shows (issue 17: lean loader data).
        unit: { select: { name: true } },
        inspector: { select: { name: true } },
        _count: { select: { findings: { where: { deletedAt: null } } } },
      },
    }),
  ]);
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** Every inspection of a unit that `viewer` may see, newest first, with its score (for the unit page). */
export function inspectionsOfUnit(unitId: number, viewer: Viewer = { id: 0, role: ROLE.UNIT_HEAD, unitId }) {
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
export async function getInspection(viewer: Viewer, id: number) {
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

/** `rejected`: the inspector did not accept that answer; the count is still what the unit reported. */
export type QuantityPoint = { at: string; value: number; source: "INSPECTION" | "RESPONSE"; rejected?: boolean };

/** The count of a quantity finding over time: the sidak's number, then each later answer's outstanding count. */
export function quantityHistory(
  at: Date,
  finding: { quantity: number | null; followUps: { responses: { createdAt: Date; outstandingQuantity: number | null; verdict?: string }[] }[] },
): QuantityPoint[] {
  if (finding.quantity === null) return [];
  const points: QuantityPoint[] = [{ at: at.toISOString(), value: finding.quantity, source: "INSPECTION" }];
  const answers = finding.followUps
    .flatMap((f) => f.responses)
    .filter((r) => r.outstandingQuantity !== null)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const r of answers) {
    points.push({ at: r.createdAt.toISOString(), value: r.outstandingQuantity!, source: "RESPONSE", ...(r.verdict === "REJECTED" ? { rejected: true } : {}) });
  }
  return points;
}

/** Units an inspector can start a sidak at, and each unit's recent complaints to link. */
export function unitsForInspection() {
  return db.unit.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, type: true, kecamatanCode: true } });
}

/** Open-ish complaints of a unit an inspector may link to a sidak (newest first). */
export function linkableComplaints(unitId: number) {
  return db.complaint.findMany({
    where: { unitId, status: { notIn: ["REJECTED", "DUPLICATE"] } },
    orderBy: { createdAt: "desc" },
    take: 30,
    select: { id: true, ref: true, category: true, status: true, createdAt: true },
  });
}

// ---------------------------------------------------------------------------------------------------
// Draft workflow: start → checklist answers → findings → submit. Every step is its own write.

export type StartInput = {
  unitId: number;
  startedAt: Date;
  team: string;
  trigger: "ROUTINE" | "COMPLAINTS";
  complaintRefs: string[];
};

async function complaintIdsOfUnit(tx: Tx, unitId: number, refs: string[]) {
  if (refs.length === 0) return [];
  // A confidential complaint's old ADU reference (before the RHS series) names it too.
  const rows = await tx.complaint.findMany({
    where: { unitId, OR: [{ ref: { in: refs } }, { legacyRef: { in: refs } }] },
    select: { id: true, ref: true, legacyRef: true },
  });
  const found = new Set(rows.flatMap((r) => [r.ref, r.legacyRef]));
  const missing = refs.filter((r) => !found.has(r));
  if (missing.length) throw new InspectionError("inspections.error.complaintNotOfUnit", 400, "complaints", { refs: missing.join(", ") });
  return rows.map((r) => r.id);
}

export async function startInspection(inspector: Viewer, input: StartInput) {
  if (!can(inspector, "inspection:write")) throw new InspectionError("inspections.error.notInspector", 403);
  if (input.trigger === "COMPLAINTS" && input.complaintRefs.length === 0) {
    throw new InspectionError("inspections.error.complaintsRequired", 400, "complaints");
  }
  return db.$transaction(async (tx) => {
    const unit = await tx.unit.findFirst({ where: { id: input.unitId, active: true }, select: { id: true, type: true } });
    if (!unit) throw new InspectionError("inspections.error.unit", 400, "unitId");
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

export type HeaderInput = { startedAt: Date; team: string; trigger: "ROUTINE" | "COMPLAINTS"; summary: string | null; complaintRefs: string[] };

/** Changes a draft's time, team, trigger, linked complaints and summary. */
export async function updateDraftHeader(inspector: Viewer, id: number, input: HeaderInput) {
  return db.$transaction(async (tx) => {
    const inspection = await requireOwnInspection(tx, inspector, id, { draftOnly: true });
    if (input.trigger === "COMPLAINTS" && input.complaintRefs.length === 0) {
      throw new InspectionError("inspections.error.complaintsRequired", 400, "complaints");
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

/** A photo already re-encoded and stored (app/lib/uploads.server.ts storePhotos), to become an Attachment row. */
export type StoredPhotoRow = { storageKey: string; backend: string; remoteUrl: string | null; mime: string; bytes: number; width: number; height: number };

export type AnswerInput = { itemId: number; result: AnswerResult; number: number | null; note: string | null };

/**
 * Saves one checklist answer of a draft (an upsert, so saving twice is harmless). The item must belong
 * to the inspection's template; anything else is refused with 400 and nothing stored.
 */
export async function saveAnswer(inspector: Viewer, id: number, input: AnswerInput, photos: StoredPhotoRow[] = [], alsoInTransaction?: AlsoInTransaction) {
  if (!ANSWER_RESULTS.includes(input.result)) throw new InspectionError("inspections.error.result", 400, "result");
  return db.$transaction(async (tx) => {
    const inspection = await requireOwnInspection(tx, inspector, id, { draftOnly: true });
    const item = await tx.checklistItem.findFirst({
      where: { id: input.itemId, templateId: inspection.templateId ?? -1 },
      select: { id: true, numberLabel: true },
    });
    if (!item) throw new InspectionError("inspections.error.itemNotInTemplate", 400, "itemId");
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

/** Removes a draft's answer to an item (back to "not answered"). */
export async function clearAnswer(inspector: Viewer, id: number, itemId: number) {
  return db.$transaction(async (tx) => {
    await requireOwnInspection(tx, inspector, id, { draftOnly: true });
    await tx.checklistAnswer.deleteMany({ where: { inspectionId: id, itemId } });
  });
}

/** A deadline that has passed, or falls within the minute, cannot be given to a unit. */
function assertFutureDeadline(due: Date | null, now: Date, findingId: number) {
  if (due && due.getTime() <= now.getTime()) {
    throw new InspectionError("inspections.error.deadlinePassed", 400, `finding-${findingId}`);
  }
}

/**
 * Submits a draft in one transaction: score, status, one follow-up per directive (deadline as the
 * inspector set it, else the working-day rule) and the audit events. Nothing is half-submitted.
 */
export async function submitInspection(inspector: Viewer, id: number, now = new Date(), alsoInTransaction?: AlsoInTransaction) {
  return db.$transaction(async (tx) => {
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
      assertFutureDeadline(f.directiveDueAt, now, f.id);
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

/** A visible, dated amendment to a submitted inspection (its author is the inspector who made it). */
export async function amendInspection(inspector: Viewer, id: number, body: string) {
  return db.$transaction(async (tx) => {
    const inspection = await requireOwnInspection(tx, inspector, id, { draftOnly: false });
    if (inspection.status !== "SUBMITTED") throw new InspectionError("inspections.error.notSubmitted", 409);
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

/** Deletes a draft that was started by mistake (a submitted inspection is never deleted). */
export async function discardDraft(inspector: Viewer, id: number) {
  return db.$transaction(async (tx) => {
    await requireOwnInspection(tx, inspector, id, { draftOnly: true });
    const findings = await tx.finding.findMany({ where: { inspectionId: id }, select: { id: true } });
    await tx.attachment.deleteMany({ where: { findingId: { in: findings.map((f) => f.id) } } });
    await tx.finding.deleteMany({ where: { inspectionId: id } });
    await tx.inspection.delete({ where: { id } });
    await appendAudit(tx, { actorId: inspector.id, actorKind: "USER", action: "inspection.discard", entityType: "Inspection", entityId: id });
  });
}

// ---------------------------------------------------------------------------------------------------
// Form parsing (one place for the start form and the draft's details form)

export type FormErrors = Record<string, MessageKey>;

const REF_PATTERN = /^[A-Z]{2,5}-\d{4}-\d{3,9}$/;

/** "ADU-2026-000123, ADU-2026-000124" or one per line, plus checked `complaintRef` boxes; upper-cased, unique. */
export function parseComplaintRefs(form: FormData): string[] {
  const typed = String(form.get("complaints") ?? "");
  const checked = form.getAll("complaintRef").map(String);
  const refs = [...typed.split(/[\s,;]+/), ...checked].map((r) => r.trim().toUpperCase()).filter(Boolean);
  return [...new Set(refs)].slice(0, 50);
}

/** `YYYY-MM-DDTHH:mm` as typed in WIB → the instant; null when invalid. */
export function parseWibDateTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const d = new Date(`${value}:00+07:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The WIB wall-clock time of an instant as `YYYY-MM-DDTHH:mm`, for a datetime-local input. */
export function wibDateTimeInput(value: Date | string | number): string {
  return new Date(new Date(value).getTime() + 7 * 3600_000).toISOString().slice(0, 16);
}

function parseHeaderFields(form: FormData, now: Date) {
  const errors: FormErrors = {};
  const startedAt = parseWibDateTime(String(form.get("startedAt") ?? "").trim());
  // A few minutes of slack for a phone whose clock runs ahead.
  if (!startedAt || startedAt.getTime() > now.getTime() + 10 * 60_000 || startedAt.getFullYear() < 2000) errors.startedAt = "inspections.error.startedAt";
  const team = String(form.get("team") ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join("\n");
  if (!team) errors.team = "inspections.error.team";
  else if (team.length > 2000) errors.team = "inspections.error.tooLong";
  const trigger = String(form.get("trigger") ?? "ROUTINE");
  if (trigger !== "ROUTINE" && trigger !== "COMPLAINTS") errors.trigger = "inspections.error.trigger";
  const complaintRefs = parseComplaintRefs(form);
  if (complaintRefs.some((r) => !REF_PATTERN.test(r) || r.length > 30)) errors.complaints = "inspections.error.invalid";
  else if (trigger === "COMPLAINTS" && complaintRefs.length === 0) errors.complaints = "inspections.error.complaintsRequired";
  return { errors, startedAt: startedAt!, team, trigger: trigger as "ROUTINE" | "COMPLAINTS", complaintRefs };
}

export function parseStartForm(form: FormData, now = new Date()): { ok: true; data: StartInput } | { ok: false; errors: FormErrors } {
  const { errors, ...rest } = parseHeaderFields(form, now);
  const rawUnit = String(form.get("unitId") ?? "");
  if (!/^[1-9]\d{0,9}$/.test(rawUnit)) errors.unitId = "inspections.error.unit";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { ...rest, unitId: Number(rawUnit) } };
}

export function parseHeaderForm(form: FormData, now = new Date()): { ok: true; data: HeaderInput } | { ok: false; errors: FormErrors } {
  const { errors, ...rest } = parseHeaderFields(form, now);
  const summary = String(form.get("summary") ?? "").trim();
  if (summary.length > 4000) errors.summary = "inspections.error.tooLong";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { ...rest, summary: summary || null } };
}

/** One checklist answer from the item form: `itemId`, `result`, `number`, `note`. */
export function parseAnswerForm(form: FormData): { ok: true; data: AnswerInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const rawItem = String(form.get("itemId") ?? "");
  if (!/^[1-9]\d{0,9}$/.test(rawItem)) errors.itemId = "inspections.error.itemNotInTemplate";
  const result = String(form.get("result") ?? "");
  if (!(ANSWER_RESULTS as readonly string[]).includes(result)) errors.result = "inspections.error.result";
  const rawNumber = String(form.get("number") ?? "").trim().replace(",", ".");
  let number: number | null = null;
  if (rawNumber) {
    number = Number(rawNumber);
    if (!/^\d+(\.\d+)?$/.test(rawNumber) || !Number.isFinite(number) || number > 1_000_000) errors.number = "inspections.error.number";
  }
  const note = String(form.get("note") ?? "").trim();
  if (note.length > 2000) errors.note = "inspections.error.tooLong";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { itemId: Number(rawItem), result: result as AnswerResult, number, note: note || null } };
}

/**
 * Which attachments of sidak work `viewer` may open, for the attachments route: those of inspections
 * in reach, never of deleted findings, and for a unit head never those of an extortion finding or of
 * an answer to an extortion item (they could show who reported it).
 */
export function inspectionAttachmentScope(viewer: Viewer): Prisma.AttachmentWhereInput {
  const scope = inspectionScope(viewer);
  return {
    OR: [
      { inspection: scope, findingId: null, checklistAnswerId: null },
      { finding: { deletedAt: null, inspection: scope, ...findingDetailWhere(viewer) } },
      { checklistAnswer: { inspection: scope, item: checklistItemDetailWhere(viewer) } },
    ],
  };
}
